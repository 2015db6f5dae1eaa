/**
 * What a document product is written as: its PDF, or that very PDF's pages as PNG pictures for
 * screens. The one place `--format` and `--dpi` come from, for every product: the CLI adds them to
 * each command, a manifest entry may give them in its options, and the library passes them.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { PressError } from '../core/errors.js';
import { DATA_DIR } from '../core/files.js';
import { loadPosterData } from '../input/data.js';
import { fileCarries, pictureKeyword } from '../render/inputs.js';
import { startLayoutEngine } from '../render/compose.js';
import { rasterizePdf, rasterizePdfSoon, type RasterOptions } from '../render/raster.js';
import type { MakeContext } from '../render/pipeline.js';
import { option, wholeNumber, type OptionsSchema } from './options.js';
import type { DocumentProduct } from './record.js';

/** A format a document product can be written as. */
export type Format = NonNullable<DocumentProduct['format']>;

/** The formats, in the order --help lists them. */
export const FORMATS: readonly Format[] = ['pdf', 'png'];

/**
 * Pixels per inch of a picture unless the product or --dpi says otherwise: 150, an A4 page 1240 px
 * wide, sharp on a laptop or a phone and quick to send (an A4 page of text is about 400 KB).
 */
export const DEFAULT_DPI = 150;

/** The resolutions allowed: from a thumbnail to a print-shop proof (raster.ts also caps the pixels). */
const DPI = wholeNumber(18, 600);

/** --format and --dpi with a product's own defaults. */
export function formatOptions(product: Pick<DocumentProduct, 'format' | 'dpi'>) {
  return {
    format: option(z.enum(FORMATS as [Format, ...Format[]]).default(product.format ?? 'pdf'), {
      description: 'pdf, or png: a picture of each page (name-1.png, name-2.png…; name.png for one page), rendered from the PDF at its trim',
    }),
    dpi: option(DPI.schema.default(product.dpi ?? DEFAULT_DPI), { description: 'Pixels per inch of a png', allowed: DPI.allowed }),
  };
}

/** A product's options with --format and --dpi: what the CLI and a manifest entry are parsed with. */
export function outputOptions(product: DocumentProduct): OptionsSchema {
  return product.options.extend(formatOptions(product)) as unknown as OptionsSchema;
}

/** Parsed output options: the product's, with the format and resolution. */
export type OutputOptions = Record<string, unknown> & { format: Format; dpi: number };

/** One file to write. */
export interface OutputFile {
  /** Where (absolute, or as given). */
  file: string;
  /** Its bytes. */
  bytes: Uint8Array;
}

/** The default output name of a product for its options, ending in the format's extension. */
export function outputName(product: DocumentProduct, options: OutputOptions): string {
  return `${product.output(options as never).replace(/\.(pdf|png)$/i, '')}.${options.format}`;
}

/**
 * The files a picture of `count` pages is written to: `out` itself for one page, else
 * `name-1.png`, `name-2.png`… beside it. A name given without `.png` gets it.
 */
export function pictureFiles(out: string, count: number): string[] {
  const stem = basename(out).replace(/\.png$/i, '');
  if (count === 1) return [join(dirname(out), `${stem}.png`)];
  return Array.from({ length: count }, (_, i) => join(dirname(out), `${stem}-${i + 1}.png`));
}

/**
 * Makes a product's files for parsed output options: the PDF at `out`, or a PNG of each of its
 * pages (pictureFiles). Each picture carries the PDF's title, author, subject and date, and the
 * declaration's address (data/poster.json's qr.url) as its URL.
 */
export async function makeFiles(product: DocumentProduct, options: OutputOptions, out: string, context: MakeContext = {}): Promise<OutputFile[]> {
  const pictured = async (pdf: Uint8Array, raster: RasterOptions) => (await rasterizePdf(pdf, raster)).map((png) => Promise.resolve(png));
  const files = await filesMade(product, options, out, context, pictured);
  return Promise.all(files.map(async ({ file, bytes }) => ({ file, bytes: await bytes })));
}

