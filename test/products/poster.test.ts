import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PDFDocument, PDFName, PDFDict, PDFRef } from 'pdf-lib';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { buildManifest } from '../../src/batch/build.js';
import { checkPdf } from '../../src/preflight/check-pdf.js';
import { PressError } from '../../src/core/errors.js';
import { DATA_DIR } from '../../src/core/files.js';
import { PAPER } from '../../src/core/paper.js';
import { mm } from '../../src/core/units.js';
import { makePoster, MARKS_SLUG, renderPoster, TILE_OVERLAP, type PosterResult } from '../../src/products/poster.js';
import { loadPosterData } from '../../src/input/data.js';
import { defaultBleed, POSTER_SIZE_NAMES, POSTER_SIZES, type PosterSizeName } from '../../src/core/paper.js';
import { loadTexts } from '../../src/input/data.js';
import type { Texts } from '../../src/input/schema.js';
import { readColumns, readFonts, readText, squash } from '../helpers/pdf.js';
import type { Rect } from '../../src/render/tile-poster.js';
import { standardFile } from '../helpers/standard-set.js';
import {
  describeRun,
  longLines,
  overlappingRuns,
  readGlyphRuns,
  readLines,
  runtLines,
  smallRuns,
  wrongFaceRuns,
  type GlyphRun,
  type TextLine,
} from '../helpers/typography.js';
import { POSTER_LANGS, type PosterLang } from '../../src/layout/poster-layout.js';

const EPSILON = 0.01;
const temp = () => mkdtemp(join(tmpdir(), 'dp-poster-'));

let texts: Texts;
let defaultUrl: string;
const bySize = new Map<PosterSizeName, Uint8Array>();

beforeAll(async () => {
  texts = await loadTexts();
  defaultUrl = (await loadPosterData()).qr.url;
  // Each size once, both languages, default bleed: the set every per-size test reads.
  // The standard set has the A2 and 24x36 in both languages with default bleed; the others are made here.
  bySize.set('a2', await standardFile('posters/poster-a2-both.pdf'));
  bySize.set('24x36', await standardFile('posters/poster-24x36-both.pdf'));
  for (const size of POSTER_SIZE_NAMES) if (!bySize.has(size)) bySize.set(size, await makePoster({ size }));
});

/** MediaBox, TrimBox and BleedBox of every page, as [x, y, width, height]. */
async function readBoxes(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const box = (rect: { x: number; y: number; width: number; height: number }) => [rect.x, rect.y, rect.width, rect.height];
    return {
      media: box(page.getMediaBox()),
      trim: page.node.get(PDFName.of('TrimBox')) ? box(page.getTrimBox()) : undefined,
      bleed: page.node.get(PDFName.of('BleedBox')) ? box(page.getBleedBox()) : undefined,
    };
  });
}

function expectBox(actual: number[] | undefined, expected: number[]) {
  expect(actual).toBeDefined();
  actual!.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThan(EPSILON));
}

/** Every section a poster prints in one language. */
function posterSections(lang: 'en' | 'ko'): string[] {
  const d = texts.declaration;
  return [d.title[lang], ...d.mottos[lang], ...d.directives.map((directive) => directive[lang]), d.slogan[lang]];
}

/**
 * The poster's text read two ways, row by row and column by column (the directives stand in two
 * columns), so a section is found whichever way it was set.
 */
async function readPoster(bytes: Uint8Array): Promise<string> {
  const { pages, items } = await readText(bytes);
  const [{ width }] = await readBoxes(bytes).then((boxes) => boxes.map((box) => ({ width: box.media[2]! })));
  return `${squash(pages.join(''))}\n${squash(readColumns(items, width))}`;
}

/**
 * Rasterises the bottom-right part of the first page, where the code sits (the right half, the
 * lowest 40%), with pdf.js on its Node canvas (@napi-rs/canvas) so that a QR module is about 4 px,
 * and decodes it with jsQR: the code as it would print, not the matrix the template was given.
 * Only that region is drawn, at the fewest pixels jsQR reads reliably: the whole page at 6 px a
 * module cost up to half a second a poster.
 */
