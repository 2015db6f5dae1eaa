/**
 * The composition of a poster, derived from its trim: every type size and space is a fraction of the
 * trim's width (the short side, the one a reader's distance scales with), measured against the very
 * fonts react-pdf embeds, and the height left over is given to air. No table per size: a squat
 * 18 x 24 in and a tall tabloid get the same proportions of type and different spacing.
 */
import type { StackName } from '../fonts/registry.js';
import { mm, type PageSize } from '../core/units.js';
import type { Declaration, Labels } from '../input/schema.js';
import type { Typeset } from '../fonts/typeset.js';
import { balanceLines, bindRunt } from './line-breaking.js';

/** Which languages a poster prints: both (Korean leading), or one. */
export type PosterLang = 'both' | 'ko' | 'en';

/** The poster languages, for the CLI's choices. */
export const POSTER_LANGS: readonly PosterLang[] = ['both', 'ko', 'en'];

/** The words a poster prints, already chosen from data/ (poster.json, declaration.json, labels.json). */
export interface PosterWords {
  /** The event line, or null for none. */
  event: { en: string; ko: string } | null;
  /** The caption under the QR code. */
  caption: { en: string; ko: string };
}

/** A block of text at one size in one stack. */
export interface Setting {
  /** Font size, pt. */
  size: number;
  /** Line height as a ratio of the size. */
  leading: number;
  /** The font stack. */
  stack: StackName;
  /** Bold face. */
  bold: boolean;
}

/** The poster's words as the template sets them, each display text as its lines. */
export interface PosterText {
  /** The title in the first language, as balanced lines. */
  title: string[];
  /** The title in the second language, as balanced lines (empty on a one-language poster). */
  titleSecond: string[];
  /** The slogan in the first language, as balanced lines. */
  slogan: string[];
  /** The slogan in the second language, as balanced lines (empty on a one-language poster). */
  sloganSecond: string[];
  /** The event line in each language printed, as balanced lines (empty without an event). */
  event: string[][];
  /** The QR caption in each language printed, as balanced lines. */
  caption: string[][];
  /** Each directive's lines in the first and (with both languages) the second language, its last words bound against a runt. */
  directives: { first: string[]; second: string[] | null }[];
}

/** Everything the Poster template needs to place: sizes, spaces, words and the QR code's box. */
export interface PosterComposition {
  /** The page: trim + 2 x bleed (+ 2 x slug with marks), pt. */
  page: PageSize;
  /** The trim's top-left corner on the page (react-pdf's origin, top left), pt. */
  trimOrigin: { x: number; y: number };
  /** The safe margin inside the trim that no text crosses, pt. */
  margin: number;
  /** The text column's width (trim width - 2 x margin), pt. */
  column: number;
  /** The height of the coloured panel that holds the mottos, from the trim's top, pt. */
  panel: number;
  /** Space above and below the mottos inside the panel (below the kicker), pt. */
  panelPad: { top: number; bottom: number };
  /** Space between the blocks under the panel: above the title, after it, after the directives. */
  gaps: { top: number; title: number; directives: number };
  /** Space between two mottos. */
  mottoGap: number;
  /** Space between two directive rows. */
  directiveGap: number;
  /** The gutter between the two directive columns. */
  gutter: number;
  /** The first directive column's share of the column less the gutter (0.5: two equal columns). */
  share: number;
  /** Type settings. */
  type: {
    kicker: Setting;
    motto: Setting;
    mottoSecond: Setting;
    title: Setting;
    titleSecond: Setting;
    directiveKo: Setting;
    directiveEn: Setting;
    numeral: Setting;
    slogan: Setting;
    sloganSecond: Setting;
    event: Setting;
    caption: Setting;
  };
  /** The words as set, each broken into its lines: display texts balanced, directives filled, their last words bound against a runt. */
  text: PosterText;
  /** How many directives stand in the left column of a one-language poster (the rest in the right); 7 with both languages (one row each). */
  split: number;
  /** The QR code's box, including its quiet zone, on the page (top-left origin), pt. */
  qr: { x: number; y: number; side: number };
  /** How much the ideal sizes had to shrink to fit the height (1: not at all). */
  fit: number;
}