/**
 * makeFiles, returning once this thread's part is done: a picture's bytes may still be deflating
 * on the thread pool (raster.ts rasterizePdfSoon). A build goes on to its next entry meanwhile.
 */
export function makeFilesSoon(product: DocumentProduct, options: OutputOptions, out: string, context: MakeContext = {}): Promise<{ file: string; bytes: Promise<Uint8Array> }[]> {
  return filesMade(product, options, out, context, rasterizePdfSoon);
}

/** A product's files, its pictures made by `picture` (rasterizePdf now, or rasterizePdfSoon). */
async function filesMade(
  product: DocumentProduct,
  options: OutputOptions,
  out: string,
  context: MakeContext,
  picture: (pdf: Uint8Array, options: RasterOptions) => Promise<Promise<Uint8Array>[]>,
): Promise<{ file: string; bytes: Promise<Uint8Array> }[]> {
  startLayoutEngine();
  const { format, dpi, ...own } = options;
  const other = format === 'pdf' ? 'png' : 'pdf';
  if (out.toLowerCase().endsWith(`.${other}`)) throw new PressError('BAD_OPTION', `--out: "${out}" names a ${other.toUpperCase()} file; allowed: a .${format} name with --format ${format}`);
  const pdf = await product.make(own as never, context);
  if (format === 'pdf') return [{ file: out, bytes: Promise.resolve(pdf) }];
  const [{ qr }, inputs] = await Promise.all([loadPosterData(context.dataDir ?? DATA_DIR), filesKeyword(product, options, context)]);
  const pictures = await picture(pdf, { dpi, url: qr.url, inputs });
  return pictureFiles(out, pictures.length).map((file, i) => ({ file, bytes: pictures[i]! }));
}

/**
 * The keyword an output's files carry (render/inputs.ts): the PDF's inputs keyword, or for
 * pictures that and the resolution (pictureKeyword).
 */
export async function filesKeyword(product: DocumentProduct, options: OutputOptions, context: MakeContext = {}): Promise<string> {
  const { format, dpi, ...own } = options;
  const keyword = await product.inputs(own as never, context);
  return format === 'pdf' ? keyword : pictureKeyword(keyword, dpi);
}

/**
 * The files an output was written to when every one carries its keyword (up to date: made from the
 * inputs as they are now), else null. A picture of one page is `out` itself; of more, `name-1.png`,
 * `name-2.png`… as long as they carry it (pictureFiles). `keywordOf` is asked only when a file is
 * there: a first build does not hash the inputs of outputs it has never written (the standard
 * set's 17 entries, checked before the build starts its worker: 0.11-0.19 s at a slow hour, 2026-12-03).
 */
export async function filesCarrying(out: string, format: Format, keywordOf: () => Promise<string>): Promise<string[] | null> {
  const [single] = format === 'pdf' ? [out] : pictureFiles(out, 1);
  const page = (n: number) => join(dirname(out), `${basename(out).replace(/\.png$/i, '')}-${n}.png`);
  if (!existsSync(single!) && (format === 'pdf' || !existsSync(page(1)))) return null;
  const keyword = await keywordOf();
  if (await fileCarries(single!, keyword)) return [single!];
  if (format === 'pdf') return null;
  const pages: string[] = [];
  for (let n = 1; await fileCarries(page(n), keyword); n++) pages.push(page(n));
  return pages.length > 0 ? pages : null;
}

/**
 * Pictures PDFs already written (a batch's: the certificates write their own files): each `pdf`
 * becomes the PNGs of its pages at `png` (pictureFiles), handed to `write` one file at a time, so a
 * batch of thousands never holds more than one document's pictures.
 */
export async function pictureWritten(pairs: readonly { pdf: string; png: string }[], dpi: number, write: (file: OutputFile) => Promise<void>, context: MakeContext = {}): Promise<void> {
  const { qr } = await loadPosterData(context.dataDir ?? DATA_DIR);
  for (const { pdf, png } of pairs) {
    const pictures = await rasterizePdf(new Uint8Array(await readFile(pdf)), { dpi, url: qr.url });
    const files = pictureFiles(png, pictures.length);
    for (const [i, file] of files.entries()) await write({ file, bytes: pictures[i]! });
  }
}
