/**
 * The register of signed certificates: `register.csv` beside them (ID, names, role, file, date of
 * issue), so an organiser can answer "did we issue this?" and pick IDs to revoke.
 *
 * Many processes may add to one register at once: the workers of `--jobs`, and shards run at the
 * same time on one shared folder. Each merges its rows under a lock file (`register.csv.lock`,
 * made with O_EXCL, naming its host and process): read the register, add the rows it lacks, write
 * it atomically (writeAtomic), remove the lock. A lock left by a dead process of this host is taken
 * over; one held by another host is waited for (up to LOCK_WAIT_MS), then named in the error. One
 * register file per shard merged on read was the other choice: but organisers open register.csv in
 * a spreadsheet, which merges nothing.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/browser/esm/sync';
import { PressError } from '../../core/errors.js';
import { isAlive, writeAtomic } from '../../core/files.js';

/** The register's file name, in the certificates' folder. */
export const REGISTER_FILE = 'register.csv';

/** One certificate in the register. */
export interface RegisterRow {
  /** Its ID, as printed. */
  id: string;
  /** Name in Hangul. */
  nameKo: string;
  /** Name in Latin script. */
  nameEn: string;
  /** Role in Korean. */
  roleKo: string;
  /** Role in English. */
  roleEn: string;
  /** The certificate's file name in the folder. */
  file: string;
  /** The date of issue, YYYY-MM-DD. */
  issued: string;
}

const COLUMNS = [
  ['id', 'id'],
  ['name_ko', 'nameKo'],
  ['name_en', 'nameEn'],
  ['role_ko', 'roleKo'],
  ['role_en', 'roleEn'],
  ['file', 'file'],
  ['issued', 'issued'],
] as const satisfies readonly (readonly [string, keyof RegisterRow])[];

/** How long a merge waits for another process's lock before it gives up. */
export const LOCK_WAIT_MS = 60_000;

/**
 * A field as a spreadsheet reads it back unchanged: quoted when it holds a comma, a quote or a line
 * break; a leading = + - @ (a formula to Excel) kept as text by a leading apostrophe, which
 * readRegister removes again.
 */
function field(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The register's text: a byte order mark (so Excel reads the Hangul as UTF-8), the header, rows by file then ID. */
export function formatRegister(rows: readonly RegisterRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = [COLUMNS.map(([name]) => name).join(','), ...sorted.map((row) => COLUMNS.map(([, key]) => field(row[key])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Reads a register's text back into rows; a file that is not one is named. */
export function parseRegister(text: string, where: string): RegisterRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new PressError('BAD_DATA', `is not a register this tool wrote: ${(error as Error).message}`, where);
  }
  const [header, ...body] = records;
  if (!header || header.join(',') !== COLUMNS.map(([name]) => name).join(',')) {
    throw new PressError('BAD_DATA', `its header is not ${COLUMNS.map(([name]) => name).join(',')}; move the file away, or restore it`, where);
  }
  return body.map((record) => {
    const row = {} as RegisterRow;
    COLUMNS.forEach(([, key], i) => {
      const value = record[i] ?? '';
      row[key] = /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
    });
    return row;
  });
}

/** Reads the register of a folder: no rows when there is none yet. */
export async function readRegister(dir: string): Promise<RegisterRow[]> {
  const file = join(dir, REGISTER_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new PressError('MISSING_FILE', `cannot be read (${error.code})`, file);
  });
  return text === undefined ? [] : parseRegister(text, file);
}

/**
 * Adds rows to the register of `dir` under its lock: a row already there (the same ID and file) is
 * replaced, never doubled, so a resumed or sharded run merges into the same register.
 */
export async function mergeRegister(dir: string, rows: readonly RegisterRow[]): Promise<void> {
  const file = join(dir, REGISTER_FILE);
  const release = await lock(`${file}.lock`);
  try {
    const merged = new Map<string, RegisterRow>();
    for (const row of [...(await readRegister(dir)), ...rows]) merged.set(`${row.id}\u0000${row.file}`, row);
    await writeAtomic(file, new TextEncoder().encode(formatRegister([...merged.values()])));
  } finally {
    release();
  }
}

const HOST = hostname();

/** Takes a lock file (O_EXCL), waiting for a live holder and taking over a dead one's; returns its release. */
async function lock(file: string): Promise<() => void> {
  const mine = `${HOST} ${process.pid}\n`;
  const started = Date.now();
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, mine);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new PressError('WRITE_FAILED', `cannot make the register's lock (${code})`, file);
    }
    let holder = '';
    try {
      holder = readFileSync(file, 'utf8');
    } catch {
      continue; // released between the two calls: try again at once
    }
    const [host, pid] = holder.trim().split(' ');
    // A lock just made may not have its line yet: only a whole line names a dead holder.
    if (host === HOST && holder.endsWith('\n') && !isAlive(Number(pid))) {
      // Read again just before it is removed: a process that found it dead at the same moment
      // may have taken it over already. (The window left is a few microseconds, after a crash.)
      try {
        if (readFileSync(file, 'utf8') === holder) rmSync(file);
      } catch {
        // the other one removed it
      }
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new PressError('WRITE_FAILED', `the register is locked by ${holder.trim() || 'another process'} for over ${LOCK_WAIT_MS / 1000} s; if no run is going on, remove the lock file`, file);
    }
    await new Promise((done) => setTimeout(done, wait));
  }
}

