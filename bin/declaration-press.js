#!/usr/bin/env node
// Starts the CLI the fastest way there is (bin/launch.cjs): a node started from the V8 start-up
// snapshot of the bundle (dist/press.blob, built by `npm install`), else the bundle in this process
// (dist/press.cjs), else, in a clone not yet bundled, the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const launch = createRequire(import.meta.url)('./launch.cjs');
const argv = process.argv.slice(2);

if (existsSync(launch.BUNDLE)) {
  await launch.startCli(argv);
} else {
  if (process.env.DECLARATION_PRESS_LAUNCH === '1') process.stderr.write('declaration-press: started from the sources\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
