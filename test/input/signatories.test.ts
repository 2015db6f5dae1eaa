import jpeg from 'jpeg-js';
import { goodRows, rowErrors } from '../helpers/rows.js';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PressError } from '../../src/core/errors.js';
import { decodeCsvBytes, loadSignatories, resolveSignaturePath } from '../../src/input/load-signatories.js';
import { FIELD_LIMITS, parseSignatoriesCsv, parseSignatoryTable, type Signatory } from '../../src/input/parse-signatories.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'signatories');
// A real 1×1 PNG and a real 2×2 JPEG: the loader decodes each whole.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const JPEG = jpeg.encode({ width: 2, height: 2, data: new Uint8Array(16).fill(40) }, 90).data;

/** The rows without their decoded images, for comparing with what the list says. */
const withoutImages = (rows: Signatory[]) => rows.map(({ signatureImage: _image, ...row }) => row);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

/** What good.csv holds, line by line as an editor numbers them. */
const GOOD_ROWS: Omit<Signatory, 'origin'>[] = [
  { nameKo: '홍길동', nameEn: 'Hong Gil-dong', roleKo: '공동 대표', roleEn: 'Co-chair', signature: 'signatures/hong.png', line: 2 },
  { nameEn: 'José Martínez', roleEn: 'Observer', line: 3 },
  { nameEn: 'Ødegård', line: 4 },
  { nameEn: 'Kim "Danny" Lee, Jr.', roleEn: 'Adviser, legal', signature: 'signatures\\kim.jpg', line: 5 },
  { nameKo: '김철수', roleKo: '서울 지부 대표', line: 6 },
  { nameKo: '이영희', nameEn: 'Lee Young-hee', line: 9 },
  { nameKo: '박민준', nameEn: 'Park Min-jun', line: 11 },
];

function withOrigins(file: string, rows: Omit<Signatory, 'origin'>[]): Signatory[] {
  return rows.map((row) => ({ ...row, origin: `${file}:${row.line}` }));
}

function fixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, name), 'utf8');
}

/** The text fixtures, read once. */
const texts: Record<string, string> = {};
beforeAll(async () => {
  for (const name of ['empty.csv', 'blank-lines.csv', 'no-header.csv', 'unknown-column.csv', 'no-name-column.csv', 'unterminated-quote.csv']) {
    texts[name] = await fixture(name);
  }
});

/** Runs a function that must throw a PressError and returns it. */
function thrown(run: () => unknown): PressError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PressError);
    return error as PressError;
  }
  throw new Error('expected a PressError, nothing was thrown');
}

