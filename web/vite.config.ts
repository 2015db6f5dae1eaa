/**
 * The studio's build: a static folder (dist-studio/) with relative asset paths, so it works from
 * any static host and from `declaration-press studio`. The bundled fonts are copied in as they are
 * (fonts/), named as FONT_FILES names them: the worker registers them by URL.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { FONT_FILES } from '../src/fonts/registry.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Emits every bundled font under fonts/, unhashed (the registry names them). */
function bundledFonts(): Plugin {
  return {
    name: 'bundled-fonts',
    apply: 'build',
    generateBundle() {
      for (const font of FONT_FILES) this.emitFile({ type: 'asset', fileName: `fonts/${font.file}`, source: readFileSync(`${root}fonts/${font.file}`) });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  plugins: [bundledFonts()],
  build: {
    outDir: `${root}dist-studio`,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  esbuild: { jsx: 'automatic' },
});
