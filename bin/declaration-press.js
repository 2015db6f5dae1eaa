#!/usr/bin/env node
// Runs the bundled CLI (dist/, built by `npm install` through the prepare script) for a fast start;
// falls back to the TypeScript sources through tsx in a clone where the bundle is missing.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/main.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
