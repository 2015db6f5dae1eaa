/**
 * The texts of the data files with where each came from, for the coverage check's messages.
 * Browser-safe (no node:path): the studio validates the same data, bundled at build time, and
 * names the same fields.
 */
import type { TextOrigin } from '../fonts/typeset.js';
import type { Texts } from './schema.js';

/** Where the bundled data is said to be when no folder is given (the studio's messages). */
export const BUNDLED_DATA = 'data';

/** A data file's path in a folder, as node:path's join writes it for these plain names. */
export function dataFile(dataDir: string, name: string): string {
  return `${dataDir.replace(/[/\\]+$/, '') || '/'}/${name}`.replace(/^\/\//, '/');
}

/** Every string of a data file with its JSON path, for the coverage check's messages. */
export function textsOf(value: unknown, origin: string, path = ''): TextOrigin[] {
  if (typeof value === 'string') return [{ origin, field: path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => textsOf(item, origin, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => textsOf(item, origin, path ? `${path}.${key}` : key));
  }
  return [];
}

/** Where each text printed from the declaration and labels came from. */
export function dataTexts(texts: Texts, dataDir: string = BUNDLED_DATA): TextOrigin[] {
  return [...textsOf(texts.declaration, dataFile(dataDir, 'declaration.json')), ...textsOf(texts.labels, dataFile(dataDir, 'labels.json'))];
}
