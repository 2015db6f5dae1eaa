import { Page, Text, View } from '@react-pdf/renderer';
import type { Declaration, HandoutWords, Labels } from '../src/input/schema.js';
import type { Typeset } from '../src/fonts/typeset.js';
import type { HandoutComposition } from '../src/layout/handout-layout.js';
import { DeclarationBody, TitleBlock } from './pieces/DeclarationBody.js';
import { PressDocument } from './pieces/PressDocument.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { QrCode } from './pieces/QrCode.js';
import { COLOR } from '../src/layout/theme.js';
import { ScriptText } from './pieces/ScriptText.js';
import { artifact, languageSections, tag, type Tag } from './pieces/tags.js';

/** Everything the handout template prints. */
export interface HandoutProps {
  declaration: Declaration;
  labels: Labels;
  words: HandoutWords;
  /** Sizes, spaces and the page, composed for the page by src/layout/handout-layout.ts. */
  composition: HandoutComposition;
  /** The QR code's modules (src/core/qr.ts's makeQrMatrix). */
  qr: readonly (readonly boolean[])[];
  typeset: Typeset;
  meta: DocumentMetadata;
}

/** The panel's background: a warm paper tint that a black-and-white printer turns into a light grey. */
const PANEL_TINT = '#f3efe8';

/**
 * The handout: both titles, the whole declaration side by side (English left, Korean right), then
 * the 'about' panel with the QR code at the foot of the last page. On A4 and Letter it fits one
 * side; on A5 and half-letter it runs onto the back, with a turn-over line on the front. The body
 * is set as large as the page allows (handout-layout.ts), so the text fills the page down to the panel.
 */
export function HandoutDocument({ declaration, labels, words, composition, qr, typeset, meta }: HandoutProps) {
  const { page, margin, styles, gap, panel } = composition;
  // English read whole, then Korean (the order the page sets them), then the panel.
  const sections = languageSections(['en', 'ko']);
  const qrAlt = labels.alt.qr.en.replaceAll('{url}', words.qr.url);
  // No lineHeight on a Text with a render prop: react-pdf 4.9 lays it out at an infinite offset
  // past page one (see PageFrame's footer).
  const { lineHeight: _unused, ...turnStyle } = panel.note.en;
  return (
    <PressDocument meta={meta}>
      <Page
        size={[page.width, page.height]}
        style={{ paddingTop: margin.top, paddingLeft: margin.side, paddingRight: margin.side, paddingBottom: margin.bottom }}
      >
        <TitleBlock declaration={declaration} layout="parallel" styles={styles} typeset={typeset} gap={composition.titleGap} width={page.width - 2 * margin.side} sections={sections} />
        <DeclarationBody declaration={declaration} layout="parallel" styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin.side} sections={sections} />
        {/* Takes the space left, so the panel sits at the foot of the last page. */}
        <View style={{ flexGrow: 1 }} />
        <AboutPanel words={words} composition={composition} qr={qr} qrAlt={qrAlt} />
        {composition.pages === 2 ? (
          <Text
            fixed
            {...artifact('Pagination')}
            style={{ ...turnStyle, position: 'absolute', right: margin.side, bottom: composition.turnOver, textAlign: 'right' }}
            render={({ pageNumber, totalPages }) => (pageNumber < totalPages ? `${words.turnOver.en} · ${words.turnOver.ko}  →` : '')}
          />
        ) : null}
      </Page>
    </PressDocument>
  );
}

/**
 * The 'about' panel: in each language the summary run in after its bold heading, and under it the
 * small print that says it is not part of the declaration; then the QR code's caption, pointing
 * at the code at the right. On
 * a wide page English and Korean stand side by side, each with its own small print (so no line
 * runs the panel's width); on a narrow one Korean follows English.
 */
function AboutPanel({ words, composition, qr, qrAlt }: { words: HandoutWords; composition: HandoutComposition; qr: readonly (readonly boolean[])[]; qrAlt: string }) {
  const { gap } = composition;
  const { styles, note, text, provenance, leadPad, pad, above, wide, qrSide } = composition.panel;
  // Read after the declaration: each language's summary and small print, the caption, the code.
  const section: Tag = tag('Sect');
  const block = (lang: 'en' | 'ko') => (
    <View key={lang} style={wide ? { flex: 1, marginLeft: lang === 'ko' ? gap / 2 : 0, marginRight: lang === 'en' ? gap / 2 : 0 } : { marginTop: lang === 'ko' ? gap * 0.4 : 0 }}>
      <Text tag={tag('P', { lang, parent: section })} style={{ ...styles[lang].body, paddingTop: leadPad[lang] }}>
        <ScriptText style={{ ...styles[lang].strong, color: COLOR.accent }}>{words.panel.heading[lang]}</ScriptText>
        <ScriptText style={styles[lang].body}>{` ${text[lang]}`}</ScriptText>
      </Text>
      <ScriptText tag={tag('P', { lang, parent: section })} style={{ ...note[lang], marginTop: gap * 0.3 }}>{provenance[lang]}</ScriptText>
    </View>
  );
  return (
    <View wrap={false} style={{ marginTop: above, backgroundColor: PANEL_TINT, padding: pad, flexDirection: 'row' }}>
      <View style={{ flex: 1, marginRight: gap }}>
        <View style={{ flexDirection: wide ? 'row' : 'column' }}>{[block('en'), block('ko')]}</View>
        {/* The caption closes the text and points at the code, rather than making the panel taller under it. */}
        <Text tag={tag('P', { lang: 'en', parent: section })} style={{ ...note.en, textAlign: 'right', marginTop: gap * 0.3 }}>
          {`${words.qr.caption.en} · `}
          <ScriptText style={note.ko} parts={[{ text: words.qr.caption.ko, tag: tag('Span', { lang: 'ko' }) }, { text: ' →', artifact: 'Layout' }]} />
        </Text>
      </View>
      <QrCode modules={qr} side={qrSide} tag={tag('Figure', { alt: qrAlt, lang: 'en', parent: section })} />
    </View>
  );
}
