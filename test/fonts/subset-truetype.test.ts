import { readFile } from 'node:fs/promises';
// @ts-ignore fontkit 2 ships no type declarations
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamOnce, TrueTypeSubset, type RawTrueType } from '../../src/fonts/subset-truetype.js';

/** The few fontkit calls these tests make. */
interface TestFont extends RawTrueType {
  numGlyphs: number;
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): TestGlyph;
  getGlyph(id: number): TestGlyph;
}
interface TestGlyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
  _getTableStream?(tag: string): unknown;
}

const open = async (file: string): Promise<TestFont> => (fontkit as { create(bytes: Uint8Array): TestFont }).create(new Uint8Array(await readFile(new URL(`../../fonts/${file}`, import.meta.url))));

let serif: TestFont;
let myeongjo: TestFont;
beforeAll(async () => {
  [serif, myeongjo] = await Promise.all([open('SourceSerif4-Regular.ttf'), open('NanumMyeongjo-Regular.ttf')]);
});

/** Subsets the glyphs of `text`, re-parses the result with fontkit, and returns both glyph lists. */
function roundTrip(font: TestFont, text: string) {
  const subset = new TrueTypeSubset(font);
  const originals = [...text].map((char) => font.glyphForCodePoint(char.codePointAt(0)!));
  const ids = originals.map((glyph) => subset.includeGlyph(glyph));
  const parsed = (fontkit as { create(bytes: Uint8Array): TestFont }).create(subset.encode());
  return { originals, copies: ids.map((id) => parsed.getGlyph(id)), parsed };
}

describe('TrueTypeSubset', () => {
  it('keeps every glyph outline and advance of Latin text, glyph 0 first', () => {
    const { originals, copies, parsed } = roundTrip(serif, 'Dignity, Hope, Freedom — José Ødegård 1.');
    expect(parsed.unitsPerEm).toBe(serif.unitsPerEm);
    expect(parsed.getGlyph(0).path.toSVG()).toBe(serif.getGlyph(0).path.toSVG());
    for (const [i, original] of originals.entries()) {
      expect(copies[i]!.path.toSVG(), `glyph ${original.id}`).toBe(original.path.toSVG());
      expect(copies[i]!.advanceWidth).toBe(original.advanceWidth);
    }
  });

  it('keeps composite glyphs (é, å in Source Serif) with their components included and remapped', () => {
    const { originals, copies, parsed } = roundTrip(serif, 'éå');
    for (const [i, original] of originals.entries()) expect(copies[i]!.path.toSVG()).toBe(original.path.toSVG());
    // .notdef, the two composites, and their components (e, a, the accents): more glyphs than asked for.
    expect(parsed.numGlyphs).toBeGreaterThan(3);
  });

  it('keeps Hangul outlines from a 4 MB font, and no more glyphs than asked for', () => {
    const text = '존엄, 희망, 자유를 위한 워싱턴 선언';
    const { originals, copies, parsed } = roundTrip(myeongjo, text);
    for (const [i, original] of originals.entries()) expect(copies[i]!.path.toSVG()).toBe(original.path.toSVG());
    expect(parsed.numGlyphs).toBe(new Set(originals.map((glyph) => glyph.id)).size + 1);
  });

  it('gives each glyph one id however often it is included', () => {
    const subset = new TrueTypeSubset(serif);
    const a = serif.glyphForCodePoint(0x61);
    expect(subset.includeGlyph(a)).toBe(subset.includeGlyph(a.id));
    expect(subset.includeGlyph(0)).toBe(0);
  });

  it('writes a font whose table checksums and head adjustment are valid', () => {
    const subset = new TrueTypeSubset(serif);
    subset.includeGlyph(serif.glyphForCodePoint(0x41));
    const bytes = subset.encode();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sum = (from: number, length: number) => {
      let total = 0;
      for (let i = from; i < from + length; i += 4) total = (total + (i + 4 <= bytes.length ? view.getUint32(i) : 0)) >>> 0;
      return total;
    };
    const tables = view.getUint16(4);
    for (let t = 0; t < tables; t++) {
      const entry = 12 + 16 * t;
      const tag = String.fromCharCode(...bytes.subarray(entry, entry + 4));
      if (tag === 'head') continue;
      expect(sum(view.getUint32(entry + 8), (view.getUint32(entry + 12) + 3) & ~3), tag).toBe(view.getUint32(entry + 4));
    }
    // The whole file, with head's checkSumAdjustment, sums to 0xB1B0AFBA.
    expect(sum(0, bytes.length)).toBe(0xb1b0afba);
  });
});

describe('streamOnce', () => {
  it('emits the bytes once, then ends, after the listeners are attached', async () => {
    const events: string[] = [];
    await new Promise<void>((done) => {
      streamOnce(() => new Uint8Array([1, 2, 3]))
        .on('data', (bytes) => events.push(`data ${(bytes as Uint8Array).length}`))
        .on('end', () => {
          events.push('end');
          done();
        });
    });
    expect(events).toEqual(['data 3', 'end']);
  });

  it('reports an encoder that throws as an error, not an uncaught exception', async () => {
    const error = await new Promise((done) => {
      streamOnce(() => {
        throw new Error('broken font');
      }).on('error', done);
    });
    expect((error as Error).message).toBe('broken font');
  });
});
