'use strict';
// How to start the bundled CLI: from its V8 start-up snapshot (dist/press.blob) when the snapshot was
// built from this bundle, with these fonts, by this very Node binary; else from the bundle
// (dist/press.cjs). Shared by bin/declaration-press.js, `npm start` (scripts/bundle.mjs --run), the
// process pool's workers (src/batch/pool.ts) and the snapshot's builder (scripts/snapshot.mjs).
// CommonJS, and nothing but node:fs and node:path until it starts a process: it runs before every
// command.
const { closeSync, openSync, readdirSync, readFileSync, statSync, unlinkSync } = require('node:fs');
const { join } = require('node:path');

/** Exit code of a node that refused its snapshot (built by another Node version, V8 flags, platform). */
const SNAPSHOT_REFUSED = 14;

/** Where an install keeps the bundle, the snapshot, the record of what the snapshot was built with, and the fonts it holds parsed. */
function placesOf(root) {
  const dist = join(root, 'dist');
  return { root, bundle: join(dist, 'press.cjs'), blob: join(dist, 'press.blob'), blobInfo: join(dist, 'press.blob.json'), fonts: join(root, 'fonts') };
}

/** This install's places. */
const HERE = placesOf(join(__dirname, '..'));

/** A file's size and modification time, or null when it is not there. */
function stampOf(file) {
  try {
    const { size, mtimeMs } = statSync(file);
    return { size, mtimeMs };
  } catch {
    return null;
  }
}

/** Each font file's size and modification time, by name. */
function fontStamps(folder) {
  const stamps = {};
  try {
    for (const name of readdirSync(folder).sort()) stamps[name] = stampOf(join(folder, name));
  } catch {
    // No fonts folder: recorded as none.
  }
  return stamps;
}

/** What a snapshot built now by this process's Node would be recorded with (scripts/snapshot.mjs writes it). */
function currentBuild(places = HERE) {
  return {
    node: process.version,
    execPath: process.execPath,
    arch: process.arch,
    platform: process.platform,
    v8: process.versions.v8,
    bundle: stampOf(places.bundle),
    fonts: fontStamps(places.fonts),
  };
}

/**
 * Why the snapshot cannot be used now, or null when it can: `why` says it, `rebuild` whether
 * building it again would help. Not when it is turned off (DECLARATION_PRESS_SNAPSHOT=0), nor when
 * this Node could not build it from this bundle; yes when it is missing, or was built by another
 * Node binary, from another bundle or with other fonts. A snapshot runs only on the exact Node
 * binary that built it (V8 checks its version and flags), and holds the bundle as it was, the
 * fonts parsed and the install's paths.
 */
function snapshotProblem(places = HERE) {
  if (process.env.DECLARATION_PRESS_SNAPSHOT === '0') return { why: 'turned off (DECLARATION_PRESS_SNAPSHOT=0)', rebuild: false };
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(places.blobInfo, 'utf8'));
  } catch {
    return { why: 'not built', rebuild: true };
  }
  const now = currentBuild(places);
  for (const key of ['node', 'execPath', 'arch', 'platform', 'v8']) {
    if (recorded[key] !== now[key]) return { why: `built by another Node (${key}: ${recorded[key]}, now ${now[key]})`, rebuild: true };
  }
  if (JSON.stringify(recorded.bundle) !== JSON.stringify(now.bundle)) return { why: 'built from another bundle', rebuild: true };
  if (JSON.stringify(recorded.fonts) !== JSON.stringify(now.fonts)) return { why: 'built with other fonts', rebuild: true };
  if (recorded.failed) return { why: `this Node could not build it: ${recorded.failed}`, rebuild: false };
  const blob = stampOf(places.blob);
  if (!blob || blob.size !== recorded.blob?.size || blob.mtimeMs !== recorded.blob?.mtimeMs) return { why: 'not built', rebuild: true };
  return null;
}

/** The node arguments that run the CLI with `argv`: from the snapshot when it can be used, else the bundle. */
function nodeArgs(argv, places = HERE) {
  return snapshotProblem(places) === null ? ['--snapshot-blob', places.blob, '--', ...argv] : [places.bundle, ...argv];
}

/**
 * The environment for a node this CLI starts itself (the snapshot's node, the pool's workers): this
 * one's, without NODE_EXTRA_CA_CERTS. Node 20 reads and parses every certificate that variable
 * names as it starts, before any script runs, and the CLI never opens a network connection: on the
 * 2-core machine, whose environment names the system's bundle of some 140 certificates there, that
 * cost each node 100 ms (`node -e ''` 0.14 s with it, 0.04 s without, 2026-12-03).
 */
function childEnv(env = process.env) {
  const { NODE_EXTRA_CA_CERTS, ...rest } = env;
  return rest;
}

