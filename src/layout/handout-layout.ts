/**
 * The composition of a handout: the body size that fills the page (one side on A4 and Letter,
 * front and back at A5 and half-letter), measured with the very fonts react-pdf embeds, as the
 * poster's sizes are (poster-layout.ts); the small print, the spaces and the QR code from it.
 *
 * The model follows the template (templates/Handout.tsx and the declaration's pieces) box by box:
 * lines x size x leading for every paragraph, filled word by word as a breaker that never squeezes
 * a space fills them; the parallel rows' shared first baselines; rows split across the leaf as
 * react-pdf splits them; the panel at the foot. A page too short for the body's floor gives up
 * air first (margins, leading, spaces: SETTINGS), never size. Should a render still run over (a
 * breaker taking a line the model did not), the product composes it again keeping a line or two
 * in reserve (handout.ts).
 */
import type { StackName } from '../fonts/registry.js';
import type { Typeset } from '../fonts/typeset.js';
import { mm, type PageSize } from '../core/units.js';
import type { Declaration, HandoutWords } from '../input/schema.js';
import { declarationSections, type Section } from './declaration-layout.js';
import { bindRunt } from './line-breaking.js';
import { stackOf, textStyles, type TextStyle, type TextStyles } from './theme.js';

/** Both languages' text styles. */
export type Styles = { en: TextStyles; ko: TextStyles };

/** Everything the Handout template places, composed for one page size. */
export interface HandoutComposition {
  /** The page (A4, Letter; A5 or half-letter for two-up), pt. */
  page: PageSize;
  /** Pages the handout takes: 1 (one side) or 2 (front and back). */
  pages: 1 | 2;
  /** The English body size, pt; the Korean is set at the house ratio to it (theme.ts). */
  base: number;
  /** Text styles for the title block and the declaration: the house styles at `base`, with the handout's leading, title and small print. */
  styles: Styles;
  /** Page margins, pt: `bottom` includes the turn-over line's room on a two-page handout. */
  margin: { top: number; side: number; bottom: number };
  /** Where the turn-over line's box ends above the page's foot, pt (two pages only). */
  turnOver: number;
  /** The gutter between English and Korean, and the unit of the spaces between sections (DeclarationBody's `gap`). */
  gap: number;
  /** The title block's unit of space (TitleBlock's `gap`): closer than the body's. */
  titleGap: number;
  /** The 'about' panel. */
  panel: {
    /** Its text styles: the summary a little smaller than the body. */
    styles: Styles;
    /** The small print (provenance, QR caption, turn-over line), both languages. */
    note: { en: TextStyle; ko: TextStyle };
    /** The summary (handout.json's panel.text), its last words bound so it ends on no runt. */
    text: { en: string; ko: string };
    /** The provenance line (handout.json's provenance), bound alike. */
    provenance: { en: string; ko: string };
    /** Space above each language's summary, pt: side by side, their first lines share a baseline. */
    leadPad: { en: number; ko: number };
    /** Padding inside the tint, pt. */
    pad: number;
    /** Space above the panel at least, pt. */
    above: number;
    /** English and Korean side by side (wide pages), else Korean under English. */
    wide: boolean;
    /** The QR code's side with its quiet zone, pt. */
    qrSide: number;
  };
  /** Height the model leaves free on the last page beyond the reserve, pt: air the template's spacer takes above the panel. */
  spare: number;
}

/** What composeHandout measures. */
export interface HandoutInput {
  /** The page, pt. */
  page: PageSize;
  /** One side (A4, Letter) or front and back (A5, half-letter). */
  pages: 1 | 2;
  /** The declaration (data/declaration.json). */
  declaration: Declaration;
  /** The panel's words (data/handout.json). */
  words: HandoutWords;
  /** Modules per side of the QR symbol, quiet zone not included. */
  qrModules: number;
  /** The embedded fonts' measures. */
  typeset: Typeset;
  /**
   * Height to keep free on the last page, pt (0: none): the product's next try when a render ran
   * over. Tighter settings take it before a smaller body does.
   */
  reserve?: number;
  /** A body size to set instead of the fitted one, pt (to see what a size would take). */
  base?: number;
}