async function scanQr(bytes: Uint8Array): Promise<{ text: string; symbolMm: number } | undefined> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(1);
    const base = page.getViewport({ scale: 1 });
    // The code is an eighth of the width across some 41 modules (version 3 or 4 and the quiet zone).
    const modulePt = (base.width * 0.125) / 41;
    const scale = Math.max(1, 4 / modulePt);
    const whole = page.getViewport({ scale });
    const x = Math.floor(whole.width / 2);
    const y = Math.floor(whole.height * 0.6);
    const viewport = page.getViewport({ scale, offsetX: -x, offsetY: -y });
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } } }).canvasFactory;
    const { canvas, context } = factory.create(Math.floor(whole.width) - x, Math.floor(whole.height) - y);
    await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement }).promise;
    const region = context.getImageData(0, 0, Math.floor(whole.width) - x, Math.floor(whole.height) - y);
    const found = jsQR(region.data, region.width, region.height, { inversionAttempts: 'dontInvert' });
    if (!found) return undefined;
    const { topLeftCorner: a, topRightCorner: b } = found.location;
    // The finder patterns' centres are 3.5 modules in from each edge: scale their distance up to the symbol.
    const side = Math.hypot(b.x - a.x, b.y - a.y);
    const modules = (found.version - 1) * 4 + 21;
    const symbolPt = ((side * modules) / (modules - 7)) / scale;
    return { text: found.data, symbolMm: (symbolPt / 72) * 25.4 };
  } finally {
    await doc.destroy();
  }
}

