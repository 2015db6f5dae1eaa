/**
 * The signing sheet (Node half): its record, loading the data from disk; the rest is in
 * documents/signing-sheet.ts, which the studio runs in a browser too.
 */
import type { z } from 'zod';
import { DATA_DIR } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import { loadTexts } from '../input/data.js';
import { signingSheetSpec } from './documents/signing-sheet.js';
import { makeProduct, type DocumentProduct } from './record.js';

export type { SigningSheetOptions } from './documents/signing-sheet.js';

/** The signing sheet product. */
export const signingSheet: DocumentProduct<typeof signingSheetSpec.options> = {
  ...signingSheetSpec,
  async make(o, context = {}) {
    const dataDir = context.dataDir ?? DATA_DIR;
    const texts = await loadTexts(dataDir);
    registerBundledFonts();
    return signingSheetSpec.compose({ texts, dataDir }, o);
  },
};

/** Makes a signing sheet and returns its bytes. */
export function makeSigningSheet(input: z.input<typeof signingSheetSpec.options> & { dataDir?: string } = {}): Promise<Uint8Array> {
  return makeProduct(signingSheet, input);
}
