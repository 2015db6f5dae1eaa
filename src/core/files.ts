import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PressError } from './errors.js';
import type { z } from 'zod';
import { validate } from './validate.js';

/**
 * The package's root folder: the nearest folder above this module with the package's package.json,
 * whether this runs from src/core/ (tsx, vitest) or from the bundle in dist/.
 */
export const PACKAGE_ROOT = findPackageRoot(fileURLToPath(new URL('.', import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fonts'))) return dir;
    if (dirname(dir) === dir) throw new Error(`declaration-press: no package root above ${from}`);
  }
}
/** The bundled fonts. */
export const FONTS_DIR = join(PACKAGE_ROOT, 'fonts');
/** The bundled data: declaration, labels, sample signatories, default manifest. */
export const DATA_DIR = join(PACKAGE_ROOT, 'data');

/** Reads a file, or throws MISSING_FILE naming it. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
    throw new PressError('MISSING_FILE', why, file);
  }
}

/** Reads, parses and validates a JSON data file; every failure names the file and the field. */
export async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const text = new TextDecoder().decode(await readInput(file));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PressError('BAD_DATA', `not valid JSON: ${(error as Error).message}`, file);
  }
  return validate(schema, value, file);
}

/**
 * Writes a file atomically: to a temporary name beside the target, then renamed over it, so an
 * interrupted run (even kill -9) never leaves a truncated PDF under the real name. The temporary
 * name says which host and process wrote it (`.x.pdf.tmp-<host>-<pid>-<random>`): the first write
 * into a folder removes what a dead process of this host left there, and leaves a live one's alone.
 */
export async function writeAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temp = temporaryName(file);
  try {
    await ensureFolder(dir);
    await refuseNonFile(file);
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw writeError(error, file);
  }
}

/**
 * writeAtomic without the event loop, for a batch writing thousands of small files into a folder
 * made beforehand with ensureFolder: a few system calls, where the promise-based ones cost the batch
 * several times their own time (measured: about 0.1 ms a 50 KB file against 0.2–0.6 ms). The bytes
 * may come in parts, written in order without being joined first; a text part is written as Latin-1.
 */
export function writeAtomicSync(file: string, bytes: Uint8Array | readonly (Uint8Array | string)[]): void {
  const temp = temporaryName(file);
  try {
    const info = lstatOrNothing(file);
    if (info && !info.isFile() && !info.isSymbolicLink()) throw new PressError('WRITE_FAILED', `is ${kindOf(info)}, not a file; allowed: a path to a file (or to nothing yet)`, file);
    const fd = openSync(temp, 'w');
    try {
      for (const part of bytes instanceof Uint8Array ? [bytes] : bytes) {
        let rest = part;
        if (typeof part === 'string') {
          const written = writeSync(fd, part, null, 'latin1');
          // A short write (a full disk, a signal) writes the rest from bytes.
          rest = written < part.length ? Buffer.from(part, 'latin1').subarray(written) : '';
        }
        for (let at = 0; at < rest.length; ) at += writeSync(fd, rest as Uint8Array, at);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError(error, file);
  }
}

/** Where writeAtomic writes before renaming: beside the file, hidden, marked with host and process. */
function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${HOST}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function writeError(error: unknown, file: string): PressError {
  if (error instanceof PressError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new PressError('WRITE_FAILED', `cannot write here (${code}): choose a folder you can write to`, file);
}

function lstatOrNothing(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** This host's name as temporary file names carry it: letters, digits, dots, the rest as `_`. */
const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';

// Folders this process has made or found, and swept of dead processes' temporaries: each is
// checked once per process, not once per file (a batch writes thousands into one). Bounded by
// the folders a run writes into.
const ready = new Set<string>();

/**
 * Makes a folder and its parents, one level at a time. Node's own `mkdir(…, { recursive: true })`
 * never returns under /proc or /sys, where mkdir answers ENOENT for a child that cannot exist and
 * Node retries the parent forever (nodejs/node recursive mkdir; seen with `--out /proc/nope`).
 */
export async function ensureFolder(dir: string): Promise<void> {
  if (ready.has(dir)) return;
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const kind = await stat(at).then((info) => (info.isDirectory() ? 'folder' : 'file'), () => 'none');
    if (kind === 'folder') break;
    if (kind === 'file') throw new PressError('WRITE_FAILED', `${at} is a file, not a folder; allowed: a folder you can write to`, dir);
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new PressError('WRITE_FAILED', `cannot make the folder ${folder} (${code}): choose a folder you can write to`, dir);
    }
  }
  await removeStaleTemporaries(dir);
  ready.add(dir);
}

/** Refuses to write over a folder, a FIFO, a device or a socket: only a file, or nothing, may be at the path. */
async function refuseNonFile(file: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (!info || info.isFile() || info.isSymbolicLink()) return;
  throw new PressError('WRITE_FAILED', `is ${kindOf(info)}, not a file; allowed: a path to a file (or to nothing yet)`, file);
}

/** What a path that is not a file is, in words. */
function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  return info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a named pipe (FIFO)' : info.isSocket() ? 'a socket' : 'a device';
}

const TEMPORARY = /^\..+\.tmp-(.+)-(\d+)-[0-9a-f]{8}$/;

/** Removes the temporary files in `dir` that a process of this host left when it died. */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match || match[1] !== HOST || isAlive(Number(match[2]))) continue;
    await rm(join(dir, name), { force: true }).catch(() => {});
    removed.push(join(dir, name));
  }
  return removed;
}

/** Whether a process of this host with this id is running (a PID that is not a positive integer is not). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The creation date lives with the metadata it dates (browser-safe: the studio dates its PDFs alike).
export { creationDate } from './document-metadata.js';
