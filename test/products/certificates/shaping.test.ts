import { beforeAll, describe, expect, it } from 'vitest';
import { registerBundledFonts } from '../../../src/fonts/bundled.js';
import { loadFaceSet } from '../../../src/fonts/faces.js';
import { RunShaper, setGlyphByGlyph, shapeWhole } from '../../../src/products/certificates/shaping.js';
import type { FaceSet } from '../../../src/products/certificates/writer.js';

/** Names as a list has them, seeded: Hangul syllables common and rare, romanised names, and Latin with the face's kerned pairs (AV, To, LY, PA, Wa). */
function names(count: number): string[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const common = '김이박최정강조윤장임한오서신권황안송류홍민준서연지현우수영하은도윤예진호성희재혜동경상미정태승유주원길';
  const out: string[] = ['AVATAR WAY', 'To Tally', 'LYRA FAY', 'PAW VAT', 'Wa Ta Ya Fa Pa Ra', '제 0042 호  ·  ', ' · ', '홍길동', 'A', 'AV'];
  for (let i = 0; i < count; i++) {
    const length = 2 + Math.floor(random() * 4);
    let name = '';
    for (let j = 0; j < length; j++) name += random() < 0.7 ? common[Math.floor(random() * common.length)] : String.fromCharCode(0xac00 + Math.floor(random() * 11172));
    out.push(name, `${name} ${String.fromCharCode(0x41 + Math.floor(random() * 26))}${'aeiouy'[Math.floor(random() * 6)]}-${'AVTWYLPRF'[Math.floor(random() * 9)]}${'aeo'[Math.floor(random() * 3)]}`);
  }
  return out;
}

let faces: FaceSet;
beforeAll(async () => {
  registerBundledFonts();
  faces = await loadFaceSet(['serif', 'myeongjo']);
});

describe('shaping a run glyph by glyph', () => {
  it('is taken for NanumMyeongjo (no substitutions, pair kerning only) and not for Source Serif 4', () => {
    expect(setGlyphByGlyph(faces('NanumMyeongjo', false))).toBe(true);
    expect(setGlyphByGlyph(faces('NanumMyeongjo', true))).toBe(true);
    expect(setGlyphByGlyph(faces('SourceSerif', false))).toBe(false);
  });

  it('gives what fontkit gives, glyphs, advances and code points, on many names in both scripts', () => {
    for (const bold of [false, true]) {
      const face = faces('NanumMyeongjo', bold);
      const shaper = new RunShaper();
      for (const text of names(300)) expect(shaper.shape(face, text), text).toEqual(shapeWhole(face, text));
    }
  });
});
