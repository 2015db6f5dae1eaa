import { Page, Text, View } from '@react-pdf/renderer';
import type { Declaration, HandoutWords, Labels } from '../src/input/schema.js';
import { mm, type PageSize } from '../src/core/units.js';
import type { Typeset } from '../src/fonts/typeset.js';
import { DeclarationBody, TitleBlock } from './pieces/DeclarationBody.js';
import { PressDocument } from './pieces/PressDocument.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { QrCode } from './pieces/QrCode.js';
import { ScriptText } from './pieces/ScriptText.js';
import { baseSize, COLOR, textStyles, type TextStyles } from '../src/layout/theme.js';

/** Everything the handout template prints. */
export interface HandoutProps {
  declaration: Declaration;
  labels: Labels;
  words: HandoutWords;
  /** The handout's page: A4 or Letter, or A5 or half-letter for two-up. */
  page: PageSize;
  /** The QR code's modules (src/qr.ts's makeQrMatrix). */
  qr: readonly (readonly boolean[])[];
  typeset: Typeset;
  meta: DocumentMetadata;
}

/** The panel's background: a warm paper tint that a black-and-white printer turns into a light grey. */
const PANEL_TINT = '#f3efe8';

/**
 * The body size: smaller than the declaration's, so the whole text and the panel fit one A4 or
 * Letter side; never below 7.4 pt, the least a bilingual page stays readable at on A5.
 */
export function handoutBaseSize(page: PageSize): number {
  return Math.max(7.4, Math.round(baseSize(page) * 0.78 * 10) / 10);
}

/** A margin every office printer prints inside (4–6 mm unprintable), kept tight for a handout. */
export function handoutMargin(page: PageSize): number {
  return Math.max(mm(12), Math.min(page.width, page.height) * 0.06);
}

/**
 * The handout: both titles, the whole declaration side by side (English left, Korean right), then
 * the 'about' panel with the QR code at the foot of the last page. On A4 and Letter it fits one
 * side; on A5 and half-letter it runs onto the back, with a turn-over line on the front.
 */
export function HandoutDocument({ declaration, labels: _labels, words, page, qr, typeset, meta }: HandoutProps) {
  const margin = handoutMargin(page);
  const base = handoutBaseSize(page);
  const styles = textStyles(base);
  // 0.9 of the body size (was 1.05): ragged lines are no longer squeezed into their columns
  // (patches/), and on Letter the about panel no longer fitted on the page.
  const gap = base * 0.9;
  const width = page.width - 2 * margin;
  // Each module at least 0.5 mm: a phone reads that from a hand-held sheet.
  const qrSide = Math.max(mm(26), Math.min(mm(32), width * 0.17));
  // No lineHeight on a Text with a render prop: react-pdf 4.9 lays it out at an infinite offset
  // past page one (see PageFrame's footer).
  const { lineHeight: _unused, ...turnStyle } = styles.en.small;
  return (
    <PressDocument meta={meta}>
      <Page size={[page.width, page.height]} style={{ padding: margin, paddingBottom: margin * 1.2 }}>
        <TitleBlock declaration={declaration} layout="parallel" styles={styles} typeset={typeset} gap={gap} width={width} />
        <DeclarationBody declaration={declaration} layout="parallel" styles={styles} typeset={typeset} gap={gap} width={width} />
        {/* Takes the space left, so the panel sits at the foot of the last page. */}
        <View style={{ flexGrow: 1 }} />
        <AboutPanel words={words} styles={styles} qr={qr} qrSide={qrSide} gap={gap} wide={width > mm(150)} />
        <Text
          fixed
          style={{ ...turnStyle, position: 'absolute', right: margin, bottom: margin * 0.45, textAlign: 'right' }}
          render={({ pageNumber, totalPages }) => (pageNumber < totalPages ? `${words.turnOver.en} · ${words.turnOver.ko}  →` : '')}
        />
      </Page>
    </PressDocument>
  );
}

interface PanelProps {
  words: HandoutWords;
  styles: { en: TextStyles; ko: TextStyles };
  qr: readonly (readonly boolean[])[];
  qrSide: number;
  gap: number;
  /** Room for English and Korean side by side (A4, Letter); else Korean under English. */
  wide: boolean;
}

/** The 'about' panel: a heading, the summary in both languages, the small print, and the QR code. */
function AboutPanel({ words, styles, qr, qrSide, gap, wide }: PanelProps) {
  const { panel, provenance } = words;
  const en = <ScriptText style={styles.en.body}>{panel.text.en}</ScriptText>;
  const ko = <ScriptText style={styles.ko.body}>{panel.text.ko}</ScriptText>;
  const note = { ...styles.en.small, fontSize: styles.en.small.fontSize * 0.92 };
  const koNote = { ...styles.ko.small, fontSize: styles.ko.small.fontSize * 0.92 };
  return (
    <View wrap={false} style={{ marginTop: gap * 0.6, backgroundColor: PANEL_TINT, padding: gap * 0.8, flexDirection: 'row' }}>
      <View style={{ flex: 1, marginRight: gap }}>
        <Text style={{ ...styles.en.strong, color: COLOR.accent, marginBottom: gap * 0.3 }}>
          {panel.heading.en}
          <ScriptText style={{ ...styles.ko.strong, color: COLOR.accent }}>{`  ·  ${panel.heading.ko}`}</ScriptText>
        </Text>
        {wide ? (
          <View style={{ flexDirection: 'row' }}>
            <View style={{ flex: 1, marginRight: gap / 2 }}>{en}</View>
            <View style={{ flex: 1, marginLeft: gap / 2 }}>{ko}</View>
          </View>
        ) : (
          <View>
            <View style={{ marginBottom: gap * 0.35 }}>{en}</View>
            {ko}
          </View>
        )}
        <View style={{ marginTop: gap * 0.4 }}>
          <ScriptText style={note}>{provenance.en}</ScriptText>
          <ScriptText style={koNote}>{provenance.ko}</ScriptText>
        </View>
      </View>
      <View style={{ width: qrSide, alignItems: 'center' }}>
        <QrCode modules={qr} side={qrSide} />
        <ScriptText style={{ ...note, textAlign: 'center', marginTop: 2 }}>{words.qr.caption.en}</ScriptText>
        <ScriptText style={{ ...koNote, textAlign: 'center' }}>{words.qr.caption.ko}</ScriptText>
      </View>
    </View>
  );
}
