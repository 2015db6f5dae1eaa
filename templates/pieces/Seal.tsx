import { Circle, Svg, Text, View } from '@react-pdf/renderer';
import { STACKS } from '../../src/fonts/registry.js';
import type { SealLayout } from '../../src/layout/certificate-layout.js';
import { PlacedText } from './PlacedText.js';
import type { Tag } from './tags.js';

const serif = [...STACKS.serif];

/** The gap between the ring's lettering and its dots, either side (degrees). */
const DOT_GAP = 9;

/**
 * A round seal drawn in vectors, as a Korean organisation's seal (직인) is cut: a heavy outer ring
 * and a fine inner one; between them the Latin line round the top, letter by letter, and a ring of
 * dots round the rest; the Korean words in rows in the centre. Placed by layoutCertificate; its
 * ink is a little transparent, as a stamp over the issuer's last syllable is. Read as one figure,
 * `tag`, its rings and letters together, by its alternative text.
 */
export function Seal({ seal, tag }: { seal: SealLayout; tag: Tag }) {
  const { x, y, diameter, inner, color, ring } = seal;
  const r = diameter / 2;
  const dotRadius = (r - 2.3 + inner + 0.4) / 2;
  const free = 360 - 2 * (ring.span + DOT_GAP);
  const dots = Math.max(0, Math.round(free / 9));
  return (
    <>
      <View tag={tag} style={{ position: 'absolute', left: x - r, top: y - r, width: diameter, height: diameter, opacity: 0.88 }}>
        <Svg style={{ position: 'absolute', left: 0, top: 0, width: diameter, height: diameter }} viewBox={`0 0 ${diameter} ${diameter}`}>
          <Circle cx={r} cy={r} r={r - 1.2} stroke={color} strokeWidth={2.2} fill="none" />
          <Circle cx={r} cy={r} r={inner} stroke={color} strokeWidth={0.8} fill="none" />
          {Array.from({ length: dots + 1 }, (_, i) => {
            // From the end of the lettering, clockwise round the foot, to its start.
            const angle = ((ring.span + DOT_GAP + (free * i) / Math.max(dots, 1)) * Math.PI) / 180;
            return <Circle key={i} cx={r + Math.sin(angle) * dotRadius} cy={r - Math.cos(angle) * dotRadius} r={0.75} fill={color} />;
          })}
        </Svg>
      </View>
      <View tag={tag} style={{ position: 'absolute', left: 0, top: 0, opacity: 0.88 }}>
        {seal.rows.map((row, i) => (
          <PlacedText key={i} line={row} />
        ))}
        {ring.glyphs.map((glyph, i) => (
          <Text
            key={`g${i}`}
            style={{
              position: 'absolute', left: glyph.x - glyph.width / 2 - 2, top: glyph.y - ring.size / 2, width: glyph.width + 4,
              fontFamily: serif, fontWeight: 700, fontSize: ring.size, lineHeight: 1, textAlign: 'center', color,
              transform: `rotate(${glyph.angle.toFixed(3)}deg)`,
            }}
          >
            {glyph.char}
          </Text>
        ))}
      </View>
    </>
  );
}
