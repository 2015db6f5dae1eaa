/**
 * What a check concludes, and the wording every check shares (page lists, plurals, rounding), so
 * that the four checks read alike.
 */

/** The checks, in the order they are reported. */
export type PdfCheckName = 'fonts' | 'boxes' | 'images' | 'text';

/** The outcome of one check. */
export interface PdfCheck {
  /** Which check. */
  name: PdfCheckName;
  /** True when the file passes this check (a pass may still carry notes in `detail`). */
  ok: boolean;
  /** Human lines: on a fail, one problem a line; on a pass, the summary and any notes. */
  detail: string[];
}

/** Millimetres in a PDF point. */
export const MM_PER_PT = 25.4 / 72;

/** A number with at most `digits` decimals and no trailing zeros. */
export function round(value: number, digits: number): string {
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
}

/** `1 image`, `2 images`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `page 3`, `pages 1–4, 7`. */
export function formatPages(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j;
  }
  return `${sorted.length === 1 ? 'page' : 'pages'} ${ranges.join(', ')}`;
}