/** What composePoster needs. */
export interface ComposeInput {
  /** Trim size, pt. */
  trim: PageSize;
  /** Bleed on every side, pt. */
  bleed: number;
  /** Slug beyond the bleed for crop marks, pt (0 without marks). */
  slug: number;
  lang: PosterLang;
  declaration: Declaration;
  labels: Labels;
  words: PosterWords;
  typeset: Typeset;
}

// Proportions of the trim width. Tuned by looking at A3 to 24 x 36 in rendered side by side.
const MARGIN = 0.07;
const KICKER = 0.0135;
const MOTTO_FILL = { both: 0.84, single: 0.92 };
const SECOND_MOTTO = 0.46; // English under Korean, as a share of the Korean size
const TITLE = 0.029;
// The directives' least size, for the smaller of the two languages: 16 pt on A2 (text a reader
// takes in from a couple of metres), in proportion to the trim's width on the other sizes. The
// directives never shrink below it; the mottos give up the height they need.
const DIRECTIVE_FLOOR = 16 / mm(420);
const DIRECTIVE = { both: DIRECTIVE_FLOOR, single: 0.0165 };
const SLOGAN = 0.025;
const EVENT = 0.0128;
const QR_SIDE = 0.125;
// The shares of the width the first of two side-by-side directive columns may take.
const SHARES = [0.42, 0.44, 0.46, 0.48, 0.52, 0.54, 0.56, 0.58];
// The least space above and below the mottos in the panel, as a share of the margin.
const PANEL_PAD = 0.65;
// Air: the least share of the height left to spaces, and the share kept when text grows into it.
const MIN_AIR = 0.04;
const AIR = 0.08;
const MAX_GROW = 1.35;
// How far the mottos may shrink (the directives never do), and in what steps sizes are tried.
const MIN_FIT = 0.3;
const FIT_STEP = 0.02;
// Korean sits visually larger than Latin at one size, and wants more leading.
const KO_SIZE = 0.94;
const LEADING = { ko: 1.62, en: 1.36, display: 1.12 };

/** The first language a poster leads with, and the second (null for a one-language poster). */
export function posterLangs(lang: PosterLang): { first: 'en' | 'ko'; second: 'en' | 'ko' | null } {
  return lang === 'both' ? { first: 'ko', second: 'en' } : { first: lang, second: null };
}

/** The least size of a poster's directives on a trim: 16 pt on A2, in proportion to the width on the others. */
export function directiveFloor(trim: PageSize): number {
  return trim.width * DIRECTIVE_FLOOR;
}

/**
 * Breaks `text` into lines no wider than `width`, greedily, at ASCII spaces only (words bound by
 * a no-break space stay together). The poster sets each line as its own Text, so react-pdf never
 * breaks a line again: the heights composed here are the heights printed.
 */
