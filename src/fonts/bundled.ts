/**
 * The bundled fonts on disk (Node only): registered with react-pdf by absolute path from the
 * package's fonts/ folder, never fetched. A browser registers the same FONT_FILES by URL instead.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FONTS_DIR } from '../core/files.js';
import { FONT_FILES, registerFonts } from './registry.js';

/** Registers the bundled fonts from `fonts/` by absolute path (react-pdf parses each once). */
export function registerBundledFonts(): void {
  registerFonts((file) => join(FONTS_DIR, file));
}

// The fonts' hash, once per process: 15 MB of fonts hashed for each batch would cost ~40 ms, and
// the bundled fonts do not change while the process runs. One entry, so nothing to bound.
let fontsHash: Promise<string> | null = null;

/** SHA-256 of every bundled font file: part of an output's input hash. */
export function hashBundledFonts(): Promise<string> {
  fontsHash ??= (async () => {
    const hash = createHash('sha256');
    for (const font of FONT_FILES) hash.update(font.file).update(await readFile(join(FONTS_DIR, font.file)));
    return hash.digest('hex');
  })();
  return fontsHash;
}