describe.each(POSTER_SIZE_NAMES)('the %s poster', (size) => {
  const trim = POSTER_SIZES[size];
  const bleed = defaultBleed(size);

  it('is one page of trim + 2 x bleed with TrimBox the trim exactly and BleedBox trim + bleed', async () => {
    const boxes = await readBoxes(bySize.get(size)!);
    expect(boxes).toHaveLength(1);
    expectBox(boxes[0]!.media, [0, 0, trim.width + 2 * bleed, trim.height + 2 * bleed]);
    expectBox(boxes[0]!.trim, [bleed, bleed, trim.width, trim.height]);
    expectBox(boxes[0]!.bleed, [0, 0, trim.width + 2 * bleed, trim.height + 2 * bleed]);
  });

  it('passes the print preflight with its bleed', async () => {
    const report = await checkPdf(bySize.get(size)!, { file: `${size}.pdf`, requireBoxes: true, expectedBleed: bleed });
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it('prints the title, mottos, directives and slogan in both languages', async () => {
    const text = await readPoster(bySize.get(size)!);
    for (const lang of ['en', 'ko'] as const) for (const section of posterSections(lang)) expect(text).toContain(squash(section));
  });

  it('keeps every piece of text inside the safe margin of the trim', async () => {
    const doc = await getDocument({ data: bySize.get(size)!.slice(), verbosity: 0 }).promise;
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const margin = trim.width * 0.07 - 0.5;
    let count = 0;
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      count += 1;
      const [, , , , x, y] = item.transform as number[];
      expect(x).toBeGreaterThanOrEqual(bleed + margin);
      expect(x + item.width).toBeLessThanOrEqual(bleed + trim.width - margin);
      expect(y).toBeGreaterThanOrEqual(bleed + margin);
      // item.height is the em box; the tallest glyphs reach about 0.8 em above the baseline.
      expect(y + item.height * 0.8).toBeLessThanOrEqual(bleed + trim.height - margin);
    }
    expect(count).toBeGreaterThan(20);
    await doc.destroy();
  });

  it('has a QR code that scans from the rendered page to the default URL, at least 20 mm across', async () => {
    const scanned = await scanQr(bySize.get(size)!);
    expect(scanned?.text).toBe(defaultUrl);
    expect(scanned!.symbolMm).toBeGreaterThan(20);
  });
});

/**
 * The directives' floor: 16 pt on A2, type a reader takes in from a couple of metres, and in
 * proportion to the trim's width on the other sizes (the reading distance grows with the poster).
 */
const directiveFloor = (size: PosterSizeName) => (16 * POSTER_SIZES[size].width) / POSTER_SIZES.a2.width;
/** The directives are the poster's only text in the book faces; everything else is Pretendard. */
const isDirective = (run: GlyphRun) => /^(NanumMyeongjo|SourceSerif4)/.test(run.font);
const describeLine = (line: TextLine) => `"${line.text}" at y ${line.y.toFixed(1)}`;

/**
 * The lines a display text was set in: lines at one size whose texts are pieces of it and, read
 * in order, make it up exactly (a kicker that repeats the title's first words is at another size).
 */
function displayLines(lines: readonly TextLine[], text: string): TextLine[] {
  const whole = squash(text);
  const bySize = new Map<number, TextLine[]>();
  for (const line of lines) {
    if (!whole.includes(squash(line.text))) continue;
    const size = Math.round(line.runs[0]!.size * 10) / 10;
    bySize.set(size, [...(bySize.get(size) ?? []), line]);
  }
  return [...bySize.values()].find((group) => squash(group.map((line) => line.text).join('')) === whole) ?? [];
}

describe('poster typography', () => {
  const posters = new Map<string, Uint8Array>();
  const runsOf = new Map<string, GlyphRun[]>();
  const variants = POSTER_SIZE_NAMES.flatMap((size) => POSTER_LANGS.map((lang) => [size, lang] as [PosterSizeName, PosterLang]));

  beforeAll(async () => {
    const standard: Record<string, string> = { 'a2-both': 'posters/poster-a2-both.pdf', 'a3-ko': 'posters/poster-a3-ko.pdf', '24x36-both': 'posters/poster-24x36-both.pdf' };
    for (const [size, lang] of variants) {
      const key = `${size}-${lang}`;
      const bytes = standard[key] ? await standardFile(standard[key]!) : lang === 'both' && bySize.has(size) ? bySize.get(size)! : await makePoster({ size, lang });
      posters.set(key, bytes);
      runsOf.set(key, await readGlyphRuns(bytes));
    }
  }, 120_000);

  describe.each(variants)('%s %s', (size, lang) => {
    const key = `${size}-${lang}`;
    const langs = lang === 'both' ? (['ko', 'en'] as const) : ([lang] as const);

    it(`sets every directive at ${directiveFloor(size).toFixed(1)} pt or more (16 pt on A2, in proportion to the trim)`, () => {
      const directives = runsOf.get(key)!.filter(isDirective);
      expect(directives.length).toBeGreaterThanOrEqual(14);
      const under = directives.filter((run) => run.size < directiveFloor(size) - 0.01);
      expect(under.map(describeRun)).toEqual([]);
    });

    it('has nothing under 6 pt, no text over text, each script in its faces, no runt, no measure over 75 characters', () => {
      const runs = runsOf.get(key)!;
      const lines = readLines(runs);
      const d = texts.declaration;
      const paragraphs = langs.flatMap((l) => [...d.directives.map((directive) => directive[l]), d.title[l], d.slogan[l]]);
      expect(smallRuns(runs).map(describeRun)).toEqual([]);
      expect(overlappingRuns(runs).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
      expect(wrongFaceRuns(runs).map(describeRun)).toEqual([]);
      expect(runtLines(lines, paragraphs).map(describeLine)).toEqual([]);
      expect(longLines(lines).map(describeLine)).toEqual([]);
    });

    it('sets its display lines (title, slogan, event line, QR caption) balanced', async () => {
      const lines = readLines(runsOf.get(key)!);
      const d = texts.declaration;
      const words = await loadPosterData();
      const display = langs.flatMap((l) => [d.title[l], d.slogan[l], words.event?.[l], words.qr.caption[l]]).filter((t): t is string => Boolean(t));
      for (const text of display) {
        const block = displayLines(lines, text);
        expect(block.length, `the lines of "${text}"`).toBeGreaterThan(0);
        const widths = block.map((line) => line.right - line.x);
        // Two lines of a display text are of similar length: no word or two left alone.
        expect(Math.min(...widths) / Math.max(...widths), `"${text}": ${block.map((line) => `"${line.text}"`).join(' / ')}`).toBeGreaterThan(block.length === 1 ? 0 : 0.6);
      }
    });

    if (lang !== 'both') {
      it('balances its two directive columns: their last lines at most two lines apart', () => {
        const runs = runsOf.get(key)!.filter(isDirective);
        const middle = POSTER_SIZES[size].width / 2 + defaultBleed(size);
        const lastBaseline = (column: GlyphRun[]) => Math.min(...column.map((run) => run.y));
        const left = runs.filter((run) => run.x < middle);
        const right = runs.filter((run) => run.x >= middle);
        expect(left.length).toBeGreaterThan(0);
        expect(right.length).toBeGreaterThan(0);
        const line = left[0]!.size * (lang === 'ko' ? 1.62 : 1.36);
        expect(Math.abs(lastBaseline(left) - lastBaseline(right)) / line).toBeLessThanOrEqual(2);
      });
    }
  });
});

describe('poster options', () => {
  let koMarks: Uint8Array;
  let enNoBleed: Uint8Array;
  const url = 'https://example.org/sign?lang=ko';

  beforeAll(async () => {
    koMarks = await makePoster({ size: 'a3', lang: 'ko', marks: true, qr: url });
    enNoBleed = await makePoster({ size: 'tabloid', lang: 'en', bleed: '0' });
  });

  it('with --marks: the page grows by a slug on every side, boxes stay on the trim and bleed', async () => {
    const trim = POSTER_SIZES.a3;
    const bleed = mm(3);
    const edge = bleed + MARKS_SLUG;
    const [boxes] = await readBoxes(koMarks);
    expectBox(boxes!.media, [0, 0, trim.width + 2 * edge, trim.height + 2 * edge]);
    expectBox(boxes!.trim, [edge, edge, trim.width, trim.height]);
    expectBox(boxes!.bleed, [MARKS_SLUG, MARKS_SLUG, trim.width + 2 * bleed, trim.height + 2 * bleed]);
    const report = await checkPdf(koMarks, { file: 'a3-ko-marks.pdf', requireBoxes: true, expectedBleed: bleed });
    expect(report.ok).toBe(true);
  });

  it('with --bleed 0: the page is the trim, and TrimBox = BleedBox = MediaBox', async () => {
    const trim = POSTER_SIZES.tabloid;
    const [boxes] = await readBoxes(enNoBleed);
    for (const box of [boxes!.media, boxes!.trim, boxes!.bleed]) expectBox(box, [0, 0, trim.width, trim.height]);
    expect((await checkPdf(enNoBleed, { file: 'tabloid-en.pdf', requireBoxes: true, expectedBleed: 0 })).ok).toBe(true);
  });

  it('prints one language only when asked, and Korean lines never start with closing punctuation', async () => {
    const ko = await readPoster(koMarks);
    for (const section of posterSections('ko')) expect(ko).toContain(squash(section));
    expect(ko).not.toContain(squash(texts.declaration.mottos.en[0]!));
    const en = await readPoster(enNoBleed);
    for (const section of posterSections('en')) expect(en).toContain(squash(section));
    expect(en).not.toContain(squash(texts.declaration.mottos.ko[0]!));
    const { lines } = await readText(koMarks);
    for (const line of lines) expect(line.trim()).not.toMatch(/^[.,;:!?)\]}’”»、。，」』）]/);
  });

  it('encodes the --qr URL, scanned from the page', async () => {
    expect((await scanQr(koMarks))?.text).toBe(url);
  });

  it('embeds every font as a subset', async () => {
    for (const bytes of [koMarks, enNoBleed, bySize.get('a2')!]) {
      const fonts = await readFonts(bytes);
      expect(fonts.length).toBeGreaterThan(1);
      for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
    }
  });

  it('is reproducible: the same inputs give the same bytes', async () => {
    const again = await makePoster({ size: 'tabloid', lang: 'en', bleed: '0' });
    expect(Buffer.from(again).equals(Buffer.from(enNoBleed))).toBe(true);
  });
});

