import { Circle, Svg, Text, View } from '@react-pdf/renderer';
import { STACKS } from '../../src/fonts/registry.js';
import type { Typeset } from '../../src/fonts/typeset.js';
import { ScriptText } from './ScriptText.js';

/** The vermilion of a Korean seal's ink (인주). */
export const SEAL_RED = '#c0392b';

/** How many Hangul syllables a row of the seal holds: 워싱턴선언 is set 워싱턴 / 선언. */
const SEAL_ROW = 3;

/**
 * A round seal drawn in vectors, as a Korean issuer stamps over its name (직인): two rings with a
 * ring of dots between them, the Korean words in the centre in rows, a short Latin line below.
 * `x`, `y` is its centre; it overprints, like ink, whatever lies below.
 */
export function Seal({ x, y, diameter, ko, en, typeset, color = SEAL_RED }: { x: number; y: number; diameter: number; ko: string; en: string; typeset: Typeset; color?: string }) {
  const r = diameter / 2;
  const dots = 36;
  const rows = Array.from({ length: Math.ceil([...ko].length / SEAL_ROW) }, (_, i) => [...ko].slice(i * SEAL_ROW, (i + 1) * SEAL_ROW).join(''));
  const koSize = (diameter * 0.42) / Math.max(rows.length, 1.6);
  // The Latin line sits below the centre, where the inner ring's chord is about 0.6 of the diameter.
  const enSize = Math.min(diameter * 0.075, (diameter * 0.58) / Math.max(typeset.measure(en, 'serif', 1, true), 1e-6));
  return (
    <View style={{ position: 'absolute', left: x - r, top: y - r, width: diameter, height: diameter, opacity: 0.85 }}>
      <Svg style={{ position: 'absolute', left: 0, top: 0, width: diameter, height: diameter }} viewBox={`0 0 ${diameter} ${diameter}`}>
        <Circle cx={r} cy={r} r={r - 1.2} stroke={color} strokeWidth={2.2} fill="none" />
        <Circle cx={r} cy={r} r={r * 0.8} stroke={color} strokeWidth={0.8} fill="none" />
        {Array.from({ length: dots }, (_, i) => {
          const angle = (i / dots) * 2 * Math.PI;
          return <Circle key={i} cx={r + Math.cos(angle) * r * 0.9} cy={r + Math.sin(angle) * r * 0.9} r={r * 0.028} fill={color} />;
        })}
      </Svg>
      <View style={{ position: 'absolute', left: 0, top: 0, width: diameter, height: diameter, alignItems: 'center', justifyContent: 'center' }}>
        {rows.map((row, i) => (
          <ScriptText key={i} style={{ fontFamily: [...STACKS.myeongjo], fontWeight: 700, fontSize: koSize, lineHeight: 1.1, color, letterSpacing: koSize * 0.08 }}>
            {row}
          </ScriptText>
        ))}
        <Text style={{ fontFamily: [...STACKS.serif], fontWeight: 700, fontSize: enSize, lineHeight: 1.3, color, marginTop: koSize * 0.1 }}>{en}</Text>
      </View>
    </View>
  );
}
