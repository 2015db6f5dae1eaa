import { Canvas, Image, Text, View } from '@react-pdf/renderer';
import type { Labels } from '../../src/input/schema.js';
import type { Typeset } from '../../src/fonts/typeset.js';
import { ScriptText } from './ScriptText.js';
import { COLOR, stackOf, type TextStyle, type TextStyles } from '../../src/layout/theme.js';
import type { SignatoryEntry } from '../../src/layout/certificate-layout.js';
import { LIST_MARK, LONG_LIST, MARK_PROP, SIGNING_MARKS, type SigningPlan } from '../../src/layout/signing-pages.js';
import { artifact, tag, type ArtifactType, type OutlineItem, type Tag } from './tags.js';

/** Which labels to print: both languages, or one. */
export type LabelLangs = readonly ('en' | 'ko')[];

/** A label in both languages, as labels.json holds it. */
type Pair = { en: string; ko: string };

interface BlockProps {
  labels: Labels;
  langs: LabelLangs;
  styles: { en: TextStyles; ko: TextStyles };
  typeset: Typeset;
}

/** Labels read Korean first where both languages are printed: 성명 Name, 서명 Signature, 날짜 Date. */
function koFirst(langs: LabelLangs): LabelLangs {
  return langs.length > 1 ? ['ko', 'en'] : langs;
}

/** What a label is read as: an element (its languages Spans with their /Lang), or page furniture. */
type ReadAs = { tag: Tag } | { artifact: ArtifactType };

/** A label's words for the outline, in the order it prints them. */
function outlineWords(pair: Pair, langs: LabelLangs): string {
  return koFirst(langs).map((lang) => pair[lang]).join(' / ');
}

/** A label in the chosen languages, each in its own face and size (Hangul in NanumMyeongjo, Latin in Source Serif), each language a Span. */
function Bilingual({ pair, langs, styles, kind, color, read }: { pair: Pair; langs: LabelLangs; styles: BlockProps['styles']; kind: keyof TextStyles; color?: string; read: ReadAs }) {
  const order = koFirst(langs);
  return (
    <Text style={{ ...styles[order[0]!][kind], ...(color ? { color } : {}) }} {...read}>
      {order.map((lang, i) => (
        <ScriptText key={lang} tag={tag('Span', { lang })} style={{ ...styles[lang][kind], ...(color ? { color } : {}) }}>
          {`${i > 0 ? '  ' : ''}${pair[lang]}`}
        </ScriptText>
      ))}
    </Text>
  );
}

/** A block's heading: accent, over a thin rule; read as `read` (an H2, or a running title not read), in the outline as `bookmark`. */
function Heading({ pair, langs, styles, read, bookmark }: { pair: Pair; langs: LabelLangs; styles: BlockProps['styles']; read: ReadAs; bookmark?: OutlineItem }) {
  return (
    <View style={{ marginBottom: styles.en.body.fontSize * 1.05, borderBottomWidth: 0.6, borderBottomColor: COLOR.rule, paddingBottom: styles.en.body.fontSize * 0.4 }} {...(bookmark ? { bookmark } : {})}>
      <Bilingual pair={pair} langs={langs} styles={styles} kind="strong" color={COLOR.accent} read={read} />
    </View>
  );
}

/** A zero-size view a measuring pass finds in react-pdf's layout (src/render/measure.ts). */
function Mark({ name }: { name: string }) {
  return <View {...({ [MARK_PROP]: name } as object)} />;
}

/** Keeps a name whole: react-pdf would hyphenate a long one ("Alexandrina-Konstan-tinopoulou"). */
const wholeWords = (word: string) => [word];

/** The gutter after each column of names, in ems of the body size: a reader must not run on into the next name. */
const GUTTER = 1.4;
/** A name is set no smaller than this share of its size before it takes a second column. */
const NAME_SHRINK = 0.8;
/** Nothing is set under this size (pt). */
const FLOOR = 6;

/** How one signatory's entry is set: its lines' sizes and how many columns it spans. */
interface EntryFit {
  /** Columns the entry spans (a name too long for one column takes two or more). */
  span: number;
  /** The size of each name line (pt). */
  sizes: number[];
  /** Whether the names keep whole words (false only for a word wider than the whole block at the floor size). */
  whole: boolean;
}

/**
 * Fits an entry's names to its column: each name line breaks only at its spaces, never inside a
 * word; a word too wide for the column shrinks (down to NAME_SHRINK of its size), and beyond that
 * the entry spans as few more columns as let it keep that size, up to the whole width, where it
 * shrinks down to FLOOR. Only a word wider than the whole block at FLOOR (some 150 letters) is
 * left to react-pdf's hyphenation.
 */
