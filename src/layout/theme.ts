import { STACKS, type StackName } from '../fonts/registry.js';
import { A4_WIDTH } from '../core/paper.js';
import { type PageSize } from '../core/units.js';
import type { Typeset } from '../fonts/typeset.js';

/** Colours: near-black ink, a deep red for mottos and rules, a grey for labels. */
export const COLOR = { ink: '#1b1b1b', accent: '#8a1c2b', muted: '#5c5c5c', rule: '#b9b3aa' } as const;

/** Hangul sits visually larger than Latin at the same size: set it a little smaller. */
const KO_SIZE = 0.94;
/** Hangul wants more air between lines than Latin (1.6–1.8). */
const KO_LEADING = 1.72;
const EN_LEADING = 1.42;

/** The text styles of one language at one base size; lineHeight always travels with its fontSize. */
export interface TextStyles {
  /** Body paragraphs. */
  body: TextStyle;
  /** Body size, bold. */
  strong: TextStyle;
  /** The title. */
  title: TextStyle;
  /** Small print: labels, roles, footers. */
  small: TextStyle;
}

/**
 * A react-pdf text style. lineHeight is a ratio that react-pdf multiplies by the fontSize of the
 * same style object, not the inherited one: so every style sets both, and spreads keep them together.
 */
export type TextStyle = {
  fontFamily: string[];
  fontSize: number;
  lineHeight: number;
  fontWeight?: 400 | 700;
  fontStyle?: 'normal' | 'italic';
  color?: string;
  textAlign?: 'left' | 'justify' | 'center' | 'right';
};

const serif = [...STACKS.serif];
const myeongjo = [...STACKS.myeongjo];

function styleAt(size: number, leading: number, extra: Partial<TextStyle> = {}, family: string[] = serif): TextStyle {
  return { fontFamily: family, fontSize: size, lineHeight: leading, color: COLOR.ink, ...extra };
}

/** English and Korean text styles for a base (English body) size in points. */
export function textStyles(base: number): { en: TextStyles; ko: TextStyles } {
  const ko = base * KO_SIZE;
  return {
    en: {
      body: styleAt(base, EN_LEADING),
      strong: styleAt(base, EN_LEADING, { fontWeight: 700 }),
      title: styleAt(base * 1.75, 1.2, { fontWeight: 700 }),
      small: styleAt(base * 0.78, EN_LEADING, { color: COLOR.muted }),
    },
    ko: {
      body: styleAt(ko, KO_LEADING, {}, myeongjo),
      strong: styleAt(ko, KO_LEADING, { fontWeight: 700 }, myeongjo),
      title: styleAt(base * 1.75 * KO_SIZE, 1.35, { fontWeight: 700 }, myeongjo),
      small: styleAt(base * 0.78 * KO_SIZE, KO_LEADING, { color: COLOR.muted }, myeongjo),
    },
  };
}

/** The stack a style is set in. */
export function stackOf(style: TextStyle): StackName {
  return style.fontFamily[0] === STACKS.myeongjo[0] ? 'myeongjo' : 'serif';
}

/**
 * The widest a single column of body text is set (the stacked, English and Korean layouts), in ems
 * of the English body size: about 64 characters of English a line on average (0.48 em each) and 42
 * of Korean, never over 75. The page's full width ran English lines to 105–113 characters on Letter.
 */
const MEASURE_EMS = 31;

/** The width (pt) of a single column of body text set at `base` pt, or `available` when that is narrower. */
export function textMeasure(base: number, available = Infinity): number {
  return Math.min(available, base * MEASURE_EMS);
}

/** How a style is set, as balanceLines and fit checks measure it. */
export function settingOf(style: TextStyle): { stack: StackName; size: number; bold: boolean } {
  return { stack: stackOf(style), size: style.fontSize, bold: style.fontWeight === 700 };
}

/** The body size for a page: composed from the page width, so A3 is set larger than A4. */
export function baseSize(page: PageSize): number {
  return Math.round((page.width / A4_WIDTH) * 9.4 * 10) / 10;
}

/**
 * The top padding that puts the first baseline of `text` in `style` at `baseline` points below the
 * box top: react-pdf puts a line's baseline at its top plus the largest ascent among its runs.
 */
export function padToBaseline(typeset: Typeset, text: string, style: TextStyle, baseline: number): number {
  return Math.max(0, baseline - typeset.ascent(text, stackOf(style), style.fontSize));
}
