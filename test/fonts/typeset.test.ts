import { beforeAll, describe, expect, it } from 'vitest';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { findMissingGlyphs } from '../../src/fonts/typeset.js';

beforeAll(() => registerBundledFonts());

const at = (text: string) => ({ origin: 'list.csv:2', field: 'name_en', text });
const messages = async (texts: string[], stacks?: Parameters<typeof findMissingGlyphs>[1]) => (await findMissingGlyphs(texts.map(at), stacks)).map((error) => error.message);

// findMissingGlyphs keeps the texts it found covered, per list of stacks (every document of a build
// checks the same texts again): what it keeps must never hide a missing character.
describe('findMissingGlyphs, checked again', () => {
  it('finds a text covered again, and a changed text with a missing character as missing', async () => {
    expect(await messages(['Ødegård José 홍길동'])).toEqual([]);
    expect(await messages(['Ødegård José 홍길동'])).toEqual([]);
    expect(await messages(['Ødegård José 홍길동 ☃'])).toEqual(["list.csv:2: name_en: U+2603 '☃' is in no bundled font (serif: Source Serif 4, NanumMyeongjo)"]);
  });

  it('reports a text with a missing character every time it is checked', async () => {
    for (let round = 0; round < 2; round++) expect(await messages(['서명 🙂', 'Freedom'])).toEqual(["list.csv:2: name_en: U+1F642 '🙂' is in no bundled font (serif: Source Serif 4, NanumMyeongjo)"]);
  });

  it('checks a text covered by one list of stacks against another again', async () => {
    // ⅔ is in Source Serif 4, not in Pretendard (sans).
    expect(await messages(['two ⅔ thirds'], ['serif'])).toEqual([]);
    expect(await messages(['two ⅔ thirds'], ['serif', 'sans'])).toEqual(["list.csv:2: name_en: U+2154 '⅔' is in no bundled font (sans: Pretendard)"]);
    expect(await messages(['two ⅔ thirds'], ['serif'])).toEqual([]);
  });
});
