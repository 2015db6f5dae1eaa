import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
// @ts-ignore fontkit 2 ships no type declarations
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';

/** The few fontkit calls these tests make. */
interface CffFont {
  layout(text: string): { glyphs: CffGlyph[] };
  createSubset(): { includeGlyph(glyph: CffGlyph): number; encode(): Uint8Array };
}
interface CffGlyph {
  id: number;
}

const create = (bytes: Uint8Array) => (fontkit as { create(bytes: Uint8Array): CffFont }).create(bytes);
const open = async (file: string) => create(new Uint8Array(await readFile(new URL(`../../fonts/${file}`, import.meta.url))));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let regular: CffFont;
let bold: CffFont;
beforeAll(async () => {
  [regular, bold] = await Promise.all([open('Pretendard-Regular.otf'), open('Pretendard-Bold.otf')]);
});

/** A subset of the glyphs `text` is shaped to: its bytes, and the subset's glyph id for each glyph. */
function subsetOf(font: CffFont, text: string) {
  const subset = font.createSubset();
  const originals = font.layout(text).glyphs;
  const ids = originals.map((glyph) => subset.includeGlyph(glyph));
  return { bytes: subset.encode(), originals, ids };
}

// fontkit's CFF subsetter, as patched (patches/fontkit+2.0.4.patch: Subrs indexes sized from their
// byte lengths, once when frozen; one shared `return` for the unused subrs).
describe('CFF subsets (Pretendard)', () => {
  it('are the bytes unpatched fontkit 2.0.4 makes', () => {
    // sha256 of the same subsets made by fontkit 2.0.4 without the patch.
    expect(sha(subsetOf(regular, 'Dignity, Hope 존엄, 희망, 자유').bytes)).toBe('159b7c348e57d1fb79f8b9fbe50e46a8a03b777dbd0f9c0aa6e102fa2e47dd07');
    expect(sha(subsetOf(bold, '워싱턴 선언 2024').bytes)).toBe('216142fa1eae5f0eb2511b3af8406303b98d603b431fd7f6b987cb909f050bf9');
  });

  it('change with the glyph set, and are made again the same after another', () => {
    const first = subsetOf(regular, 'Freedom 자유');
    const second = subsetOf(regular, 'Freedom 자유를 위한');
    expect(sha(second.bytes)).not.toBe(sha(first.bytes));
    expect(second.bytes.length).toBeGreaterThan(first.bytes.length);
    expect(new Set(second.ids).size).toBeGreaterThan(new Set(first.ids).size);
    expect(sha(subsetOf(regular, 'Freedom 자유').bytes)).toBe(sha(first.bytes));
    expect(sha(subsetOf(regular, 'Dignity, Hope 존엄, 희망, 자유').bytes)).toBe('159b7c348e57d1fb79f8b9fbe50e46a8a03b777dbd0f9c0aa6e102fa2e47dd07');
  });
});
