/**
 * Global setup: the built studio (dist-studio/) the browser tests serve. `npm ci` builds it (the
 * prepare script runs `npm run web`); here it is built again only when a source it is made from
 * (web/, src/, templates/, data/, fonts/, the lock file) is newer than the build, so a test run
 * after an edit tests the edit, and one after `npm ci` builds nothing.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the studio is built, and the file that says when. */
export const STUDIO_BUILD = join(ROOT, 'dist-studio');
const STAMP = join(STUDIO_BUILD, '.built');
const SOURCES = ['web', 'src', 'templates', 'data', 'fonts', 'package-lock.json'];

async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const names = await readdir(path);
  const times = await Promise.all(names.map((name) => newest(join(path, name))));
  return Math.max(info.mtimeMs, ...times);
}

/** Builds the studio when it is missing or older than its sources. */
export async function ensureStudioBuilt(): Promise<void> {
  const built = (await stat(STAMP).catch(() => undefined))?.mtimeMs ?? 0;
  const sources = Math.max(...(await Promise.all(SOURCES.map((source) => newest(join(ROOT, source))))));
  if (built > sources) return;
  const { build } = await import('vite');
  // The config stamps the build when it is written.
  await build({ configFile: join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}

export default async function setup(): Promise<void> {
  await ensureStudioBuilt();
}
