/**
 * Builds the standard set (data/manifest.json, what `npm start` makes) once per test run, into a
 * temporary folder the test files read (helpers/standard-set.ts): the end-to-end tests share it
 * instead of each rendering the same documents again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildManifest, DEFAULT_MANIFEST } from '../src/batch/build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the standard set built for this run. */
    standardSet: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'dp-standard-set-'));
  const results = await buildManifest(DEFAULT_MANIFEST, { outDir: dir });
  const failed = results.filter((result) => result.error);
  if (failed.length > 0) throw new Error(`the standard set did not build: ${failed.map((result) => result.error!.message).join('; ')}`);
  project.provide('standardSet', dir);
  return () => rm(dir, { recursive: true, force: true });
}
