import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// @ts-ignore fontkit 2 ships no type declarations
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../src/core/files.js';
import { TrueTypeSubset, type RawTrueType } from '../../src/fonts/subset-truetype.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import {
  documentGlyphs,
  faceOfBytes,
  familyRuns,
  freshGlyphs,
  laidOutTexts,
  layoutAfresh,
  loadFace,
  loadStacks,
  releaseBytes,
  splitRuns,
  type Face,
  type GlyphRun,
  type StackFaces,
} from '../../src/fonts/faces.js';
import { FONT_FILES, STACKS, splitWord } from '../../src/fonts/registry.js';
import { prepareTypeset } from '../../src/fonts/typeset.js';

const myeongjo = [...STACKS.myeongjo];
const serif = [...STACKS.serif];
const runs = (text: string, families: typeof myeongjo | typeof serif) => familyRuns(text, families).map((run) => `${run.family}:${run.text}`);

let stacks: StackFaces;
beforeAll(async () => {
  registerBundledFonts();
  stacks = await loadStacks(['serif', 'myeongjo']);
});

describe('the face rule (familyRuns)', () => {
  it('sets Latin letters and digits in Source Serif inside Korean text', () => {
    expect(runs('No. 0001', myeongjo)).toEqual(['SourceSerif:No. 0001']);
    expect(runs('July 22, 2024', myeongjo)).toEqual(['SourceSerif:July 22, 2024']);
    expect(runs('2024년 7월', myeongjo)).toEqual(['SourceSerif:2024', 'NanumMyeongjo:년 ', 'SourceSerif:7', 'NanumMyeongjo:월']);
    expect(runs('NED와 IT 전문가', myeongjo)).toEqual(['SourceSerif:NED', 'NanumMyeongjo:와 ', 'SourceSerif:IT ', 'NanumMyeongjo:전문가']);
  });

  it('gives spaces and punctuation the face of the text around them', () => {
    // "다." keeps its period in NanumMyeongjo: the word is one face.
    expect(runs('믿는다.', myeongjo)).toEqual(['NanumMyeongjo:믿는다.']);
    expect(runs('존엄, 희망', serif)).toEqual(['NanumMyeongjo:존엄, 희망']);
    // An opening bracket goes with the word after it, a closing one with the word before.
    expect(runs('Hong (홍길동)', serif)).toEqual(['SourceSerif:Hong ', 'NanumMyeongjo:(홍길동)']);
    expect(runs('「선언」', myeongjo)).toEqual(['NanumMyeongjo:「선언」']);
    // No letters at all: the stack's first face.
    expect(runs('· —', myeongjo)).toEqual(['NanumMyeongjo:· —']);
    expect(runs('· —', serif)).toEqual(['SourceSerif:· —']);
  });

  it('splits into the same faces for measuring and for the certificates’ own drawing', () => {
    const faces = stacks('myeongjo');
    const split = splitRuns('제 0001호 · No. 0001', faces).map((run) => `${run.face.postscriptName}:${run.text}`);
    expect(split).toEqual(['NanumMyeongjo:제 ', 'SourceSerif4-Regular:0001', 'NanumMyeongjo:호 · ', 'SourceSerif4-Regular:No. 0001']);
  });

  it('measures a Korean text with its Latin in Source Serif', async () => {
    const typeset = await prepareTypeset(['serif', 'myeongjo']);
    const latin = typeset.measure('NED', 'serif', 10);
    expect(typeset.measure('NED와', 'myeongjo', 10) - typeset.measure('와', 'myeongjo', 10)).toBeCloseTo(latin, 6);
  });
});

describe('Korean bold', () => {
  it('is NanumMyeongjo ExtraBold, the family’s weight that matches Source Serif Bold', async () => {
    expect(FONT_FILES.filter((font) => font.family === 'NanumMyeongjo' && font.weight === 700).map((font) => font.file)).toEqual(['NanumMyeongjo-ExtraBold.ttf']);
    expect((await loadFace('NanumMyeongjo', 700)).postscriptName).toBe('NanumMyeongjoExtraBold');
  });
});

