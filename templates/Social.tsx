import { Page, View } from '@react-pdf/renderer';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { STACKS } from '../src/fonts/registry.js';
import type { CardComposition, CardText } from '../src/layout/social-layout.js';
import { POSTER_COLOR } from './Poster.js';
import { PressDocument } from './pieces/PressDocument.js';
import { QrCode } from './pieces/QrCode.js';
import { ScriptText } from './pieces/ScriptText.js';

/** Everything a social card prints. */
export interface SocialProps {
  /** The card as social-layout.ts composed it (in the product's step, so that words that do not fit are a message, not a broken render). */
  composition: CardComposition;
  /** The call card's QR code modules (src/core/qr.ts's makeQrMatrix), or null on the other cards. */
  qr: readonly (readonly boolean[])[] | null;
  /** The document's metadata. */
  meta: DocumentMetadata;
}

/** A placed block of lines, a Text each: social-layout.ts broke them, so react-pdf never breaks them again. */
function Block({ block }: { block: CardText }) {
  const { setting: s } = block;
  const style = {
    fontFamily: [...STACKS[s.stack]] as string[],
    fontSize: s.size,
    lineHeight: s.leading,
    fontWeight: s.bold ? 700 : 400,
    color: POSTER_COLOR[block.role],
    letterSpacing: block.letterSpacing,
    textAlign: block.center ? ('center' as const) : undefined,
  };
  return (
    <View style={{ position: 'absolute', left: block.x, top: block.y, width: block.width }}>
      {block.lines.map((line, i) => (
        <ScriptText key={i} style={style}>
          {line}
        </ScriptText>
      ))}
    </View>
  );
}

/**
 * A social card: one page the size of the picture (pt = px at 72 dpi), the posters' red panel or
 * warm paper edge to edge, the words placed by social-layout.ts, and on the call card a QR code.
 */
export function SocialDocument(props: SocialProps) {
  const c = props.composition;
  return (
    <PressDocument meta={props.meta}>
      <Page size={[c.page.width, c.page.height]} style={{ backgroundColor: c.background === 'panel' ? POSTER_COLOR.panel : POSTER_COLOR.paper }}>
        {c.rules.map((rule, i) => (
          <View key={`rule-${i}`} style={{ position: 'absolute', left: rule.x, top: rule.y, width: rule.width, height: rule.height, backgroundColor: POSTER_COLOR.accent }} />
        ))}
        {c.texts.map((block, i) => (
          <Block key={i} block={block} />
        ))}
        {c.qr && props.qr ? (
          <View style={{ position: 'absolute', left: c.qr.x, top: c.qr.y }}>
            <QrCode modules={props.qr} side={c.qr.side} />
          </View>
        ) : null}
      </Page>
    </PressDocument>
  );
}
