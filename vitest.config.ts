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
    // A young generation of 64 MB (Node 20's is 16 MB): the test files allocate much that dies young
    // (pdf.js reading pages, react-pdf laying them out), and each collection of a small one costs as
    // much. The poster's and declaration's tests, alternated on the 2-core machine 2026-12-03: 0.94x
    // and 0.89x of the CPU. The processes the tests start run without it (their own arguments).
    execArgv: ['--max-semi-space-size=64'],
    // Rendering PDFs with 4 MB Hangul fonts is slow on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
