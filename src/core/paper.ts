/**
 * Every sheet the press prints on, in one place: office paper (the declaration, signing sheets,
 * certificates, handouts, and the halves a two-up handout is made at) and poster trims with the
 * bleed a print shop expects around each.
 */
import { inch, mm, parseLength, type LengthLimits, type PageSize } from './units.js';

/** Office paper, portrait. A5 and half-letter are the halves of A4 and Letter (two-up handouts). */
export const PAPER = {
  a4: { width: mm(210), height: mm(297), label: 'A4' },
  letter: { width: inch(8.5), height: inch(11), label: 'Letter' },
  a3: { width: mm(297), height: mm(420), label: 'A3' },
  a5: { width: mm(148), height: mm(210), label: 'A5' },
  'half-letter': { width: inch(5.5), height: inch(8.5), label: 'half-letter' },
} as const satisfies Record<string, PageSize & { label: string }>;

/** An office paper name. */
export type PaperName = keyof typeof PAPER;

/** The width of A4 in pt: the page every product's proportions were first drawn on. */
export const A4_WIDTH = PAPER.a4.width;

/** A poster trim size (portrait) and the measuring system a print shop quotes it in. */
export interface PosterSize extends PageSize {
  /** iso: A-series, bleed in mm; us: inch sizes, bleed in inches. */
  system: 'iso' | 'us';
  /** How a person names it: "A2 (420 x 594 mm)". */
  label: string;
}

/** Every poster size the press makes. */
export const POSTER_SIZES = {
  a3: { width: PAPER.a3.width, height: PAPER.a3.height, system: 'iso', label: 'A3 (297 x 420 mm)' },
  a2: { width: mm(420), height: mm(594), system: 'iso', label: 'A2 (420 x 594 mm)' },
  a1: { width: mm(594), height: mm(841), system: 'iso', label: 'A1 (594 x 841 mm)' },
  tabloid: { width: inch(11), height: inch(17), system: 'us', label: 'Tabloid (11 x 17 in)' },
  '18x24': { width: inch(18), height: inch(24), system: 'us', label: '18 x 24 in' },
  '24x36': { width: inch(24), height: inch(36), system: 'us', label: '24 x 36 in' },
} as const satisfies Record<string, PosterSize>;

/** A poster size's name. */
export type PosterSizeName = keyof typeof POSTER_SIZES;

/** The poster size names, in the order --help lists them. */
export const POSTER_SIZE_NAMES = Object.keys(POSTER_SIZES) as PosterSizeName[];

/** The bleed a print shop expects around a size: 3 mm (ISO) or 0.125 in (US), in pt. */
export function defaultBleed(size: PosterSizeName): number {
  return POSTER_SIZES[size].system === 'iso' ? mm(3) : inch(0.125);
}

/** The largest bleed accepted: half an inch is more than any shop asks for. */
export const MAX_BLEED_PT = inch(0.5);

/** How far a bleed may go. */
export const BLEED_LIMITS: LengthLimits = { max: MAX_BLEED_PT, maxText: '12.7mm (0.5in)' };

/** Parses a poster's `--bleed` (`3mm`, `0.125in`, `9pt`, `0`) into points, at most MAX_BLEED_PT. */
export function parseBleed(value: string | number, option = '--bleed'): number {
  return parseLength(value, option, BLEED_LIMITS);
}

/** Which way a sheet lies. */
export type Orientation = 'landscape' | 'portrait';

/** A page size turned to an orientation. */
export function orient(paper: PageSize, orientation: Orientation): PageSize {
  const long = Math.max(paper.width, paper.height);
  const short = Math.min(paper.width, paper.height);
  return orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

/**
 * A margin an office printer can print: most laser and inkjet printers leave 4–6 mm unprinted,
 * so keep text well inside it, a little more on larger sheets.
 */
export function officeMargin(size: PageSize): number {
  return Math.max(mm(16), Math.min(size.width, size.height) * 0.085);
}
