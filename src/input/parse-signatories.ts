/**
 * The signatory list, from text or cells to validated rows. Pure: no file system, no Node-only
 * modules, so a browser or a web service can run it; reading files and decoding bytes live in
 * `load-signatories.ts`.
 */
// The browser build of csv-parse, because its Node build calls the global `Buffer`.
import { CsvError, parse, type Options as CsvOptions } from 'csv-parse/browser/esm/sync';
import { z } from 'zod';
import { codePoint, PressError } from '../core/errors.js';
import type { SignatureImage } from './signature-image.js';

/** The columns a signatory list may have, in the order the README documents them. */
export const SIGNATORY_COLUMNS = ['name_ko', 'name_en', 'role_ko', 'role_en', 'signature'] as const;

/** One column of a signatory list. */
export type SignatoryColumn = (typeof SIGNATORY_COLUMNS)[number];

const NAME_COLUMNS: readonly SignatoryColumn[] = ['name_ko', 'name_en'];

// Excel writes a failed formula's error code as the cell's text, into a CSV too; a `#N/A` from a
// VLOOKUP would otherwise be printed as somebody's name.
const EXCEL_ERRORS = new Set(['#N/A', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA']);

/**
 * The longest field, in characters, by column: what a certificate can print at 6 pt or more (a
 * name or role shrinks to fit its line, then breaks onto two: some 300 characters of Source Serif
 * at 6 pt on A4). A longer field is refused with the limit: fields are never cut, and nothing
 * downstream works on megabytes.
 */
export const FIELD_LIMITS = { name: 200, role: 200, signature: 1024 } as const;

// Control characters (a TAB or line break pasted into a cell) and text-direction controls
// (U+202E would show a name backwards) have no place in a name: refused, never dropped silently.
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// A role may come from a cell with a line break in it ("서울 지부" / "대표"): it is set on one
// line, so its line breaks and tabs become single spaces (said in the README); names get no such
// leniency.
const LINE_BREAKS = /[ \t]*[\r\n\t]+[ \t]*/g;

/** A text field: NFC, trimmed, at most `max` characters; empty is undefined. A role's line breaks become spaces. */
const field = (max: number, kind: 'name' | 'role' | 'path' = 'name') =>
  z
    .string()
    .superRefine((text, context) => {
      // Counted in code points only when its UTF-16 length could be too long (a list's every field is read).
      const length = text.length <= max ? text.length : [...text.trim()].length;
      if (length > max) context.addIssue({ code: 'custom', message: `is ${length} characters long; allowed: at most ${max} characters`, abort: true });
    })
    .transform((text) => (kind === 'role' ? text.replace(LINE_BREAKS, ' ') : text).normalize('NFC').trim())
    .superRefine((text, context) => {
      const control = CONTROL.exec(text);
      if (control) {
        const what = control[0] === '\t' ? ' (a tab)' : control[0] === '\n' || control[0] === '\r' ? ' (a line break)' : '';
        context.addIssue({ code: 'custom', message: `contains ${codePoint(control[0])}${what}; allowed: text on one line, without control or text-direction characters` });
      } else if (text.startsWith('#') && EXCEL_ERRORS.has(text.toUpperCase())) {
        context.addIssue({ code: 'custom', message: 'is an Excel formula error, not a value; correct the formula or type the text (allowed: any text)' });
      }
    })
    .transform((text) => (text === '' ? undefined : text));

const signatureField = field(FIELD_LIMITS.signature, 'path').refine((text) => text === undefined || !/^[a-z][a-z0-9+.-]*:\/\//i.test(text), {
  message: 'is a web address, and images are never downloaded; save the image beside the list (allowed: a path to a PNG or JPEG file, relative to the list)',
});

/** One row of a signatory list under its column names: NFC, trimmed, empty fields undefined. */
export const signatoryRowSchema = z
  .object({
    name_ko: field(FIELD_LIMITS.name).optional(),
    name_en: field(FIELD_LIMITS.name).optional(),
    role_ko: field(FIELD_LIMITS.role, 'role').optional(),
    role_en: field(FIELD_LIMITS.role, 'role').optional(),
    signature: signatureField.optional(),
  })
  .strict()
  .refine((row) => row.name_ko !== undefined || row.name_en !== undefined, {
    message: 'name_ko and name_en are both empty; each row needs a name in Korean (name_ko), in English (name_en) or both',
  });

/** One validated row, under its column names. */
export type SignatoryRow = z.output<typeof signatoryRowSchema>;

/** One signatory row, trimmed. */
export interface Signatory {
  /** Name in Hangul (`name_ko`). */
  nameKo?: string;
  /** Name in Latin script (`name_en`). */
  nameEn?: string;
  /** Role or affiliation in Korean (`role_ko`). */
  roleKo?: string;
  /** Role or affiliation in English (`role_en`). */
  roleEn?: string;
  /**
   * Handwritten signature image (`signature`): as written in the file, relative to it, from the
   * parse functions; an absolute path to a checked PNG or JPEG from `loadSignatories`.
   */
  signature?: string;
  /** The signature image, checked whole and scaled to what a page needs: set by `loadSignatories`. */
  signatureImage?: SignatureImage;
  /** 1-based line number of the row as the user's editor counts lines (header is line 1; a quoted field spanning lines counts them); the row number in a worksheet. */
  line: number;
  /** "file:line" for messages. */
  origin: string;
}

/** One row of a list, in file order: a signatory, or the problems that keep the row from being one. */
export type ListRow = { line: number; signatory: Signatory } | { line: number; errors: PressError[] };

/** A parsed signatory list: every row in file order, good or bad. */
export interface SignatoryList {
  /** The list's file, as messages name it. */
  file: string;
  /** The rows below the header, blank rows left out, in file order. */
  rows: ListRow[];
}

/** One row of a CSV file or a worksheet, before validation. */
export interface TableRow {
  /** Where the row starts: 1-based line as an editor counts (CSV), or row number (worksheet). */
  line: number;
  /** The row's fields as text, untrimmed, in column order. */
  cells: string[];
  /** Cells whose text could not be read (a formula with no saved value), by column index from 0. */
  problems?: { column: number; message: string }[];
}

/**
 * Parses a signatory list's CSV text (comma-, tab- or semicolon-separated, any line ends, with or
 * without BOM). Whole-file problems throw a PressError; a row's problems are that row's `errors`.
 */
export function parseSignatoriesCsv(text: string, file: string): SignatoryList {
  const { rows, broken } = splitCsv(text.replace(/^\uFEFF/, ''), file);
  const list = parseSignatoryTable(rows, file);
  // The rows before a quote that never closes are read; the rest of the file is one bad row.
  if (broken) list.rows.push({ line: Number(/:(\d+)$/.exec(broken.where!)?.[1] ?? 0), errors: [broken] });
  return list;
}

/**
 * Validates a table whose first non-blank row is the header: the shared core of CSV and XLSX.
 * Throws for an empty table or a bad header; collects row problems; skips blank rows silently.
 */
export function parseSignatoryTable(rows: readonly TableRow[], file: string): SignatoryList {
  const filled = rows.filter((row) => !isBlank(row.cells) || (row.problems?.length ?? 0) > 0);
  const header = filled[0];
  if (!header) {
    throw new PressError('BAD_DATA', `the file is empty; a signatory list starts with a header line such as ${SIGNATORY_COLUMNS.join(',')}`, file);
  }
  const columns = readHeader(header, file);
  const list: SignatoryList = { file, rows: [] };
  for (const row of filled.slice(1)) {
    const origin = `${file}:${row.line}`;
    if (row.cells.length > columns.length) {
      const fields = `the row has ${row.cells.length} fields, the header has ${columns.length} (${columns.map((column) => column ?? '(no name)').join(', ')}); `;
      const fix = 'a value with a comma must be in double quotes, with no space before the opening quote ("Kim, Jr."), and every column needs a header';
      list.rows.push({ line: row.line, errors: [new PressError('BAD_DATA', fields + fix, origin)] });
      continue;
    }
    const unreadable = (row.problems ?? []).filter((problem) => columns[problem.column]);
    if (unreadable.length > 0) {
      list.rows.push({ line: row.line, errors: unreadable.map((problem) => new PressError('BAD_DATA', `${columns[problem.column]}: ${problem.message}`, origin)) });
      continue;
    }
    const raw: Partial<Record<SignatoryColumn, string>> = {};
    columns.forEach((column, index) => {
      if (column) raw[column] = row.cells[index] ?? '';
    });
    const result = signatoryRowSchema.safeParse(raw);
    list.rows.push(
      result.success
        ? { line: row.line, signatory: toSignatory(result.data, row.line, origin) }
        : { line: row.line, errors: result.error.issues.map((issue) => describeIssue(issue, raw, origin)) },
    );
  }
  return list;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Maps each header cell to its column; an empty-named column (Excel pads rows with them) maps to undefined. */
function readHeader(header: TableRow, file: string): (SignatoryColumn | undefined)[] {
  const where = `${file}:${header.line}`;
  const names = header.cells.map((cell) => cell.normalize('NFC').trim().toLowerCase());
  const allowed = `allowed columns: ${SIGNATORY_COLUMNS.join(', ')} (in any order and case; name_ko or name_en required)`;
  const isKnown = (name: string): name is SignatoryColumn => (SIGNATORY_COLUMNS as readonly string[]).includes(name);
  const found = header.cells.map((cell) => quote(cell.trim())).join(', ');
  if (!names.some(isKnown)) {
    throw new PressError('BAD_DATA', `the first line names no known column: found ${found}; a signatory list starts with a header line naming its columns; ${allowed}`, where);
  }
  const unknown = names.flatMap((name, index) => (name !== '' && !isKnown(name) ? [`${quote(header.cells[index]!.trim())} (column ${index + 1})`] : []));
  if (unknown.length > 0) {
    throw new PressError('BAD_DATA', `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ${allowed}; rename or delete it`, where);
  }
  for (const column of SIGNATORY_COLUMNS) {
    const at = names.flatMap((name, index) => (name === column ? [index + 1] : []));
    if (at.length > 1) throw new PressError('BAD_DATA', `column ${column} appears ${at.length} times (columns ${at.join(', ')}); each column may appear once`, where);
  }
  if (!NAME_COLUMNS.some((column) => names.includes(column))) {
    throw new PressError('BAD_DATA', `no name column: found ${found}; a signatory list needs name_ko or name_en; ${allowed}`, where);
  }
  return names.map((name) => (isKnown(name) ? name : undefined));
}

function toSignatory(row: SignatoryRow, line: number, origin: string): Signatory {
  const signatory: Signatory = { line, origin };
  if (row.name_ko !== undefined) signatory.nameKo = row.name_ko;
  if (row.name_en !== undefined) signatory.nameEn = row.name_en;
  if (row.role_ko !== undefined) signatory.roleKo = row.role_ko;
  if (row.role_en !== undefined) signatory.roleEn = row.role_en;
  if (row.signature !== undefined) signatory.signature = row.signature;
  return signatory;
}

function describeIssue(issue: z.core.$ZodIssue, raw: Partial<Record<SignatoryColumn, string>>, origin: string): PressError {
  const column = issue.path[0] as SignatoryColumn | undefined;
  if (column !== undefined) return new PressError('BAD_DATA', `${column}: ${quote(raw[column]!.trim())} ${issue.message}`, origin);
  const filled = SIGNATORY_COLUMNS.flatMap((name) => (raw[name]?.trim() ? [`${name} ${quote(raw[name].trim())}`] : []));
  return new PressError('BAD_DATA', `${issue.message} (found ${filled.length > 0 ? filled.join(', ') : 'an empty row'})`, origin);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

// Excel saves "Unicode Text" tab-separated, and CSV with semicolons where the decimal mark is a comma.
function detectDelimiter(text: string): string {
  const header = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  return [',', '\t', ';'].find((delimiter) => header.includes(delimiter)) ?? ',';
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits CSV text into rows, each with the line where it starts. A quoted field that never closes
 * swallows the rest of the file: the rows before its line are still read, and `broken` says where
 * it opened (unless that is the header line, which leaves nothing to read: then it throws).
 */
function splitCsv(text: string, file: string): { rows: TableRow[]; broken?: PressError } {
  const delimiter = detectDelimiter(text);
  const opened = findUnclosedQuote(text, delimiter.charCodeAt(0));
  if (opened !== undefined) {
    const lineStart = Math.max(text.lastIndexOf('\n', opened), text.lastIndexOf('\r', opened)) + 1;
    const broken = new PressError(
      'BAD_DATA',
      'a quoted field opens on this line and is never closed, so this line and every line after it are not read; add the closing " (a " inside a quoted field is written "")',
      `${file}:${lineAt(text, opened)}`,
    );
    if (lineStart === 0 || text.slice(0, lineStart).trim() === '') throw broken;
    return { rows: splitCsv(text.slice(0, lineStart), file).rows, broken };
  }
  const options = {
    delimiter,
    // Every line end, even mixed in one file; by default csv-parse keeps the first kind it sees.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // `Kim "Danny" Lee` unquoted means what it says.
    relax_quotes: true,
    skip_empty_lines: true,
  };
  // Without a quote, each line that is not empty is one record: numbered without csv-parse's
  // `info` (objects spread for every record) and the walk below, a third of reading a long list.
  if (!text.includes('"')) {
    const cells = parseCsv(text, options, file) as string[][];
    const lines = filledLines(text);
    if (lines.length === cells.length) return { rows: cells.map((record, i) => ({ line: lines[i]!, cells: record })) };
  }
  const records = parseCsv(text, { ...options, info: true }, file) as unknown as { record: string[]; info: { bytes: number } }[];
  // csv-parse's own `info.lines` counts a CRLF inside a quoted field as two lines, so lines are
  // counted here, walking the text once from each record's end (`info.bytes`, in UTF-8 bytes).
  const cursor = lineCursor(text);
  const rows = records.map(({ record, info }) => {
    cursor.skipLineEnds();
    const line = cursor.line;
    cursor.advanceTo(info.bytes);
    return { line, cells: record };
  });
  return { rows };
}

/** csv-parse's records, its errors described. */
function parseCsv(text: string, options: CsvOptions, file: string): unknown[] {
  try {
    return parse(text, options);
  } catch (error) {
    if (error instanceof CsvError) throw describeCsvError(error, file);
    throw error;
  }
}

/** The number of each line that is not empty (CRLF, LF and CR each end one). */
function filledLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line !== '') lines.push(i + 1);
  });
  return lines;
}