describe('parseSignatoriesCsv', () => {
  it('reads UTF-8 with names in any script, doubled quotes, commas, a field spanning lines, blank lines', async () => {
    const list = parseSignatoriesCsv(await fixture('good.csv'), 'data/signatories.csv');
    expect(rowErrors(list)).toEqual([]);
    expect(list.file).toBe('data/signatories.csv');
    expect(goodRows(list)).toEqual(withOrigins('data/signatories.csv', GOOD_ROWS));
  });

  it('reads the same rows at the same lines with a BOM and CRLF line ends', async () => {
    const text = '\uFEFF' + (await fixture('good.csv')).replaceAll('\n', '\r\n');
    const list = parseSignatoriesCsv(text, 'x.csv');
    expect(rowErrors(list)).toEqual([]);
    // The line end inside the quoted field is kept as written.
    const expected = GOOD_ROWS.map((row) => (row.roleKo ? { ...row, roleKo: row.roleKo.replace('\n', '\r\n') } : row));
    expect(goodRows(list)).toEqual(withOrigins('x.csv', expected));
    expect(goodRows(list)[0]!.nameKo).toBe('홍길동');
  });

  it('counts lines right with a CRLF inside a quoted field and line ends mixed in one file', () => {
    const text = 'name_ko,name_en,role_ko\r\n김철수,Kim,"서울\r\n지부"\r\n\r\n홍길동,Hong\n이영희,Lee\r박민준,Park\r\n';
    const list = parseSignatoriesCsv(text, 'x.csv');
    expect(goodRows(list).map((row) => [row.line, row.nameEn])).toEqual([
      [2, 'Kim'],
      [5, 'Hong'],
      [6, 'Lee'],
      [7, 'Park'],
    ]);
  });

  it('numbers the rows of a list without quotes as those of one with them: blank lines, lines of spaces or commas, line ends mixed', () => {
    const text = 'name_ko,name_en,role_ko\r\n\r\n김철수,Kim,서울\n\n\n   \r홍길동,Hong\r\n이영희,Lee\r박민준,Park,\n,,\n최,Choi';
    const rows = (list: ReturnType<typeof parseSignatoriesCsv>) => list.rows.map((row) => [row.line, 'signatory' in row ? row.signatory.nameEn : row.errors.length]);
    const plain = rows(parseSignatoriesCsv(text, 'x.csv'));
    // A quoted field in the last row: csv-parse's offsets number the rows.
    const quoted = rows(parseSignatoriesCsv(`${text}\n"Zed",Zed`, 'x.csv'));
    expect(quoted.at(-1)).toEqual([12, 'Zed']);
    expect(plain).toEqual(quoted.slice(0, -1));
    expect(plain).toEqual([[3, 'Kim'], [7, 'Hong'], [8, 'Lee'], [9, 'Park'], [11, 'Choi']]);
  });

  it('takes header names in any case and order, trimmed, and tolerates empty-named columns', () => {
    const list = parseSignatoriesCsv(' Name_EN ,,NAME_KO,\nHong Gil-dong,note,홍길동,\n', 'x.csv');
    expect(rowErrors(list)).toEqual([]);
    expect(goodRows(list)).toEqual([{ nameEn: 'Hong Gil-dong', nameKo: '홍길동', line: 2, origin: 'x.csv:2' }]);
  });

  it('trims every field (ideographic and no-break spaces too), normalises to NFC and keeps everything else', () => {
    const text = 'name_ko,name_en,role_en\n\u3000홍길동\u00a0,Jose\u0301  Kim ,\n\u1112\u1161\u11ab\u1100\u1173\u11af,,\t \n';
    const [first, second] = goodRows(parseSignatoriesCsv(text, 'x.csv'));
    expect(first).toEqual({ nameKo: '홍길동', nameEn: 'José  Kim', line: 2, origin: 'x.csv:2' });
    expect(first!.nameEn).toHaveLength(9);
    expect(second!.nameKo).toBe('한글');
    expect(second!.roleEn).toBeUndefined();
  });

  it('accepts rows with fewer fields than the header, and a list with a header only', () => {
    expect(goodRows(parseSignatoriesCsv('name_ko,name_en,role_ko,role_en,signature\n홍길동\n', 'x.csv'))).toEqual([{ nameKo: '홍길동', line: 2, origin: 'x.csv:2' }]);
    expect(parseSignatoriesCsv('name_ko,name_en\n', 'x.csv')).toEqual({ file: 'x.csv', rows: [] });
  });

  it('reads tab- and semicolon-separated lists, as Excel saves them in some settings', () => {
    for (const separator of ['\t', ';']) {
      const list = parseSignatoriesCsv(['name_ko', 'name_en', 'role_en'].join(separator) + '\n' + ['홍길동', 'Hong, Gil-dong', 'Chair'].join(separator) + '\n', 'x.csv');
      expect(goodRows(list)).toEqual([{ nameKo: '홍길동', nameEn: 'Hong, Gil-dong', roleEn: 'Chair', line: 2, origin: 'x.csv:2' }]);
    }
  });

  it('keeps an unquoted field with quotes in it as written', () => {
    const list = parseSignatoriesCsv('name_en\nKim "Danny" Lee\n', 'x.csv');
    expect(goodRows(list)[0]!.nameEn).toBe('Kim "Danny" Lee');
  });

  it('refuses control and direction characters in a name, and a field longer than its limit, saying which and the limit', () => {
    const long = 'A'.repeat(FIELD_LIMITS.name + 1);
    const text = `name_en,role_en\n"Kim\tLee",\n"Lee\nPark",\n\u202Eevil,\n${long},\nHong,"Role\non two lines"\n`;
    const list = parseSignatoriesCsv(text, 'x.csv');
    const messages = rowErrors(list).map((error) => error.message);
    expect(messages[0]).toMatch(/^x\.csv:2: name_en: "Kim\\tLee" contains U\+0009 \(a tab\); allowed: text on one line/);
    expect(messages[1]).toMatch(/^x\.csv:3: name_en: "Lee\\nPark" contains U\+000A \(a line break\)/);
    // The message itself never carries the raw character: U+202E is written out.
    expect(messages[2]).toMatch(/^x\.csv:5: name_en: "U\+202Eevil" contains U\+202E; allowed/);
    expect(messages[3]).toMatch(new RegExp(`^x\\.csv:6: name_en: "A+…" is ${FIELD_LIMITS.name + 1} characters long; allowed: at most ${FIELD_LIMITS.name} characters`));
    for (const message of messages) expect(message).not.toMatch(/[\t\u202E]/);
    expect(goodRows(list)).toEqual([{ nameEn: 'Hong', roleEn: 'Role on two lines', line: 7, origin: 'x.csv:7' }]);
  });

  it('refuses a megabyte field at once, with the limit, and still reads the rows after it', () => {
    const text = `name_en,role_en\nHong,${'x'.repeat(1_000_000)}\nKim,Chair\n`;
    const list = parseSignatoriesCsv(text, 'x.csv');
    expect(rowErrors(list)[0]!.message).toMatch(/role_en: ".*…" is 1000000 characters long; allowed: at most 200 characters/);
    expect(goodRows(list).map((row) => row.nameEn)).toEqual(['Kim']);
  });

  it('gives every row in file order, good or bad, each with its line, a bad row with all its problems', () => {
    const list = parseSignatoriesCsv('name_ko,name_en,signature\n홍길동,Hong,\n,,\n#N/A,,http://x/y.png\n"김철수",Kim\n', 'x.csv');
    expect(list.rows.map((row) => [row.line, 'signatory' in row ? 'good' : row.errors.length])).toEqual([[2, 'good'], [4, 2], [5, 'good']]);
    const bad = list.rows[1]!;
    expect('errors' in bad && bad.errors.map((error) => error.where)).toEqual(['x.csv:4', 'x.csv:4']);
  });

  it('collects row problems with file, line, column, what was found and what is allowed, and keeps the good rows', async () => {
    const list = parseSignatoriesCsv(await fixture('bad-rows.csv'), 'data/signatories.csv');
    expect(goodRows(list).map((row) => row.line)).toEqual([2, 6, 7]);
    expect(rowErrors(list).every((error) => error.code === 'BAD_DATA')).toBe(true);
    const messages = rowErrors(list).map((error) => error.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^data\/signatories\.csv:3: the row has 6 fields, the header has 5 \(name_ko, name_en, role_ko, role_en, signature\);.*double quotes/);
    expect(messages[1]).toMatch(/^data\/signatories\.csv:4: name_ko and name_en are both empty;.*\(found role_ko "견본 서명자", role_en "Sample signatory"\)$/);
    expect(messages[2]).toMatch(/^data\/signatories\.csv:5: name_ko: "#N\/A" is an Excel formula error/);
    expect(rowErrors(list)[0]!.where).toBe('data/signatories.csv:3');
  });

  it('refuses a web address as a signature', () => {
    const list = parseSignatoriesCsv('name_en,signature\nHong,https://example.org/hong.png\n', 'x.csv');
    expect(goodRows(list)).toEqual([]);
    expect(rowErrors(list)[0]!.message).toMatch(/^x\.csv:2: signature: "https:\/\/example\.org\/hong\.png" is a web address.*allowed: a path to a PNG or JPEG/);
  });

  it('throws for an empty file and a file of blank lines', () => {
    for (const name of ['empty.csv', 'blank-lines.csv']) {
      const error = thrown(() => parseSignatoriesCsv(texts[name]!, `data/${name}`));
      expect(error.code).toBe('BAD_DATA');
      expect(error.message).toBe(`data/${name}: the file is empty; a signatory list starts with a header line such as name_ko,name_en,role_ko,role_en,signature`);
    }
  });

  it('throws for a file without a header, naming what it found and the allowed columns', () => {
    const error = thrown(() => parseSignatoriesCsv(texts['no-header.csv']!, 'data/signatories.csv'));
    expect(error.code).toBe('BAD_DATA');
    expect(error.message).toMatch(/^data\/signatories\.csv:1: the first line names no known column: found "홍길동", "Hong Gil-dong";/);
    expect(error.message).toContain('allowed columns: name_ko, name_en, role_ko, role_en, signature');
  });

  it('throws for an unknown column, naming it, its position and the allowed columns', () => {
    const error = thrown(() => parseSignatoriesCsv(texts['unknown-column.csv']!, 'data/signatories.csv'));
    expect(error.code).toBe('BAD_DATA');
    expect(error.where).toBe('data/signatories.csv:1');
    expect(error.message).toMatch(/^data\/signatories\.csv:1: unknown column "Email" \(column 3\); allowed columns: name_ko, name_en, role_ko, role_en, signature/);
  });

  it('throws for a list without a name column, listing the columns found and allowed', () => {
    const error = thrown(() => parseSignatoriesCsv(texts['no-name-column.csv']!, 'data/signatories.csv'));
    expect(error.message).toMatch(/^data\/signatories\.csv:1: no name column: found "role_ko", "role_en"; a signatory list needs name_ko or name_en; allowed columns: name_ko, name_en, role_ko, role_en, signature/);
  });

  it('throws for a column named twice', () => {
    const error = thrown(() => parseSignatoriesCsv('name_ko,name_en,NAME_EN\n', 'x.csv'));
    expect(error.message).toBe('x.csv:1: column name_en appears 2 times (columns 2, 3); each column may appear once');
  });

  it('reads the rows before an unterminated quote, and reports the rest as one bad row at the line where it opened', () => {
    const list = parseSignatoriesCsv(texts['unterminated-quote.csv']!, 'data/signatories.csv');
    expect(goodRows(list).map((row) => row.nameEn)).toEqual(['Hong Gil-dong']);
    const [error] = rowErrors(list);
    expect(error!.code).toBe('BAD_DATA');
    expect(error!.message).toMatch(/^data\/signatories\.csv:3: a quoted field opens on this line and is never closed, so this line and every line after it are not read/);
    // After a quoted field that spans lines with CRLF, the line is still the editor's.
    const late = parseSignatoriesCsv('name_ko,name_en,role_en\r\n김철수,Kim,"a\r\nb"\r\n홍길동,"Hong\r\n이영희,Lee\r\n', 'x.csv');
    expect(goodRows(late).map((row) => row.line)).toEqual([2]);
    expect(rowErrors(late)[0]!.message).toMatch(/^x\.csv:4: a quoted field opens/);
    // In the header, nothing can be read: the whole file is refused.
    expect(thrown(() => parseSignatoriesCsv('"name_ko,name_en\n홍길동,Hong\n', 'x.csv')).message).toMatch(/^x\.csv:1: a quoted field opens/);
  });
});

