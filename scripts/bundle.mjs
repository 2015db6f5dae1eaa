// Bundles the CLI and the library into dist/ with esbuild: one file each starts much faster than
// hundreds of modules resolved through tsx (see `npm run bench`).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  splitting: true,
  logLevel: 'warning',
  // pdfkit loads its standard fonts through package.json "imports" (#standard-fonts/…) at run time.
  // pdf.js loads its worker, cmaps and standard fonts from its own folder.
  external: ['pdfkit', 'pdfjs-dist'],
  // CommonJS dependencies (fontkit's, yargs's) call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