function fitEntry(typeset: Typeset, names: { text: string; style: TextStyle }[], column: number, columns: number, gutter: number): EntryFit {
  const widest = (name: { text: string; style: TextStyle }, size: number) =>
    Math.max(...name.text.split(/\s+/).map((word) => typeset.measure(word, stackOf(name.style), size, name.style.fontWeight === 700)));
  for (let span = 1; span <= columns; span++) {
    // A hair of slack: react-pdf measures as we do but rounds differently (see fit-text.ts).
    const room = (span * column - gutter) * 0.97;
    const sizes = names.map((name) => Math.min(name.style.fontSize, (name.style.fontSize * room) / widest(name, name.style.fontSize)));
    const floor = (name: { style: TextStyle }) => (span === columns ? FLOOR : name.style.fontSize * NAME_SHRINK);
    if (names.every((name, i) => sizes[i]! >= floor(name))) return { span, sizes, whole: true };
  }
  return { span: columns, sizes: names.map(() => FLOOR), whole: false };
}

/**
 * The signatories' names in columns that flow onto continuation pages: each entry stays whole on its
 * page, a signature image sits above its name, and the column count follows the text width. The
 * heading heads the list on every page it runs onto ("continued" after the first), so a loose page
 * keeps its context. A fragment, not a View: react-pdf honours minPresenceAhead only for a node with
 * earlier siblings in the same parent, so the spacer that keeps the heading with names must sit
 * among the page's own children. Read as a section: its heading an H2 (a running title on the
 * pages after, not read), the names a list, an item each: the signature a figure with its
 * alternative text, each name a paragraph in its language, the roles a paragraph of Spans.
 */
export function SignatoryList(props: BlockProps & {
  width: number;
  signatories: readonly SignatoryEntry[];
  /**
   * The page the list starts on (from a measured draft), or 'draft': the heading with a mark, and
   * every name of a short list; a long list (LONG_LIST names or more) has none, but the room kept
   * ahead of its heading (its names fill that room, and the page break depends on the room alone).
   */
  firstPage: number | 'draft';
  marginTop?: number;
}) {
  const { labels, langs, styles, typeset, width, firstPage, marginTop = 0 } = props;
  const long = firstPage === 'draft' && props.signatories.length >= LONG_LIST;
  const signatories = long ? [] : props.signatories;
  const em = styles.en.body.fontSize;
  // Columns about 12 ems wide: four on A4, Letter and A3 alike, as the type grows with the sheet.
  const columns = Math.max(2, Math.floor(width / (em * 12.5)));
  const column = width / columns;
  const gutter = em * GUTTER;
  const signatureHeight = em * 3.2;
  // From the whole list, in the draft too: the spacer below keeps more room for a list with
  // signatures, and the draft must measure the room the document will keep.
  const hasSignatures = props.signatories.some((entry) => entry.signature);
  const presence = em * (hasSignatures ? 11.5 : 8.5);
  const nameFirst = langs[0] === 'en' ? (['en', 'ko'] as const) : (['ko', 'en'] as const);
  const section = tag('Sect');
  const list = tag('L', { parent: section });
  const altLang = langs[0]!;
  // A fixed child of a View that runs over pages is repeated on each of them: the first is the heading, the others running titles.
  const heading = ({ pageNumber }: { pageNumber: number }) =>
    firstPage === 'draft' || pageNumber <= firstPage ? (
      <Heading pair={labels.signatories} langs={langs} styles={styles} read={{ tag: tag('H2', { parent: section }) }} bookmark={{ title: outlineWords(labels.signatories, langs) }} />
    ) : (
      <Heading pair={labels.continued} langs={langs} styles={styles} read={artifact('Pagination')} />
    );
  return (
    <>
      {/* Moves the list to the next page unless its heading and a row of names fit. */}
      <View minPresenceAhead={presence} style={{ marginTop }} />
      {/* Entries keep their own height (flex-start): stretched to their row's tallest, react-pdf 4.9
          moved all but the first of a row that starts the list to the next page. */}
      <View style={{ flexDirection: 'row', flexWrap: 'wrap', alignItems: 'flex-start' }}>
        {firstPage === 'draft' ? <Mark name={LIST_MARK} /> : null}
        <View fixed style={{ width: '100%' }} render={heading} />
        {long ? <View style={{ width: '100%', height: presence }} /> : null}
        {signatories.map((entry, i) => {
          // The first name in bold, the other under it; each in its own script's face and size.
          const names = nameFirst
            .flatMap((lang) => {
              const text = lang === 'ko' ? entry.nameKo : entry.nameEn;
              return text ? [{ text, lang }] : [];
            })
            .map((name, n) => ({ text: name.text, lang: name.lang, style: n === 0 ? styles[name.lang].strong : styles[name.lang].body }));
          const fit = fitEntry(typeset, names, column, columns, gutter);
          const roles = nameFirst.flatMap((lang) => {
            const text = lang === 'ko' ? entry.roleKo : entry.roleEn;
            return text ? [{ text, lang }] : [];
          });
          // A role keeps to one column, under a name that spans more too: a short measure for small type.
          const roleWidth = column - gutter;
          const item = tag('LI', { parent: list });
          const body = tag('LBody', { parent: item });
          const alt = labels.alt.signature[altLang].replaceAll('{name}', [entry.nameKo, entry.nameEn].filter(Boolean).join(' / '));
          return (
            <View key={i} wrap={false} style={{ width: `${(100 * fit.span) / columns}%`, paddingRight: gutter, marginBottom: em }}>
              {hasSignatures ? (
                <View style={{ height: signatureHeight, justifyContent: 'flex-end', marginBottom: 2 }}>
                  {entry.signature ? <Image src={entry.signature} tag={tag('Figure', { alt, lang: altLang, parent: body })} style={{ height: signatureHeight, objectFit: 'contain', objectPosition: 'left bottom' }} /> : null}
                </View>
              ) : null}
              <View style={{ borderTopWidth: hasSignatures ? 0.5 : 0, borderTopColor: COLOR.rule, paddingTop: hasSignatures ? 2 : 0 }}>
                {names.map((name, n) => (
                  <ScriptText key={n} tag={tag('P', { lang: name.lang, parent: body })} style={{ ...name.style, fontSize: fit.sizes[n]! }} {...(fit.whole ? { hyphenationCallback: wholeWords } : {})}>
                    {name.text}
                  </ScriptText>
                ))}
                {roles.length > 0 ? (
                  <Text tag={tag('P', { parent: body })} style={{ ...styles[roles[0]!.lang].small, maxWidth: roleWidth }}>
                    {roles.map((role, r) => (
                      <ScriptText
                        key={r}
                        style={styles[role.lang].small}
                        parts={[...(r > 0 ? [{ text: ' · ', artifact: 'Layout' as const }] : []), { text: role.text, tag: tag('Span', { lang: role.lang }) }]}
                      />
                    ))}
                  </Text>
                ) : null}
              </View>
            </View>
          );
        })}
      </View>
    </>
  );
}