/**
 * Renders every page of a PDF whole with pdf.js on its Node canvas, at `scale` px per pt, and
 * decodes each with jsQR: the pages on which a QR code scans, what it says and its symbol's size.
 */
async function scanPages(bytes: Uint8Array, scale: number): Promise<{ page: number; text: string; symbolMm: number }[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const found: { page: number; text: string; symbolMm: number }[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale });
      const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } } }).canvasFactory;
      const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement }).promise;
      const image = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
      const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      // jsQR now and then "finds" a version 1 code with no data in a block of Hangul: not a scan.
      if (!code || code.data === '') continue;
      const { topLeftCorner: a, topRightCorner: b } = code.location;
      const modules = (code.version - 1) * 4 + 21;
      const symbolPt = (Math.hypot(b.x - a.x, b.y - a.y) * modules) / (modules - 7) / scale;
      found.push({ page: n, text: code.data, symbolMm: (symbolPt / 72) * 25.4 });
    }
  } finally {
    await doc.destroy();
  }
  return found;
}

/** A glyph run of a tiled sheet, and whether it is drawn inside the poster's form XObject (the poster) or on the sheet (labels, the map). */
type SheetRun = GlyphRun & { inPoster: boolean };

/**
 * The glyph runs of every page of a tiled poster. Each sheet draws the whole poster page, clipped
 * to its tile: pdf.js reads text outside the clip too, so the poster's runs are told from the
 * sheet's own by the fonts set inside the form.
 */
