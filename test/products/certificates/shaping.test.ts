import { beforeAll, describe, expect, it } from 'vitest';
import { registerBundledFonts } from '../../../src/fonts/bundled.js';
import { loadFaceSet, splitRuns } from '../../../src/fonts/faces.js';
import { STACKS } from '../../../src/fonts/registry.js';
import { glyphByGlyph as putTogether } from '../../../src/products/certificates/glyph-by-glyph.js';
import { keepRuns, keptTexts, RunShaper, shapeWhole, splitKey, type ShapedRun } from '../../../src/products/certificates/shaping.js';
import type { Face } from '../../../src/fonts/faces.js';
import type { FaceSet } from '../../../src/products/certificates/writer.js';

const glyphByGlyph = (face: Face, text: string) => putTogether(face, text, shapeWhole);

/**
 * Texts as a list and a certificate have them, seeded: Hangul names of common and rare syllables,
 * romanised and other Latin names (ligatures, accents, the faces' kerned pairs: AV, To, LY, Wa),
 * numbers and number lines, roles.
 */
function texts(count: number): string[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = (text: string) => [...text][Math.floor(random() * [...text].length)]!;
  const common = '김이박최정강조윤장임한오서신권황안송류홍민준서연지현우수영하은도윤예진호성희재혜동경상미정태승유주원길';
  const latin = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const out = ['AVATAR WAY', 'To Tally', 'LYRA FAY', 'Wa Ta Ya Fa Pa Ra', 'Office of Affiliated Officials', 'José Martínez', '제 0042 호  ·  ', ' · ', 'No. 0042', '0042 ', '홍길동', 'Participant', 'Organizing committee member', "O'Neill", 'Kim "Danny" Lee, Jr.'];
  for (let i = 0; i < count; i++) {
    let hangul = '';
    for (let j = 2 + Math.floor(random() * 3); j > 0; j--) hangul += random() < 0.7 ? pick(common) : String.fromCharCode(0xac00 + Math.floor(random() * 11172));
    let word = () => pick('ABCDEFGHIJKLMNOPRSTVWY');
    const words: string[] = [];
    for (let j = 1 + Math.floor(random() * 3); j > 0; j--) {
      let w = word();
      for (let k = 2 + Math.floor(random() * 6); k > 0; k--) w += random() < 0.85 ? pick('aeiouyhnrstlmkgdjw') : pick(latin);
      words.push(w);
    }
    out.push(hangul, words.join(random() < 0.3 ? '-' : ' '), `No. ${String(Math.floor(random() * 100000)).padStart(4, '0')}`, `${String(i).padStart(4, '0')} `);
  }
  return out;
}

let faces: FaceSet;
beforeAll(async () => {
  registerBundledFonts();
  faces = await loadFaceSet(['serif', 'myeongjo']);
});

describe('shaping a run glyph by glyph', () => {
  it('gives what fontkit gives, glyphs, advances and code points, on many names and numbers in both scripts', () => {
    for (const [family, bold] of [['NanumMyeongjo', false], ['NanumMyeongjo', true], ['SourceSerif', false], ['SourceSerif', true]] as const) {
      const face = faces(family, bold);
      const shaper = new RunShaper();
      let put = 0;
      const all = texts(40);
      for (const text of all) {
        const whole = shapeWhole(face, text);
        const run = glyphByGlyph(face, text);
        if (run) put++;
        if (run) expect(run, `${face.postscriptName}: ${text}`).toEqual(whole);
        expect(shaper.shape(face, text), text).toEqual(whole);
      }
      // Most of them are put together, not shaped whole: every number and Hangul name, the Latin names without an f.
      expect(put, face.postscriptName).toBeGreaterThan(all.length * 0.7);
    }
  });

  it('shapes whole what it cannot show the same: a ligature (fi), a mark, a character outside ASCII and Hangul', () => {
    const serif = faces('SourceSerif', false);
    expect(glyphByGlyph(serif, 'Office')).toBeUndefined();
    expect(glyphByGlyph(serif, 'Jose\u0301')).toBeUndefined();
    expect(glyphByGlyph(serif, 'José')).toBeUndefined();
    expect(glyphByGlyph(serif, 'No. 0042')).toBeDefined();
    expect(glyphByGlyph(faces('NanumMyeongjo', true), '홍길동')).toBeDefined();
  });
});

describe('the shaper\'s caches', () => {
  it('split a text as splitRuns does, kept or not, whatever a character no face has makes of it; shape as fontkit does after the oldest are let go', () => {
    // A limit of 3 lets texts go and come back within the loop.
    const shaper = new RunShaper(3);
    const list = texts(12);
    const odd = ['Kim \u{1F642} Lee', '\u0E01\u0E02', '홍\u{1F642}'];
    for (const round of [1, 2]) {
      for (const stack of ['serif', 'myeongjo'] as const) {
        for (const bold of [false, true]) {
          const stackFaces = () => STACKS[stack].map((family) => faces(family, bold));
          for (const text of [...list, ...odd]) {
            for (const missing of ['first', 'skip'] as const) expect(shaper.split(splitKey(stack, bold), text, stackFaces, missing), `${round} ${stack} ${bold} ${missing}: ${text}`).toEqual(splitRuns(text, stackFaces(), missing));
          }
        }
      }
    }
    // A text split again straight after is the split kept, not split anew.
    const serif = () => STACKS.serif.map((family) => faces(family, false));
    expect(shaper.split(splitKey('serif', false), 'Hong Gil-dong', serif, 'first')).toBe(shaper.split(splitKey('serif', undefined), 'Hong Gil-dong', serif, 'skip'));
    const face = faces('SourceSerif', false);
    for (const text of [...list, ...list.slice(0, 5)]) expect(shaper.shape(face, text), text).toEqual(shapeWhole(face, text));
  });

  it('takes a run kept for the process (keepRuns: the start-up snapshot keeps the standard set\'s) instead of shaping it; keeps none unasked', () => {
    const face = faces('SourceSerif', false);
    const text = 'has signed the \u201cWashington Declaration\u201d, To Wa';
    let run: ShapedRun;
    keepRuns(true);
    try {
      run = new RunShaper().shape(face, text);
    } finally {
      keepRuns(false);
    }
    expect(keptTexts(face)).toContain(text);
    expect(run).toEqual(shapeWhole(face, text));
    // Another shaper, another batch: the kept run itself.
    expect(new RunShaper().shape(face, text)).toBe(run);
    const other = 'Not kept: LYRA FAY';
    expect(new RunShaper().shape(face, other)).toEqual(shapeWhole(face, other));
    expect(keptTexts(face)).not.toContain(other);
  });
});
