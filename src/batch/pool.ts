/**
 * The one process pool: `build --jobs` and `certificates --jobs` share their work out to child
 * processes of this CLI through it. react-pdf and pdf-lib are single-threaded, so a second process
 * is what puts a second core to work; whether it pays is measured (`npm run bench`), not assumed.
 */
import { spawn } from 'node:child_process';
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

/**
 * Runs this CLI in a child process and hands each JSON line it prints on stdout to `onLine`. The
 * child runs what this process runs: the bundle, or the TypeScript sources through tsx (as under
 * vitest).
 */
export function spawnCli(argv: readonly string[], onLine: (value: unknown) => void): Promise<ChildResult> {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fromSources ? ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts')] : [join(PACKAGE_ROOT, 'dist', 'main.js')];
  const child = spawn(process.execPath, [...entry, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
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
