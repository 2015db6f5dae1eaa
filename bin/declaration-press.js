#!/usr/bin/env node
// Starts the CLI the fastest way there is (bin/launch.cjs): a node started from the V8 start-up
// snapshot of the bundle (dist/press.blob, built by `npm install`), else the bundle in this process
// (dist/press.cjs), else, in a clone not yet bundled, the TypeScript sources through tsx.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const launch = require('./launch.cjs');
const argv = process.argv.slice(2);
// DECLARATION_PRESS_LAUNCH=1 says on stderr which way the command started (the tests check it).
const say = (how) => process.env.DECLARATION_PRESS_LAUNCH === '1' && process.stderr.write(`declaration-press: started from ${how}\n`);

/** Runs the CLI from the bundle in this process. */
async function fromBundle() {
  say('the bundle');
  await require(launch.BUNDLE).runCommandLine(argv);
}

// A snapshot runs only under the V8 flags it was built with: node options given to this process
// (--max-old-space-size for a long batch) start the bundle here instead, where they apply.
const problem = !existsSync(launch.BUNDLE)
  ? { why: 'no bundle', rebuild: false }
  : process.execArgv.length > 0
    ? { why: `node options given (${process.execArgv.join(' ')})`, rebuild: false }
    : launch.snapshotProblem();
if (problem === null) {
  say('the snapshot');
  const child = spawn(process.execPath, ['--snapshot-blob', launch.BLOB, '--', ...argv], { stdio: 'inherit' });
  // Ctrl-C reaches both processes from the terminal; a signal sent to this one is passed on.
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(name, forward);
    // Refused before it ran anything (another Node binary at the same path): start from the bundle.
    if (code === launch.SNAPSHOT_REFUSED) {
      launch.rebuildInBackground();
      fromBundle();
    } else if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
} else if (existsSync(launch.BUNDLE)) {
  if (problem.rebuild) launch.rebuildInBackground();
  await fromBundle();
} else {
  say('the sources');
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
