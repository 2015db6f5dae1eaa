import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { createElement } from 'react';
import { Document, Font, Page, Text, renderToBuffer } from '@react-pdf/renderer';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts, degrees } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdf, formatCheckReport } from '../../src/preflight/check-pdf.js';
import type { CheckPdfOptions, PdfCheck, PdfCheckName, PdfCheckReport } from '../../src/preflight/check-pdf.js';
import { PressError } from '../../src/core/errors.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const BLEED_3MM = 3 * MM;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'check-pdf-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a fixture into the temp dir and checks it from disk, as the CLI will. */
async function check(name: string, bytes: Uint8Array, options: Omit<CheckPdfOptions, 'file'> = {}): Promise<PdfCheckReport> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  return checkPdf(new Uint8Array(await readFile(file)), { file: basename(file), ...options });
}

function checkOf(report: PdfCheckReport, name: PdfCheckName): PdfCheck {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in the report`);
  return found;
}

// --- a tiny PNG encoder, so that no binary fixture is committed ---------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGB PNG of the given pixel size with a diagonal pattern. */
function makePng(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, RGB, deflate, no filter, no interlace
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) raw.set([(x * 7) & 0xff, (y * 5) & 0xff, ((x + y) * 3) & 0xff], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

// --- fixtures ---------------------------------------------------------------------------------

async function helveticaPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([A4.width, A4.height]).drawText('Washington Declaration', { font, x: 72, y: 700, size: 24 });
  return doc.save();
}

let reactPdf: Promise<Uint8Array> | undefined;

/** pdf-lib cannot subset with fontkit 2 (its subsets lack `encodeStream`), so react-pdf makes the embedded-subset file. */
function renderReactPdf(): Promise<Uint8Array> {
  reactPdf ??= (async () => {
    Font.register({ family: 'SourceSerif', src: join(root, 'fonts/SourceSerif4-Regular.ttf') });
    Font.register({ family: 'Nanum', src: join(root, 'fonts/NanumMyeongjo-Regular.ttf') });
    const page = createElement(
      Page,
      { size: 'A4', style: { fontFamily: 'SourceSerif', padding: 72 } },
      createElement(Text, null, 'Washington Declaration'),
      createElement(Text, { style: { fontFamily: 'Nanum' } }, '워싱턴 선언'),
    );
    return new Uint8Array(await renderToBuffer(createElement(Document, null, page)));
  })();
  return reactPdf;
}

/** Loads a PDF, edits every font dictionary that has `key`, saves. */
async function editFonts(bytes: Uint8Array, edit: (doc: PDFDocument, font: PDFDict) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font')) edit(doc, obj);
  }
  return doc.save();
}

/** A ToUnicode CMap that maps codes 0–255 to U+0020: every glyph reads back as a space. */
function spacesCMap(): string {
  const groups = [0, 100, 200].map((start) => {
    const lines: string[] = [];
    for (let code = start; code < Math.min(start + 100, 256); code++) lines.push(`<${code.toString(16).padStart(4, '0')}> <0020>`);
    return `${lines.length} beginbfchar\n${lines.join('\n')}\nendbfchar`;
  });
  return [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange',
    ...groups,
    'endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end',
  ].join('\n');
}

/** Boxes to set on one page, as pdf-lib takes them: x, y, width, height. */
interface BoxSpec {
  trim?: [number, number, number, number];
  bleed?: [number, number, number, number];
}

/** A4 trim with `bleed` points of media around it; boxes set as given. */
async function boxedPdf(pages: BoxSpec[], bleed = BLEED_3MM): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const spec of pages) {
    const page = doc.addPage([A4.width + 2 * bleed, A4.height + 2 * bleed]);
    if (spec.trim) page.setTrimBox(...spec.trim);
    if (spec.bleed) page.setBleedBox(...spec.bleed);
  }
  return doc.save();
}

/** A one-page A4 poster whose media, BleedBox and TrimBox give `bleed` points on every side. */
function posterPdf(bleed = BLEED_3MM): Promise<Uint8Array> {
  return boxedPdf([posterBoxes(bleed)], bleed);
}

/** Boxes for an A4 trim with bleed `bleed` inside a media box that is `bleed` larger on every side. */
function posterBoxes(bleed = BLEED_3MM): BoxSpec {
  return {
    trim: [bleed, bleed, A4.width, A4.height],
    bleed: [0, 0, A4.width + 2 * bleed, A4.height + 2 * bleed],
  };
}

/** One page with one PNG of `px` pixels drawn at `pt` points. */
async function imagePdf(px: [number, number], pt: [number, number], rotate = 0): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(makePng(...px));
  doc.addPage([400, 400]).drawImage(image, { x: 100, y: 100, width: pt[0], height: pt[1], rotate: degrees(rotate) });
  return doc.save();
}

/**
 * The 72-ppi page (100 px at 100 pt), embedded as a Form XObject and drawn at `scale` (pdf-lib's
 * drawPage scales with `cm`); `formScale` rewrites the form's own /Matrix, which drawPage leaves unscaled.
 */
async function formImagePdf(scale: number, formScale = 1): Promise<Uint8Array> {
  const source = await PDFDocument.load(await imagePdf([100, 100], [100, 100]));
  const doc = await PDFDocument.create();
  const form = await doc.embedPage(source.getPage(0));
  doc.addPage([400, 400]).drawPage(form, { x: 10, y: 10, xScale: scale, yScale: scale });
  if (formScale === 1) return doc.save();
  const saved = await PDFDocument.load(await doc.save());
  const stream = saved.context.lookup(form.ref);
  if (!(stream instanceof PDFRawStream)) throw new Error('the embedded page is not a stream');
  stream.dict.set(PDFName.of('Matrix'), saved.context.obj([formScale, 0, 0, formScale, 0, 0]));
  return saved.save();
}

// --- tests ------------------------------------------------------------------------------------

describe('checkPdf: fonts', () => {
  it('refuses a standard Helvetica by name, because it is not embedded', async () => {
    const report = await check('helvetica.pdf', await helveticaPdf(), { requireBoxes: false });
    const fonts = checkOf(report, 'fonts');
    expect(report.ok).toBe(false);
    expect(fonts.ok).toBe(false);
    expect(fonts.detail).toEqual(['Helvetica (page 1) is not embedded']);
    expect(report.facts.fonts).toMatchObject([{ name: 'Helvetica', subtype: 'Type1', embedded: false, subset: false }]);
  });

  it('finds an unembedded font inside a Form XObject (embedPage)', async () => {
    const source = await PDFDocument.load(await helveticaPdf());
    const doc = await PDFDocument.create();
    const form = await doc.embedPage(source.getPage(0));
    doc.addPage([A4.width, A4.height]).drawPage(form, { x: 0, y: 0 });
    const report = await check('helvetica-in-form.pdf', await doc.save(), { requireBoxes: false });
    expect(checkOf(report, 'fonts').detail).toEqual(['Helvetica (page 1) is not embedded']);
    // The text inside the form counts as drawn text and extracts.
    expect(report.facts.text).toEqual([{ page: 1, drawsText: true, extractedChars: 21 }]);
  });

  it('passes embedded subset TrueType fonts (Type0) from react-pdf, Latin and Hangul', async () => {
    const report = await check('react-pdf.pdf', await renderReactPdf(), { requireBoxes: false });
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([['fonts', true], ['boxes', true], ['images', true], ['text', true]]);
    expect(report.ok).toBe(true);
    expect(checkOf(report, 'fonts').detail).toEqual(['2 fonts, all embedded and subset']);
    const names = report.facts.fonts.map((f) => f.name);
    expect(names).toHaveLength(2);
    expect(names).toEqual(expect.arrayContaining([
      expect.stringMatching(/^[A-Z]{6}\+NanumMyeongjo$/),
      expect.stringMatching(/^[A-Z]{6}\+SourceSerif4-Regular$/),
    ]));
    expect(report.facts.fonts.every((f) => f.embedded && f.subset && f.toUnicode && f.subtype === 'Type0')).toBe(true);
  });

  it('says an embedded font without a subset tag is not subset', async () => {
    const untagged = await editFonts(await renderReactPdf(), (_doc, font) => {
      const name = font.get(PDFName.of('BaseFont'));
      if (name instanceof PDFName) font.set(PDFName.of('BaseFont'), PDFName.of(name.decodeText().replace(/^[A-Z]{6}\+/, '')));
    });
    const fonts = checkOf(await check('untagged.pdf', untagged, { requireBoxes: false }), 'fonts');
    expect(fonts.ok).toBe(false);
    expect(fonts.detail.sort()).toEqual([
      'NanumMyeongjo (page 1) is embedded but not subset',
      'SourceSerif4-Regular (page 1) is embedded but not subset',
    ]);
  });
});

describe('checkPdf: boxes', () => {
  it('measures trim and bleed of a poster and accepts the expected bleed', async () => {
    const report = await check('poster.pdf', await posterPdf(), { expectedBleed: BLEED_3MM });
    const boxes = checkOf(report, 'boxes');
    expect(boxes).toEqual({ name: 'boxes', ok: true, detail: ['trim 210 × 297 mm (8.27 × 11.69 in), bleed 8.5 pt (3 mm) each side'] });
    expect(report.ok).toBe(true);
  });

  it('allows ±0.5 pt of bleed tolerance, and no more', async () => {
    const near = await check('bleed-near.pdf', await posterPdf(BLEED_3MM + 0.4), { expectedBleed: BLEED_3MM });
    expect(checkOf(near, 'boxes').ok).toBe(true);
    const far = await check('bleed-far.pdf', await posterPdf(BLEED_3MM + 0.6), { expectedBleed: BLEED_3MM });
    expect(checkOf(far, 'boxes').ok).toBe(false);
  });

  it('fails a wrong bleed and says what it found and what was expected', async () => {
    const report = await check('bleed-2mm.pdf', await posterPdf(2 * MM), { expectedBleed: BLEED_3MM });
    expect(checkOf(report, 'boxes')).toEqual({
      name: 'boxes',
      ok: false,
      detail: ['page 1: bleed 5.67 pt (2 mm) each side, expected 8.5 pt (±0.5 pt) each side'],
    });
    expect(report.ok).toBe(false);
  });

  it('reports uneven bleed side by side', async () => {
    // pdf-lib's setBleedBox takes x, y, width, height: this BleedBox has no bleed at top and bottom.
    const spec: BoxSpec = { trim: [BLEED_3MM, BLEED_3MM, A4.width, A4.height], bleed: [0, BLEED_3MM, A4.width + 2 * BLEED_3MM, A4.height] };
    const report = await check('bleed-uneven.pdf', await boxedPdf([spec]), { expectedBleed: BLEED_3MM });
    expect(checkOf(report, 'boxes').detail).toEqual([
      'page 1: bleed left 8.5 pt, right 8.5 pt, top 0 pt, bottom 0 pt, expected 8.5 pt (±0.5 pt) each side',
    ]);
  });

  it('fails a page without TrimBox and BleedBox by default (posters need them)', async () => {
    const report = await check('no-boxes.pdf', await boxedPdf([{}]));
    expect(checkOf(report, 'boxes')).toEqual({ name: 'boxes', ok: false, detail: ['page 1: no TrimBox or BleedBox'] });
  });

  it('passes a page without boxes, with a note, when boxes are not required (office printing)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([A4.width, A4.height]);
    const report = await check('office.pdf', await doc.save(), { requireBoxes: false });
    expect(checkOf(report, 'boxes')).toEqual({
      name: 'boxes',
      ok: true,
      detail: ['no TrimBox or BleedBox (not needed for office printing), page 210 × 297 mm (8.27 × 11.69 in)'],
    });
  });

  it('fails a TrimBox larger than the MediaBox even when boxes are not required', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 300]).setTrimBox(-10, -10, 220, 320);
    const boxes = checkOf(await check('trim-too-big.pdf', await doc.save(), { requireBoxes: false }), 'boxes');
    expect(boxes.ok).toBe(false);
    expect(boxes.detail).toEqual(['page 1: TrimBox [-10 -10 210 310] extends past MediaBox [0 0 200 300]']);
  });

  it('fails a TrimBox that reaches past its BleedBox', async () => {
    // The boxes of a correct poster, swapped.
    const spec: BoxSpec = { trim: posterBoxes().bleed, bleed: posterBoxes().trim };
    const boxes = checkOf(await check('trim-past-bleed.pdf', await boxedPdf([spec])), 'boxes');
    expect(boxes.ok).toBe(false);
    expect(boxes.detail).toHaveLength(1);
    expect(boxes.detail[0]).toMatch(/^page 1: TrimBox \[0 0 612\.28 858\.9\] extends past BleedBox \[8\.5 8\.5 603\.78 850\.39\]$/);
  });

  it('fails a BleedBox that a CropBox would cut off', async () => {
    const doc = await PDFDocument.load(await posterPdf());
    doc.getPage(0).setCropBox(BLEED_3MM, BLEED_3MM, A4.width, A4.height);
    const boxes = checkOf(await check('cropped.pdf', await doc.save()), 'boxes');
    expect(boxes.ok).toBe(false);
    expect(boxes.detail).toEqual(['page 1: BleedBox [0 0 612.28 858.9] extends past CropBox [8.5 8.5 603.78 850.39]']);
  });

  it('names the one page of several that lacks boxes, and sums up the others once', async () => {
    const bytes = await boxedPdf([posterBoxes(), {}, posterBoxes()]);
    expect(checkOf(await check('three-pages.pdf', bytes), 'boxes').detail).toEqual(['page 2: no TrimBox or BleedBox']);
    const relaxed = checkOf(await check('three-pages.pdf', bytes, { requireBoxes: false }), 'boxes');
    expect(relaxed.ok).toBe(true);
    expect(relaxed.detail).toEqual([
      'pages 1, 3: trim 210 × 297 mm (8.27 × 11.69 in), bleed 8.5 pt (3 mm) each side',
      'page 2: no TrimBox or BleedBox (not needed for office printing), page 216 × 303 mm (8.5 × 11.93 in)',
    ]);
  });
});

describe('checkPdf: images', () => {
  it('fails a 72-ppi image placed large, naming page and resolution', async () => {
    const report = await check('72ppi.pdf', await imagePdf([100, 100], [100, 100]), { requireBoxes: false });
    const images = checkOf(report, 'images');
    expect(images.ok).toBe(false);
    expect(images.detail).toHaveLength(1);
    expect(images.detail[0]).toMatch(/^page 1: image \/\S+ \(100 × 100 px placed at 35\.3 × 35\.3 mm\) is 72 ppi, below 300$/);
    expect(report.facts.images).toHaveLength(1);
    expect(report.facts.images[0]!.ppi).toBeCloseTo(72, 6);
  });

  it('passes a 600-ppi image placed small and reports the lowest resolution', async () => {
    const report = await check('600ppi.pdf', await imagePdf([600, 600], [72, 72]), { requireBoxes: false });
    expect(checkOf(report, 'images')).toEqual({
      name: 'images',
      ok: true,
      detail: [expect.stringMatching(/^1 image placement, lowest 600 ppi \(page 1, \/\S+\)$/)],
    });
  });

  it('measures a rotated image by its own axes, not its bounding box', async () => {
    const square = await check('rotated.pdf', await imagePdf([600, 600], [72, 72], 30), { requireBoxes: false });
    expect(square.facts.images[0]!.ppi).toBeCloseTo(600, 6);
    // Rotation and an uneven scale do not commute: this catches a CTM multiplied in the wrong order.
    const uneven = await check('rotated-uneven.pdf', await imagePdf([600, 300], [72, 80], 90), { requireBoxes: false });
    expect(uneven.facts.images[0]).toMatchObject({ widthPx: 600, heightPx: 300 });
    expect(uneven.facts.images[0]!.widthPt).toBeCloseTo(72, 6);
    expect(uneven.facts.images[0]!.heightPt).toBeCloseTo(80, 6);
    expect(uneven.facts.images[0]!.ppi).toBeCloseTo(270, 6);
  });

  it('takes the lower of horizontal and vertical resolution', async () => {
    const exact = await check('300-by-600.pdf', await imagePdf([600, 300], [72, 72]), { requireBoxes: false });
    expect(exact.facts.images[0]!.ppi).toBeCloseTo(300, 6);
    expect(checkOf(exact, 'images').ok).toBe(true);
    const low = await check('270-by-600.pdf', await imagePdf([600, 300], [72, 80]), { requireBoxes: false });
    expect(checkOf(low, 'images').ok).toBe(false);
    expect(checkOf(low, 'images').detail[0]).toContain('is 270 ppi, below 300');
  });

  it('honours minPpi', async () => {
    const report = await check('72ppi-ok.pdf', await imagePdf([100, 100], [100, 100]), { requireBoxes: false, minPpi: 72 });
    expect(checkOf(report, 'images').ok).toBe(true);
  });

  it('applies the CTM at the Do of a Form XObject to an image inside an embedded page', async () => {
    // 100 px at 100 pt in the source page (72 ppi); the form drawn at half size makes it 144 ppi.
    const half = await check('form-half.pdf', await formImagePdf(0.5), { requireBoxes: false });
    expect(half.facts.images).toHaveLength(1);
    expect(half.facts.images[0]!.ppi).toBeCloseTo(144, 6);
    expect(half.facts.images[0]!.name).toMatch(/^\/\S+ \/\S+$/); // form name, then image name
    expect(checkOf(half, 'images').detail[0]).toMatch(/^page 1: image \/\S+ \/\S+ \(100 × 100 px placed at 17\.6 × 17\.6 mm\) is 144 ppi, below 300$/);
    // At a fifth of the size the same image reaches 360 ppi and passes.
    const fifth = await check('form-fifth.pdf', await formImagePdf(0.2), { requireBoxes: false });
    expect(fifth.facts.images[0]!.ppi).toBeCloseTo(360, 6);
    expect(checkOf(fifth, 'images').ok).toBe(true);
  });

  it("applies a Form XObject's own /Matrix", async () => {
    const report = await check('form-matrix.pdf', await formImagePdf(1, 0.25), { requireBoxes: false });
    expect(report.facts.images[0]!.ppi).toBeCloseTo(288, 6);
    expect(report.facts.images[0]!.widthPt).toBeCloseTo(25, 6);
  });

  it('reads inline images and keeps parsing after their binary data', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([400, 400]);
    // Binary pixel data containing "EI" and delimiters that must not end the image early.
    const data = Buffer.alloc(30 * 30, 0x45);
    data.write('EI(<[/%', 10, 'latin1');
    const content = Buffer.concat([
      Buffer.from('q 7.2 0 0 7.2 10 10 cm BI /W 30 /H 30 /CS /G /BPC 8 ID ', 'latin1'),
      data,
      Buffer.from('\nEI Q\nq 72 0 0 72 100 100 cm BI /W 30 /H 30 /CS /G /BPC 8 ID ', 'latin1'),
      data,
      Buffer.from('\nEI Q\n', 'latin1'),
    ]);
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(content)));
    const report = await check('inline.pdf', await doc.save(), { requireBoxes: false });
    expect(report.facts.images.map((i) => [i.name, Math.round(i.ppi)])).toEqual([['inline image', 300], ['inline image', 30]]);
    expect(checkOf(report, 'images').detail).toEqual(['page 1: image inline image (30 × 30 px placed at 25.4 × 25.4 mm) is 30 ppi, below 300']);
  });

  it('passes a file without images', async () => {
    const report = await check('no-images.pdf', await posterPdf());
    expect(checkOf(report, 'images')).toEqual({ name: 'images', ok: true, detail: ['no images'] });
  });
});

describe('checkPdf: text', () => {
  it('extracts the text of a standard-font page (WinAnsi needs no ToUnicode)', async () => {
    const report = await check('helvetica-text.pdf', await helveticaPdf(), { requireBoxes: false });
    expect(checkOf(report, 'text')).toEqual({ name: 'text', ok: true, detail: ['text extracts from 1 of 1 page (21 characters)'] });
  });

  it('extracts Latin and Hangul from react-pdf output', async () => {
    const report = await check('react-pdf-text.pdf', await renderReactPdf(), { requireBoxes: false });
    // "WashingtonDeclaration" (21) + "워싱턴선언" (5), whitespace not counted.
    expect(report.facts.text).toEqual([{ page: 1, drawsText: true, extractedChars: 26 }]);
  });

  it('fails Type0 fonts without ToUnicode, naming each', async () => {
    const stripped = await editFonts(await renderReactPdf(), (_doc, font) => font.delete(PDFName.of('ToUnicode')));
    const report = await check('no-tounicode.pdf', stripped, { requireBoxes: false });
    const text = checkOf(report, 'text');
    expect(text.ok).toBe(false);
    expect(text.detail).toHaveLength(2);
    expect(text.detail).toEqual(expect.arrayContaining([
      expect.stringMatching(/^[A-Z]{6}\+NanumMyeongjo \(page 1\) has no ToUnicode map: its text extracts as garbage$/),
      expect.stringMatching(/^[A-Z]{6}\+SourceSerif4-Regular \(page 1\) has no ToUnicode map: its text extracts as garbage$/),
    ]));
    expect(checkOf(report, 'fonts').ok).toBe(true); // still embedded and subset
  });

  it('fails a page that draws text from which nothing can be extracted', async () => {
    const blank = await editFonts(await renderReactPdf(), (doc, font) => {
      if (font.get(PDFName.of('ToUnicode'))) font.set(PDFName.of('ToUnicode'), doc.context.register(doc.context.stream(spacesCMap())));
    });
    const report = await check('blank-text.pdf', blank, { requireBoxes: false });
    expect(checkOf(report, 'text')).toEqual({ name: 'text', ok: false, detail: ['page 1 draws text but none can be extracted'] });
  });

  it('fails text set in a font the page resources do not have', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([200, 200]);
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('BT /F9 12 Tf 10 10 Td (Hello) Tj ET')));
    const text = checkOf(await check('missing-font.pdf', await doc.save(), { requireBoxes: false }), 'text');
    expect(text.ok).toBe(false);
    expect(text.detail).toContain('page 1: text uses font /F9, which is not in the resources');
  });

  it('passes a page that draws no text, and does not count a string of spaces as text', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([200, 200]);
    doc.addPage([200, 200]).drawText('   ', { font, x: 10, y: 10 });
    const report = await check('no-text.pdf', await doc.save(), { requireBoxes: false });
    expect(checkOf(report, 'text')).toEqual({ name: 'text', ok: true, detail: ['no page draws text'] });
  });
});

describe('checkPdf: unreadable files', () => {
  it('throws BAD_PDF naming the file for bytes that are not a PDF', async () => {
    const promise = check('notes.pdf', new TextEncoder().encode('these are my notes, not a PDF'));
    await expect(promise).rejects.toBeInstanceOf(PressError);
    await expect(promise).rejects.toMatchObject({ code: 'BAD_PDF', where: 'notes.pdf', message: expect.stringMatching(/^notes\.pdf: /) });
  });

  it('throws BAD_PDF for an empty file', async () => {
    await expect(check('empty.pdf', new Uint8Array())).rejects.toMatchObject({ code: 'BAD_PDF', where: 'empty.pdf' });
  });
});

describe('checkPdf: options', () => {
  it('throws BAD_OPTION for a resolution or bleed that makes no sense', async () => {
    const bytes = await posterPdf();
    await expect(check('opt.pdf', bytes, { minPpi: 0 })).rejects.toMatchObject({ code: 'BAD_OPTION', where: 'opt.pdf' });
    await expect(check('opt.pdf', bytes, { expectedBleed: -1 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: 'opt.pdf: expectedBleed must be zero or more points, received -1',
    });
  });
});

describe('formatCheckReport', () => {
  it('prints a header and one PASS/FAIL line a check', async () => {
    const report = await check('helvetica-report.pdf', await helveticaPdf(), { requireBoxes: false });
    expect(formatCheckReport(report)).toBe([
      'helvetica-report.pdf: 1 of 4 checks fail',
      '  FAIL fonts: Helvetica (page 1) is not embedded',
      '  PASS boxes: no TrimBox or BleedBox (not needed for office printing), page 210 × 297 mm (8.27 × 11.69 in)',
      '  PASS images: no images',
      '  PASS text: text extracts from 1 of 1 page (21 characters)',
    ].join('\n'));
  });

  it('says when all checks pass and shortens long lists', () => {
    const detail = Array.from({ length: 8 }, (_, i) => `problem ${i + 1}`);
    const report: PdfCheckReport = {
      file: 'x.pdf',
      ok: false,
      checks: [{ name: 'images', ok: false, detail }],
      facts: { pages: 1, fonts: [], boxes: [], images: [], text: [] },
    };
    expect(formatCheckReport(report)).toBe(
      'x.pdf: 1 of 1 checks fail\n  FAIL images: problem 1; problem 2; problem 3; problem 4; problem 5; … and 3 more',
    );
    expect(formatCheckReport({ ...report, ok: true, checks: [{ name: 'fonts', ok: true, detail: ['no fonts'] }] }))
      .toBe('x.pdf: all 1 checks pass\n  PASS fonts: no fonts');
  });
});
