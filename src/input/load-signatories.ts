/**
 * The signatory list's Node edge: reads a CSV or XLSX file, decodes it, hands it to the pure
 * parser (`parse-signatories.ts`) and checks each signature image on disk.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

// The encoding libraries and exceljs are loaded when a file needs them, not at start-up: together
// they are a third of the bundle, and most lists are UTF-8 CSV (see `npm run bench`).
const loadLazily = createRequire(import.meta.url);
const iconvLite = () => loadLazily('iconv-lite') as typeof import('iconv-lite');
import { PressError } from '../core/errors.js';
import { readInput } from '../core/files.js';
import { parseSignatoriesCsv, parseSignatoryTable, type ListRow, type SignatoryList, type TableRow } from './parse-signatories.js';
import { prepareSignatureImage, SIGNATURE_LIMITS, type SignatureImage } from './signature-image.js';

const CSV_EXTENSIONS = ['.csv', '.txt'];
const XLSX_EXTENSIONS = ['.xlsx'];
const SAVE_AS_UTF8 = 'in Excel, use File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"; in another program, save it as UTF-8';

/**
 * Reads a signatory list (.csv or .txt as CSV, .xlsx from its first sheet) and resolves each
 * `signature` to the absolute path of a PNG or JPEG that exists. Whole-file problems throw a
 * PressError; row problems, missing signature images among them, are collected in `errors`.
 */
