import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../core/files.js';

/**
 * Runs this CLI in a child process and hands each JSON line it prints on stdout to `onLine`; the
 * `--jobs` of `build` and `certificates` share their work out this way. react-pdf and pdf-lib are
 * single-threaded, so a second process is what puts a second core to work. The child runs what this
 * process runs: the bundle, or the TypeScript sources through tsx (as under vitest).
 */
export function spawnCli(argv: readonly string[], onLine: (value: unknown) => void): Promise<{ code: number; stderr: string }> {
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