describe('glyph caches', () => {
  it('cache the space glyph as U+0020 even after a no-break space was measured first', async () => {
    const face = await loadFace('SourceSerif');
    freshGlyphs(face);
    face.layout('human\u00a0rights.');
    const space = face.layout('a b').glyphs[1]!;
    expect(space.codePoints).toEqual([0x20]);
  });

  it('give each text the code points it holds, whatever was laid out before it', async () => {
    const face = await loadFace('SourceSerif');
    const space = face.layout('a b').glyphs[1]!;
    const noBreak = face.layout('human\u00a0rights.').glyphs[5]!;
    // One glyph, two characters: each text gets its own.
    expect(noBreak.id).toBe(space.id);
    expect(noBreak.codePoints).toEqual([0xa0]);
    expect(face.layout('c d').glyphs[1]!.codePoints).toEqual([0x20]);
    // Both are kept: asked again, each text gets the same glyph object.
    expect(face.layout('c d').glyphs[1]).toBe(space);
    expect(face.layout('in\u00a0all').glyphs[2]).toBe(noBreak);
  });
});

describe('a pdf-lib document’s glyphs (documentGlyphs)', () => {
  it('are each glyph as the document first used it, the space’s glyph as U+0020, as pdf-lib writes ToUnicode from the last one drawn', async () => {
    const face = await loadFace('SourceSerif');
    const glyphs = documentGlyphs(face);
    // A no-break space before any space: the shared glyph is still the space (U+0020).
    const first = glyphs(face.layout('Lee,\u00a0Jr.'));
    expect(first.glyphs[4]!.codePoints).toEqual([0x20]);
    expect(glyphs(face.layout('a b')).glyphs[1]).toBe(first.glyphs[4]);
    // Other glyphs: the first use's code points; the run's positions are the run's own.
    const run = face.layout('Kim Lee');
    expect(glyphs(run).glyphs.map((glyph) => glyph.id)).toEqual(run.glyphs.map((glyph) => glyph.id));
    expect(glyphs(run).positions).toBe(run.positions);
    // The face itself still gives every text its own code points.
    expect(face.layout('in\u00a0all').glyphs[2]!.codePoints).toEqual([0xa0]);
  });
});

describe('splitWord (the hyphenation callback)', () => {
  const hyphenate = (word: string) => word.match(/.{1,5}/g) ?? [word];

  it('keeps Korean words and ordinary Latin words whole', () => {
    expect(splitWord('전개할', hyphenate)).toEqual(['전개할']);
    expect(splitWord('2024년', hyphenate)).toEqual(['2024년']);
    expect(splitWord('international', hyphenate)).toEqual(['international']);
  });

  it('treats a no-break space as part of the word and never breaks there', () => {
    expect(splitWord('human\u00a0rights.', hyphenate)).toEqual(['human\u00a0rights.']);
    expect(splitWord('강력히\u00a0규탄한다.', hyphenate)).toEqual(['강력히\u00a0규탄한다.']);
    // A word too long for a narrow column is still hyphenated, at its own points only.
    const long = 'Wolfeschlegelsteinhausenbergerdorff';
    const parts = splitWord(`Herr\u00a0${long}`, hyphenate);
    expect(parts.join('')).toBe(`Herr\u00a0${long}`);
    expect(parts[0]).toBe(`Herr\u00a0${hyphenate(long)[0]}`);
    expect(parts.every((part) => !part.startsWith('\u00a0') && !part.endsWith('\u00a0'))).toBe(true);
  });
});

