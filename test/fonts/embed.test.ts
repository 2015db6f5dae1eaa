import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// @ts-ignore fontkit 2 ships no type declarations
import * as fontkit from 'fontkit';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, FONTS_DIR } from '../../src/core/files.js';
import { embedSubsetFont } from '../../src/fonts/embed.js';

/** Every string in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The glyph ids of a text as fontkit lays it out whole, without positioning (what pdf-lib draws). */
function wholeIds(face: { layout(text: string, features: object): { glyphs: { id: number }[] } }, text: string): number[] {
  return face.layout(text, { kern: false, mark: false, mkmk: false, curs: false, dist: false }).glyphs.map((glyph) => glyph.id);
}

/** The font's glyph ids pdf-lib writes for a text: its subset's ids (the order glyphs were first drawn) read back through the subset. */
function drawnIds(font: PDFFont, text: string): number[] {
  const hex = font.encodeText(text).asString();
  const embedder = (font as unknown as { embedder: { glyphIdMap: Map<number, number> } }).embedder;
  const fontId = new Map([...embedder.glyphIdMap].map(([id, subsetId]) => [subsetId, id]));
  return (hex.match(/.{4}/g) ?? []).map((code) => fontId.get(parseInt(code, 16))!);
}

describe('text pdf-lib sets (a tiled poster labels and map)', () => {
  it('draws a line of words with the very glyphs the whole line shaped at once gives, in both faces', async () => {
    // The labels' and the guide's texts from data/poster.json, their blanks filled, and spaces
    // run together or at an end. A line is not its words shaped apart: Pretendard's contextual
    // forms look across a space (below), so a line is shaped whole even when its words were
    // measured one by one.
    const tiles = JSON.parse(await readFile(join(DATA_DIR, 'poster.json'), 'utf8')).tiles as unknown;
    const texts = [...strings(tiles).map((text) => text.replace(/\{\w+\}/g, '12')), 'two  spaces', ' leading', 'trailing ', '띄어  쓰기 ', ' '];
    expect(texts.length).toBeGreaterThan(20);
    for (const file of ['Pretendard-Regular.otf', 'Pretendard-Bold.otf']) {
      const bytes = new Uint8Array(await readFile(join(FONTS_DIR, file)));
      // fontkit's own face, of its own copy of the bytes: none of the press's caches.
      const plain = (fontkit as { create(bytes: Uint8Array): Parameters<typeof wholeIds>[0] }).create(bytes.slice());
      const doc = await PDFDocument.create();
      const font = await embedSubsetFont(doc, bytes, texts);
      // Words first, then lines, as the labels are measured and then drawn.
      for (const text of texts) for (const word of text.split(' ')) if (word) font.widthOfTextAtSize(word, 10);
      for (const text of texts) expect(drawnIds(font, text), `${file}: ${text}`).toEqual(wholeIds(plain, text));
      // The colon after "12" takes another form before a space than at the end of a word.
      const apart = ['12:', ' ', 'cut'].flatMap((part) => wholeIds(plain, part));
      expect(wholeIds(plain, '12: cut'), file).not.toEqual(apart);
      expect(drawnIds(font, '12: cut'), file).toEqual(wholeIds(plain, '12: cut'));
    }
  });
});
