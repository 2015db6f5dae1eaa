/**
 * PDF pages to PNG pictures, for screens: every page of the very PDF a product makes, rendered by
 * MuPDF (npm `mupdf`, Artifex's own WebAssembly build: code and wasm ship in the package, nothing is
 * fetched) at a chosen resolution, cut to the page's TrimBox (a poster is pictured at its trim,
 * without bleed or crop marks), and written as reproducible PNGs (png.ts) that carry the document's
 * title, author, subject, date and source URL.
 *
 * Why MuPDF and not pdf.js on @napi-rs/canvas, both measured on this project's pages at 150 dpi
 * (the A4 declaration's first page, an A3 poster, the A4 handout, a certificate), against
 * pdftoppm (poppler) at the same resolution:
 * - quality: the same. Mean difference from poppler's picture 1.8-6.1 levels of 255 for both (all
 *   of it anti-aliasing at the edges of type); Hangul at 150 dpi looked alike in all three, MuPDF's
 *   strokes a shade fuller than pdf.js's, both firmer than poppler's.
 * - speed: MuPDF rendered a page in 25-30 ms where pdf.js took 90-280 ms (pdf.js parses every
 *   embedded font into glyph outlines for each new document, in JavaScript), so a page to PNG
 *   (rendering and encoding) takes about 100 ms with MuPDF, over 200 ms with pdf.js: the 150 ms
 *   the issue allows is only kept with MuPDF.
 * - both load in about 70 ms; MuPDF is 14 MB on disk, @napi-rs/canvas's Linux binary 32 MB.
 * The cost: MuPDF is AGPL-3.0 (Artifex sells other licences). Software that ships this package's
 * PNG output, or serves it over a network, is bound by the AGPL; pdf.js (Apache-2.0) with
 * @napi-rs/canvas (MIT) would not be. Only this module names the renderer: swapping it is one file.
 */
import type * as Mupdf from 'mupdf';
import { PressError } from '../core/errors.js';
import { importModule } from '../core/import-module.js';
import { encodePng, encodePngSoon, type PngOptions, type PngText, type RgbImage } from './png.js';

/** How pages are pictured. */
export interface RasterOptions {
  /** Pixels per inch: a page W pt wide is round(W x dpi / 72) px wide. */
  dpi: number;
  /** Where the document's words come from, written in each PNG's URL chunk. */
  url?: string;
  /** The inputs keyword of the pictures (render/inputs.ts pictureKeyword), written in each PNG's Comment chunk. */
  inputs?: string;
}

/**
 * The most pixels one picture may have: 50 megapixels, beyond any screen (an 8K one is 33). A
 * 24 x 36 in poster at 600 dpi would be 311 megapixels, about a gigabyte of pixels to hold twice.
 */
export const MAX_PIXELS = 50_000_000;

/**
 * MuPDF, loaded on first use: compiling its 10 MB of WebAssembly takes about 70 ms, which a
 * command that writes a PDF should not pay. One module per process; MuPDF's own store of decoded
 * fonts and images is bounded by MuPDF (256 MB by default).
 */
let loaded: Promise<typeof Mupdf> | undefined;
function mupdf(): Promise<typeof Mupdf> {
  // importModule: a command started from the CLI's start-up snapshot cannot import() itself.
  loaded ??= importModule<typeof Mupdf>('mupdf').then((module) => {
    // MuPDF reports what it repairs on stderr; our PDFs need no repair, and a picture is not the
    // place to report on a PDF (the `check` command is).
    module.setLog(null);
    return module;
  });
  return loaded;
}

/**
 * Starts loading MuPDF now, for pictures made later: its WebAssembly compiles off the main thread
 * while other work goes on (a build waited, idle, 120 ms for it at its first social card,
 * 2026-12-02). A failure to load is reported by the rasterizePdf that needs it.
 */
export function loadRasterizerSoon(): void {
  mupdf().catch(() => undefined);
}

/** The size in pixels of a box `width` x `height` pt at `dpi`. */
export function pixelSize(box: { width: number; height: number }, dpi: number): { width: number; height: number } {
  return { width: Math.round((box.width * dpi) / 72), height: Math.round((box.height * dpi) / 72) };
}

/**
 * Renders every page of a PDF at its TrimBox (the MediaBox where there is none) and returns one
 * PNG per page, in order. Refuses, before rendering anything, a page that would exceed MAX_PIXELS,
 * saying which resolution that page allows.
 */
export async function rasterizePdf(pdf: Uint8Array, options: RasterOptions): Promise<Uint8Array[]> {
  return Promise.all(await picturePages(pdf, options, (image, png) => Promise.resolve(encodePng(image, png))));
}

/**
 * rasterizePdf, returning once every page is rendered: the last PNGs are still being deflated on
 * the thread pool (png.ts encodePngSoon), as each page was while the next one was rendered, and a
 * build lays out its next document meanwhile. Every promise has a handler already (a failure is
 * not unhandled while the caller is busy); the caller awaits them.
 *
 * Only for a caller with other work to do meanwhile: a page deflated on the thread pool took
 * longer than on this thread on the 2-core machine (2026-12-03, `npm run bench`'s pictures
 * alternated, 3 rounds: the A3 poster's page 0.13-0.15 s against 0.18-0.22 s; one `poster
 * --format png` command 1.68 s against 1.92 s, 9 rounds), where the build gained by it (5 rounds:
 * 4.24 s against 4.47 s). So rasterizePdf deflates on this thread.
 */