/** The least the English body may be set at, pt: one side of A4 or Letter; an A5 or half-letter page. */
export const HANDOUT_BODY_FLOOR = { onePage: 8.5, twoPages: 7.5 } as const;
/**
 * A QR module at least this wide, mm. A phone reads a code about ten times as far as the symbol
 * is wide; a version 6 symbol (41 modules) at 0.8 mm is 33 mm wide, read at 33 cm, where a sheet
 * is held. A wider module also outlasts an office printer's toner spread and a crease.
 */
export const QR_MODULE_MIN_MM = 0.8;
/** The QR module grows into a page's spare height up to this, mm (a larger code only takes room from air). */
const QR_MODULE_MAX_MM = 0.9;

/**
 * From the airiest setting to the tightest: margins (mm), the English leading, the gutter between
 * the languages and the title block's spaces (in body sizes). A handout is set closer than the
 * declaration (theme.ts: 1.42), as small text on a dense sheet is; the first setting whose body
 * reaches the floor is used, so A4 keeps air that Letter, 18 mm shorter, gives up. Office
 * printers leave 4-6.4 mm unprinted: 7 mm is the least margin.
 */
const SETTINGS = [
  { margin: 10, leading: 1.3, gutter: 1.2, titleGap: 0.65 },
  { margin: 9.5, leading: 1.29, gutter: 1.15, titleGap: 0.6 },
  { margin: 9, leading: 1.28, gutter: 1.1, titleGap: 0.55 },
  { margin: 8.5, leading: 1.27, gutter: 1.05, titleGap: 0.5 },
  { margin: 8, leading: 1.25, gutter: 1.0, titleGap: 0.5 },
  { margin: 7, leading: 1.24, gutter: 1.0, titleGap: 0.45 },
] as const;
/** Hangul keeps the house's air between lines at its lower end (theme.ts: 1.6-1.8). */
const KO_LEADING = 1.6;
/** The title, in body sizes: one size down from the declaration's (1.75), so it takes a line less. */
const TITLE = 1.5;
/** The summary in the panel, as a share of the body, and its least size on one page and on two. */
const PANEL_TEXT = { share: 0.88, min: { 1: 7.5, 2: 7 } } as const;
/** The small print: a share of the body, never under `min` (so its Korean, at the house ratio, stays above 6 pt). */
const NOTE = { share: 0.8, min: 6.6 } as const;
// react-pdf's defaults for a paragraph split across pages.
const ORPHANS = 2;
const WIDOWS = 2;

/** A paragraph's words, measured once at 1 pt in its face, so a size is a multiplication. */
interface Measured {
  /** Each word's advance at 1 pt. */
  words: number[];
  /** A space's advance at 1 pt. */
  space: number;
}

/** One box the model stacks: its height, and where it may be split across a page. */
interface Block {
  /** Its height with the space after it, pt. */
  height: number;
  /** For a paragraph row: each column's first-line offset, line height and lines, to split between lines. */
  columns?: { pad: number; line: number; lines: number }[];
}

type Setting = (typeof SETTINGS)[number];

// Words and ascents measured at 1 pt, per Typeset (its fonts): a handout's texts are measured once
// however many sizes and settings are tried, and again only for another Typeset. Bounded by the
// texts a handout prints (a few hundred words) per Typeset alive.
const wordCache = new WeakMap<Typeset, Map<string, Measured>>();
const ascentCache = new WeakMap<Typeset, Map<string, number>>();
const measuredBy = (typeset: Typeset) => wordCache.get(typeset) ?? wordCache.set(typeset, new Map()).get(typeset)!;
const ascentsBy = (typeset: Typeset) => ascentCache.get(typeset) ?? ascentCache.set(typeset, new Map()).get(typeset)!;

