// The bundle's entry (scripts/build-config.mjs): the library, and the work the CLI's start-up
// snapshot is built with (src/cli/snapshot.ts), which is no part of the library's API
// (dist/index.js names only src/index.ts's exports).
export * from '../src/index.js';
export { measureDrafts, prepareSnapshot } from '../src/cli/snapshot.js';
