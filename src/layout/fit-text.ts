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

/**
 * Fits a text to a box, measuring with the fonts react-pdf embeds: one line at the largest size
 * that fits, down to `floor`; below it, two balanced lines (between words, or between characters
 * for a long unbroken name) at the size those allow; whichever is larger wins. Never wider or taller
 * than the box: when even two lines at the floor do not fit, the size goes below the floor.
 */
export function fitText(typeset: Typeset, text: string, box: Pick<Box, 'width' | 'height'>, spec: FitSpec): Fit {
  const width = box.width * WIDTH_SLACK;
  const unit = (line: string) => typeset.measure(line, spec.stack, 1, spec.bold);
  const sizeFor = (lines: string[]) =>
    Math.min(spec.max, (box.height * HEIGHT_SLACK) / (lines.length * spec.leading), width / Math.max(...lines.map(unit), 1e-6));
  const one = sizeFor([text]);
  if (one >= spec.floor) return { size: one, lines: [text] };
  const split = balancedSplit(text, unit);
  if (!split) return { size: one, lines: [text] };
  const two = sizeFor(split);
  return two > one ? { size: two, lines: split } : { size: one, lines: [text] };
}

/** The two-line split with the narrower longer line: between words, or between characters when there is one word. */
function balancedSplit(text: string, unit: (line: string) => number): [string, string] | undefined {
  const words = text.split(/\s+/);
  const candidates: [string, string][] = [];
  if (words.length > 1) {
    for (let i = 1; i < words.length; i++) candidates.push([words.slice(0, i).join(' '), words.slice(i).join(' ')]);
  } else {
    const graphemes = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((part) => part.segment);
    for (let i = 1; i < graphemes.length; i++) candidates.push([graphemes.slice(0, i).join(''), graphemes.slice(i).join('')]);
  }
  let best: [string, string] | undefined;
  let bestWidth = Infinity;
  for (const candidate of candidates) {
    const widest = Math.max(unit(candidate[0]), unit(candidate[1]));
    if (widest < bestWidth) [best, bestWidth] = [candidate, widest];
  }
  return best;
}
