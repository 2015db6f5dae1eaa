/**
 * Lengths with their unit, as users write them on the command line and in manifests.
 */
import { PressError } from '../error.js';

/** Points per unit: PDF's user space is 1/72 in. */
const UNITS: Record<string, number> = { pt: 1, mm: 72 / 25.4, cm: 72 / 2.54, in: 72 };

/** Reads a length such as `3mm`, `0.125in`, `8.5pt` or `0` (a bare number is points) and returns points. */
export function parseLength(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(mm|cm|in|pt)?\s*$/.exec(text);
  if (!match) {
    throw new PressError('BAD_OPTION', `${option}: "${text}" is not a length; allowed: a number with mm, cm, in or pt (e.g. 3mm, 0.125in, 9pt) or 0`);
  }
  return Number(match[1]) * UNITS[match[2] ?? 'pt']!;
}
