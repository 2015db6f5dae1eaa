import { describe, expect, it } from 'vitest';
import { shareOut, type ManifestEntry } from '../../src/batch/build.js';
import { productNamed } from '../../src/products/index.js';

/** Manifest entries, numbered from 1: a product's name and its options. */
function entries(...list: [string, Record<string, unknown>?][]): { index: number; entry: ManifestEntry }[] {
  return list.map(([name, options = {}], i) => ({ index: i + 1, entry: { product: productNamed(name)!, out: `${i + 1}`, options } }));
}

const weightOf = (items: ReturnType<typeof entries>, indexes: number[]) => indexes.reduce((sum, index) => sum + items[index - 1]!.entry.product.weight(items[index - 1]!.entry.options as never), 0);

describe('shareOut: which process builds which entries', () => {
  // The standard set's products in its order (data/manifest.json).
  const standard = entries(
    ['declaration'], ['declaration'], ['signing-sheet'], ['declaration'],
    ['handout', { nup: 1 }], ['handout', { nup: 1 }], ['handout', { nup: 2 }], ['handout', { nup: 2 }],
    ['poster', {}], ['poster', {}], ['poster', {}], ['poster', {}], ['poster', { tile: 'a4' }],
    ['social'], ['social'], ['social'], ['social'],
    ['certificates'],
  );

  it("keeps each product's entries in one process, the shares within a product of each other, the heaviest first", () => {
    const shares = shareOut(standard, 2);
    expect(shares).toHaveLength(2);
    expect(shares.flat().sort((a, b) => a - b)).toEqual(standard.map(({ index }) => index));
    for (const product of ['declaration', 'handout', 'poster', 'social']) {
      const holding = shares.filter((share) => share.some((index) => standard[index - 1]!.entry.product.name === product));
      expect(holding, product).toHaveLength(1);
    }
    const [first, second] = shares.map((share) => weightOf(standard, share));
    expect(first).toBeGreaterThanOrEqual(second!);
    // The posters (the heaviest product), the social cards and the certificates in this process,
    // the declarations, the signing sheet and the handouts in the worker: 2.3 s against 2.0 s.
    expect(shares).toEqual([[9, 10, 11, 12, 13, 14, 15, 16, 17, 18], [1, 2, 3, 4, 5, 6, 7, 8]]);
    expect([first, second]).toEqual([23, 20]);
    // Each share's entries in manifest order.
    for (const share of shares) expect(share).toEqual([...share].sort((a, b) => a - b));
  });

  it('halves the heaviest product when there are fewer products than processes', () => {
    const posters = entries(['poster', {}], ['poster', {}], ['poster', {}], ['poster', { tile: 'a4' }]);
    expect(shareOut(posters, 2)).toEqual([[2, 4], [1, 3]]);
    expect(shareOut(entries(['certificates']), 2)).toEqual([[1]]);
    expect(shareOut([], 2)).toEqual([]);
  });

  it("in 'auto', keeps less than a second's work in one process", () => {
    const small = entries(['declaration'], ['declaration'], ['signing-sheet']);
    expect(shareOut(small, 2, true)).toEqual([[1, 2, 3]]);
    expect(shareOut(small, 2)).toEqual([[1, 2], [3]]);
    expect(shareOut(standard, 2, true)).toEqual(shareOut(standard, 2));
  });
});
