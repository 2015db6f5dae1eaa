/**
 * The studio's build: a static folder (dist-studio/) with relative asset paths, so it works from
 * any static host and from `declaration-press studio`. The bundled fonts are copied in as they are
 * (fonts/), named as FONT_FILES names them: the worker registers them by URL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
  return {
    name: 'studio-files',
    apply: 'build',
    generateBundle() {
      for (const font of FONT_FILES) this.emitFile({ type: 'asset', fileName: `fonts/${font.file}`, source: readFileSync(`${root}fonts/${font.file}`) });
    },
    closeBundle() {
      writeFileSync(`${outDir}/.built`, `${new Date().toISOString()}\n`);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
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
  esbuild: { jsx: 'automatic' },
});
