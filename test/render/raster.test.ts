import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PressError } from '../../src/core/errors.js';
import { inch, mm } from '../../src/core/units.js';
import { encodePng, encodePngSoon, readPngText } from '../../src/render/png.js';
import { MAX_PIXELS, pixelSize, rasterizePdf } from '../../src/render/raster.js';
import { cli } from '../helpers/cli.js';
import { decodePng, difference, pngSize, renderWithPdfjs } from '../helpers/raster.js';
import { standardFile } from '../helpers/standard-set.js';

const URL = 'https://example.org/declaration';

// Rendered once for every test below (the standard set's files, built once per run).
let declaration: Uint8Array;
let poster: Uint8Array;
let pages: Uint8Array[];
let posterPng: Uint8Array;

beforeAll(async () => {
  declaration = await standardFile('declaration-a4.pdf');
  poster = await standardFile('posters/poster-18x24-en-marks.pdf');
  pages = await rasterizePdf(declaration, { dpi: 100, url: URL });
  [posterPng] = await rasterizePdf(poster, { dpi: 30 });
});

describe('rasterizePdf', () => {
  it('makes one PNG per page, each round(pt x dpi / 72) px: A4 at 100 dpi is 827 x 1169', async () => {
    const count = (await PDFDocument.load(declaration)).getPageCount();
    expect(count).toBeGreaterThan(1);
    expect(pages).toHaveLength(count);
    for (const page of pages) expect(pngSize(page)).toEqual({ width: 827, height: 1169 });
    expect(pixelSize({ width: mm(210), height: mm(297) }, 100)).toEqual({ width: 827, height: 1169 });
  });

  it('pictures a poster at its trim, without bleed or crop marks: 18 x 24 in at 30 dpi is 540 x 720 px', () => {
    expect(pngSize(posterPng)).toEqual({ width: 540, height: 720 });
    expect(pixelSize({ width: inch(18), height: inch(24) }, 30)).toEqual({ width: 540, height: 720 });
  });

  it('pictures the page itself: pdf.js renders the same page at the same size, and the two agree block by block', async () => {
    for (const [pdf, png, dpi] of [
      [declaration, pages[0]!, 100],
      [poster, posterPng, 30],
    ] as const) {
      const ours = decodePng(png);
      const theirs = await renderWithPdfjs(pdf, 1, dpi);
      expect({ width: ours.width, height: ours.height }).toEqual({ width: theirs.width, height: theirs.height });
      const { mean, worst } = difference(ours, theirs);
      // Measured: a mean of 0.7-1.0 and at worst 12-17 grey levels in an 8 x 8 block (anti-aliasing);
      // the same picture 1 px off differs by 29-40 at worst, 2 px off by 54-63.
      expect(mean).toBeLessThan(1.25);
      expect(worst).toBeLessThan(24);
    }
  });

  it('is told apart from a picture a few pixels off (the comparison above can fail)', async () => {
    const ours = decodePng(posterPng);
    const theirs = await renderWithPdfjs(poster, 1, 30);
    // The same picture moved 2 px to the right: what a trim read 5 pt off would give at 30 dpi.
    const shifted = { ...theirs, data: new Uint8Array(theirs.data.length).fill(255) };
    for (let y = 0; y < theirs.height; y++) shifted.data.set(theirs.data.subarray(y * theirs.width * 4, (y * theirs.width + theirs.width - 2) * 4), (y * theirs.width + 2) * 4);
    expect(difference(ours, shifted).worst).toBeGreaterThan(24);
  });

  it('gives the same bytes for the same PDF', async () => {
    const again = await rasterizePdf(declaration, { dpi: 100, url: URL });
    expect(again).toHaveLength(pages.length);
    expect(again.every((png, i) => Buffer.from(png).equals(Buffer.from(pages[i]!)))).toBe(true);
  });

  it("carries the PDF's title, author, subject and date, the software and the URL in UTF-8 text chunks", () => {
    const text = Object.fromEntries(readPngText(pages[0]!).map((entry) => [entry.keyword, entry.text]));
    expect(text.Title).toBe('Washington Declaration for the Dignity, Hope, and Freedom of North Koreans / 존엄, 희망, 자유를 위한 워싱턴 선언');
    expect(text.Author).toContain('워싱턴 선언 서명자');
    expect(text.Description).toContain('adopted July 22, 2024');
    expect(text['Creation Time']).toBe('Mon, 22 Jul 2024 00:00:00 GMT');
    expect(text.Software).toMatch(/^declaration-press .*MuPDF$/);
    expect(text.URL).toBe(URL);
    // Nothing that changes from run to run: no time chunk.
    expect(Buffer.from(pages[0]!).includes('tIME')).toBe(false);
  });

  it('refuses a picture over 50 megapixels before rendering, naming --dpi and the most this page allows', async () => {
    const error = await rasterizePdf(poster, { dpi: 600 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).code).toBe('BAD_OPTION');
    // 18 x 24 in: 10,800 x 14,400 px at 600 dpi; 340 dpi makes 6,120 x 8,160 px, 49.9 megapixels.
    expect((error as PressError).message).toBe(
      `--dpi: 600 makes page 1 10800 x 14400 px (156 megapixels); allowed: at most ${MAX_PIXELS / 1e6} megapixels a picture, --dpi 340 or less for this page`,
    );
  });
});