/**
 * A cursor over a text that keeps, as it moves forward, its offset in UTF-8 bytes (csv-parse's
 * unit) and the line it is on as an editor counts lines (CRLF, LF and CR each end one).
 */
function lineCursor(text: string) {
  let index = 0;
  let bytes = 0;
  let line = 1;
  const step = () => {
    const code = text.codePointAt(index)!;
    if (code === LF || (code === CR && text.charCodeAt(index + 1) !== LF)) line++;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += code > 0xffff ? 2 : 1;
  };
  return {
    /** The current line, from 1. */
    get line() {
      return line;
    },
    /** Moves forward to a UTF-8 byte offset. */
    advanceTo(offset: number) {
      while (bytes < offset && index < text.length) step();
    },
    /** Moves past line ends: a record starts after them. */
    skipLineEnds() {
      while (text.charCodeAt(index) === CR || text.charCodeAt(index) === LF) step();
    },
  };
}

/** The line (from 1) of a character index, as an editor counts lines. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = 0; at < index; at++) {
    const code = text.charCodeAt(at);
    if (code === LF || (code === CR && text.charCodeAt(at + 1) !== LF)) line++;
  }
  return line;
}

/** Turns a csv-parse error into a PressError at the line a user must fix. */
function describeCsvError(error: CsvError, file: string): PressError {
  const lines = (error as CsvError & { lines?: number }).lines;
  return new PressError('BAD_DATA', `not a readable CSV file: ${error.message}`, lines ? `${file}:${lines}` : file);
}

/**
 * The index of a quote that opens a field and is never closed, walking the quotes by csv-parse's
 * rules as configured above: a quote opens a field only at its start, `""` inside it is a quote,
 * and after a closing quote that is not followed by a separator the field goes on unquoted.
 */
function findUnclosedQuote(text: string, delimiter: number): number | undefined {
  let fieldStart = true;
  let opened = -1;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (opened >= 0) {
      if (code !== QUOTE) continue;
      if (text.charCodeAt(at + 1) === QUOTE) {
        at++;
        continue;
      }
      opened = -1;
      fieldStart = false;
    } else if (code === QUOTE && fieldStart) {
      opened = at;
    } else {
      fieldStart = code === delimiter || code === CR || code === LF;
    }
  }
  return opened >= 0 ? opened : undefined;
}