describe('parseSignatoryTable', () => {
  it('numbers rows by the numbers it is given and skips blank rows', () => {
    const list = parseSignatoryTable(
      [
        { line: 3, cells: ['name_en'] },
        { line: 4, cells: [] },
        { line: 7, cells: ['  Hong  '] },
      ],
      'book.xlsx',
    );
    expect(goodRows(list)).toEqual([{ nameEn: 'Hong', line: 7, origin: 'book.xlsx:7' }]);
  });
});

describe('decodeCsvBytes', () => {
  const korean = 'name_ko,name_en,role_ko\n홍길동,Hong Gil-dong,공동 대표\n김똠방,Kim,"서울, 지부"\n';

  it('decodes UTF-8 with and without BOM', () => {
    const utf8 = new TextEncoder().encode(korean);
    expect(decodeCsvBytes(utf8, 'x.csv')).toBe(korean);
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'x.csv')).toBe(korean);
  });

  it('decodes CP949 from Excel on Korean Windows, extension syllables (똠) included', () => {
    const cp949 = new Uint8Array(iconv.encode(korean, 'cp949'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(cp949)).toThrow();
    expect(decodeCsvBytes(cp949, 'x.csv')).toBe(korean);
  });

  it('decodes UTF-16 with a BOM, as Excel saves "Unicode Text"', () => {
    const utf16 = new Uint8Array(iconv.encode(korean, 'utf-16le', { addBOM: true }));
    expect(utf16[0]).toBe(0xff);
    expect(decodeCsvBytes(utf16, 'x.txt')).toBe(korean);
  });

  it('throws BAD_ENCODING for Western Windows text, saying where and how to fix it', () => {
    const latin = new Uint8Array(iconv.encode('name_en\nJosé Martínez\nØdegård\n', 'windows-1252'));
    const error = thrown(() => decodeCsvBytes(latin, 'data/signatories.csv'));
    expect(error.code).toBe('BAD_ENCODING');
    expect(error.message).toMatch(/^data\/signatories\.csv: the encoding cannot be told with confidence: the file is not UTF-8 \(line 2\)/);
    expect(error.message).toContain('CP949');
    expect(error.message).toContain('"CSV UTF-8 (Comma delimited) (*.csv)"');
  });

  it('throws BAD_ENCODING for bytes that are valid CP949 but do not read as Korean', () => {
    // "Åsa Åkesson" in windows-1252 forms two CP949 extension syllables: 0xC5 0x73, 0xC5 0x6B.
    const bytes = new Uint8Array(iconv.encode('name_en\nÅsa Åkesson\n', 'windows-1252'));
    expect(iconv.decode(Buffer.from(bytes), 'cp949')).not.toContain('\uFFFD');
    expect(thrown(() => decodeCsvBytes(bytes, 'x.csv')).code).toBe('BAD_ENCODING');
  });

  it('throws BAD_ENCODING for a file mixing UTF-8 and CP949 lines', () => {
    const mixed = new Uint8Array([...new TextEncoder().encode('name_ko\n홍길동\n'), ...iconv.encode('김철수\n', 'cp949')]);
    const error = thrown(() => decodeCsvBytes(mixed, 'x.csv'));
    expect(error.code).toBe('BAD_ENCODING');
    expect(error.message).toContain('not UTF-8 (line 3)');
  });

  it('says so when a workbook is named .csv', () => {
    const error = thrown(() => decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]), 'x.csv'));
    expect(error.message).toMatch(/^x\.csv: this is an Excel workbook \(\.xlsx\)/);
  });
});

