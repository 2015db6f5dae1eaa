/**
 * `declaration-press studio`, started as a user starts it (bin/declaration-press.js in a Node
 * process of its own: from the start-up snapshot the tests' global setup made current, Ctrl+C
 * passed on by the launcher): it serves the built studio (dist-studio/, built by the tests' global
 * setup when stale) on 127.0.0.1, prints the address, hands out the page, its scripts and fonts and
 * nothing outside the folder, and stops on Ctrl+C (SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/files.js';
import { cli } from '../helpers/cli.js';

/** The studio command in a process of its own, and what it has printed so far. */
function startStudio(...args: string[]): { child: ChildProcess; output: { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'declaration-press.js'), 'studio', ...args], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (output.stdout += chunk));
  child.stderr!.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/**
 * What `find` finds in the command's output, once it is there. stdout and stderr come through two
 * pipes, in no set order: a line printed on stderr after one on stdout may arrive first or later.
 */
async function printed<T>(started: ReturnType<typeof startStudio>, find: (output: { stdout: string; stderr: string }) => T | undefined): Promise<T> {
  for (;;) {
    const found = find(started.output);
    if (found !== undefined) return found;
    if (started.child.exitCode !== null) throw new Error(`the studio command ended (${started.child.exitCode}): ${started.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The address the command prints, once it has. */
const address = (started: ReturnType<typeof startStudio>): Promise<string> => printed(started, ({ stdout }) => /^studio: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)?.[1]);

describe('declaration-press studio', () => {
  it('serves the built studio on 127.0.0.1, prints its address, and stops on Ctrl+C', async () => {
    const started = startStudio('--port', '0');
    try {
      const url = await address(started);
      expect(await printed(started, ({ stderr }) => (stderr.includes('\n') ? stderr : undefined))).toContain('Serving on this computer only');

      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toBe(await readFile(join(PACKAGE_ROOT, 'dist-studio', 'index.html'), 'utf8'));
      // The page's first script, by the relative path the page names it with.
      const script = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"><\/script>/.exec(html)?.[1];
      expect(script).toBeDefined();
      const scriptReply = await fetch(new URL(script!, url));
      expect(scriptReply.status).toBe(200);
      expect(scriptReply.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

      // A font, byte for byte the bundled file.
      const font = await fetch(new URL('fonts/SourceSerif4-Regular.ttf', url));
      expect(font.status).toBe(200);
      expect(font.headers.get('content-type')).toBe('font/ttf');
      expect(Buffer.from(await font.arrayBuffer()).equals(await readFile(join(PACKAGE_ROOT, 'fonts', 'SourceSerif4-Regular.ttf')))).toBe(true);

      // Nothing outside the folder, nothing that is not there, nothing but reading.
      expect((await fetch(`${url}..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(new URL('no-such-file.js', url))).status).toBe(404);
      expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(405);

      // A second studio on the same port is refused in the CLI's words.
      const port = new URL(url).port;
      const second = startStudio('--port', port);
      expect(await second.exited).not.toBe(0);
      expect(second.output.stderr).toContain(`--port: "${port}" is in use; allowed: a free port from 1 to 65535, or 0 for any free port`);
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited).toBe(0);
  });

  it('refuses a port that is not one, in the CLI words', async () => {
    const { code, stderr } = await cli('studio', '--port', 'abc');
    expect(code).not.toBe(0);
    expect(stderr).toContain('--port: "abc" is not allowed; allowed: a whole number from 0 to 65535');
  });
});