export async function rasterizePdfSoon(pdf: Uint8Array, options: RasterOptions): Promise<Promise<Uint8Array>[]> {
  return picturePages(pdf, options, encodePngSoon);
}

/** The pages' PNGs, each made by `encode` (see rasterizePdf and rasterizePdfSoon). */
async function picturePages(pdf: Uint8Array, options: RasterOptions, encode: (image: RgbImage, png: PngOptions) => Promise<Uint8Array>): Promise<Promise<Uint8Array>[]> {
  const mu = await mupdf();
  const { dpi } = options;
  const doc = mu.Document.openDocument(pdf, 'application/pdf');
  try {
    const count = doc.countPages();
    const boxes: Mupdf.Rect[] = [];
    for (let i = 0; i < count; i++) {
      const page = doc.loadPage(i);
      const box = page.getBounds('TrimBox');
      page.destroy();
      const size = pixelSize({ width: box[2] - box[0], height: box[3] - box[1] }, dpi);
      if (size.width * size.height > MAX_PIXELS) {
        const most = Math.floor(dpi * Math.sqrt(MAX_PIXELS / (size.width * size.height)));
        throw new PressError(
          'BAD_OPTION',
          `--dpi: ${dpi} makes page ${i + 1} ${size.width} x ${size.height} px (${((size.width * size.height) / 1e6).toFixed(0)} megapixels); allowed: at most ${MAX_PIXELS / 1e6} megapixels a picture, --dpi ${most} or less for this page`,
        );
      }
      boxes.push(box);
    }
    const text = pngText(doc, options.url, options.inputs);
    const pictures: Promise<Uint8Array>[] = [];
    for (const [i, box] of boxes.entries()) {
      // At most two pages' pixels held at once (an A4 page at 150 dpi is 6.5 MB of them).
      if (i >= 2) await pictures[i - 2];
      const picture = encode(renderPage(mu, doc, i, box, dpi), { dpi, text });
      picture.catch(() => {});
      pictures.push(picture);
    }
    return pictures;
  } finally {
    doc.destroy();
  }
}

/** One page's box drawn on white at `dpi`, its top-left corner at the picture's. */
function renderPage(mu: typeof Mupdf, doc: Mupdf.Document, index: number, box: Mupdf.Rect, dpi: number) {
  const { width, height } = pixelSize({ width: box[2] - box[0], height: box[3] - box[1] }, dpi);
  const page = doc.loadPage(index);
  const pixmap = new mu.Pixmap(mu.ColorSpace.DeviceRGB, [0, 0, width, height], false);
  const device = new mu.DrawDevice(mu.Matrix.identity, pixmap);
  try {
    pixmap.clear(255);
    page.run(device, mu.Matrix.concat(mu.Matrix.translate(-box[0], -box[1]), mu.Matrix.scale(dpi / 72, dpi / 72)));
    device.close();
    // The samples are a view into MuPDF's memory, which its next allocation may move: copy them now.
    const samples = pixmap.getPixels();
    const stride = pixmap.getStride();
    const pixels = new Uint8Array(width * height * 3);
    if (stride === width * 3) pixels.set(samples.subarray(0, pixels.length));
    else for (let y = 0; y < height; y++) pixels.set(samples.subarray(y * stride, y * stride + width * 3), y * width * 3);
    return { width, height, pixels };
  } finally {
    device.destroy();
    pixmap.destroy();
    page.destroy();
  }
}

/** The document information as PNG text: title, author, subject, creation date (RFC 1123, as PNG asks), the software, the URL, the inputs keyword. */
function pngText(doc: Mupdf.Document, url: string | undefined, inputs: string | undefined): PngText[] {
  const language = doc.asPDF()?.getLanguage() ?? undefined;
  const info = (key: string) => doc.getMetaData(`info:${key}`) || undefined;
  const created = pdfDate(info('CreationDate'));
  const entries: (PngText | undefined)[] = [
    textOf('Title', info('Title'), language),
    textOf('Author', info('Author'), language),
    textOf('Description', info('Subject'), language),
    textOf('Creation Time', created?.toUTCString()),
    textOf('Software', `${info('Producer') ?? 'declaration-press'}, pictured by MuPDF`),
    textOf('URL', url),
    // What a build compares to tell a picture that is up to date (render/inputs.ts pictureKeyword).
    textOf('Comment', inputs),
  ];
  return entries.filter((entry): entry is PngText => entry !== undefined);
}

function textOf(keyword: string, text: string | undefined, language?: string): PngText | undefined {
  return text ? { keyword, text, ...(language ? { language } : {}) } : undefined;
}

/** A PDF date ("D:20240722000000Z", "D:20240722090000+09'00'") as a Date. */
function pdfDate(value: string | undefined): Date | undefined {
  const match = value?.match(/^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/);
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
