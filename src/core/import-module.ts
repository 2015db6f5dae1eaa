/**
 * Loading, at run time, a package the bundle leaves out (scripts/build-config.mjs, EXTERNAL): pdf.js
 * is an ES module and needs import(). Code deserialised from the CLI's start-up snapshot cannot
 * import() (V8 gives it no module loader): there the snapshot's main (scripts/snapshot-main.cjs)
 * leaves an importer made after start-up under a global symbol, and this takes it.
 */

/** Where the snapshot's main leaves its importer. */
const IMPORTER = Symbol.for('declaration-press.import');

/** import() of a package by name, as this module would import it. */
export async function importModule<T>(specifier: string): Promise<T> {
  const importer = (globalThis as { [IMPORTER]?: (specifier: string) => Promise<unknown> })[IMPORTER];
  return (await (importer ? importer(specifier) : import(specifier))) as T;
}
