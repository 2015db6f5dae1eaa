/**
 * The one process pool: `build --jobs` and `certificates --jobs` share their work out to child
 * processes of this CLI through it. react-pdf and pdf-lib are single-threaded, so a second process
 * is what puts a second core to work; whether it pays is measured (`npm run bench`), not assumed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../core/files.js';

/** How a child process ended. */
export interface ChildResult {
  /** Exit code (1 when killed). */
  code: number;
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
  const child = spawn(process.execPath, cliNodeArgs(argv), { stdio: ['ignore', 'pipe', 'pipe'], env: launch().childEnv() });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) onLine(JSON.parse(line));
  });
  return new Promise((done) => child.on('close', (code) => done({ code: code ?? 1, stderr })));
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