/** The rule a name, signature or date is written on (pt). */
const RULE = 0.6;
/** The columns of a signing line: name, signature, date, as shares of the width. */
const CELLS = [
  { key: 'name', flex: 3 },
  { key: 'signature', flex: 4 },
  { key: 'date', flex: 2 },
] as const;

/** The elements the signing lines are read as, made once per document: every page's lines belong to one table. */
export interface SigningTags {
  /** The block's section: its heading, then the table. */
  section: Tag;
  /** The table: a header row of column labels, then a row per line. */
  table: Tag;
  /** The header row's group. */
  head: Tag;
  /** The lines' group. */
  body: Tag;
}

/** The elements of one document's signing lines. */
export function signingTags(): SigningTags {
  const section = tag('Sect');
  const table = tag('Table', { parent: section });
  return { section, table, head: tag('THead', { parent: table }), body: tag('TBody', { parent: table }) };
}

interface SigningProps extends BlockProps {
  /** What the lines are read as (signingTags, one for the whole document). */
  tags: SigningTags;
  /** How many lines: the numbers run from 1 to it. */
  count: number;
  /** Where the lines go (planSigningPages), or 'draft' for the measuring pass: the headers alone, with marks. */
  plan: SigningPlan | 'draft';
  /** Which of the plan's pages: 0 under the text (or at the top of a new page), then one a page. */
  page: number;
  /** Space above the block when it follows text on the same page (pt). */
  marginTop?: number;
}

/** How many pages of signing lines a plan makes (the draft has two: the first and one continuation page). */
export function signingPageCount(plan: SigningPlan | 'draft'): number {
  return plan === 'draft' ? 2 : plan.pages.length;
}

/**
 * One page's share of the blank signing lines, numbered, with columns for name, signature and date,
 * under the column labels: page 0 under the block's heading (following the text, or at the top of
 * a new page), every further page under a running title, so a loose sheet keeps its context. The
 * template gives each further page a react-pdf Page of its own: laid out alone, a thousand lines
 * take seconds, not the minute react-pdf's re-layout of one long flow at every break took.
 * Read as a table: the column labels its header row (on later pages a repeated header, not read),
 * each line a row headed by its number, with three empty cells to fill in.
 */