describe('what a face keeps (adopt)', () => {
  // fontkit itself, on its own parse of the same file: what the press's faces must agree with.
  const plain = async (file: string) => (fontkit as { create(bytes: Uint8Array): Face }).create(new Uint8Array(await readFile(join(FONTS_DIR, file))));

  it('lays a text out once and hands out copies that agree with fontkit and with each other', async () => {
    const face = await loadFace('NanumMyeongjo');
    const fresh = await plain('NanumMyeongjo-Regular.ttf');
    const text = '우리는 북한 주민의 존엄과 희망, 자유를 위하여';
    const first = face.layout(text);
    const second = face.layout(text);
    const ids = (run: GlyphRun) => run.glyphs.map((glyph) => glyph.id);
    expect(ids(first)).toEqual(ids(fresh.layout(text)));
    expect(first.positions.map((p) => p.xAdvance)).toEqual(fresh.layout(text).positions.map((p) => p.xAdvance));
    expect(second.advanceWidth).toBe(first.advanceWidth);
    // A caller that changes its copy changes nothing for the next one.
    first.glyphs.reverse();
    first.positions[0]!.xAdvance = -1;
    const third = face.layout(text);
    expect(ids(third)).toEqual(ids(second));
    expect(third.positions[0]!.xAdvance).toBe(second.positions[0]!.xAdvance);
    // Another text, or the same text with other options, is laid out for itself.
    expect(ids(face.layout(`${text}.`))).toEqual(ids(fresh.layout(`${text}.`)));
    const ltr = (face.layout as (text: string, ...options: unknown[]) => GlyphRun)(text, undefined, undefined, undefined, 'ltr');
    expect(ids(ltr)).toEqual(ids(second));
    // (A set: the face may hold thousands of texts by now, laid out by earlier test files.)
    const kept = new Set(laidOutTexts(face).map((laid) => laid.text));
    expect([text, `${text}.`].filter((laid) => !kept.has(laid))).toEqual([]);
    // layoutAfresh goes past what is kept: it asks the font for its glyphs again.
    let asked = 0;
    const getGlyph = (face as unknown as { getGlyph: (...args: unknown[]) => unknown }).getGlyph;
    (face as unknown as { getGlyph: (...args: unknown[]) => unknown }).getGlyph = function (...args: unknown[]) {
      asked += 1;
      return getGlyph.apply(this, args);
    };
    try {
      face.layout(text);
      expect(asked).toBe(0);
      expect(ids(layoutAfresh(face, text))).toEqual(ids(second));
      expect(asked).toBeGreaterThan(0);
    } finally {
      (face as unknown as { getGlyph: unknown }).getGlyph = getGlyph;
    }
  });

  it('reads the post table’s header as fontkit does, and its glyph names when asked', async () => {
    for (const file of ['NanumMyeongjo-Regular.ttf', 'NanumMyeongjo-ExtraBold.ttf']) {
      const face = faceOfBytes(new Uint8Array(await readFile(join(FONTS_DIR, file))));
      const full = (await plain(file)) as unknown as { post: Record<string, unknown> };
      const post = (face as unknown as { post: Record<string, unknown>; _tables: Record<string, unknown> }).post;
      for (const key of ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1']) {
        expect(post[key], `${file} post.${key}`).toEqual(full.post[key]);
      }
      expect(full.post.version).toBe(2);
      // The names are decoded only now, and are fontkit's.
      expect((face as unknown as { _tables: Record<string, unknown> })._tables.post).toBe(post);
      expect(post.names).toEqual(full.post.names);
      expect(post.glyphNameIndex).toEqual(full.post.glyphNameIndex);
      expect((face as unknown as { italicAngle: number }).italicAngle).toBe((full as unknown as { italicAngle: number }).italicAngle);
    }
  });

  it('keeps its units per em, ascent, descent and PostScript name as fontkit reads them, from their first read on', async () => {
    for (const file of ['NanumMyeongjo-ExtraBold.ttf', 'SourceSerif4-Bold.ttf']) {
      const face = faceOfBytes(new Uint8Array(await readFile(join(FONTS_DIR, file)))) as unknown as Record<string, unknown>;
      const full = (await plain(file)) as unknown as Record<string, unknown>;
      for (const key of ['unitsPerEm', 'ascent', 'descent', 'postscriptName']) {
        // Not read before it is asked for; then a value of the face's own.
        expect(Object.getOwnPropertyDescriptor(face, key)?.get, key).toBeTypeOf('function');
        expect(face[key], `${file} ${key}`).toBe(full[key]);
        expect(Object.getOwnPropertyDescriptor(face, key), key).toMatchObject({ value: full[key] });
      }
    }
  });

  it('drops its font file’s bytes until they are read, and reads the same file back', async () => {
    const file = 'SourceSerif4-Italic.ttf';
    const bytes = new Uint8Array(await readFile(join(FONTS_DIR, file)));
    const face = faceOfBytes(bytes);
    // A subset copies its outlines from the font's bytes: the same subset before and after.
    const subset = () => {
      const made = new TrueTypeSubset(face as unknown as RawTrueType);
      for (const glyph of face.layout('Dignity, Hope, Freedom').glyphs) made.includeGlyph(glyph);
      return made.encode();
    };
    const before = subset();
    let reads = 0;
    releaseBytes(face, () => {
      reads += 1;
      return new Uint8Array(bytes);
    });
    expect(reads).toBe(0);
    expect(Buffer.compare(face.stream.buffer, bytes)).toBe(0);
    expect(reads).toBe(1);
    void face.stream.buffer;
    expect(reads).toBe(1);
    // The face works as before, and the bytes read back are known as its bytes.
    expect(subset()).toEqual(before);
    expect(reads).toBe(1);
    expect(faceOfBytes(face.stream.buffer)).toBe(face);
    // A file of another length is not the font the face was parsed from.
    const other = faceOfBytes(new Uint8Array(await readFile(join(FONTS_DIR, 'SourceSerif4-Bold.ttf'))));
    releaseBytes(other, () => bytes);
    expect(() => other.stream.buffer).toThrow(/changed on disk/);
  });
});
