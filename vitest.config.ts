import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The standard set, built once per run and shared by the end-to-end tests.
    // The studio's site, built when its sources changed (test/web/build-studio.ts).
    globalSetup: ['test/global-setup.ts', 'test/web/build-studio.ts'],
    // pdf.js without its replacements of the process's push and JSON.parse (test/setup.ts).
    setupFiles: ['test/setup.ts'],
    // Test files share their worker's modules: the fonts are parsed once per worker, not once per file.
    isolate: false,
    // Two test files at a time even on 2 cores (vitest's default there is one, cores - 1): the
    // files render PDFs on one thread each, so a second worker halves the wall time on a quiet
    // 2-core machine for the cost of parsing the fonts once more.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Rendering PDFs with 4 MB Hangul fonts is slow on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