export function breakLines(typeset: Typeset, text: string, setting: Setting, width: number): string[] {
  const measure = (value: string) => typeset.measure(value, setting.stack, setting.size, setting.bold);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const set = (size: number, stack: StackName, bold: boolean, leading: number = LEADING.display): Setting => ({ size, stack, bold, leading });

/**
 * A Typeset that measures a text from its words: each word laid out once at 1 pt and scaled
 * (advance widths are linear in the size), each space with the kerning of the letters on either
 * side of it (the last of one word, the first of the next). Composing tries dozens of sizes and
 * column widths, and the line breakers measure every run of words they consider; laying each out
 * in fontkit afresh costs about a millisecond, and splitting a text into its words again, each
 * time, cost a poster a tenth of a second. The caches live for one composition, bounded by the
 * poster's words, the letter pairs around its spaces and the runs of words its breakers try (a
 * few thousand).
 */
export function memoTypeset(typeset: Typeset): Typeset {
  // Per stack and weight: the widths at 1 pt of single words and letter pairs (units), and of
  // whole texts (texts: the breakers measure the same runs of words at every size tried).
  const caches = new Map<string, { units: Map<string, number>; texts: Map<string, number> }>();
  const cacheOf = (stack: StackName, bold: boolean) => {
    const name = bold ? `${stack}+` : stack;
    let cache = caches.get(name);
    if (!cache) caches.set(name, (cache = { units: new Map(), texts: new Map() }));
    return cache;
  };
  // A text's width at 1 pt from its words, each word and letter pair laid out once.
  const fromWords = (units: Map<string, number>, text: string, stack: StackName, bold: boolean) => {
    const unit = (value: string) => {
      let width = units.get(value);
      if (width === undefined) {
        width = typeset.measure(value, stack, 1, bold);
        units.set(value, width);
      }
      return width;
    };
    const words = text.split(' ');
    // Runs of spaces, or spaces at an end, are measured as they stand.
    if (words.length === 1 || words.includes('')) return unit(text);
    let width = 0;
    for (let i = 0; i < words.length; i++) {
      width += unit(words[i]!);
      if (i === 0) continue;
      const before = lastChar(words[i - 1]!);
      const after = firstChar(words[i]!);
      width += unit(`${before} ${after}`) - unit(before) - unit(after);
    }
    return width;
  };
  return {
    ascent: (text, stack, size) => typeset.ascent(text, stack, size),
    measure(text, stack, size, bold = false) {
      const { units, texts } = cacheOf(stack, bold);
      let width = texts.get(text);
      if (width === undefined) texts.set(text, (width = fromWords(units, text, stack, bold)));
      return width * size;
    },
  };
}

/** A text's first character, a whole code point (as `[...text][0]`). */
function firstChar(text: string): string {
  return String.fromCodePoint(text.codePointAt(0)!);
}

/** A text's last character, a whole code point (as `[...text].at(-1)`). */
function lastChar(text: string): string {
  const low = text.charCodeAt(text.length - 1);
  const high = text.charCodeAt(text.length - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? text.slice(-2) : text.slice(-1);
}

// A display text's lines are balanced a little inside their box, so that react-pdf, measuring on
// its own, never breaks a balanced line a second time.
const DISPLAY_SLACK = 1;

/** Composes a poster for its trim: sizes from the width, spaces from the height left over. */
export function composePoster(input: ComposeInput): PosterComposition {
  const { trim, bleed, slug, lang, declaration: d, words } = input;
  const typeset = memoTypeset(input.typeset);
  const W = trim.width;
  const H = trim.height;
  const margin = W * MARGIN;
  const column = W - 2 * margin;
  const { first, second } = posterLangs(lang);
  const single = second === null;
  const langs = second ? [first, second] : [first];
  const gutter = W * 0.04;
  const qrSide = W * QR_SIDE;
  const bodyStack = (l: 'en' | 'ko'): StackName => (l === 'ko' ? 'myeongjo' : 'serif');
  const floor = directiveFloor(trim);

  // The mottos fill a share of the column: measured at 1 pt, scaled to the share.
  const widest = (texts: string[], stack: StackName, bold: boolean) => Math.max(...texts.map((t) => typeset.measure(t, stack, 1, bold)));
  const mottoIdeal = (column * (single ? MOTTO_FILL.single : MOTTO_FILL.both)) / widest(d.mottos[first], 'sans', true);
  const balanced = (text: string, s: Setting, width: number) => balanceLines(typeset, text, s, width - DISPLAY_SLACK);
  const linesHeight = (lines: readonly string[], s: Setting) => lines.length * s.size * s.leading;
  // Each directive's lines by language, size, measure and text: they do not depend on the
  // mottos' fit, and composing tries up to a dozen fits at one size, each setting every directive
  // at nine shares of the column (the directives were two thirds of composing a poster).
  const directiveLines = new Map<string, string[]>();

  const compose = (fit: number, grow = 1): PosterComposition & { spare: number } => {
    const motto = set(mottoIdeal * fit, 'sans', true, 1.08);
    const mottoSecond = set(second ? Math.min(motto.size * SECOND_MOTTO, (column * 0.9) / widest(d.mottos[second], 'sans', false)) : 0, 'sans', false, 1.2);
    const kicker = set(W * KICKER, 'sans', true, 1.2);
    const titleSize = W * TITLE * Math.sqrt(fit * grow);
    const title = set(first === 'ko' ? titleSize * KO_SIZE : titleSize, 'sans', true, first === 'ko' ? 1.3 : 1.15);
    const titleSecond = set(titleSize * 0.62, 'sans', false, 1.25);
    // The directives keep their floor in the smaller of the two languages (Korean is set at
    // KO_SIZE of the English, optically as large): with both, the English stands a little above it.
    const dirSize = Math.max(W * (single ? DIRECTIVE.single : DIRECTIVE.both), first === 'ko' || second === 'ko' ? floor / KO_SIZE : floor) * grow;
    const directiveKo = set(dirSize * KO_SIZE, bodyStack('ko'), false, LEADING.ko);
    const directiveEn = set(dirSize, bodyStack('en'), false, LEADING.en);
    const numeral = set(dirSize, 'sans', true, LEADING.en);
    const slogan = set(W * SLOGAN * (first === 'ko' ? KO_SIZE : 1), 'sans', true, 1.25);
    const sloganSecond = set(W * SLOGAN * 0.6, 'sans', false, 1.25);
    const event = set(W * EVENT, 'sans', false, 1.35);
    const caption = set(Math.max(W * 0.0105, 7), 'sans', false, 1.25);

    // The panel: kicker, then the mottos.
    const mottoGap = motto.size * (second ? 0.42 : 0.3);
    const mottoBlock = 3 * (motto.size * motto.leading + (second ? mottoSecond.size * mottoSecond.leading : 0)) + 2 * mottoGap;
    const kickerBlock = kicker.size * kicker.leading;
    const panelMin = margin + kickerBlock + 2 * margin * PANEL_PAD + mottoBlock;

    // Under the panel: title, directives, footer (slogan, event | QR).
    const footWidth = column - qrSide - gutter;
    const text: PosterText = {
      title: balanced(d.title[first], title, column),
      titleSecond: second ? balanced(d.title[second], titleSecond, column) : [],
      slogan: balanced(d.slogan[first], slogan, footWidth),
      sloganSecond: second ? balanced(d.slogan[second], sloganSecond, footWidth) : [],
      event: words.event ? langs.map((l) => balanced(words.event![l], event, footWidth)) : [],
      caption: langs.map((l) => balanced(words.caption[l], caption, qrSide)),
      directives: [],
    };
    const titleBlock = linesHeight(text.title, title) + (second ? titleSize * 0.25 + linesHeight(text.titleSecond, titleSecond) : 0);
    const numberWidth = numeral.size * 1.7;
    const directiveGap = dirSize * (single ? 0.75 : 0.7);
    const settingOf = (l: 'en' | 'ko') => (l === 'ko' ? directiveKo : directiveEn);
    // Each directive's text beside its numeral, broken into lines here. A short last word is
    // bound to the one before, when the two fit the measure together.
    const setDirective = (l: 'en' | 'ko', value: string, width: number) => {
      const s = settingOf(l);
      const key = `${l} ${s.size} ${width}\n${value}`;
      let lines = directiveLines.get(key);
      if (!lines) {
        const fits = (words: string) => typeset.measure(words, s.stack, s.size) <= width - DISPLAY_SLACK;
        directiveLines.set(key, (lines = breakLines(typeset, bindRunt(value, fits), s, width - DISPLAY_SLACK)));
      }
      return lines;
    };
    const heightOf = (lines: readonly string[], l: 'en' | 'ko') => linesHeight(lines, settingOf(l));
    const textWidth = (share: number) => (column - gutter) * share - numberWidth;
    let directives: number;
    let split = d.directives.length;
    let share = 0.5;
    if (second) {
      // Side by side, a row per directive: the column that needs more lines (the English, as a
      // rule) gets the wider share, within bounds, when that makes the rows shorter.
      const rowsAt = (s: number) => {
        const [a, b] = [textWidth(s), textWidth(1 - s)];
        const set = d.directives.map((dir) => ({ first: setDirective(first, dir[first], a), second: setDirective(second, dir[second], b) }));
        const total = set.reduce((sum, dir) => sum + Math.max(heightOf(dir.first, first), heightOf(dir.second, second)) + directiveGap, -directiveGap);
        return { set, total };
      };
      let best = { share: 0.5, ...rowsAt(0.5) };
      for (const s of SHARES) {
        const candidate = { share: s, ...rowsAt(s) };
        if (candidate.total < best.total - 0.5 || (candidate.total <= best.total + 0.5 && Math.abs(s - 0.5) < Math.abs(best.share - 0.5))) best = candidate;
      }
      share = best.share;
      text.directives = best.set;
      directives = best.total;
    } else {
      // One language stands in two columns, split where they come out most even: the shorter
      // block, then the nearer ends.
      const width = textWidth(0.5);
      text.directives = d.directives.map((dir) => ({ first: setDirective(first, dir[first], width), second: null }));
      const heights = text.directives.map((dir) => heightOf(dir.first, first));
      const columnHeight = (from: number, to: number) => heights.slice(from, to).reduce((sum, h) => sum + h + directiveGap, -directiveGap);
      let best = { split: 4, tallest: Infinity, difference: Infinity };
      for (let k = 1; k < heights.length; k++) {
        const left = columnHeight(0, k);
        const right = columnHeight(k, heights.length);
        const tallest = Math.max(left, right);
        const difference = Math.abs(left - right);
        if (tallest < best.tallest - 0.5 || (tallest <= best.tallest + 0.5 && difference < best.difference - 0.5)) best = { split: k, tallest, difference };
      }
      split = best.split;
      directives = best.tallest;
    }
    const sloganBlock =
      linesHeight(text.slogan, slogan) +
      linesHeight(text.sloganSecond, sloganSecond) +
      (words.event ? event.size * 0.6 + text.event.reduce((sum, lines) => sum + linesHeight(lines, event), 0) : 0);
    const captionBlock = caption.size * 0.5 + text.caption.reduce((sum, lines) => sum + linesHeight(lines, caption), 0);
    const footer = Math.max(sloganBlock, qrSide + captionBlock);
    const lowerMin = margin * 0.8 + titleBlock + margin * 0.6 + directives + margin * 0.7 + footer + margin;

    const spare = H - panelMin - lowerMin;
    const extra = Math.max(0, spare);
    // Air goes half to the panel (around the mottos), half to the gaps below it.
    const panel = panelMin + extra * 0.5;
    const below = extra * 0.5;
    const edge = slug + bleed;
    return {
      page: { width: W + 2 * edge, height: H + 2 * edge },
      trimOrigin: { x: edge, y: edge },
      margin,
      column,
      panel,
      panelPad: { top: margin * PANEL_PAD + extra * 0.25, bottom: margin * PANEL_PAD + extra * 0.25 },
      gaps: { top: margin * 0.8 + below * 0.3, title: margin * 0.6 + below * 0.3, directives: margin * 0.7 + below * 0.4 },
      mottoGap,
      directiveGap,
      gutter,
      share,
      type: { kicker, motto, mottoSecond, title, titleSecond, directiveKo, directiveEn, numeral, slogan, sloganSecond, event, caption },
      text,
      split,
      // The QR code sits at the bottom right of the safe area, its caption under it.
      qr: { x: edge + W - margin - qrSide, y: edge + H - margin - captionBlock - qrSide, side: qrSide },
      fit,
      spare,
    };
  };

  // Shrink the mottos (and, more gently, the title) only as far as the height needs: a squat
  // poster keeps its proportions and loses air first, and the directives keep their size. A
  // tall one gives its extra height to the directives' size, up to a third larger, keeping a
  // share of the height as air.
  let result = compose(1);
  for (let step = 1; result.spare < H * MIN_AIR && 1 - step * FIT_STEP >= MIN_FIT - 1e-9; step++) result = compose(1 - step * FIT_STEP);
  for (let step = 1; result.fit === 1 && 1 + step * FIT_STEP <= MAX_GROW + 1e-9; step++) {
    const larger = compose(1, 1 + step * FIT_STEP);
    if (larger.spare < H * AIR) break;
    result = larger;
  }
  const { spare: _spare, ...composition } = result;
  return composition;
}
