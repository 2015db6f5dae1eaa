import { Page, View } from '@react-pdf/renderer';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { STACKS } from '../src/fonts/registry.js';
import type { CardComposition, CardLang, CardText } from '../src/layout/social-layout.js';
import { POSTER_COLOR } from './Poster.js';
import { PressDocument } from './pieces/PressDocument.js';
import { QrCode } from './pieces/QrCode.js';
import { ScriptText } from './pieces/ScriptText.js';
import { artifact, languageSections, tag, type Tag } from './pieces/tags.js';

/** Everything a social card prints. */
export interface SocialProps {
  /** The card as social-layout.ts composed it (in the product's step, so that words that do not fit are a message, not a broken render). */
  composition: CardComposition;
  /** The call card's QR code modules (src/core/qr.ts's makeQrMatrix), or null on the other cards. */
  qr: readonly (readonly boolean[])[] | null;
  /** What a screen reader says for the QR code (labels.json's alt.qr with its address), in the card's first language. */
  qrAlt: { text: string; lang: CardLang } | null;
  /** The document's metadata. */
  meta: DocumentMetadata;
}

/**
 * A placed block of lines, a Text each: social-layout.ts broke them, so react-pdf never breaks
 * them again. Its lines are read as one element, `read`; the kicker is read as one passage whose
 * languages are each a Span with its /Lang, the separator between them not read.
 */
function Block({ block, read }: { block: CardText; read: Tag }) {
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
  const spans = block.read.as === 'kicker' && block.read.parts.length > 1 ? block.read.parts : null;
  return (
    <View style={{ position: 'absolute', left: block.x, top: block.y, width: block.width }}>
      {spans
        ? block.lines.map((_, i) => (
            <ScriptText
              key={i}
              tag={read}
              style={style}
              parts={spans.map((part) => (part.lang ? { text: part.text, tag: tag('Span', { lang: part.lang }) } : { text: part.text, ...artifact('Layout') }))}
            />
          ))
        : block.lines.map((line, i) => (
            <ScriptText key={i} tag={read} style={style}>
              {line}
            </ScriptText>
          ))}
    </View>
  );
}

/**
 * A social card: one page the size of the picture (pt = px at 72 dpi), the posters' red panel or
 * warm paper edge to edge, the words placed by social-layout.ts, and on the call card a QR code.
 * Read as the posters are: the kicker (the card's source, the short title in each language), then
 * each language whole (a call's heading as H1, mottos, slogan, call and event line as P, a
 * directive as a list of one item, its numeral the first language's label), then the QR code as a
 * figure whose alternative text gives its address, and its caption. Backgrounds and rules are
 * page furniture.
 */
export function SocialDocument(props: SocialProps) {
  const c = props.composition;
  const sections = languageSections(['en', 'ko']);
  const qrSection = tag('Sect');
  const lists = { en: tag('L', { lang: 'en', parent: sections.en }), ko: tag('L', { lang: 'ko', parent: sections.ko }) };
  const items = { en: tag('LI', { lang: 'en', parent: lists.en }), ko: tag('LI', { lang: 'ko', parent: lists.ko }) };
  const firstLang = c.texts.map((block) => ('lang' in block.read ? block.read.lang : undefined)).find(Boolean) ?? 'en';
  // Each block's element: a new object per block (one element), under its language's section.
  const readAs = (block: CardText): Tag => {
    const r = block.read;
    switch (r.as) {
      case 'kicker':
        return tag('P', r.parts.length === 1 ? { lang: r.parts[0]!.lang } : {});
      case 'caption':
        return tag('P', { lang: r.lang, parent: qrSection });
      case 'Lbl':
        return tag('Lbl', { parent: items[firstLang] });
      case 'LBody':
        return tag('LBody', { lang: r.lang, parent: items[r.lang] });
      default:
        return tag(r.as, { lang: r.lang, parent: sections[r.lang] });
    }
  };
  const words = c.texts.filter((block) => block.read.as !== 'caption');
  const captions = c.texts.filter((block) => block.read.as === 'caption');
  return (
    <PressDocument meta={props.meta}>
      <Page size={[c.page.width, c.page.height]} style={{ backgroundColor: c.background === 'panel' ? POSTER_COLOR.panel : POSTER_COLOR.paper }}>
        {c.rules.map((rule, i) => (
          <View key={`rule-${i}`} {...artifact('Layout')} style={{ position: 'absolute', left: rule.x, top: rule.y, width: rule.width, height: rule.height, backgroundColor: POSTER_COLOR.accent }} />
        ))}
        {words.map((block, i) => (
          <Block key={i} block={block} read={readAs(block)} />
        ))}
        {c.qr && props.qr ? (
          <View style={{ position: 'absolute', left: c.qr.x, top: c.qr.y }}>
            <QrCode modules={props.qr} side={c.qr.side} {...(props.qrAlt ? { tag: tag('Figure', { alt: props.qrAlt.text, lang: props.qrAlt.lang, parent: qrSection }) } : {})} />
          </View>
        ) : null}
        {/* The caption after the code it captions: drawn clear of it, so the order changes no pixel. */}
        {captions.map((block, i) => (
          <Block key={`caption-${i}`} block={block} read={readAs(block)} />
        ))}
      </Page>
    </PressDocument>
  );
}