describe('resolveSignaturePath', () => {
  it('resolves relative to the list, with Windows backslashes, and keeps absolute paths', () => {
    expect(resolveSignaturePath('/lists/event/signatories.csv', 'signatures/kim.png')).toBe('/lists/event/signatures/kim.png');
    expect(resolveSignaturePath('/lists/event/signatories.csv', '..\\shared\\kim.png')).toBe('/lists/shared/kim.png');
    expect(resolveSignaturePath('/lists/event/signatories.csv', '/images/kim.png')).toBe('/images/kim.png');
  });
});

describe('loadSignatories', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'declaration-press-signatories-'));
    await cp(FIXTURES, dir, { recursive: true });
    await mkdir(join(dir, 'signatures'));
    await writeFile(join(dir, 'signatures', 'hong.png'), PNG);
    await writeFile(join(dir, 'signatures', 'kim.jpg'), JPEG);
    await writeFile(join(dir, 'signatures', 'not-an-image.gif'), GIF);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a UTF-8 CSV and resolves each signature to an absolute path', async () => {
    const file = join(dir, 'good.csv');
    const list = await loadSignatories(file);
    expect(rowErrors(list)).toEqual([]);
    const expected = withOrigins(file, GOOD_ROWS).map((row) => (row.signature ? { ...row, signature: join(dir, row.signature.replace('\\', '/')) } : row));
    expect(withoutImages(goodRows(list))).toEqual(expected);
    // Each signature is read whole: its decoded size is known.
    expect(goodRows(list).filter((row) => row.signature).map((row) => [row.signatureImage!.format, row.signatureImage!.width])).toEqual([['png', 1], ['jpeg', 2]]);
  });

  it('loads a CP949 CSV with CRLF line ends as Excel on Korean Windows saves it', async () => {
    const file = join(dir, 'korean-windows.csv');
    await writeFile(file, iconv.encode('name_ko,name_en,role_ko,role_en\r\n홍길동,Hong Gil-dong,공동 대표,Co-chair\r\n김철수,,"서울, 지부",\r\n', 'cp949'));
    const list = await loadSignatories(file);
    expect(rowErrors(list)).toEqual([]);
    expect(goodRows(list)).toEqual([
      { nameKo: '홍길동', nameEn: 'Hong Gil-dong', roleKo: '공동 대표', roleEn: 'Co-chair', line: 2, origin: `${file}:2` },
      { nameKo: '김철수', roleKo: '서울, 지부', line: 3, origin: `${file}:3` },
    ]);
  });

  it('loads a UTF-16 tab-separated .txt, as Excel saves "Unicode Text"', async () => {
    const file = join(dir, 'unicode-text.txt');
    await writeFile(file, iconv.encode('name_ko\tname_en\r\n홍길동\tHong Gil-dong\r\n', 'utf-16le', { addBOM: true }));
    expect(goodRows((await loadSignatories(file)))).toEqual([{ nameKo: '홍길동', nameEn: 'Hong Gil-dong', line: 2, origin: `${file}:2` }]);
  });

  it('collects a missing or non-PNG/JPEG signature as a row error and keeps the other rows', async () => {
    const file = join(dir, 'bad-rows.csv');
    const list = await loadSignatories(file);
    expect(goodRows(list).map((row) => row.nameEn)).toEqual(['Hong Gil-dong']);
    const messages = rowErrors(list).map((error) => error.message);
    expect(messages).toHaveLength(5);
    expect(messages[3]).toBe(
      `${file}:6: signature: "signatures/missing.png" does not exist (looked for ${join(dir, 'signatures', 'missing.png')}); allowed: a PNG or JPEG file, by a path relative to the list`,
    );
    expect(messages[4]).toMatch(new RegExp(`^${escape(file)}:7: signature: "signatures/not-an-image.gif" is a GIF image .*allowed: a PNG or JPEG file`));
  });

  it('rejects a missing file with MISSING_FILE naming it', async () => {
    const file = join(dir, 'nowhere.csv');
    await expect(loadSignatories(file)).rejects.toMatchObject({ code: 'MISSING_FILE', message: `${file}: no such file` });
  });

  it('rejects a CSV whose encoding cannot be told', async () => {
    const file = join(dir, 'western.csv');
    await writeFile(file, iconv.encode('name_en\nJosé\n', 'windows-1252'));
    await expect(loadSignatories(file)).rejects.toMatchObject({ code: 'BAD_ENCODING', message: expect.stringContaining(`${file}: the encoding cannot be told`) });
  });

  it('names the file and line of a CSV problem: an unterminated quote as the last row, an empty file as the whole', async () => {
    const file = join(dir, 'unterminated-quote.csv');
    const list = await loadSignatories(file);
    expect(rowErrors(list)[0]!.message).toMatch(new RegExp(`^${escape(file)}:3: a quoted field opens`));
    await expect(loadSignatories(join(dir, 'empty.csv'))).rejects.toMatchObject({ code: 'BAD_DATA', message: expect.stringContaining('the file is empty') });
  });

  it('rejects a file type it cannot read, listing the allowed ones', async () => {
    const file = join(dir, 'signatories.xls');
    await writeFile(file, 'x');
    await expect(loadSignatories(file)).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: `${file}: ".xls" is not a signatory list's file type; allowed: .csv, .txt, .xlsx; save this Excel 97-2003 workbook as "Excel Workbook (*.xlsx)" or "CSV UTF-8"`,
    });
  });

  describe('XLSX', () => {
    it('reads merged cells as Excel shows them, once, and refuses a formula with no saved value by row and column', async () => {
      const file = join(dir, 'merged.xlsx');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('list');
      sheet.addRow(['name_ko', 'name_en', 'role_en']);
      sheet.addRow(['홍길동', 'Hong', 'Chair']);
      sheet.addRow(['', '', 'Treasurer']);
      sheet.mergeCells('A2:A3');
      sheet.mergeCells('B2:B3');
      sheet.addRow(['김철수', 'Kim', '']);
      // A workbook from another program: formulas whose values were never computed.
      sheet.getCell('A5').value = { formula: 'CONCAT("이","영희")' } as ExcelJS.CellFormulaValue;
      sheet.getCell('B5').value = { formula: 'CONCAT("Lee","")' } as ExcelJS.CellFormulaValue;
      await workbook.xlsx.writeFile(file);
      const list = await loadSignatories(file);
      expect(goodRows(list).map((row) => [row.line, row.nameEn])).toEqual([[2, 'Hong'], [4, 'Kim']]);
      const messages = rowErrors(list).map((error) => error.message);
      // Row 3 has no name of its own: the merge shows 홍길동 once, in row 2.
      expect(messages[0]).toMatch(new RegExp(`^${escape(file)}:3: name_ko and name_en are both empty`));
      expect(messages[1]).toMatch(new RegExp(`^${escape(file)}:5: name_ko: is a formula \\(CONCAT\\("이","영희"\\)\\) with no saved value`));
      expect(messages).toHaveLength(3);
    });

    it('reads the first sheet: headers in any case, rich text, formulas, numbers, dates, links; row numbers as lines', async () => {
      const file = join(dir, 'signatories.xlsx');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('서명자');
      sheet.addRow([' Name_KO ', 'NAME_EN', 'role_ko', 'Role_En', 'Signature']);
      sheet.addRow(['홍길동', { richText: [{ text: 'Hong ' }, { text: 'Gil-dong', font: { bold: true } }] }, '공동 대표', 'Co-chair', 'signatures/hong.png']);
      sheet.addRow([]);
      sheet.addRow([null, { formula: 'UPPER("kim")', result: 'KIM' }, new Date(Date.UTC(2025, 2, 1)), 2024, null]);
      sheet.addRow([' 김철수 ', { text: 'Kim Cheol-su', hyperlink: 'https://example.org/' }]);
      sheet.addRow([null, { formula: 'VLOOKUP(A6,Other!A:B,2,FALSE)', result: { error: '#N/A' } }]);
      sheet.addRow(['이영희', 'Lee Young-hee', null, null, null, null, 'stray']);
      sheet.getCell('F8').value = null;
      sheet.getCell('F8').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
      sheet.getCell('A8').value = '박민준';
      sheet.getCell('B8').value = 'Park Min-jun';
      workbook.addWorksheet('Notes').addRow(['not', 'a', 'signatory', 'list']);
      await workbook.xlsx.writeFile(file);

      const list = await loadSignatories(file);
      expect(withoutImages(goodRows(list))).toEqual([
        { nameKo: '홍길동', nameEn: 'Hong Gil-dong', roleKo: '공동 대표', roleEn: 'Co-chair', signature: join(dir, 'signatures', 'hong.png'), line: 2, origin: `${file}:2` },
        { nameEn: 'KIM', roleKo: '2025-03-01', roleEn: '2024', line: 4, origin: `${file}:4` },
        { nameKo: '김철수', nameEn: 'Kim Cheol-su', line: 5, origin: `${file}:5` },
        { nameKo: '박민준', nameEn: 'Park Min-jun', line: 8, origin: `${file}:8` },
      ]);
      expect(rowErrors(list).map((error) => error.message)).toEqual([
        `${file}:6: name_en: "#N/A" is an Excel formula error, not a value; correct the formula or type the text (allowed: any text)`,
        expect.stringMatching(new RegExp(`^${escape(file)}:7: the row has 7 fields, the header has 5 \\(name_ko, name_en, role_ko, role_en, signature\\)`)),
      ]);
    });

    it('rejects an unknown column with the file, row and column', async () => {
      const file = join(dir, 'unknown-column.xlsx');
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Sheet1').addRows([
        ['name_ko', 'name_en', 'Phone'],
        ['홍길동', 'Hong Gil-dong', 1234],
      ]);
      await workbook.xlsx.writeFile(file);
      await expect(loadSignatories(file)).rejects.toMatchObject({ code: 'BAD_DATA', message: expect.stringMatching(new RegExp(`^${escape(file)}:1: unknown column "Phone" \\(column 3\\); allowed columns: name_ko, name_en`)) });
    });

    it('rejects a workbook whose first sheet is empty, naming the sheet', async () => {
      const file = join(dir, 'empty.xlsx');
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Cover');
      workbook.addWorksheet('Signatories').addRows([['name_en'], ['Hong']]);
      await workbook.xlsx.writeFile(file);
      await expect(loadSignatories(file)).rejects.toMatchObject({ code: 'BAD_DATA', message: `${file}: the first worksheet ("Cover") is empty; the signatory list must be on the first sheet, starting with a header row` });
    });

    it('rejects a file named .xlsx that is not a workbook', async () => {
      const file = join(dir, 'not-a-workbook.xlsx');
      await writeFile(file, 'name_en\nHong\n');
      await expect(loadSignatories(file)).rejects.toMatchObject({ code: 'BAD_DATA', message: expect.stringMatching(new RegExp(`^${escape(file)}: not a readable \\.xlsx workbook`)) });
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