/** Composes the handout for its page: the largest body size whose text and panel fit, with the most air that leaves the body at its floor. */
export function composeHandout(input: HandoutInput): HandoutComposition {
  const { page, pages, declaration, words, qrModules, typeset } = input;
  const sections = declarationSections(declaration);
  const measured = measuredBy(typeset);
  const measure = (text: string, stack: StackName, bold: boolean): Measured => {
    const key = `${stack}:${bold ? 'b' : 'r'}:${text}`;
    let m = measured.get(key);
    if (!m) {
      // react-pdf breaks only at ASCII spaces: a no-break space binds two words into one.
      m = { words: text.split(/ +/).filter(Boolean).map((word) => typeset.measure(word, stack, 1, bold)), space: typeset.measure(' ', stack, 1, bold) };
      measured.set(key, m);
    }
    return m;
  };
  // A text's ascent scales with its size: measured once at 1 pt.
  const ascents = ascentsBy(typeset);
  const ascent = (text: string, style: TextStyle): number => {
    const key = `${stackOf(style)}:${text}`;
    let a = ascents.get(key);
    if (a === undefined) {
      a = typeset.ascent(text, stackOf(style), 1);
      ascents.set(key, a);
    }
    return a * style.fontSize;
  };
  const lines = (text: string, style: TextStyle, width: number) => countLines(measure(text, stackOf(style), style.fontWeight === 700), style.fontSize, width);
  const height = (text: string, style: TextStyle, width: number) => lines(text, style, width) * style.fontSize * style.lineHeight;

  const compose = (base: number, setting: Setting, qrModule = QR_MODULE_MIN_MM) => {
    const styles = handoutStyles(base, setting.leading);
    const margin = mm(setting.margin);
    const gap = base * setting.gutter;
    const width = page.width - 2 * margin;
    const note = { en: styles.en.small, ko: styles.ko.small };
    const noteLine = note.en.fontSize * note.en.lineHeight;
    const panelStyles = handoutStyles(Math.max(base * PANEL_TEXT.share, PANEL_TEXT.min[pages]), setting.leading);
    const qrSide = (qrModules + 8) * mm(qrModule);
    const pad = gap * 0.45;
    const wide = width > mm(150);
    // A two-page handout's front says to turn over, in the foot margin's room.
    const bottom = margin + (pages === 2 ? noteLine + gap * 0.3 : 0);

    // The title block (DeclarationBody's TitleBlock): both titles, the date line, a rule.
    const t = base * setting.titleGap;
    const title =
      height(declaration.title.en, styles.en.title, width) + t * 0.3 + height(declaration.title.ko, styles.ko.title, width) + t * 0.3 + t * 0.2 + noteLine + t * 0.6 + 0.8 + t;

    // The parallel rows (DeclarationBody, Parallel.tsx): the columns' first lines share a baseline.
    const column = (width - gap) / 2;
    const indent = styles.en.body.fontSize * 1.6;
    const rows: Block[] = sections.map((section) => {
      const set = (['en', 'ko'] as const).filter((lang) => section[lang] !== null).map((lang) => ({ text: section[lang]!, style: sectionStyle(section, styles[lang]) }));
      const leads = section.kind === 'directive' ? [...set, { text: '1.', style: styles.en.body }] : set;
      const baseline = Math.max(...leads.map((lead) => ascent(lead.text, lead.style)));
      const measureWidth = section.kind === 'directive' ? column - indent : column;
      const columns = set.map(({ text, style }) => ({
        pad: baseline - ascent(text, style),
        line: style.fontSize * style.lineHeight,
        lines: lines(text, style, measureWidth),
      }));
      const rowHeight = Math.max(...columns.map((c) => c.pad + c.lines * c.line));
      return { height: rowHeight + gap * 0.55, columns: section.kind === 'paragraph' ? columns : undefined };
    });

    // The panel: each language's summary, run in after its bold heading, with its small print
    // under it (side by side on a wide page, else Korean under English); the QR code's caption
    // closes the text on one line, pointing at the code at the right.
    const textWidth = width - 2 * pad - qrSide - gap;
    const measureWidth = wide ? (textWidth - gap) / 2 : textWidth;
    // No paragraph of the panel ends on a runt: its last short word is bound to the one before.
    const bound = (text: string, style: TextStyle) => bindRunt(text, (pair) => typeset.measure(pair, stackOf(style), style.fontSize) <= measureWidth);
    const summaries = { en: bound(words.panel.text.en, panelStyles.en.body), ko: bound(words.panel.text.ko, panelStyles.ko.body) };
    const provenance = { en: bound(words.provenance.en, note.en), ko: bound(words.provenance.ko, note.ko) };
    // Side by side, the two summaries' first lines share a baseline, as the declaration's columns do (Parallel.tsx).
    const leads = { en: `${words.panel.heading.en} ${summaries.en}`, ko: `${words.panel.heading.ko} ${summaries.ko}` };
    const firstBaseline = Math.max(ascent(leads.en, panelStyles.en.body), ascent(leads.ko, panelStyles.ko.body));
    const leadPads = wide ? { en: firstBaseline - ascent(leads.en, panelStyles.en.body), ko: firstBaseline - ascent(leads.ko, panelStyles.ko.body) } : { en: 0, ko: 0 };
    const [enText, koText] = (['en', 'ko'] as const).map((lang) => {
      const body = panelStyles[lang].body;
      const summary = countLines(join(measure(words.panel.heading[lang], stackOf(body), true), measure(summaries[lang], stackOf(body), false)), body.fontSize, measureWidth);
      return leadPads[lang] + summary * body.fontSize * body.lineHeight + gap * 0.3 + height(provenance[lang], note[lang], measureWidth);
    }) as [number, number];
    const texts = wide ? Math.max(enText, koText) : enText + gap * 0.4 + koText;
    const captionWords = join(measure(`${words.qr.caption.en} ·`, 'serif', false), measure(`${words.qr.caption.ko} →`, 'myeongjo', false), note.ko.fontSize / note.en.fontSize);
    // A line is as tall as its tallest run: the Korean's.
    const caption = gap * 0.3 + countLines(captionWords, note.en.fontSize, textWidth) * note.ko.fontSize * note.ko.lineHeight;
    const above = gap * 0.6;
    const panel = above + 2 * pad + Math.max(texts + caption, qrSide);

    // Stack it all on the pages, the panel whole at the foot of the last.
    const room = page.height - margin - bottom - (input.reserve ?? 0);
    // Only the back can run over: what does not fit the front goes to the back.
    const rest = pages === 1 ? title + sum(rows) : paginate([{ height: title }, ...rows], room);
    const spare = room - rest - panel;
    return { base, setting, qrModule, styles, margin, bottom, gap, titleGap: t, note, panelStyles, summaries, provenance, leadPads, qrSide, pad, above, wide, spare };
  };
  type Composed = ReturnType<typeof compose>;

  // The largest size that fits a setting, to 0.01 pt: line breaks make the fit a step function,
  // so bisect, then step down until it fits.
  const fitted = (setting: Setting): Composed => {
    let low = 5;
    let high = 16;
    while (high - low > 0.01) {
      const mid = (low + high) / 2;
      if (compose(mid, setting).spare >= 0) low = mid;
      else high = mid;
    }
    // In hundredths, so a size is written as it was chosen (8.5, not 8.4999…).
    let hundredths = Math.floor(low * 100);
    while (hundredths > 500 && compose(hundredths / 100, setting).spare < 0) hundredths -= 1;
    return compose(hundredths / 100, setting);
  };

  let chosen: Composed;
  if (input.base !== undefined) chosen = compose(input.base, SETTINGS[0]);
  else {
    const floor = pages === 1 ? HANDOUT_BODY_FLOOR.onePage : HANDOUT_BODY_FLOOR.twoPages;
    // The airiest setting that reaches the floor; else the tightest, the largest body there is
    // (under the floor: the product refuses it, naming the words to shorten).
    let best = fitted(SETTINGS[0]);
    for (const setting of SETTINGS.slice(1)) {
      if (best.base >= floor) break;
      best = fitted(setting);
    }
    chosen = best;
  }
  // A larger QR code where the page has height to spare, a hundredth of a millimetre at a time.
  for (let hundredths = Math.round(chosen.qrModule * 100) + 1; hundredths <= QR_MODULE_MAX_MM * 100; hundredths++) {
    const larger = compose(chosen.base, chosen.setting, hundredths / 100);
    if (larger.spare < 0) break;
    chosen = larger;
  }
  const c = chosen;
  return {
    page,
    pages,
    base: c.base,
    styles: c.styles,
    margin: { top: c.margin, side: c.margin, bottom: c.bottom },
    turnOver: c.margin,
    gap: c.gap,
    titleGap: c.titleGap,
    panel: { styles: c.panelStyles, note: c.note, text: c.summaries, provenance: c.provenance, leadPad: c.leadPads, pad: c.pad, above: c.above, wide: c.wide, qrSide: c.qrSide },
    spare: c.spare,
  };
}

