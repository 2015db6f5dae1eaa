import { describe, expect, it } from 'vitest';
import type { Typeset } from '../../src/fonts/typeset.js';
import { fitText } from '../../src/layout/fit-text.js';

/** A typeset whose widths are known: each character as wide as its code point's last digit + 1, and counted. */
function fakeTypeset() {
  const calls = { count: 0 };
  const width = (text: string) => [...text].reduce((sum, char) => sum + ((char.codePointAt(0)! % 10) + 1), 0);
  const typeset = { measure: (text: string, _stack: string, size: number) => (calls.count++, (width(text) * size) / 10) } as unknown as Typeset;
  return { typeset, calls, width };
}

/** The split of the old code: every break measured. */
function exhaustive(words: string[], width: (text: string) => number): string[] {
  let best: string[] = [];
  let bestWidth = Infinity;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const widest = Math.max(...lines.map(width));
    if (widest < bestWidth) [best, bestWidth] = [lines, widest];
  }
  return best;
}

const spec = { stack: 'serif', max: 20, floor: 12, leading: 1.2 } as const;

describe('fitText', () => {
  it('breaks two lines where the exhaustive search does', () => {
    const { typeset, width } = fakeTypeset();
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 200; round++) {
      const words = Array.from({ length: 2 + Math.floor(random() * 12) }, () => 'abcdefghij'.slice(0, 1 + Math.floor(random() * 9)));
      const text = words.join(' ');
      const fit = fitText(typeset, text, { width: 400, height: 100 }, spec);
      expect(fit.lines.length, text).toBeLessThanOrEqual(2);
      if (fit.lines.length === 2) expect(fit.lines, text).toEqual(exhaustive(words, width));
    }
  });

  it('measures a long text a few times, not once per break (no longer quadratic)', () => {
    const { typeset, calls } = fakeTypeset();
    const text = Array.from({ length: 4000 }, (_, i) => `w${i % 97}`).join(' ');
    const fit = fitText(typeset, text, { width: 300, height: 40 }, spec);
    expect(fit.lines).toHaveLength(2);
    expect(calls.count).toBeLessThan(100);
  });
});
