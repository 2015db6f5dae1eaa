/**
 * Poster trim sizes, their default bleed, and the --bleed option's parser. Next to paper.ts (office
 * paper) because a poster is ordered by its trim, and the bleed a print shop expects depends on the
 * size's system: 3 mm around ISO sizes, 1/8 in around US ones.
 */
import { PressError } from './errors.js';
import { inch, mm, type PageSize } from './paper.js';

/** A poster trim size (portrait) and the measuring system a print shop quotes it in. */
export interface PosterSize extends PageSize {
  /** iso: A-series, bleed in mm; us: inch sizes, bleed in inches. */
  system: 'iso' | 'us';
  /** How a person names it: "A2 (420 x 594 mm)". */
  label: string;
}

/** Every poster size the press makes. */
export const POSTER_SIZES = {
  a3: { width: mm(297), height: mm(420), system: 'iso', label: 'A3 (297 x 420 mm)' },
  a2: { width: mm(420), height: mm(594), system: 'iso', label: 'A2 (420 x 594 mm)' },
  a1: { width: mm(594), height: mm(841), system: 'iso', label: 'A1 (594 x 841 mm)' },
  tabloid: { width: inch(11), height: inch(17), system: 'us', label: 'Tabloid (11 x 17 in)' },
  '18x24': { width: inch(18), height: inch(24), system: 'us', label: '18 x 24 in' },
  '24x36': { width: inch(24), height: inch(36), system: 'us', label: '24 x 36 in' },
} as const satisfies Record<string, PosterSize>;

/** A poster size's name. */
export type PosterSizeName = keyof typeof POSTER_SIZES;

/** The poster size names, for the CLI's choices. */
export const POSTER_SIZE_NAMES = Object.keys(POSTER_SIZES) as PosterSizeName[];

/** The bleed a print shop expects around a size: 3 mm (ISO) or 0.125 in (US), in pt. */
export function defaultBleed(size: PosterSizeName): number {
  return POSTER_SIZES[size].system === 'iso' ? mm(3) : inch(0.125);
}

/** The largest bleed accepted: half an inch is more than any shop asks for. */
export const MAX_BLEED_PT = inch(0.5);

const UNITS: Record<string, (value: number) => number> = { mm, in: inch, pt: (value) => value };
const ALLOWED_BLEED = 'a length in mm, in or pt from 0 to 12.7mm (0.5in), e.g. 3mm, 0.125in, 0';

/**
 * Parses a bleed such as `3mm`, `0.125in`, `9pt` or `0` into points; anything else (`5cm`, `-1mm`,
 * `3`) is refused with what is allowed.
 */
export function parseBleed(value: string | number): number {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(mm|in|pt)?$/i.exec(text);
  const amount = match ? Number(match[1]) : NaN;
  const unit = match?.[2]?.toLowerCase();
  // A bare number is a unit mistake waiting to happen, except 0, which is 0 in every unit.
  if (!match || (unit === undefined && amount !== 0)) {
    throw new PressError('BAD_OPTION', `--bleed: "${text}" is not allowed; allowed: ${ALLOWED_BLEED}`);
  }
  const points = unit ? UNITS[unit]!(amount) : 0;
  if (points > MAX_BLEED_PT + 1e-9) {
    throw new PressError('BAD_OPTION', `--bleed: "${text}" is too large; allowed: ${ALLOWED_BLEED}`);
  }
  return points;
}
