/**
 * The composition of a poster, derived from its trim: every type size and space is a fraction of the
 * trim's width (the short side, the one a reader's distance scales with), measured against the very
 * fonts react-pdf embeds, and the height left over is given to air. No table per size: a squat
 * 18 x 24 in and a tall tabloid get the same proportions of type and different spacing.
 */
import type { StackName } from '../fonts/registry.js';
import { type PageSize } from '../core/units.js';
import type { Declaration, Labels } from '../input/schema.js';
import type { Typeset } from '../fonts/typeset.js';

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

/** Everything the Poster template needs to place: sizes, spaces and the QR code's box. */
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
const DIRECTIVE = { both: 0.0132, single: 0.0165 };
const SLOGAN = 0.025;
const EVENT = 0.0128;
const QR_SIDE = 0.125;
// Air: the least share of the height left to spaces, and the share kept when text grows into it.
const MIN_AIR = 0.04;
const AIR = 0.08;
const MAX_GROW = 1.35;
// Korean sits visually larger than Latin at one size, and wants more leading.
const KO_SIZE = 0.94;
const LEADING = { ko: 1.62, en: 1.36, display: 1.12 };

/** The first language a poster leads with, and the second (null for a one-language poster). */
export function posterLangs(lang: PosterLang): { first: 'en' | 'ko'; second: 'en' | 'ko' | null } {
  return lang === 'both' ? { first: 'ko', second: 'en' } : { first: lang, second: null };
}

/** How many lines `text` takes at `width`, breaking between words as react-pdf does (greedily). */
export function countLines(typeset: Typeset, text: string, setting: Setting, width: number): number {
  const space = typeset.measure(' ', setting.stack, setting.size, setting.bold);
  let lines = 1;
  let line = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = typeset.measure(word, setting.stack, setting.size, setting.bold);
    if (line === 0) line = w;
    else if (line + space + w <= width) line += space + w;
    else {
      lines += 1;
      line = w;
    }
  }
  return lines;
}

const height = (typeset: Typeset, text: string, s: Setting, width: number) => countLines(typeset, text, s, width) * s.size * s.leading;

const set = (size: number, stack: StackName, bold: boolean, leading: number = LEADING.display): Setting => ({ size, stack, bold, leading });

/** Composes a poster for its trim: sizes from the width, spaces from the height left over. */
export function composePoster(input: ComposeInput): PosterComposition {
  const { trim, bleed, slug, lang, declaration: d, words, typeset } = input;
  const W = trim.width;
  const H = trim.height;
  const margin = W * MARGIN;
  const column = W - 2 * margin;
  const { first, second } = posterLangs(lang);
  const single = second === null;
  const gutter = W * 0.04;
  const qrSide = W * QR_SIDE;
  const bodyStack = (l: 'en' | 'ko'): StackName => (l === 'ko' ? 'myeongjo' : 'serif');

  // The mottos fill a share of the column: measured at 1 pt, scaled to the share.
  const widest = (texts: string[], stack: StackName, bold: boolean) => Math.max(...texts.map((t) => typeset.measure(t, stack, 1, bold)));
  const mottoIdeal = (column * (single ? MOTTO_FILL.single : MOTTO_FILL.both)) / widest(d.mottos[first], 'sans', true);

  const compose = (fit: number, grow = 1): PosterComposition & { spare: number } => {
    const motto = set(mottoIdeal * fit, 'sans', true, 1.08);
    const mottoSecond = set(second ? Math.min(motto.size * SECOND_MOTTO, (column * 0.9) / widest(d.mottos[second], 'sans', false)) : 0, 'sans', false, 1.2);
    const kicker = set(W * KICKER, 'sans', true, 1.2);
    const titleSize = W * TITLE * Math.sqrt(fit * grow);
    const title = set(first === 'ko' ? titleSize * KO_SIZE : titleSize, 'sans', true, first === 'ko' ? 1.3 : 1.15);
    const titleSecond = set(titleSize * 0.62, 'sans', false, 1.25);
    const dirSize = W * (single ? DIRECTIVE.single : DIRECTIVE.both) * Math.sqrt(fit) * grow;
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
    const panelMin = margin + kickerBlock + margin * 0.9 + mottoBlock + margin * 0.9;

    // Under the panel: title, directives, footer (slogan, event | QR).
    const titleBlock = height(typeset, d.title[first], title, column) + (second ? titleSize * 0.25 + height(typeset, d.title[second], titleSecond, column) : 0);
    const numberWidth = numeral.size * 1.7;
    const directiveGap = dirSize * (single ? 0.75 : 0.7);
    const settingOf = (l: 'en' | 'ko') => (l === 'ko' ? directiveKo : directiveEn);
    let directives: number;
    if (second) {
      const half = (column - gutter) / 2 - numberWidth;
      directives = d.directives.reduce(
        (sum, dir) => sum + Math.max(height(typeset, dir[first], settingOf(first), half), height(typeset, dir[second], settingOf(second), half)) + directiveGap,
        -directiveGap,
      );
    } else {
      const half = (column - gutter) / 2 - numberWidth;
      const columnHeight = (items: Declaration['directives']) =>
        items.reduce((sum, dir) => sum + height(typeset, dir[first], settingOf(first), half) + directiveGap, -directiveGap);
      directives = Math.max(columnHeight(d.directives.slice(0, 4)), columnHeight(d.directives.slice(4)));
    }
    const textWidth = column - qrSide - gutter;
    const sloganBlock =
      height(typeset, d.slogan[first], slogan, textWidth) +
      (second ? height(typeset, d.slogan[second], sloganSecond, textWidth) : 0) +
      (words.event ? event.size * 0.6 + height(typeset, words.event[first], event, textWidth) + (second ? height(typeset, words.event[second], event, textWidth) : 0) : 0);
    const captionBlock = caption.size * 0.5 + [first, second].reduce((sum, l) => sum + (l ? height(typeset, words.caption[l], caption, qrSide) : 0), 0);
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
      panelPad: { top: margin * 0.9 + extra * 0.25, bottom: margin * 0.9 + extra * 0.25 },
      gaps: { top: margin * 0.8 + below * 0.3, title: margin * 0.6 + below * 0.3, directives: margin * 0.7 + below * 0.4 },
      mottoGap,
      directiveGap,
      gutter,
      type: { kicker, motto, mottoSecond, title, titleSecond, directiveKo, directiveEn, numeral, slogan, sloganSecond, event, caption },
      // The QR code sits at the bottom right of the safe area, its caption under it.
      qr: { x: edge + W - margin - qrSide, y: edge + H - margin - captionBlock - qrSide, side: qrSide },
      fit,
      spare,
    };
  };

  // Shrink the mottos (and, more gently, the text) only as far as the height needs: a squat
  // poster keeps its proportions and loses air first. A tall one gives its extra height to the
  // directives' size, up to a third larger, keeping a tenth of the height as air.
  let fit = 1;
  let result = compose(fit);
  while (result.spare < H * MIN_AIR && fit > 0.5) {
    fit -= 0.02;
    result = compose(fit);
  }
  for (let grow = 1.02; fit === 1 && grow <= MAX_GROW; grow += 0.02) {
    const larger = compose(fit, grow);
    if (larger.spare < H * AIR) break;
    result = larger;
  }
  const { spare: _spare, ...composition } = result;
  return composition;
}
