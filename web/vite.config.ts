/**
 * The studio's build: a static folder (dist-studio/) with relative asset paths, so it works from
 * any static host and from `declaration-press studio`. The bundled fonts are copied in as they are
 * (fonts/), named as FONT_FILES names them: the worker registers them by URL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { FONT_FILES } from '../src/fonts/registry.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const outDir = `${root}dist-studio`;

/**
 * Emits every bundled font under fonts/, unhashed (the registry names them), and stamps the build
 * (.built: test/web/build-studio.ts rebuilds only when a source is newer).
 */
function studioFiles(): Plugin {
  // The folder built into: dist-studio/, or another named with --outDir (the stamp goes with it).
  let builtInto = outDir;
  return {
    name: 'studio-files',
    apply: 'build',
    configResolved(config) {
      builtInto = resolve(config.root, config.build.outDir);
    },
    generateBundle() {
      for (const font of FONT_FILES) this.emitFile({ type: 'asset', fileName: `fonts/${font.file}`, source: readFileSync(`${root}fonts/${font.file}`) });
    },
    closeBundle() {
      writeFileSync(`${builtInto}/.built`, `${new Date().toISOString()}\n`);
    },
  };
}

/**
 * Packages whose loading does work the studio never uses, each replaced by a module that says so if
 * called (web/src/left-out/): they ran in the render worker and the page before the first preview.
 */
const LEFT_OUT = [
  { find: /^brotli\/decompress(\.js)?$/, replacement: fileURLToPath(new URL('src/left-out/brotli.ts', import.meta.url)) },
  { find: /^@noble\/ciphers\/aes(\.js)?$/, replacement: fileURLToPath(new URL('src/left-out/aes.ts', import.meta.url)) },
];

export default defineConfig({
  // React's and react-pdf's production builds, also when the tests build the site (vitest sets
  // NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the tests' site ran React's development
  // build, slower and larger, and so did the figures measured on a site the tests had built).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: LEFT_OUT },
  publicDir: false,
  plugins: [studioFiles()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  // The production JSX runtime to match (the development one's jsxDEV is not in React's production build).
  esbuild: { jsx: 'automatic', jsxDev: false },
});