async function readSheetRuns(bytes: Uint8Array): Promise<SheetRun[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const runs: SheetRun[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const ops = await page.getOperatorList();
      const posterFonts = new Set<string>();
      let depth = 0;
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.paintFormXObjectBegin) depth += 1;
        else if (fn === OPS.paintFormXObjectEnd) depth -= 1;
        else if (fn === OPS.setFont && depth > 0) posterFonts.add(String((ops.argsArray[i] as unknown[])[0]));
      });
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        const font = (page.commonObjs.get(item.fontName) as { name?: string } | undefined)?.name ?? item.fontName;
        runs.push({ page: p, str: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!), font: font.replace(/^[A-Z]{6}\+/, ''), inPoster: posterFonts.has(item.fontName) });
      }
    }
  } finally {
    await doc.destroy();
  }
  return runs;
}

/**
 * What a reader sees of a sheet: its own runs, and the poster's runs that show inside the tile's
 * artwork (with the bleed on outer edges), cut to it. A run is a box from 0.2 em under its
 * baseline to 0.75 em over it, as typography.ts draws it; a cut box is given back as a run with
 * that box.
 */
function visibleRuns(runs: readonly SheetRun[], art: Rect): GlyphRun[] {
  const visible: GlyphRun[] = [];
  for (const run of runs) {
    if (!run.inPoster) {
      visible.push(run);
      continue;
    }
    const left = Math.max(run.x, art.x);
    const right = Math.min(run.x + run.width, art.x + art.width);
    const bottom = Math.max(run.y - 0.2 * run.size, art.y);
    const top = Math.min(run.y + 0.75 * run.size, art.y + art.height);
    if (right - left < 0.5 || top - bottom < 0.5) continue;
    // The same box, as a run: size and baseline chosen so that typography.ts's box is [bottom, top].
    const size = (top - bottom) / 0.95;
    visible.push({ ...run, x: left, width: right - left, y: bottom + 0.2 * size, size });
  }
  return visible;
}