/**
 * The house styles at `base` with the handout's leading (English `leading`, Korean KO_LEADING),
 * its title (TITLE) and its small print (never under NOTE.min); the Korean at the house ratio.
 */
export function handoutStyles(base: number, leading: number): Styles {
  const house = textStyles(base);
  const ratio = house.ko.body.fontSize / house.en.body.fontSize;
  const small = Math.max(base * NOTE.share, NOTE.min);
  const lead = (styles: TextStyles, lineHeight: number, smallSize: number): TextStyles => ({
    ...styles,
    body: { ...styles.body, lineHeight },
    strong: { ...styles.strong, lineHeight },
    title: { ...styles.title, fontSize: base * TITLE * (styles === house.ko ? ratio : 1) },
    small: { ...styles.small, fontSize: smallSize, lineHeight },
  });
  return { en: lead(house.en, leading, small), ko: lead(house.ko, KO_LEADING, small * ratio) };
}

/** The style DeclarationBody sets a section in: mottos and the slogan bold, the rest body. */
function sectionStyle(section: Section, styles: TextStyles): TextStyle {
  return section.kind === 'motto' || section.kind === 'slogan' ? styles.strong : styles.body;
}

/** Lines a paragraph takes at `size` in `width`, each filled with as many words as fit at their natural spacing. */
function countLines({ words, space }: Measured, size: number, width: number): number {
  let count = 1;
  let line = -1;
  for (const word of words) {
    const w = word * size;
    if (line < 0) line = w;
    else if (line + space * size + w <= width) line += space * size + w;
    else {
      count += 1;
      line = w;
    }
  }
  return count;
}