export function SigningLines(props: SigningProps) {
  const { labels, langs, styles, typeset, count, plan, page, marginTop = 0, tags } = props;
  const numberStyle = styles.en.small;
  // The numbers' column holds the widest number, right-aligned, and an en space before the rules.
  const numberWidth = typeset.measure(String(Math.max(count, 100)), 'serif', numberStyle.fontSize) + numberStyle.fontSize * 0.9;
  const gap = styles.en.body.fontSize;
  const repeated = page > 0;
  const labelsRow = (
    <View style={{ flexDirection: 'row', marginBottom: 2 }} {...(repeated ? artifact('Pagination') : { tag: tag('TR', { parent: tags.head }) })}>
      <View style={{ width: numberWidth }} tag="TD" />
      {CELLS.map((cell, j) => (
        <View key={cell.key} style={{ flex: cell.flex, marginRight: j < CELLS.length - 1 ? gap : 0 }}>
          <Bilingual pair={labels[cell.key]} langs={langs} styles={styles} kind="small" read={{ tag: tag('TH', { scope: 'Column' }) }} />
        </View>
      ))}
    </View>
  );
  const head = repeated ? (
    <Heading pair={labels.signingContinued} langs={langs} styles={styles} read={artifact('Pagination')} />
  ) : (
    <Heading pair={labels.signingSheet} langs={langs} styles={styles} read={{ tag: tag('H2', { parent: tags.section }) }} bookmark={{ title: outlineWords(labels.signingSheet, langs) }} />
  );
  const first = page === 0 && (plan === 'draft' || !plan.breakBefore);
  const style = { marginTop: first ? marginTop : 0 };
  if (plan === 'draft') {
    return (
      <View wrap={false} style={style}>
        {page === 0 ? <Mark name={SIGNING_MARKS.headTop} /> : null}
        {head}
        {labelsRow}
        <Mark name={page === 0 ? SIGNING_MARKS.rowsTop : SIGNING_MARKS.nextRowsTop} />
      </View>
    );
  }
  const from = plan.pages.slice(0, page).reduce((sum, rows) => sum + rows, 0) + 1;
  return (
    <View wrap={false} break={page === 0 && plan.breakBefore} style={style}>
      {head}
      {labelsRow}
      <SigningRows from={from} rows={plan.pages[page]!} height={plan.rowHeight} numberWidth={numberWidth} style={numberStyle} typeset={typeset} gap={gap} body={tags.body} />
    </View>
  );
}

/**
 * One page's signing lines: the rules drawn on one canvas (a View per rule was most of a
 * thousand-line sheet's nodes), each number set on its row's rule. Each line is a row of `body`:
 * its number the row's header cell, then an empty cell for each column; the rules are not read.
 */
function SigningRows({ from, rows, height, numberWidth, style, typeset, gap, body }: { from: number; rows: number; height: number; numberWidth: number; style: TextStyle; typeset: Typeset; gap: number; body: Tag }) {
  // react-pdf puts a line's baseline at its top plus the ascent: the digits stand on the rule's top edge.
  const top = height - RULE - typeset.ascent('0123456789', 'serif', style.fontSize);
  const flex = CELLS.reduce((sum, cell) => sum + cell.flex, 0);
  const paint = (painter: Painter, width: number) => {
    // The same widths the column labels get from the flex layout above.
    const share = (width - numberWidth - gap * (CELLS.length - 1)) / flex;
    for (let row = 1; row <= rows; row++) {
      let x = numberWidth;
      for (const cell of CELLS) {
        painter.rect(x, row * height - RULE, cell.flex * share, RULE).fill(COLOR.muted);
        x += cell.flex * share + gap;
      }
    }
    return null;
  };
  return (
    <View style={{ height: rows * height }}>
      <Canvas {...artifact('Layout')} style={{ position: 'absolute', top: 0, left: 0, right: 0, bottom: 0 }} paint={paint} />
      {Array.from({ length: rows }, (_, row) => (
        <Text key={row} tag={tag('TH', { scope: 'Row', parent: tag('TR', { parent: body }), followedBy: CELLS.map(() => 'TD' as const) })} style={{ ...style, position: 'absolute', left: 0, top: row * height + top, width: numberWidth - style.fontSize * 0.6, textAlign: 'right' }}>
          {String(from + row)}
        </Text>
      ))}
    </View>
  );
}

/** The part of pdfkit's drawing API a canvas paints rules with (react-pdf types it `any`). */
interface Painter {
  rect(x: number, y: number, width: number, height: number): Painter;
  fill(color: string): Painter;
}