describe.each([
  ['a2', 'both', 'a4'],
  ['a2', 'ko', 'letter'],
  ['24x36', 'both', 'a4'],
  ['24x36', 'en', 'letter'],
] as const)('the %s %s poster tiled on %s', (size, lang, sheet) => {
  let result: PosterResult;
  let runs: SheetRun[];
  const langs = lang === 'both' ? (['en', 'ko'] as const) : ([lang] as const);

  beforeAll(async () => {
    result = await renderPoster({ size, lang, tile: sheet });
    runs = await readSheetRuns(result.tiling!.bytes);
  }, 60_000);

  it('covers the whole trim with sheets of one size overlapping by 10 mm', () => {
    const tiling = result.tiling!;
    const trim = tiling.trim;
    const bleed = defaultBleed(size);
    expectBox([trim.x, trim.y, trim.width, trim.height], [bleed, bleed, POSTER_SIZES[size].width, POSTER_SIZES[size].height]);
    expect(tiling.overlap).toBeCloseTo(TILE_OVERLAP, 6);
    expect(tiling.tiles).toHaveLength(tiling.rows * tiling.columns);
    const at = (row: number, column: number) => tiling.tiles.find((tile) => tile.row === row && tile.column === column)!.source;
    for (let row = 1; row <= tiling.rows; row++) {
      // Each row spans the trim from its left to its right edge, neighbours overlapping by exactly the overlap.
      expect(at(row, 1).x).toBeCloseTo(trim.x, 6);
      const last = at(row, tiling.columns);
      expect(last.x + last.width).toBeCloseTo(trim.x + trim.width, 6);
      for (let column = 1; column < tiling.columns; column++) {
        const left = at(row, column);
        expect(left.x + left.width - at(row, column + 1).x).toBeCloseTo(TILE_OVERLAP, 6);
      }
    }
    for (let column = 1; column <= tiling.columns; column++) {
      const top = at(1, column);
      expect(top.y + top.height).toBeCloseTo(trim.y + trim.height, 6);
      expect(at(tiling.rows, column).y).toBeCloseTo(trim.y, 6);
      for (let row = 1; row < tiling.rows; row++) {
        const upper = at(row, column);
        const lower = at(row + 1, column);
        expect(lower.y + lower.height - upper.y).toBeCloseTo(TILE_OVERLAP, 6);
      }
    }
  });

  it('has its QR code scan from exactly one sheet alone, to the URL, at 20 mm or more', async () => {
    // About 3 px a module, the fewest jsQR reads reliably (every sheet is drawn whole, some 10-17 of
    // them): the code is an eighth of the trim's width across some 53 modules (version 7 and the quiet zone).
    const modulePt = (POSTER_SIZES[size].width * 0.125) / 53;
    const scanned = await scanPages(result.tiling!.bytes, 3 / modulePt);
    expect(scanned.map(({ page, text }) => ({ page: page > 1, text }))).toEqual([{ page: true, text: defaultUrl }]);
    expect(scanned[0]!.symbolMm).toBeGreaterThan(20);
  });

  it('is the assembly map, then one page per sheet drawing the one embedded poster page', async () => {
    const tiling = result.tiling!;
    const doc = await PDFDocument.load(tiling.bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(tiling.tiles.length + 1);
    const refs = new Set<string>();
    for (const [i, page] of doc.getPages().entries()) {
      const { width, height } = page.getSize();
      expect([Math.min(width, height), Math.max(width, height)].map((v) => Math.round(v * 100) / 100)).toEqual([
        Math.round(PAPER[sheet].width * 100) / 100,
        Math.round(PAPER[sheet].height * 100) / 100,
      ]);
      if (i === 0) continue;
      const resources = doc.context.lookup(page.node.get(PDFName.of('Resources')), PDFDict);
      const xobjects = doc.context.lookup(resources.get(PDFName.of('XObject')), PDFDict);
      for (const [, ref] of xobjects.entries()) refs.add((ref as PDFRef).toString());
    }
    // Reused, never re-rendered: every sheet draws the same form.
    expect(refs.size).toBe(1);
    const report = await checkPdf(tiling.bytes, { file: 'tiles.pdf', requireBoxes: false });
    expect(report.checks.find((check) => check.name === 'fonts')!.ok).toBe(true);
  });

  it('says on every sheet which it is, what to cut and where to overlap, plainly, in the poster\'s languages', async () => {
    const tiling = result.tiling!;
    const words = (await loadPosterData()).tiles;
    // A page's own text, read column by column: the lines that start at one x, top to bottom.
    const pageText = (page: number) => {
      const columns = new Map<number, TextLine[]>();
      for (const line of readLines(runs.filter((run) => run.page === page && !run.inPoster))) {
        const x = Math.round(line.x);
        columns.set(x, [...(columns.get(x) ?? []), line]);
      }
      return squash([...columns.values()].map((lines) => lines.map((line) => line.text).join(' ')).join('\n'));
    };
    for (const tile of tiling.tiles) {
      const text = pageText(tile.index + 1);
      expect(tile.label).toHaveLength(langs.length);
      for (const paragraph of tile.label) expect(text).toContain(squash(paragraph));
      for (const l of langs) {
        expect(text).toContain(squash(words.sheet[l].replace('{index}', `${tile.index}`).replace('{count}', `${tiling.tiles.length}`).replace('{row}', `${tile.row}`).replace('{column}', `${tile.column}`)));
        // Beside each strip a neighbour is laid on, and once in the label.
        const strips = Number(tile.column < tiling.columns) + Number(tile.row < tiling.rows);
        expect(text.split(squash(words.here[l])).length - 1, `sheet ${tile.index} "${words.here[l]}"`).toBe(strips + 1);
      }
      expect(text.toLowerCase()).not.toContain('glueunder');
    }
    const map = pageText(1);
    for (const l of langs) {
      expect(map).toContain(squash(words.guide.title[l]));
      expect(map).toContain(squash(words.guide.steps[l][1]!));
    }
    for (const tile of tiling.tiles) expect(map).toContain(`${tile.index}`);
  });

  it('passes the typographer\'s checks on what each page shows: labels in Pretendard, nothing under 6 pt, no text over text, measures of 75 or fewer', () => {
    const tiling = result.tiling!;
    const bleed = defaultBleed(size);
    for (let page = 1; page <= tiling.tiles.length + 1; page++) {
      const own = runs.filter((run) => run.page === page && !run.inPoster);
      expect(own.length, `page ${page}`).toBeGreaterThan(0);
      expect(own.filter((run) => !/^Pretendard/.test(run.font)).map(describeRun)).toEqual([]);
      expect(longLines(readLines(own)).map(describeLine)).toEqual([]);
      const tile = tiling.tiles[page - 2];
      const art = tile
        ? {
            x: tile.origin.x - (tile.column === 1 ? bleed : 0),
            y: tile.origin.y - (tile.row === tiling.rows ? bleed : 0),
            width: tile.source.width + (tile.column === 1 ? bleed : 0) + (tile.column === tiling.columns ? bleed : 0),
            height: tile.source.height + (tile.row === 1 ? bleed : 0) + (tile.row === tiling.rows ? bleed : 0),
          }
        : { x: 0, y: 0, width: 0, height: 0 };
      const visible = visibleRuns(runs.filter((run) => run.page === page), art);
      expect(smallRuns(visible.filter((run) => !(run as SheetRun).inPoster)).map(describeRun)).toEqual([]);
      expect(wrongFaceRuns(visible).map(describeRun)).toEqual([]);
      expect(overlappingRuns(visible).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
    }
  });
});

describe('bad poster options and data', () => {
  const expectBadOption = async (promise: Promise<unknown>, ...parts: (string | RegExp)[]) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).code).toBe('BAD_OPTION');
    for (const part of parts) expect((error as PressError).message).toMatch(part);
  };

  it('refuses an unknown size, naming the allowed ones', async () => {
    await expectBadOption(makePoster({ size: 'b2' as PosterSizeName }), /"b2"/, /a3, a2, a1, tabloid, 18x24, 24x36/);
  });

  it('refuses a bleed in cm, a bare number and a huge bleed, saying what is allowed', async () => {
    await expectBadOption(makePoster({ bleed: '5cm' }), /"5cm" is too large/, /mm, cm, in or pt from 0 to 12\.7mm/, /3mm, 0\.125in/);
    await expectBadOption(makePoster({ bleed: '3' }), /"3" is not a length/, /mm, cm, in or pt/);
    await expectBadOption(makePoster({ bleed: '2in' }), /too large/);
  });

  it('refuses a QR URL that is not an absolute http(s) URL', async () => {
    await expectBadOption(makePoster({ qr: 'not a url' }), /--qr/, /"not a url"/, /https:\/\/example\.org/);
    await expectBadOption(makePoster({ qr: 'ftp://example.org/x' }), /--qr: "ftp:\/\/example.org\/x" uses ftp:/, /https: or http:/);
  });

  it('refuses a broken data/poster.json, naming the file and the field', async () => {
    const dir = await temp();
    for (const file of ['declaration.json', 'labels.json']) await copyFile(join(DATA_DIR, file), join(dir, file));
    const words = JSON.parse(await readFile(join(DATA_DIR, 'poster.json'), 'utf8'));
    await writeFile(join(dir, 'poster.json'), JSON.stringify({ ...words, qr: { ...words.qr, url: 'www.example.org' } }));
    const error = await makePoster({ dataDir: dir }).then(() => undefined, (e: unknown) => e as PressError);
    expect(error?.code).toBe('BAD_DATA');
    expect(error?.message).toMatch(/poster\.json: qr\.url: is not an absolute URL; allowed: an http\(s\) address/);
    await writeFile(join(dir, 'poster.json'), JSON.stringify({ ...words, tiles: { ...words.tiles, sheet: { ...words.tiles.sheet, en: 'Sheet {page}' } } }));
    await expect(makePoster({ dataDir: dir })).rejects.toThrow(/tiles\.sheet: has an unknown \{placeholder\}; allowed: \{index\}, \{count\}, \{row\}, \{column\}/);
  });
});

