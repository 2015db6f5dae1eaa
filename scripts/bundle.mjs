// Bundles the CLI and the library into dist/ with esbuild: one file each starts much faster than
// hundreds of modules resolved through tsx (see `npm run bench`).
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  splitting: true,
  // React and the reconciler ship development builds chosen at run time: pick production here.
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { 'brotli/decompress.js': './scripts/stubs/no-brotli.js' },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // pdf.js loads its worker, cmaps and standard fonts from its own folder, MuPDF its WebAssembly.
  external: ['pdfjs-dist', 'mupdf'],
  plugins: [pdfkitStandardFonts(), lazyHyphenator()],
  // CommonJS dependencies (fontkit's, yargs's) call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

/**
 * pdfkit loads its standard fonts with a require() made by createRequire and a package.json
 * "imports" specifier (#standard-fonts/…), which a bundle cannot resolve: point those at the files,
 * so esbuild bundles them (lazily run) and pdfkit shares the bundle's one copy of fontkit.
 */
function pdfkitStandardFonts() {
  return {
    name: 'pdfkit-standard-fonts',
    setup(bundle) {
      bundle.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        return { contents: source.replace(/require\$1\('#standard-fonts\/(\w+)'\)/g, "require('./standard-fonts/$1.cjs')"), loader: 'js' };
      });
    },
  };
}

/** Swaps react-pdf's eager English hyphenator for scripts/stubs/lazy-hyphenate.js. */
function lazyHyphenator() {
  return {
    name: 'lazy-hyphenator',
    setup(bundle) {
      bundle.onResolve({ filter: /^@react-pdf\/hyphenate\/en-us$/ }, () => ({ path: new URL('./stubs/lazy-hyphenate.js', import.meta.url).pathname }));
    },
  };
}