/**
 * Builds the snapshot again in a detached background process, for the next command (this one runs
 * from the bundle): after Node was upgraded, or the bundle rebuilt without it. At most one at a
 * time (a lock file, given up after two minutes); nothing happens where dist/ cannot be written.
 */
function rebuildInBackground(places = HERE) {
  const lock = `${places.blob}.lock`;
  const held = stampOf(lock);
  if (held && Date.now() - held.mtimeMs < 120_000) return;
  try {
    if (held) unlinkSync(lock);
    closeSync(openSync(lock, 'wx'));
  } catch {
    return;
  }
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [join(places.root, 'scripts', 'snapshot.mjs'), '--unlock', lock], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
}

/**
 * Whether a command shares its work out to a second process as soon as it starts: `build`, in two
 * processes by default where there are two cores (src/batch/build.ts), unless told `--jobs 1` or
 * asked for its help. For it the launcher starts that second process from the snapshot alongside
 * the command's own (startStandby), so that both deserialise the snapshot at once instead of one
 * after the other.
 */
function wantsStandby(argv) {
  if (argv[0] !== 'build' || require('node:os').availableParallelism() < 2) return false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h' || arg === '--jobs=1' || (arg === '--jobs' && argv[i + 1] === '1')) return false;
  }
  return true;
}

/**
 * Starts a node from the snapshot that waits for its command: the first line on its stdin, the
 * arguments as a JSON array (src/batch/pool.ts writes it); without one (the command had nothing to
 * share out) it exits. Its stdin, stdout and stderr are handed to the command's process as fds 3,
 * 4 and 5 (STANDBY_FDS), which uses it as the first process of its pool.
 */
function startStandby() {
  const { spawn } = require('node:child_process');
  const standby = spawn(process.execPath, ['--snapshot-blob', HERE.blob, '--'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...childEnv(), DECLARATION_PRESS_STANDBY: '1' } });
  standby.on('error', () => {});
  return standby;
}

/** The fds at which the command's process finds its standby's stdin, stdout and stderr (see startStandby). */
const STANDBY_FDS = '3,4,5';

/**
 * Runs the CLI with `argv` from the snapshot when it can be used (a second node, this one waiting
 * for it and passing its exit code or signal on), else from the bundle in this process; sets
 * process.exitCode. With DECLARATION_PRESS_LAUNCH=1 it says on stderr which way it started (the
 * tests check it).
 */
function startCli(argv) {
  const say = (how) => process.env.DECLARATION_PRESS_LAUNCH === '1' && process.stderr.write(`declaration-press: started from ${how}\n`);
  const fromBundle = () => {
    say('the bundle');
    return require(HERE.bundle).runCommandLine(argv);
  };
  // A snapshot runs only under the V8 flags it was built with: node options given to this process
  // (--max-old-space-size for a long batch) start the bundle here instead, where they apply.
  const problem = process.execArgv.length > 0 ? { why: `node options given (${process.execArgv.join(' ')})`, rebuild: false } : snapshotProblem();
  if (problem !== null) {
    if (problem.rebuild) rebuildInBackground();
    return fromBundle();
  }
  say('the snapshot');
  const { spawn } = require('node:child_process');
  const standby = wantsStandby(argv) ? startStandby() : null;
  const child = standby
    ? spawn(process.execPath, ['--snapshot-blob', HERE.blob, '--', ...argv], { stdio: ['inherit', 'inherit', 'inherit', standby.stdin, standby.stdout, standby.stderr], env: { ...childEnv(), DECLARATION_PRESS_STANDBY: STANDBY_FDS } })
    : spawn(process.execPath, ['--snapshot-blob', HERE.blob, '--', ...argv], { stdio: 'inherit', env: childEnv() });
  // The standby's pipes are the command's now: this process keeps none of their ends open.
  if (standby) for (const stream of [standby.stdin, standby.stdout, standby.stderr]) stream.destroy();
  // Ctrl-C reaches every process from the terminal; a signal sent to this one is passed on.
  const forward = (signal) => {
    child.kill(signal);
    standby?.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      for (const name of signals) process.off(name, forward);
      // The command has read all its standby had to say, or never gave it anything to do.
      standby?.kill();
      // Refused before it ran anything (another Node binary at the same path): start from the bundle.
      if (code === SNAPSHOT_REFUSED) {
        rebuildInBackground();
        resolve(fromBundle());
        return;
      }
      if (signal) process.kill(process.pid, signal);
      else process.exitCode = code ?? 1;
      resolve();
    });
  });
}

module.exports = {
  BUNDLE: HERE.bundle,
  BLOB: HERE.blob,
  BLOB_INFO: HERE.blobInfo,
  SNAPSHOT_REFUSED,
  placesOf,
  currentBuild,
  snapshotProblem,
  nodeArgs,
  childEnv,
  rebuildInBackground,
  startCli,
};