describe('poster command and manifest', () => {

  it('lists its options and examples in --help', async () => {
    const { code, stdout } = await cli('poster', '--help');
    expect(code).toBe(0);
    for (const option of ['--size', '--lang', '--bleed', '--marks', '--qr', '--tile', '--out']) expect(stdout).toContain(option);
    for (const size of POSTER_SIZE_NAMES) expect(stdout).toContain(`"${size}"`);
    expect(stdout).toContain('Examples:');
  });

  it('writes the poster where --out says', async () => {
    const out = join(await temp(), 'p.pdf');
    const { code, stderr } = await cli('poster', '--size', 'a3', '--lang', 'en', '--bleed', '0.125in', '--out', out);
    expect(code, stderr).toBe(0);
    const [boxes] = await readBoxes(await readFile(out));
    expectBox(boxes!.trim, [9, 9, POSTER_SIZES.a3.width, POSTER_SIZES.a3.height]);
  });

  it('exits 2 with what is allowed for a bad size, bleed or URL', async () => {
    const size = await cli('poster', '--size', 'a0');
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/a0/);
    expect(size.stderr).toMatch(/a3.*a2.*a1.*tabloid.*18x24.*24x36/);
    const bleed = await cli('poster', '--bleed', '5cm', '--out', join(await temp(), 'x.pdf'));
    expect(bleed.code).toBe(2);
    expect(bleed.stderr).toContain('--bleed: "5cm" is too large; allowed: a length in mm, cm, in or pt from 0 to 12.7mm (0.5in)');
    const qr = await cli('poster', '--qr', 'example', '--out', join(await temp(), 'x.pdf'));
    expect(qr.code).toBe(2);
    expect(qr.stderr).toContain('--qr: "example" is not an absolute URL; allowed: an http(s) address');
  });

  it('builds poster entries of a manifest, a broken one failing alone', async () => {
    const dir = await temp();
    const manifest = join(dir, 'campaign.json');
    await writeFile(
      manifest,
      JSON.stringify({
        outDir: 'out',
        outputs: [
          { product: 'poster', out: 'a3-en.pdf', options: { size: 'a3', lang: 'en', bleed: 0 } },
          { product: 'poster', out: 'bad.pdf', options: { size: 'a3', bleed: '5cm' } },
          { product: 'poster', out: 'worse.pdf', options: { size: 'b1' } },
        ],
      }),
    );
    const results = await buildManifest(manifest);
    expect(results.map((r) => Boolean(r.error))).toEqual([false, true, true]);
    expect(results[1]!.error!.message).toContain('5cm');
    expect(results[2]!.error!.message).toMatch(/size/);
    const [boxes] = await readBoxes(await readFile(join(dir, 'out', 'a3-en.pdf')));
    expectBox(boxes!.media, [0, 0, POSTER_SIZES.a3.width, POSTER_SIZES.a3.height]);
  });
});
