/**
 * The input hash every document carries in its Keywords (`declaration-press-inputs-<sha256>`, as
 * certificates carry theirs): everything the document is made from, so that a build can tell an
 * output that is up to date from one to make again (batch/build.ts) without making it.
 *
 * What goes in: the product; its options (an option that names a file it reads, by the file's
 * content, not its path); the content of every file it reads (the data files, a signatory list and
 * its signature images); the fonts of the stacks it sets text in; the code it is made with (per
 * product: core/code-hash.ts); and SOURCE_DATE_EPOCH, which dates it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codeHash, fileHash } from '../core/code-hash.js';
import { FONTS_DIR } from '../core/files.js';
import { FONT_FILES, STACKS, type StackName } from '../fonts/registry.js';

/** What a document's keyword starts with; the SHA-256 follows. */
export const INPUTS_MARK = 'declaration-press-inputs-';

/** What a document is made from, as a product says it. */
export interface DocumentInputs {
  /** The product's name (its code hash is looked up by it). */
  product: string;
  /** Its parsed options. */
  options: Record<string, unknown>;
  /** Every file it reads besides the fonts, in a fixed order. */
  files: readonly string[];
  /** The font stacks it sets text in. */
  stacks: readonly StackName[];
}

/**
 * The keyword that names a document's inputs: INPUTS_MARK and the SHA-256 of them all. `hash`
 * hashes a file's content (core/code-hash.ts fileHash; a test gives its own).
 */
export async function inputsKeyword({ product, options, files, stacks }: DocumentInputs, hash: (file: string) => Promise<string> = fileHash): Promise<string> {
  const families = new Set(stacks.flatMap((stack) => STACKS[stack]));
  const fonts = FONT_FILES.filter((font) => families.has(font.family)).map((font) => font.file);
  const [code, fileHashes, fontHashes] = await Promise.all([
    codeHash(product),
    Promise.all(files.map((file) => hash(file))),
    Promise.all(fonts.map((file) => hash(join(FONTS_DIR, file)))),
  ]);
  // A file is known by its content wherever it lies: an option naming one becomes its place in `files`.
  const named = Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, typeof value === 'string' && files.includes(value) ? { file: files.indexOf(value) } : value]),
  );
  const digest = createHash('sha256').update(
    JSON.stringify({
      product,
      code,
      options: named,
      files: fileHashes,
      fonts: fonts.map((file, i) => [file, fontHashes[i]]),
      epoch: process.env.SOURCE_DATE_EPOCH ?? null,
    }),
  );
  return INPUTS_MARK + digest.digest('hex');
}

/**
 * The keyword of a document's pictures (--format png): the document's keyword with the resolution,
 * which the pictures carry in a PNG Comment (render/raster.ts), as the PDF carries its own.
 */
export function pictureKeyword(documentKeyword: string, dpi: number): string {
  return INPUTS_MARK + createHash('sha256').update(`${documentKeyword}\0png\0${dpi}`).digest('hex');
}

/** Whether a file exists and its bytes carry a keyword (carriesKeyword). */
export async function fileCarries(file: string, keyword: string): Promise<boolean> {
  try {
    return carriesKeyword(await readFile(file), keyword);
  } catch {
    return false;
  }
}

/**
 * Whether a PDF's bytes carry a keyword. The document information is never compressed; pdfkit
 * writes a string as Latin-1 when it is ASCII and as UTF-16BE otherwise, pdf-lib as Latin-1 or as
 * UTF-16BE in hex: every spelling is looked for. A PNG's iTXt chunk holds it as UTF-8 (ASCII).
 */
export function carriesKeyword(bytes: Uint8Array, keyword: string): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf16 = Buffer.from(keyword, 'utf16le').swap16();
  const hex = utf16.toString('hex');
  return buffer.includes(keyword, 0, 'latin1') || buffer.includes(utf16) || buffer.includes(hex, 0, 'latin1') || buffer.includes(hex.toUpperCase(), 0, 'latin1');
}