describe('encodePng', () => {
  it('round-trips pixels through a PNG decoder, with the resolution and Korean text', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const png = encodePng({ width: 5, height: 3, pixels }, { dpi: 150, text: [{ keyword: 'Title', text: '워싱턴 선언', language: 'ko' }] });
    const decoded = decodePng(png);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: 5, height: 3 });
    const rgb = decoded.data.filter((_, i) => i % 4 !== 3);
    expect([...rgb]).toEqual([...pixels]);
    expect(readPngText(png)).toEqual([{ keyword: 'Title', text: '워싱턴 선언', language: 'ko' }]);
    // pHYs: 150 dpi is 5906 pixels per metre.
    const phys = Buffer.from(png).indexOf('pHYs');
    expect(Buffer.from(png).readUInt32BE(phys + 4)).toBe(5906);
  });

  it('refuses a keyword PNG does not allow', () => {
    expect(() => encodePng({ width: 1, height: 1, pixels: new Uint8Array(3) }, { text: [{ keyword: ' Title', text: 'x' }] })).toThrow(/not a PNG keyword/);
  });

  it('writes the same bytes deflating on the thread pool (encodePngSoon) as on this thread', async () => {
    // A picture as a card has them: flat colour, a gradient, noise (deflate's every kind of block).
    const width = 600;
    const height = 400;
    const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i < 200_000 ? 200 : i < 500_000 ? (i >> 7) & 255 : (i * 2654435761) >>> 24));
    const options = { dpi: 144, text: [{ keyword: 'Title', text: '워싱턴 선언', language: 'ko' }] };
    const soon = await encodePngSoon({ width, height, pixels }, options);
    expect(Buffer.compare(soon, encodePng({ width, height, pixels }, options))).toBe(0);
    await expect(encodePngSoon({ width: 2, height: 2, pixels: new Uint8Array(3) })).rejects.toThrow(/3 bytes for 2 x 2 RGB pixels/);
  });
});

describe('--format png on the command line', () => {
  it('writes a picture of each page, name-1.png onwards, at --dpi: the handout at 50 dpi is one 413 x 585 px file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-png-'));
    const { code, stderr } = await cli('handout', '--format', 'png', '--dpi', '50', '--out', join(dir, 'handout.png'));
    expect(code, stderr).toBe(0);
    expect(await readdir(dir)).toEqual(['handout.png']);
    expect(pngSize(new Uint8Array(await readFile(join(dir, 'handout.png'))))).toEqual({ width: 413, height: 585 });
    const wrong = await cli('handout', '--format', 'png', '--out', join(dir, 'handout.pdf'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('names a PDF file; allowed: a .png name with --format png');
  });

  it('pictures certificates too: the combined file, a picture a page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-png-'));
    const { code, stderr } = await cli('certificates', '--signatories', 'data/signatories.sample.csv', '--combined', join(dir, 'all.png'), '--format', 'png', '--dpi', '40');
    expect(code, stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['all-1.png', 'all-2.png', 'all-3.png']);
    // A4 landscape at 40 dpi.
    expect(pngSize(new Uint8Array(await readFile(join(dir, 'all-2.png'))))).toEqual({ width: 468, height: 331 });
  });

  it("never writes a picture over the batch's inputs: a --combined or a picture in --out that is a signature image is refused, the image left whole", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-png-'));
    await mkdir(join(dir, 'signatures'));
    await copyFile('data/signatures/hong-gildong.png', join(dir, 'signatures', 'hong.png'));
    await writeFile(join(dir, 'list.csv'), 'name_ko,name_en,role_ko,role_en,signature\n홍길동,Hong Gil-dong,,,signatures/hong.png\n');
    const signature = await readFile(join(dir, 'signatures', 'hong.png'));
    // One certificate, one page: its picture would be the very file named.
    const overSignature = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--combined', join(dir, 'signatures', 'hong.png'), '--format', 'png', '--dpi', '20');
    expect(overSignature.code).toBe(2);
    expect(overSignature.stderr).toMatch(/--combined: ".*hong\.png" is an input of this batch/);
    expect(await readFile(join(dir, 'signatures', 'hong.png'))).toEqual(signature);
    // A signature image where a certificate's picture (Hong-Gil-dong.png) would go in --out, but for
    // case: refused (a case-insensitive file system would overwrite it), left whole.
    await mkdir(join(dir, 'out'));
    await copyFile(join(dir, 'signatures', 'hong.png'), join(dir, 'out', 'hong-gil-dong.png'));
    await writeFile(join(dir, 'list.csv'), 'name_ko,name_en,role_ko,role_en,signature\n홍길동,Hong Gil-dong,,,out/hong-gil-dong.png\n');
    const overOut = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'), '--format', 'png', '--dpi', '20');
    expect(overOut.code).not.toBe(0);
    expect(overOut.stderr).toMatch(/the picture ".*Hong-Gil-dong\.png" would be written over an input of this batch/);
    expect(await readFile(join(dir, 'out', 'hong-gil-dong.png'))).toEqual(signature);
  }, 60_000);
});
