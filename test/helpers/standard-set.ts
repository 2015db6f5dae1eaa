import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';

/** The folder of the standard set built once for this test run (test/global-setup.ts). */
export const standardSetDir = (): string => inject('standardSet');

/** A file of the standard set, by its path in data/manifest.json's outDir. */
export async function standardFile(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(standardSetDir(), name)));
}
