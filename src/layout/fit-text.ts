import type { StackName } from '../fonts/registry.js';
import type { Typeset } from '../fonts/typeset.js';

/** A rectangle on the page in points, origin at the page's top left (react-pdf's). */
export interface Box {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** How a text fits its box: one size, one or two lines. */
export interface Fit {
  /** Font size (pt). */
  size: number;
  /** The lines, each set without wrapping. */
  lines: string[];
}

/** What fitText needs to know about the text and its box. */
export interface FitSpec {
  /** The stack the text is set in. */
  stack: StackName;
  /** Bold face. */
  bold?: boolean;
  /** The largest size (pt). */
  max: number;
  /** Below this size a second line is preferred to shrinking further. */
  floor: number;
  /** Line height as a ratio of the size. */
  leading: number;
}

/**
 * Lines are fitted into this share of the box width: react-pdf lays out with the same fontkit
 * fonts, but rounds differently, and a line that comes out a hair too long would wrap on its own.
 */
const WIDTH_SLACK = 0.97;
/** And into this share of its height: react-pdf drops a line that a fixed-height box holds only to the last decimal. */
const HEIGHT_SLACK = 0.96;
/** The smallest size anything is printed at: below 6 pt a name cannot be read, so a word is broken rather than shrunk further. */
export const LEGIBLE = 6;
/** The longest line a reader takes in at a glance (characters, spaces counted): a longer text goes on two lines. */
export const MEASURE = 75;

/**
 * Fits a text to a box, measuring with the fonts react-pdf embeds: one line at the largest size
 * that fits, down to `floor`; below it (or when the line would run past MEASURE characters), two
 * balanced lines broken at a space, at the size those allow; whichever is larger wins. A name is
 * never hyphenated nor broken inside a word (a Korean one least of all): a text without a space
 * shrinks on one line, and is broken between characters only as a last resort, when one line
 * would fall below LEGIBLE. Never wider or taller than the box.
 */
export function fitText(typeset: Typeset, text: string, box: Pick<Box, 'width' | 'height'>, spec: FitSpec): Fit {
  const width = box.width * WIDTH_SLACK;
  const unit = (line: string) => typeset.measure(line, spec.stack, 1, spec.bold);
  const sizeFor = (lines: string[]) =>
    Math.min(spec.max, (box.height * HEIGHT_SLACK) / (lines.length * spec.leading), width / Math.max(...lines.map(unit), 1e-6));
  const one: Fit = { size: sizeFor([text]), lines: [text] };
  const long = [...text].length > MEASURE;
  let best = one;
  if (one.size < spec.floor || long) {
    const words = text.split(/\s+/).filter(Boolean);
    const split = words.length > 1 ? balancedSplit(words, ' ', unit) : undefined;
    if (split) {
      const two: Fit = { size: sizeFor(split), lines: split };
      // Past the measure two lines win unless they would be illegible and one line is not.
      if (two.size > one.size || (long && (two.size >= LEGIBLE || one.size < LEGIBLE))) best = two;
    }
  }
  if (best.size < LEGIBLE) {
    const graphemes = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((part) => part.segment);
    const split = balancedSplit(graphemes, '', unit);
    const two = split && { size: sizeFor(split), lines: split };
    if (two && two.size > best.size) best = two;
  }
  return best;
}

/**
 * The two-line split of `parts` (joined by `glue`) with the narrower longer line. The first line
 * only grows and the second only shrinks as the break moves right, so the best break is beside
 * where they cross: found by halving, a few measurements instead of one per break (a long field
 * made this quadratic, issue 10). Ties go to the earlier break.
 */
function balancedSplit(parts: readonly string[], glue: string, unit: (line: string) => number): [string, string] | undefined {
  if (parts.length < 2) return undefined;
  const at = (i: number): [string, string] => [parts.slice(0, i).join(glue), parts.slice(i).join(glue)];
  const widths = (i: number) => at(i).map(unit) as [number, number];
  // The first break whose first line is at least as wide as its second (or the last break).
  let [low, high] = [1, parts.length - 1];
  while (low < high) {
    const mid = (low + high) >> 1;
    const [first, second] = widths(mid);
    if (first >= second) high = mid;
    else low = mid + 1;
  }
  const widest = (i: number) => Math.max(...widths(i));
  return low > 1 && widest(low - 1) <= widest(low) ? at(low - 1) : at(low);
}
