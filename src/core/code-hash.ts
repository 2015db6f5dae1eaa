/**
 * Hashes of what a document is made from besides its options: the code each product is made with,
 * and files (data, fonts, lists), for the input hash every document carries (render/inputs.ts).
 *
 * The code hashes come from the bundle (scripts/code-hashes.mjs): per product, every file esbuild
 * bundles from the product's record, so a change to the poster's template changes the posters'
 * hash and no other. From dist/ they are read from dist/code-hashes.json, written when the bundle
 * was made; a process running the TypeScript sources (tsx, vitest) computes them the same way, with
 * esbuild, once (about a second), so both make the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from './files.js';

/** What scripts/bundle.mjs writes beside the bundle. */
interface CodeHashes {
  /** Each product's code hash, by the product's name. */
  products: Record<string, string>;
  /** Files hashed when the bundle was made (the fonts), by path from the package root: trusted while size and time match. */
  files: Record<string, { size: number; mtimeMs: number; sha256: string }>;
}

// Once per process: the code does not change while it runs. One entry, nothing to bound.
let codeHashes: Promise<CodeHashes> | undefined;

function loadCodeHashes(): Promise<CodeHashes> {
  codeHashes ??= (async () => {
    if (!import.meta.url.endsWith('.ts')) return JSON.parse(await readFile(new URL('code-hashes.json', import.meta.url), 'utf8')) as CodeHashes;
    const scripts = (await import(pathToFileURL(join(PACKAGE_ROOT, 'scripts', 'code-hashes.mjs')).href)) as { computeCodeHashes(): Promise<Record<string, string>> };
    return { products: await scripts.computeCodeHashes(), files: {} };
  })();
  return codeHashes;
}

/** The hash of the code a product is made with (its record and everything the bundle takes from it). */
export async function codeHash(product: string): Promise<string> {
  const { products } = await loadCodeHashes();
  const hash = products[product];
  if (!hash) throw new Error(`no code hash for the product "${product}" (is src/products/${product}.ts its record?)`);
  return hash;
}

// Files hashed in this process, by path, size and modification time: a build reads the same data
// files and fonts for every entry. Bounded: emptied past FILE_HASHES entries.
const fileHashes = new Map<string, string>();
const FILE_HASHES = 1000;

/**
 * SHA-256 of a file's bytes. Read once per process while its size and modification time stay the
 * same; a font's hash made with the bundle is taken while its size and time match.
 */
export async function fileHash(file: string): Promise<string> {
  const { size, mtimeMs } = await stat(file);
  const key = `${file}\0${size}\0${mtimeMs}`;
  let hash = fileHashes.get(key);
  if (hash) return hash;
  const known = (await loadCodeHashes()).files[relative(PACKAGE_ROOT, file).split('\\').join('/')];
  hash = known && known.size === size && known.mtimeMs === mtimeMs ? known.sha256 : createHash('sha256').update(await readFile(file)).digest('hex');
  if (fileHashes.size >= FILE_HASHES) fileHashes.clear();
  fileHashes.set(key, hash);
  return hash;
}
