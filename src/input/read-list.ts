/**
 * A signatory list's bytes to its rows, browser-safe: the CLI (load-signatories.ts, which adds
 * reading the file and its signature images) and the studio read lists alike. CSV is decoded as
 * UTF-8, UTF-16 with a BOM, or Korean Windows' CP949; XLSX is read from its first sheet (exceljs,
 * its browser build in the studio).
 */
import type ExcelJS from 'exceljs';
import { PressError } from '../core/errors.js';
import { parseSignatoriesCsv, parseSignatoryTable, type SignatoryList, type TableRow } from './parse-signatories.js';

/** The file types read as CSV. */
export const CSV_EXTENSIONS = ['.csv', '.txt'];
/** The file types read as workbooks. */
export const XLSX_EXTENSIONS = ['.xlsx'];
const SAVE_AS_UTF8 = 'in Excel, use File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)"; in another program, save it as UTF-8';

/** Decodes CP949 bytes (U+FFFD for what it cannot). */
export type Cp949Decoder = (bytes: Uint8Array) => string;

/**
 * CP949 by the platform's own decoder: the WHATWG "euc-kr" encoding is Windows code page 949 (the
 * UHC extension included), in every browser and in Node built with full ICU (the official builds).
 * The CLI decodes with iconv-lite; test/input/read-list.test.ts checks both read the fixtures alike.
 */
export function decodeWindows949(bytes: Uint8Array): string {
  return new TextDecoder('euc-kr').decode(bytes);
}

/** Loads exceljs when a workbook is read: the CLI by require (its bundle and start-up snapshot), the studio by import (its browser build). */
export type ExcelLoader = () => Promise<typeof import('exceljs')>;

const importExcel: ExcelLoader = async () => ((await import('exceljs')) as { default: typeof import('exceljs') }).default;

/** The extension of a file name, lower case, with its dot: ".csv"; "" when there is none. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * A list's rows from its bytes, by its file name's extension (.csv or .txt as CSV, .xlsx from its
 * first sheet). Whole-file problems throw a PressError naming `file`; a row's problems are its own.
 */
export async function parseListBytes(file: string, bytes: Uint8Array, cp949?: Cp949Decoder, loadExcel: ExcelLoader = importExcel): Promise<SignatoryList> {
  const extension = extensionOf(file);
  if (CSV_EXTENSIONS.includes(extension)) return parseSignatoriesCsv(decodeCsvBytes(bytes, file, cp949), file);
  if (XLSX_EXTENSIONS.includes(extension)) return parseSignatoryTable(await readFirstSheet(bytes, file, loadExcel), file);
  const hint = extension === '.xls' ? '; save this Excel 97-2003 workbook as "Excel Workbook (*.xlsx)" or "CSV UTF-8"' : '';
  throw new PressError('BAD_DATA', `"${extension || '(none)'}" is not a signatory list's file type; allowed: ${[...CSV_EXTENSIONS, ...XLSX_EXTENSIONS].join(', ')}${hint}`, file);
}

/**
 * Decodes a CSV file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode
 * Text"), or Korean Windows' CP949 (EUC-KR) when the bytes read plausibly as Korean. Throws
 * BAD_ENCODING when the encoding cannot be told with confidence.
 */
export function decodeCsvBytes(bytes: Uint8Array, file: string, cp949: Cp949Decoder = decodeWindows949): string {
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
  const korean = decodeCp949(bytes, cp949);
  if (korean !== undefined) return korean;
  throw new PressError(
    'BAD_ENCODING',
    `the encoding cannot be told with confidence: the file is not UTF-8 (line ${firstBadLine(bytes, 'utf-8')}) and does not read as Korean ` +
      `Windows text (CP949/EUC-KR) either; allowed: UTF-8, or CP949 Korean; ${SAVE_AS_UTF8}`,
    file,
  );
}

export function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function firstBadLine(bytes: Uint8Array, encoding: string): number {
  const loose = new TextDecoder(encoding).decode(bytes);
  return loose.slice(0, loose.indexOf('\uFFFD')).split(/\r\n|\r|\n/).length;
}

export function bytesToBinary(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return binary;
}

/**
 * CP949 text, or undefined when the bytes are not plausibly Korean. Western text (José, Åsa) can
 * also form valid CP949 pairs, but only from its rarely used extension (UHC), while Korean text is
 * mostly Hangul syllables from the KS X 1001 core: lead byte 0xB0-0xC8, trail byte 0xA1-0xFE.
 */
function decodeCp949(bytes: Uint8Array, cp949: Cp949Decoder): string | undefined {
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
  const text = cp949(bytes);
  return text.includes('\uFFFD') ? undefined : text;
}

/** The first worksheet's rows as text, each with its row number; blank trailing cells dropped. */
async function readFirstSheet(bytes: Uint8Array, file: string, loadExcel: ExcelLoader): Promise<TableRow[]> {
  const Excel = await loadExcel();
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

