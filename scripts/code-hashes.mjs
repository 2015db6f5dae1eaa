// The code each product is made with, hashed, for the input hash every PDF carries (src/core/
// code-hash.ts): scripts/bundle.mjs writes the hashes beside the bundle (dist/code-hashes.json), and
// a process running the TypeScript sources (tsx, vitest) computes them with the same function.
//
// Per product, not one hash for the whole bundle: a change to the poster's template must rebuild the
// posters and nothing else. What a product is made with is everything esbuild bundles from its
// record (src/products/<name>.ts): its template and pieces, the layout, the pipeline, react-pdf,
// fontkit and pdfkit as installed (patched) in node_modules. Code every product reaches (the
// pipeline, react-pdf) changes every product's hash, as it should.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleOptions, ROOT } from './build-config.mjs';

/** The files whose bytes decide the bundle's code besides its inputs: how it is bundled (plugins, stubs). */
export const BUILD_FILES = ['scripts/build-config.mjs', 'scripts/stubs/lazy-hyphenate.js', 'scripts/stubs/no-brotli.js'];

/** A product record's module, by the product's name: src/products/<name>.ts (index, options, record and formats are the list, its types and the output formats). */
const RECORD = /^src\/products\/(?!index\.|options\.|record\.|formats\.)([a-z-]+)\.ts$/;

/**
 * Each product's code hash from an esbuild metafile: SHA-256 over the sorted paths (from the
 * package root) and SHA-256s of every input reachable from the product's record, and of BUILD_FILES.
 * `read(path)` gives a file's bytes (the files on disk, by default).
 */
export function productCodeHashes(metafile, read = (path) => readFileSync(join(ROOT, path))) {
  const fileHashes = new Map();
  const hashOf = (path) => {
    // A module a plugin makes ("lazy-aes:lazy-aes") is in no file: its source is in BUILD_FILES.
    if (/^[\w-]+:/.test(path)) return 'virtual';
    let hash = fileHashes.get(path);
    if (!hash) fileHashes.set(path, (hash = createHash('sha256').update(read(path)).digest('hex')));
    return hash;
  };
  const inputs = metafile.inputs;
  const hashes = {};
  for (const record of Object.keys(inputs).filter((path) => RECORD.test(path)).sort()) {
    const reached = new Set();
    const stack = [record];
    while (stack.length > 0) {
      const path = stack.pop();
      if (reached.has(path) || !inputs[path]) continue;
      reached.add(path);
      for (const imported of inputs[path].imports) if (!imported.external) stack.push(imported.path);
    }
    const hash = createHash('sha256');
    for (const path of [...reached, ...BUILD_FILES].sort()) hash.update(`${path}\0${hashOf(path)}\n`);
    hashes[RECORD.exec(record)[1]] = hash.digest('hex');
  }
  return hashes;
}

/** The bundle's import graph, without writing the bundle: what a process running the sources hashes. */
export async function bundleMetafile() {
  // esbuild is loaded only to bundle (tens of ms): `npm start` reads this file for fileStamps alone.
  const { build } = await import('esbuild');
  const result = await build({ ...bundleOptions(), write: false, minifyWhitespace: false, minifySyntax: false, logLevel: 'silent' });
  return result.metafile;
}

/** Each product's code hash, computed from the sources as they are now. */
export async function computeCodeHashes() {
  return productCodeHashes(await bundleMetafile());
}

/** Size, modification time and SHA-256 of files (paths from the package root): what a later run may trust without reading them again while size and time are unchanged. */
export function fileStamps(paths) {
  const stamps = {};
  for (const path of paths) {
    const { size, mtimeMs } = statSync(join(ROOT, path));
    stamps[path] = { size, mtimeMs, sha256: createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex') };
  }
  return stamps;
}
