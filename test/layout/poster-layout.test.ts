import { beforeAll, describe, expect, it } from 'vitest';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { prepareTypeset, type Typeset } from '../../src/fonts/typeset.js';
import { memoTypeset } from '../../src/layout/poster-layout.js';

let typeset: Typeset;
beforeAll(async () => {
  registerBundledFonts();
  typeset = await prepareTypeset(['sans', 'serif', 'myeongjo']);
});

/** A text's width from its words, as memoTypeset measures it, with nothing kept between calls. */
function fromWords(ts: Typeset, text: string, stack: 'sans' | 'serif' | 'myeongjo', size: number, bold: boolean): number {
  const words = text.split(' ');
  if (words.length === 1 || words.includes('')) return ts.measure(text, stack, 1, bold) * size;
  let width = 0;
  words.forEach((word, i) => {
    width += ts.measure(word, stack, 1, bold);
    if (i === 0) return;
    const before = [...words[i - 1]!].at(-1)!;
    const after = [...word][0]!;
    width += ts.measure(`${before} ${after}`, stack, 1, bold) - ts.measure(before, stack, 1, bold) - ts.measure(after, stack, 1, bold);
  });
  return width * size;
}

describe('memoTypeset', () => {
  const texts = ['We will advance North Korean human rights.', '일상에서 전개할 것이다.', 'Dignity, Hope 🙂 and Freedom', 'two  spaces', ' edge', 'one'];

  it('measures every text as it would from its words afresh, to the last bit, cached or not', () => {
    const memo = memoTypeset(typeset);
    for (const round of [1, 2]) {
      for (const text of texts) {
        for (const [stack, bold] of [['sans', true], ['sans', false], ['serif', false], ['myeongjo', false]] as const) {
          expect(memo.measure(text, stack, 13.5, bold), `${text} ${stack} ${bold} round ${round}`).toBe(fromWords(typeset, text, stack, 13.5, bold));
        }
      }
    }
  });

  it('keeps texts, stacks, weights and sizes apart: a changed input is measured anew', () => {
    const calls: string[] = [];
    const fake: Typeset = {
      ascent: () => 0,
      measure: (text, stack, size, bold) => {
        calls.push(text);
        return [...text].length * (stack === 'serif' ? 2 : 1) * (bold ? 3 : 1) * size;
      },
    };
    const memo = memoTypeset(fake);
    expect(memo.measure('ab cd', 'sans', 1)).toBe(5);
    expect(memo.measure('ab cde', 'sans', 1)).toBe(6);
    expect(memo.measure('ab cd', 'serif', 1)).toBe(10);
    expect(memo.measure('ab cd', 'sans', 1, true)).toBe(15);
    expect(memo.measure('ab cd', 'sans', 2)).toBe(10);
    const before = calls.length;
    expect(memo.measure('ab cde', 'sans', 4)).toBe(24);
    expect(calls.length).toBe(before);
  });
});