/** Two runs of words set one after the other on the same lines, the second at `scale` times the first's size. */
function join(first: Measured, second: Measured, scale = 1): Measured {
  return { words: [...first.words, ...second.words.map((w) => w * scale)], space: first.space };
}

const sum = (blocks: readonly Block[]) => blocks.reduce((total, block) => total + block.height, 0);

/**
 * Stacks blocks on a front page of height `room` as react-pdf paginates them (a paragraph row
 * splits between lines, keeping two lines on each side; any other row moves whole) and returns
 * the height of what goes over to the back.
 */
function paginate(blocks: readonly Block[], room: number): number {
  let y = 0;
  for (const [i, block] of blocks.entries()) {
    if (y + block.height <= room) {
      y += block.height;
      continue;
    }
    const after = sum(blocks.slice(i + 1));
    if (!block.columns) return block.height + after;
    // Each column keeps the lines that fit, leaving at least WIDOWS to go over and moving whole
    // if it cannot keep ORPHANS; the row's part on the back is its tallest remainder.
    const over = block.columns.map((c) => {
      let kept = Math.min(c.lines, Math.floor((room - y - c.pad) / c.line));
      if (kept < c.lines && c.lines - kept < WIDOWS) kept = c.lines - WIDOWS;
      return kept < ORPHANS && kept < c.lines ? c.pad + c.lines * c.line : (c.lines - kept) * c.line;
    });
    const text = Math.max(...block.columns.map((c) => c.pad + c.lines * c.line));
    return Math.max(...over) + (block.height - text) + after;
  }
  return 0;
}
