import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Rendering PDFs with 4 MB Hangul fonts is slow on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
