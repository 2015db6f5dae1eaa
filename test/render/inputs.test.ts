import { describe, expect, it } from 'vitest';
import { fileHash } from '../../src/core/code-hash.js';
import { declaration } from '../../src/products/declaration.js';
import { handout } from '../../src/products/handout.js';
import { parseOptions } from '../../src/products/options.js';
import { poster } from '../../src/products/poster.js';
import { signingSheet } from '../../src/products/signing-sheet.js';
import { carriesKeyword, inputsKeyword, INPUTS_MARK } from '../../src/render/inputs.js';
import { standardFile } from '../helpers/standard-set.js';

describe('the inputs keyword every document carries', () => {
  it('is carried by the standard set: by pdfkit as UTF-16 (the declaration) and by pdf-lib as hex (posters, handouts)', async () => {
    const cases = [
      [declaration, 'declaration-a4.pdf', { paper: 'a4' }],
      [signingSheet, 'signing-sheet-a4.pdf', { paper: 'a4' }],
      [handout, 'handout-a4.pdf', { paper: 'a4' }],
      [poster, 'posters/poster-a2-both.pdf', { size: 'a2', lang: 'both' }],
      [poster, 'posters/poster-a2-both-tiled-a4.pdf', { size: 'a2', lang: 'both', tile: 'a4' }],
    ] as const;
    for (const [product, file, options] of cases) {
      const keyword = await product.inputs(parseOptions(product.options, options) as never);
      expect(keyword).toMatch(new RegExp(`^${INPUTS_MARK}[0-9a-f]{64}$`));
      const bytes = await standardFile(file);
      expect(carriesKeyword(bytes, keyword), file).toBe(true);
      expect(carriesKeyword(bytes, `${INPUTS_MARK}${'0'.repeat(64)}`), file).toBe(false);
    }
  });

  it('changes with a font only for the documents set in it', async () => {
    const inputs = (product: string, stacks: ('serif' | 'myeongjo' | 'sans')[]) => ({ product, options: {}, files: [], stacks });
    // Pretendard (the sans stack) replaced: the posters' keyword changes, the declaration's does not.
    const changed = async (file: string) => (/Pretendard/.test(file) ? 'another Pretendard' : fileHash(file));
    const declarationStacks = ['serif', 'myeongjo'] as const;
    const posterStacks = ['sans', 'serif', 'myeongjo'] as const;
    expect(await inputsKeyword(inputs('declaration', [...declarationStacks]), changed)).toBe(await inputsKeyword(inputs('declaration', [...declarationStacks])));
    expect(await inputsKeyword(inputs('poster', [...posterStacks]), changed)).not.toBe(await inputsKeyword(inputs('poster', [...posterStacks])));
    // NanumMyeongjo replaced: both.
    const korean = async (file: string) => (/NanumMyeongjo/.test(file) ? 'another NanumMyeongjo' : fileHash(file));
    expect(await inputsKeyword(inputs('declaration', [...declarationStacks]), korean)).not.toBe(await inputsKeyword(inputs('declaration', [...declarationStacks])));
  });

  it('knows a file an option names by its content, not its path', async () => {
    const a = { product: 'declaration', options: { signatories: '/a/list.csv' }, files: ['/a/list.csv'], stacks: ['serif'] as const };
    const b = { ...a, options: { signatories: '/b/list.csv' }, files: ['/b/list.csv'] };
    const same = async () => 'the same list';
    expect(await inputsKeyword({ ...a, stacks: [...a.stacks] }, same)).toBe(await inputsKeyword({ ...b, stacks: [...a.stacks] }, same));
    expect(await inputsKeyword({ ...a, stacks: [...a.stacks] }, async (file) => file)).not.toBe(await inputsKeyword({ ...b, stacks: [...a.stacks] }, async (file) => file));
  });
});
