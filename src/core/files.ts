import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
 * interrupted run (even kill -9) never leaves a truncated PDF under the real name.
 */
export async function writeAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new PressError('WRITE_FAILED', `cannot write here (${code}): choose a folder you can write to`, file);
  }
}

/** The creation date PDFs carry: SOURCE_DATE_EPOCH when set (reproducible builds), else `fallback`. */
export function creationDate(fallback: Date): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return fallback;
  if (!/^\d+$/.test(epoch)) throw new PressError('BAD_OPTION', `SOURCE_DATE_EPOCH must be whole seconds since 1970, found "${epoch}"`);
  return new Date(Number(epoch) * 1000);
}
