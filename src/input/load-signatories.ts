/**
 * The signatory list's Node edge: reads a CSV or XLSX file, decodes it, hands it to the pure
 * parser (`parse-signatories.ts`) and checks each signature image on disk.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

// The encoding libraries and exceljs are loaded when a file needs them, not at start-up: together
// they are a third of the bundle, and most lists are UTF-8 CSV (see `npm run bench`).
const loadLazily = createRequire(import.meta.url);
const iconvLite = () => loadLazily('iconv-lite') as typeof import('iconv-lite');
import { PressError } from '../core/errors.js';
import { readInput } from '../core/files.js';
import type { ListRow, SignatoryList } from './parse-signatories.js';
import { bytesToBinary, decodeCsvBytes as decodeWith, parseListBytes, startsWith } from './read-list.js';
import { prepareSignatureImage, SIGNATURE_LIMITS, type SignatureImage } from './signature-image.js';

/** CP949 by iconv-lite, which needs a Buffer. */
const iconvCp949 = (bytes: Uint8Array): string => iconvLite().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp949');

/**
 * Decodes a CSV file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode
 * Text"), or Korean Windows' CP949 (EUC-KR, by iconv-lite) when the bytes read plausibly as
 * Korean. Throws BAD_ENCODING when the encoding cannot be told with confidence.
 */
export function decodeCsvBytes(bytes: Uint8Array, file: string): string {
  return decodeWith(bytes, file, iconvCp949);
}

/**
 * Reads a signatory list (.csv or .txt as CSV, .xlsx from its first sheet) and resolves each
 * `signature` to the absolute path of a PNG or JPEG that exists. Whole-file problems throw a
 * PressError; row problems, missing signature images among them, are collected in `errors`.
 */
export async function loadSignatories(file: string): Promise<SignatoryList> {
  const list = await parseListBytes(file, await readInput(file), iconvCp949, async () => loadLazily('exceljs') as typeof import('exceljs'));
  return checkSignatures(list, file);
}

/** The absolute path of a signature image as written in a list: relative to the list's folder. */
export function resolveSignaturePath(listFile: string, signature: string): string {
  // Lists made on Windows write `signatures\kim.png`; elsewhere a backslash would be part of the
  // file name, which no organiser means.
  const portable = path.sep === '/' ? signature.replaceAll('\\', '/') : signature;
  return path.resolve(path.dirname(listFile), portable);
}

/**
 * Resolves each signature and checks its image whole (signature-image.ts): a row whose image is
 * missing, not a PNG or JPEG, damaged or too large becomes a bad row; a good one carries the image,
 * scaled down when it is larger than any page needs. An image named by several rows is read once.
 */
async function checkSignatures(list: SignatoryList, file: string): Promise<SignatoryList> {
  const images = new Map<string, Promise<SignatureImage | string>>();
  const rows: ListRow[] = [];
  // One row after another: a batch's images are read one at a time, never all at once.
  for (const row of list.rows) {
    if (!('signatory' in row) || row.signatory.signature === undefined) {
      rows.push(row);
      continue;
    }
    const { signatory } = row;
    const path = resolveSignaturePath(file, signatory.signature!);
    let checked = images.get(path);
    if (!checked) images.set(path, (checked = readImage(path)));
    const image = await checked;
    if (typeof image === 'string') {
      const error = new PressError('BAD_DATA', `signature: "${signatory.signature}" ${image}`, signatory.origin);
      rows.push({ line: row.line, errors: [error] });
    } else {
      rows.push({ line: row.line, signatory: { ...signatory, signature: path, signatureImage: image } });
    }
  }
  return { file: list.file, rows };
}

/** A signature image read and checked, or why it cannot be used (words that follow its name). */
async function readImage(image: string): Promise<SignatureImage | string> {
  const allowed = 'allowed: a PNG or JPEG file, by a path relative to the list';
  let bytes: Uint8Array;
  try {
    // A named pipe or a device would block the read forever: only a file is read.
    const info = await stat(image);
    if (info.isDirectory()) return `is a folder (${image}); ${allowed}`;
    if (!info.isFile()) return `is not a file (${image}); ${allowed}`;
    if (info.size > SIGNATURE_LIMITS.bytes) return `is ${(info.size / 1024 / 1024).toFixed(1)} MB (${image}); allowed: at most ${SIGNATURE_LIMITS.bytes / 1024 / 1024} MB`;
    bytes = new Uint8Array(await readFile(image));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `does not exist (looked for ${image}); ${allowed}`;
    return `cannot be read (${code}: ${image}); ${allowed}`;
  }
  const format = sniffImage(bytes.subarray(0, 16));
  if (format !== 'PNG' && format !== 'JPEG') return `is ${format} (${image}); ${allowed}`;
  const prepared = prepareSignatureImage(bytes);
  return typeof prepared === 'string' ? `${prepared} (${image})` : prepared;
}

function sniffImage(head: Uint8Array): string {
  const ascii = bytesToBinary(head);
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (head.length === 0) return 'an empty file';
  if (ascii.startsWith('GIF8')) return 'a GIF image';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'a WebP image';
  // iPhones save photos as HEIC by default.
  if (ascii.slice(4, 8) === 'ftyp') return 'a HEIC/HEIF image';
  if (ascii.startsWith('%PDF')) return 'a PDF file';
  if (/^\s*</.test(ascii)) return 'an SVG or other XML file';
  return 'not a PNG or JPEG image';
}