export async function loadSignatories(file: string): Promise<SignatoryList> {
  const shown = file;
  const extension = path.extname(file).toLowerCase();
  const bytes = await readInput(file);
  let list: SignatoryList;
  if (CSV_EXTENSIONS.includes(extension)) {
    list = parseSignatoriesCsv(decodeCsvBytes(bytes, shown), shown);
  } else if (XLSX_EXTENSIONS.includes(extension)) {
    list = parseSignatoryTable(await readFirstSheet(bytes, shown), shown);
  } else {
    const hint = extension === '.xls' ? '; save this Excel 97-2003 workbook as "Excel Workbook (*.xlsx)" or "CSV UTF-8"' : '';
    throw new PressError('BAD_DATA', `"${extension || '(none)'}" is not a signatory list's file type; allowed: ${[...CSV_EXTENSIONS, ...XLSX_EXTENSIONS].join(', ')}${hint}`, shown);
  }
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
 * Decodes a CSV file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode
 * Text"), or Korean Windows' CP949 (EUC-KR) when the bytes read plausibly as Korean. Throws
 * BAD_ENCODING when the encoding cannot be told with confidence.
 */
export function decodeCsvBytes(bytes: Uint8Array, file: string): string {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new PressError('BAD_DATA', 'this is an Excel workbook (.xlsx), not CSV text; name it .xlsx, or save it from Excel as "CSV UTF-8"', file);
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new PressError('BAD_DATA', 'this is an Excel 97-2003 workbook (.xls), not CSV text; save it from Excel as "Excel Workbook (*.xlsx)" or "CSV UTF-8"', file);
  }
  const bom = startsWith(bytes, [0xff, 0xfe]) ? 'utf-16le' : startsWith(bytes, [0xfe, 0xff]) ? 'utf-16be' : 'utf-8';
  try {
    // TextDecoder drops the BOM itself.
    return new TextDecoder(bom, { fatal: true }).decode(bytes);
  } catch {
    if (bom !== 'utf-8' || startsWith(bytes, [0xef, 0xbb, 0xbf])) {
      throw new PressError('BAD_ENCODING', `the file starts with a ${bom.toUpperCase()} byte-order mark but is not valid ${bom.toUpperCase()} (line ${firstBadLine(bytes, bom)}); ${SAVE_AS_UTF8}`, file);
    }
  }
  const korean = decodeCp949(bytes);
  if (korean !== undefined) return korean;
  throw new PressError(
    'BAD_ENCODING',
    `the encoding cannot be told with confidence: the file is not UTF-8 (line ${firstBadLine(bytes, 'utf-8')}) and does not read as Korean ` +
      `Windows text (CP949/EUC-KR) either; allowed: UTF-8, or CP949 Korean; ${SAVE_AS_UTF8}`,
    file,
  );
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function firstBadLine(bytes: Uint8Array, encoding: string): number {
  const loose = new TextDecoder(encoding).decode(bytes);
  return loose.slice(0, loose.indexOf('\uFFFD')).split(/\r\n|\r|\n/).length;
}

function bytesToBinary(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return binary;
}

/**
 * CP949 text, or undefined when the bytes are not plausibly Korean. Western text (José, Åsa) can
 * also form valid CP949 pairs, but only from its rarely used extension (UHC), while Korean text is
 * mostly Hangul syllables from the KS X 1001 core: lead byte 0xB0-0xC8, trail byte 0xA1-0xFE.
 */
function decodeCp949(bytes: Uint8Array): string | undefined {
  let hangul = 0;
  let other = 0;
  for (let at = 0; at < bytes.length; at++) {
    const lead = bytes[at]!;
    if (lead < 0x80) continue;
    const trail = bytes[++at] ?? 0;
    if (lead >= 0xb0 && lead <= 0xc8 && trail >= 0xa1 && trail <= 0xfe) hangul++;
    else other++;
  }
  if (hangul === 0 || hangul / (hangul + other) < 0.6) return undefined;
  // iconv-lite needs a Buffer (it is why decoding lives here, not in the pure parser).
  const text = iconvLite().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp949');
  return text.includes('\uFFFD') ? undefined : text;
}

/** The first worksheet's rows as text, each with its row number; blank trailing cells dropped. */
async function readFirstSheet(bytes: Uint8Array, file: string): Promise<TableRow[]> {
  const Excel = loadLazily('exceljs') as typeof import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch (error) {
    throw new PressError('BAD_DATA', `not a readable .xlsx workbook (${(error as Error).message}); save it from Excel as "Excel Workbook (*.xlsx)", or as "CSV UTF-8" and name it .csv`, file);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PressError('BAD_DATA', 'the workbook has no worksheet; put the signatory list on its first sheet', file);
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    const problems: TableRow['problems'] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      const cell = row.getCell(column);
      // A merged cell shows its value once, in its first (master) cell; exceljs repeats it in every
      // cell of the merge, which would make a phantom signatory of each row below. Read as Excel shows.
      if (cell.isMerged && cell.master.address !== cell.address) {
        cells.push('');
        continue;
      }
      const value = cell.value;
      if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value) && (value as ExcelJS.CellFormulaValue).result === undefined) {
        // A workbook written by a program other than Excel may hold a formula without its result.
        problems.push({ column: column - 1, message: `is a formula (${cell.formula ?? 'shared'}) with no saved value; open the workbook in Excel and save it again, or type the value (allowed: any text)` });
      }
      cells.push(readCellText(value));
    }
    // Formatting alone gives a cell a place in the row; only text counts as a field.
    while (cells.length > 0 && cells.at(-1)!.trim() === '') cells.pop();
    rows.push({ line: number, cells, ...(problems.length > 0 ? { problems } : {}) });
  });
  if (rows.every((row) => row.cells.length === 0)) {
    throw new PressError('BAD_DATA', `the first worksheet ("${sheet.name}") is empty; the signatory list must be on the first sheet, starting with a header row`, file);
  }
  return rows;
}

/** A cell's text as Excel shows it; a formula's cached result; an error cell as its code (`#N/A`). */
function readCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
  if ('error' in value) return (value as ExcelJS.CellErrorValue).error;
  if ('formula' in value || 'sharedFormula' in value) return readCellText((value as ExcelJS.CellFormulaValue).result);
  // A hyperlink's text may itself be rich text.
  if ('hyperlink' in value) return readCellText((value as { text?: unknown }).text);
  return '';
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
