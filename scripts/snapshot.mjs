// Builds the V8 start-up snapshot of the bundle: dist/press.blob, and dist/press.blob.json with what
// it was built from (bin/launch.cjs uses the snapshot only while those still hold). A command that
// starts from it skips loading and compiling the bundle and running its modules' start-up code.
//
// Built at install time (scripts/bundle.mjs, from `npm install`), never committed: a snapshot runs
// only on the Node binary that built it, and holds the install's own paths. bin/launch.cjs builds it
// again in the background when Node changes. `node scripts/snapshot.mjs` builds it by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const launch = createRequire(import.meta.url)('../bin/launch.cjs');

/** Whether dist/press.blob was built from the current bundle by this Node. */
export function snapshotIsCurrent() {
  return launch.snapshotProblem() === null;
}

/**
 * Builds the snapshot from the bundle (`node --build-snapshot`), atomically: a command starting
 * meanwhile finds the old snapshot or none, never half of one. Returns false (with the reason on
 * stderr) when this Node cannot build it; commands then start from the bundle.
 */
export function buildSnapshot({ quiet = false } = {}) {
  const started = Date.now();
  const temporary = `${launch.BLOB}.tmp-${process.pid}`;
  const built = launch.currentBuild();
  if (!built.bundle) {
    if (!quiet) console.error('snapshot: no bundle (dist/press.cjs): run node scripts/bundle.mjs');
    return false;
  }
  rmSync(launch.BLOB_INFO, { force: true });
  // The standard set's drafts, laid out by the bundle in a process of its own (the builder has no
  // WebAssembly for yoga): the snapshot keeps them (src/cli/snapshot.ts). Without them (a layout
  // that failed), the snapshot is built all the same and commands lay their drafts out.
  const drafts = `${launch.BLOB}.drafts-${process.pid}.json`;
  const measured = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(launch.BUNDLE)}).measureDrafts().then((json) => require('node:fs').writeFileSync(${JSON.stringify(drafts)}, json))`],
    { encoding: 'utf8' },
  );
  if (measured.status !== 0 && !quiet) console.error(`snapshot: drafts not measured (commands lay them out): ${(measured.stderr || '').trim().split('\n').slice(-1)[0]}`);
  const env = { ...process.env, ...(existsSync(drafts) ? { DECLARATION_PRESS_DRAFTS: drafts } : {}) };
  const result = spawnSync(process.execPath, ['--snapshot-blob', temporary, '--build-snapshot', launch.BUNDLE], { encoding: 'utf8', env });
  rmSync(drafts, { force: true });
  if (result.status !== 0 || !existsSync(temporary)) {
    rmSync(temporary, { force: true });
    const why = (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n').slice(-3).join(' ');
    // Recorded, so that commands start from the bundle without trying again until Node or the bundle changes.
    writeFileSync(launch.BLOB_INFO, `${JSON.stringify({ ...built, failed: why }, null, 2)}\n`);
    if (!quiet) console.error(`snapshot: not built (commands start from the bundle): ${why}`);
    return false;
  }
  renameSync(temporary, launch.BLOB);
  const { size, mtimeMs } = statSync(launch.BLOB);
  writeFileSync(launch.BLOB_INFO, `${JSON.stringify({ ...built, blob: { size, mtimeMs } }, null, 2)}\n`);
  if (!quiet) console.log(`snapshot: dist/press.blob (${(size / 1024 / 1024).toFixed(1)} MB) for Node ${process.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

// Run as a program: build it (--unlock FILE: the lock bin/launch.cjs took, removed when done).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const unlock = process.argv.indexOf('--unlock');
  try {
    buildSnapshot({ quiet: unlock >= 0 });
  } finally {
    if (unlock >= 0) rmSync(process.argv[unlock + 1], { force: true });
  }
}
