// Bundles the CLI and the library into dist/, then builds the V8 start-up snapshot of the bundle
// (scripts/snapshot.mjs). `npm install` runs it (prepare), `npm start` runs it with --if-changed:
// then it does nothing when dist/ was bundled from the sources as they are, and runs the build
// (--run build …) as bin/declaration-press.js would, from this process (a prestart script would
// be one more node to start: 60-130 ms on the 2-core machine).
//
//   dist/press.cjs          the library and the CLI in one CommonJS file (what the snapshot holds)
//   dist/index.js           the library as an ES module (package.json "exports"), over press.cjs
//   dist/code-hashes.json   each product's code hash and the fonts' hashes (src/core/code-hash.ts)
//   dist/press.blob(.json)  the snapshot and what it was built with (scripts/snapshot.mjs)
//   dist/bundle-stamp.json  the hash of everything the bundle was made from (for --if-changed)
//
// Options: --if-changed (skip bundling when the stamp matches), --no-snapshot (bundle only),
// --run <command> [options] (then run the CLI with everything after --run).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { bundleOptions, ROOT } from './build-config.mjs';
import { fileStamps, productCodeHashes } from './code-hashes.mjs';
import { buildSnapshot, snapshotIsCurrent } from './snapshot.mjs';

const run = process.argv.indexOf('--run');
const args = new Set(process.argv.slice(2, run < 0 ? undefined : run));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, 'bundle-stamp.json');

/** Every file under a folder (paths from the package root), sorted. */
function filesUnder(folder) {
  const dir = join(ROOT, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}


/**
 * The hash of everything the bundle is made from: the sources, the templates, the bundling scripts,
 * the patches, the lockfile (which fixes node_modules) and package.json. Sizes and times would
 * miss a checkout that restores a file's size; reading the ~2 MB costs a few milliseconds.
 */
function sourceStamp() {
  const hash = createHash('sha256');
  const files = [...filesUnder('src'), ...filesUnder('templates'), ...filesUnder('scripts'), ...filesUnder('patches'), 'package.json', 'package-lock.json'];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\n');
  return hash.digest('hex');
}

/** The fonts, by path from the package root. */
const fontFiles = () => filesUnder('fonts').filter((file) => /\.(ttf|otf)$/i.test(file));

/**
 * Escapes every character past Latin-1 in the bundle (\\uXXXX: esbuild leaves some in regular
 * expressions, and in comments). V8 keeps a script's source as one byte a character only when
 * every character fits in one: a single Hangul syllable in a regex made the whole 3.6 MB source
 * two bytes a character, 7.6 MB in the start-up snapshot that every command reads (measured:
 * dist/press.blob 35.8 MB before). Inside a string, a template, a regular expression or a comment
 * the escape means the same character; one after a backslash would not, so that fails the build.
 */
function latin1Only(file) {
  const source = readFileSync(file, 'utf8');
  const escaped = source.replace(/[^\x00-\xff]/g, (char, at) => {
    let backslashes = 0;
    while (source[at - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 1) throw new Error(`bundle: an escaped character past Latin-1 at ${at} of ${file} (${JSON.stringify(source.slice(at - 40, at + 10))}): write it as \\u${char.charCodeAt(0).toString(16)} in the source`);
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped !== source) writeFileSync(file, escaped);
}

async function bundle(stamp) {
  const started = Date.now();
  // Loaded only to bundle: `npm start` runs this script first, and most times there is nothing to do.
  const { build } = await import('esbuild');
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST);
  // The verify page's script, bundled for browsers once here: `verify-page` inlines it into the
  // page (src/verify/verify-page.ts; esbuild is not installed with the package).
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/verify/page/main.ts'],
    outfile: join(DIST, 'verify-page.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'inline',
    logLevel: 'warning',
  });
  const options = bundleOptions();
  const result = await build({
    ...options,
    // Built as a snapshot, the bundle's main is set here (scripts/snapshot-main.cjs); run as a
    // program (`node dist/press.cjs build`: what --jobs workers run without a snapshot), it runs the CLI.
    footer: { js: readFileSync(join(ROOT, 'scripts', 'snapshot-main.cjs'), 'utf8') },
  });
  latin1Only(join(DIST, 'press.cjs'));
  // The library as an ES module: its names, from the entry's own exports.
  const exported = await build({ absWorkingDir: ROOT, entryPoints: ['src/index.ts'], write: false, bundle: false, format: 'esm', metafile: true, logLevel: 'silent' });
  const names = Object.values(exported.metafile.outputs)[0].exports.sort();
  writeFileSync(
    join(DIST, 'index.js'),
    "// The library's ES module entry (package.json \"exports\"): the names of the bundle dist/press.cjs.\n" +
      "import { createRequire } from 'node:module';\n" +
      "const press = createRequire(import.meta.url)('./press.cjs');\n" +
      `export const { ${names.join(', ')} } = press;\n`,
  );
  const codeHashes = { products: productCodeHashes(result.metafile), files: fileStamps(fontFiles()) };
  writeFileSync(join(DIST, 'code-hashes.json'), `${JSON.stringify(codeHashes, null, 2)}\n`);
  writeFileSync(STAMP, `${JSON.stringify({ sources: stamp }, null, 2)}\n`);
  const size = (statSync(join(DIST, 'press.cjs')).size / 1024 / 1024).toFixed(1);
  console.log(`bundle: dist/press.cjs (${size} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const stamp = sourceStamp();
const current = existsSync(STAMP) && JSON.parse(readFileSync(STAMP, 'utf8')).sources === stamp;
if (args.has('--if-changed') && current) console.log('bundle: dist/ is up to date with the sources');
else await bundle(stamp);
if (!args.has('--no-snapshot') && !(args.has('--if-changed') && snapshotIsCurrent())) buildSnapshot();
if (run >= 0) await createRequire(import.meta.url)('../bin/launch.cjs').startCli(process.argv.slice(run + 1));

