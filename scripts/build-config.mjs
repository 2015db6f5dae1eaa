// How the CLI and the library are bundled, in one place: scripts/bundle.mjs builds dist/ with it, and
// scripts/code-hashes.mjs reads the same bundle's import graph to hash the code each product is made
// with (so the hashes in the PDFs are the same whether they were made from dist/ or from src/).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The package's root folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bundle: one CommonJS file with the library and the CLI, which a V8 start-up snapshot can hold. */
export const BUNDLE = 'dist/press.cjs';

/**
 * Packages loaded at run time from node_modules instead of bundled: pdf.js (the check command; it
 * loads its worker, cmaps and fonts from its own folder) and the readers of XLSX and CP949 lists
 * (a third of the code, seldom needed).
 */
export const EXTERNAL = ['pdfjs-dist', 'exceljs', 'iconv-lite', 'mupdf'];

/** esbuild's options for the bundle (scripts/bundle.mjs adds where to write it). */
export function bundleOptions() {
  return {
    absWorkingDir: ROOT,
    entryPoints: { press: 'scripts/press-entry.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    jsx: 'automatic',
    // React and the reconciler ship development builds chosen at run time: pick production here.
    // import.meta.url is the bundle's own URL (a CommonJS file has no import.meta): see the banner.
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl' },
    alias: { 'brotli/decompress.js': './scripts/stubs/no-brotli.js' },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
    external: EXTERNAL,
    // A snapshot's builder runs the bundle with require, __filename and __dirname only: no module.
    banner: { js: "var module = typeof module == 'object' && module ? module : { exports: {} }; var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [pdfkitStandardFonts(), lazyHyphenator(), lazyStringWidth(), yogaWithoutFetch(), lazyAesTables()],
  };
}

/**
 * Replaces `search` (a string or a global RegExp) in a module's source, and fails the build if it
 * is not there (unless `optional`: a module some versions of a package do not need patched).
 */
async function patchSource(path, replacements, optional = false) {
  let source = await readFile(path, 'utf8');
  for (const [search, replacement] of replacements) {
    const next = source.replace(search, replacement);
    if (next === source && !optional) throw new Error(`scripts/build-config.mjs: ${path} no longer contains ${search}: update the plugin`);
    source = next;
  }
  return source;
}

/**
 * pdfkit loads its standard fonts with a require() made by createRequire and a package.json
 * "imports" specifier (#standard-fonts/…), which a bundle cannot resolve: point those at the files,
 * so esbuild bundles them (lazily run) and pdfkit shares the bundle's one copy of fontkit.
 */
function pdfkitStandardFonts() {
  return {
    name: 'pdfkit-standard-fonts',
    setup(build) {
      build.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => ({
        contents: await patchSource(args.path, [[/require\$1\('#standard-fonts\/(\w+)'\)/g, "require('./standard-fonts/$1.cjs')"]]),
        loader: 'js',
      }));
    },
  };
}

/** Swaps react-pdf's eager English hyphenator for scripts/stubs/lazy-hyphenate.js. */
function lazyHyphenator() {
  return {
    name: 'lazy-hyphenator',
    setup(build) {
      build.onResolve({ filter: /^@react-pdf\/hyphenate\/en-us$/ }, () => ({ path: fileURLToPath(new URL('./stubs/lazy-hyphenate.js', import.meta.url)) }));
    },
  };
}

/**
 * string-width (yargs' help layout) makes an Intl.Segmenter when it is loaded. An Intl object
 * holds a native handle that a V8 start-up snapshot cannot serialise ("global handle not
 * serialized"): make it on first use.
 */
function lazyStringWidth() {
  return {
    name: 'lazy-string-width',
    setup(build) {
      build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => ({
        contents: await patchSource(args.path, [
          ['const segmenter = new Intl.Segmenter();', 'let segmenterMade;\nconst segmenter = { segment: (text) => (segmenterMade ??= new Intl.Segmenter()).segment(text) };'],
        ], true),
        loader: 'js',
      }));
    },
  };
}

/**
 * yoga-layout's Emscripten loader asks whether `fetch` is a function before it reads its own
 * inlined WebAssembly, and in Node reading the global `fetch` loads undici (about 60 ms of a cold
 * start); it then decodes the base64 with atob and a loop over every byte. The bundle reads the
 * inlined bytes directly, with Buffer.
 */
function yogaWithoutFetch() {
  return {
    name: 'yoga-without-fetch',
    setup(build) {
      build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => ({
        contents: await patchSource(args.path, [
          [/"function"!=typeof fetch/g, '!0'],
          [
            'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
            'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
          ],
        ]),
        loader: 'js',
      }));
    },
  };
}

/**
 * pdfkit imports AES from @noble/ciphers, which builds its tables when loaded (about 20 ms of a
 * cold start); only an encrypted PDF needs them, and the press writes none. pdfkit gets functions
 * that load the module on first use.
 */
function lazyAesTables() {
  return {
    name: 'lazy-aes-tables',
    setup(build) {
      build.onResolve({ filter: /^@noble\/ciphers\/aes$/ }, (args) =>
        /[\\/]pdfkit[\\/]/.test(args.importer) ? { path: 'lazy-aes', namespace: 'lazy-aes' } : undefined,
      );
      build.onLoad({ filter: /^lazy-aes$/, namespace: 'lazy-aes' }, () => ({
        contents: "const aes = () => require('@noble/ciphers/aes');\nexport const cbc = (...args) => aes().cbc(...args);\nexport const ecb = (...args) => aes().ecb(...args);\n",
        resolveDir: ROOT,
        loader: 'js',
      }));
    },
  };
}
