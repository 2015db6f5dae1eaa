/**
 * Once per test run, before the test files:
 * - builds the standard set (data/manifest.json, what `npm start` makes) into a temporary folder the
 *   test files read (helpers/standard-set.ts): the end-to-end tests share it instead of each
 *   rendering the same documents again;
 * - meanwhile, in a second process (the other core), makes dist/ current with the sources
 *   (`scripts/bundle.mjs --if-changed`: nothing to do after `npm ci`, which bundled them). The
 *   tests of bin/ run it, and the child processes the tests start (`--jobs`, shards, a killed
 *   batch) run it instead of the sources through tsx, which costs about 2 s more of CPU a child:
 *   DECLARATION_PRESS_CHILD=bundle tells src/batch/pool.ts. The bundle's stamp is a hash of every
 *   source it is made from, so the children run today's sources.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildManifest, DEFAULT_MANIFEST } from '../src/batch/build.js';
import { PACKAGE_ROOT } from '../src/core/files.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the standard set built for this run. */
    standardSet: string;
  }
}

/** Runs `scripts/bundle.mjs --if-changed`; rejects with its output when it fails. */
function bundleIfChanged(): Promise<void> {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'bundle.mjs'), '--if-changed'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, fail) =>
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`scripts/bundle.mjs --if-changed failed (exit code ${code}):\n${output}`)))),
  );
}

export default async function setup(project: TestProject) {
  const bundled = bundleIfChanged();
  const dir = await mkdtemp(join(tmpdir(), 'dp-standard-set-'));
  const results = await buildManifest(DEFAULT_MANIFEST, { outDir: dir });
  const failed = results.filter((result) => result.error);
  if (failed.length > 0) throw new Error(`the standard set did not build: ${failed.map((result) => result.error!.message).join('; ')}`);
  await bundled;
  process.env.DECLARATION_PRESS_CHILD = 'bundle';
  project.provide('standardSet', dir);
  return () => rm(dir, { recursive: true, force: true });
}
