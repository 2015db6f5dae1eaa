/**
 * Once per test run, before the test files: builds the standard set (data/manifest.json) into a
 * temporary folder the test files read (helpers/standard-set.ts), the way `npm start` does:
 * `scripts/bundle.mjs --if-changed --run build`, which first makes dist/ current with the sources
 * (nothing to do after `npm ci`, which bundled them), then builds from the start-up snapshot in two
 * processes. The end-to-end tests share the set instead of each rendering the same documents again.
 *
 * The bundle it leaves current is what the tests of bin/ run, and what the child processes the
 * tests start (`--jobs`, shards, a killed batch) run instead of the sources through tsx, which
 * costs about 2 s more of CPU a child: DECLARATION_PRESS_CHILD=bundle tells src/batch/pool.ts. The
 * bundle's stamp is a hash of every source it is made from, so the set and the children are
 * today's sources. Measured 2026-12-03 on the 2-core machine: the set in 6 s this way against 13 s
 * built in the setup's own process (then the sources through vitest's transform, on one core).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PACKAGE_ROOT } from '../src/core/files.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the standard set built for this run. */
    standardSet: string;
  }
}

/** Runs `scripts/bundle.mjs --if-changed --run build --out-dir <dir>`; rejects with its output when it fails. */
function buildStandardSet(dir: string): Promise<void> {
  const args = [join(PACKAGE_ROOT, 'scripts', 'bundle.mjs'), '--if-changed', '--run', 'build', '--out-dir', dir];
  const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done, fail) =>
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`the standard set did not build (scripts/bundle.mjs --if-changed --run build, exit code ${code}):\n${output}`)))),
  );
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'dp-standard-set-'));
  await buildStandardSet(dir);
  process.env.DECLARATION_PRESS_CHILD = 'bundle';
  project.provide('standardSet', dir);
  return () => rm(dir, { recursive: true, force: true });
}
