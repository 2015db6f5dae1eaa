/**
 * The one process pool: `build --jobs` and `certificates --jobs` share their work out to child
 * processes of this CLI through it. react-pdf and pdf-lib are single-threaded, so a second process
 * is what puts a second core to work; whether it pays is measured (`npm run bench`), not assumed.
 */
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { PACKAGE_ROOT } from '../core/files.js';

/** How a child process ended. */
export interface ChildResult {
  /** What it printed on stderr. */
  stderr: string;
}

/** How bin/declaration-press.js starts the bundle: from its start-up snapshot when it can (see bin/launch.cjs). */
interface Launch {
  nodeArgs(argv: readonly string[]): string[];
  childEnv(): NodeJS.ProcessEnv;
}

/** bin/launch.cjs, where the launcher's own code is (CommonJS, outside the bundle). */
const launch = (): Launch => createRequire(import.meta.url)(join(PACKAGE_ROOT, 'bin', 'launch.cjs')) as Launch;

/**
 * The node arguments that run this CLI with `argv` in a child process. The child runs what this
 * process runs: the bundle (started from its snapshot, as the command line starts, when the
 * snapshot fits this Node), or the TypeScript sources through tsx. Under the tests, whose global
 * setup has made dist/ current with the sources and set DECLARATION_PRESS_CHILD=bundle, the bundle:
 * a child through tsx costs about 2 s more of CPU.
 */
export function cliNodeArgs(argv: readonly string[]): string[] {
  const fromSources = import.meta.url.endsWith('.ts') && process.env.DECLARATION_PRESS_CHILD !== 'bundle';
  return fromSources
    ? ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...argv]
    : launch().nodeArgs(argv);
}

/**
 * Runs this CLI in a child process (see cliNodeArgs) and hands each JSON line it prints on stdout to
 * `onLine`. The child's environment is this one's without what only network connections use
 * (launch.cjs, childEnv: a node parses NODE_EXTRA_CA_CERTS's certificates as it starts).
 */
export function spawnCli(argv: readonly string[], onLine: (value: unknown) => void): Promise<ChildResult> {
  const standby = takeStandby();
  if (standby) {
    try {
      writeSync(standby.input, `${JSON.stringify(argv)}\n`);
      closeSync(standby.input);
      if (process.env.DECLARATION_PRESS_LAUNCH === '1') process.stderr.write(`declaration-press: the standby runs ${argv[0]}\n`);
      const output = (fd: number) => new Socket({ fd, readable: true, writable: false });
      return readChild(output(standby.output), output(standby.errors), onLine);
    } catch {
      // It is gone (killed before it was given its command): a process of its own, as without it.
      for (const fd of [standby.input, standby.output, standby.errors]) closeQuietly(fd);
    }
  }
  const child = spawn(process.execPath, cliNodeArgs(argv), { stdio: ['ignore', 'pipe', 'pipe'], env: launch().childEnv() });
  return readChild(child.stdout, child.stderr, onLine);
}

/** Hands each JSON line of a child's stdout to `onLine`, and resolves with its stderr once both have ended. */
function readChild(stdout: Readable, stderr: Readable, onLine: (value: unknown) => void): Promise<ChildResult> {
  let errors = '';
  stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  createInterface({ input: stdout }).on('line', (line) => {
    if (line.startsWith('{')) onLine(JSON.parse(line));
  });
  const ended = (stream: Readable) => new Promise<void>((done) => stream.on('close', () => done()));
  return Promise.all([ended(stdout), ended(stderr)]).then(() => ({ stderr: errors }));
}

/**
 * A process the launcher started from the snapshot alongside this one (bin/launch.cjs
 * startStandby), waiting for its command: where this process writes the command, and reads its
 * stdout and stderr. The first child this process runs is that one: it has loaded by the time the
 * command knows what to give it, where a child started then began its share some 0.45 s after this
 * process began its own (a slow hour). Measured 2026-12-03 10:22 UTC, 7 alternated cold builds of
 * the standard set: 3.62 s against 3.77 s, the same CPU (6.47 s).
 */
interface Standby {
  input: number;
  output: number;
  errors: number;
}

/** The standby, once (the next caller gets none): named by DECLARATION_PRESS_STANDBY, which no child inherits. */
function takeStandby(): Standby | undefined {
  const fds = process.env.DECLARATION_PRESS_STANDBY?.split(',').map(Number);
  delete process.env.DECLARATION_PRESS_STANDBY;
  if (!fds || fds.length !== 3 || !fds.every((fd) => Number.isInteger(fd) && fd > 2)) return undefined;
  const [input, output, errors] = fds as [number, number, number];
  return { input, output, errors };
}

/** Lets the standby go unused, when there is one: it exits as its stdin closes. */
export function releaseStandby(): void {
  const standby = takeStandby();
  if (standby) for (const fd of [standby.input, standby.output, standby.errors]) closeQuietly(fd);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
}

/** The last line a failed child printed on stderr: why it stopped. */
export function lastLine(stderr: string): string {
  return stderr.trim().split('\n').at(-1) || 'the process stopped';
}

/** One task for a child process: the CLI arguments, and what to do with each line and at the end. */
export interface PoolTask {
  /** The CLI's arguments. */
  argv: readonly string[];
  /** Each JSON line the child prints. */
  onLine(value: unknown): void;
  /** After the child has exited (a child that died reports what it did not finish here). */
  onExit?(result: ChildResult): void;
}

/** Runs tasks in child processes, at most `jobs` at a time, in order; resolves when all have ended. */
export async function runPool(tasks: readonly PoolTask[], jobs: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      const result = await spawnCli(task.argv, (value) => task.onLine(value));
      task.onExit?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
}
