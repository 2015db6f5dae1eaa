import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
// @ts-ignore fontkit 2 ships no type declarations
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';

/** The few fontkit calls these tests make. */
interface ShapingFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { id: number };
  layout(text: string): { glyphs: { id: number }[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] };
  _layoutEngine: { engine: { GSUBProcessor: { coverageIndex(coverage: unknown, glyph: number): number } } };
}

const open = async (file: string) =>
  (fontkit as { create(bytes: Uint8Array): ShapingFont }).create(new Uint8Array(await readFile(new URL(`../../fonts/${file}`, import.meta.url))));

// Texts that run the fonts' GSUB and GPOS lookups: ligatures, kerning, Hangul, punctuation, digits.
const TEXTS = [
  'Washington Declaration for the Dignity, Hope, and Freedom of North Koreans',
  '존엄, 희망, 자유를 위한 워싱턴 선언',
  'Dignity matters. Hope matters. Freedom matters.',
  '존엄은 중요하다. 희망은 중요하다. 자유는 중요하다.',
  'We will advance North Korean human rights in our daily lives.',
  '“fit to page” off — 100 %, office affine ffi 1/2 (3) [4] 2024년 7월 22일',
  'NED와 함께 UN에서 — July 22, 2024 · Sheet 3 of 9',
  'overlap here · 여기에 겹치기',
  'AVATAR Wo To Ty Yo 0123456789',
  'ﬁ ﬂ é å Ødegård José',
  'How to put the poster together',
];

// fontkit's shaping, as patched (patches/fontkit+2.0.4.patch: coverage tables binary searched, a
// chaining rule's current glyph checked first, a code point's glyph id looked up once per font).
describe('fontkit shaping', () => {
  it.each([
    ['Pretendard-Regular.otf', '02f0eb292e770b0eb923f4b3df004402c4fbd3c826ef900ece3ca63285968758'],
    ['Pretendard-Bold.otf', '6727f9587d531f3f2bdd50d0a9a82547a25d8cbe63ebdbb58cd5273251f19753'],
    ['SourceSerif4-Regular.ttf', '52b68fd1a7e7b3bb9a9c159883f754b60ce80b3c7f12023a65f47799a5fe0c8c'],
    ['SourceSerif4-Bold.ttf', 'c96e76d273690a43e04a140029cf07b006bf086a16d1933f443de210f13c10a8'],
    ['NanumMyeongjo-Regular.ttf', 'd3f7869cfe6c90274badec471998513cab8e27ce93785a94d777e2e06a010761'],
    ['NanumMyeongjo-ExtraBold.ttf', '1fd74a5da734e39b0671410fa3ba0ba6eb25f9d2eb99d8921d6ab8014e4d8d9a'],
  ])('%s: the glyphs and positions unpatched fontkit 2.0.4 gives', async (file, expected) => {
    const font = await open(file);
    const hash = createHash('sha256');
    for (const text of TEXTS) {
      const run = font.layout(text);
      hash.update(JSON.stringify([run.glyphs.map((glyph) => glyph.id), run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset])]));
    }
    expect(hash.digest('hex')).toBe(expected);
  });

  it.each([
    ['Pretendard-Regular.otf', '99094212528be5f5a7cdd8ed0d9affe69ea97806a18767cbedfd1ec59b2bd91a'],
    ['SourceSerif4-Regular.ttf', '67b416c6125ca931d5f95251950aa244cf32e1873775b7e9d72d5716c677ce66'],
    ['NanumMyeongjo-Regular.ttf', 'dec4ccbbefce89ea2bc2b0935335fee9602382ae2fe800f0f0970a01fd46f429'],
  ])('%s: the glyph of every 13th code point below U+D800, asked twice, as unpatched fontkit 2.0.4 maps it', async (file, expected) => {
    const font = await open(file);
    const ids: number[] = [];
    for (let round = 0; round < 2; round++) for (let codePoint = 0; codePoint < 0xd800; codePoint += 13) ids.push(font.hasGlyphForCodePoint(codePoint) ? font.glyphForCodePoint(codePoint).id : 0);
    expect(createHash('sha256').update(ids.join(',')).digest('hex')).toBe(expected);
  });

  it('finds a glyph in a coverage table in order or out of it, as a scan would', async () => {
    const font = await open('Pretendard-Regular.otf');
    font.layout('a');
    const gsub = font._layoutEngine.engine.GSUBProcessor;
    const inOrder = { version: 1, glyphs: [3, 5, 9] };
    const outOfOrder = { version: 1, glyphs: [9, 3, 5, 3] };
    expect([3, 5, 9, 4, 10, 0].map((glyph) => gsub.coverageIndex(inOrder, glyph))).toEqual([0, 1, 2, -1, -1, -1]);
    expect([9, 3, 5, 4].map((glyph) => gsub.coverageIndex(outOfOrder, glyph))).toEqual([0, 1, 2, -1]);
    const ranges = { version: 2, rangeRecords: [{ start: 10, end: 20, startCoverageIndex: 0 }, { start: 30, end: 40, startCoverageIndex: 11 }] };
    const overlapping = { version: 2, rangeRecords: [{ start: 30, end: 40, startCoverageIndex: 11 }, { start: 10, end: 35, startCoverageIndex: 0 }] };
    expect([10, 20, 25, 30, 40, 41, 9].map((glyph) => gsub.coverageIndex(ranges, glyph))).toEqual([0, 10, -1, 11, 21, -1, -1]);
    expect([32, 12].map((glyph) => gsub.coverageIndex(overlapping, glyph))).toEqual([13, 2]);
  });
});
