/**
 * The declaration (Node half): its record, loading the data and the signatory list from disk; the
 * rest is in documents/declaration.ts, which the studio runs in a browser too.
 */
import type { z } from 'zod';
import { DATA_DIR } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import { loadTexts } from '../input/data.js';
import { loadSignatories } from '../input/load-signatories.js';
import { declarationSpec, signatoryEntries, type SignatoryEntries } from './documents/declaration.js';
import { makeProduct, type DocumentProduct } from './record.js';

export { OFFICE_PAPERS, withSigningPlan, type DeclarationOptions } from './documents/declaration.js';

/** Reads a signatory list, refusing it whole if any row is bad (a declaration is one document). */
export async function loadSignatoryEntries(file: string): Promise<SignatoryEntries> {
  return signatoryEntries(await loadSignatories(file));
}

/** The declaration product. */
export const declaration: DocumentProduct<typeof declarationSpec.options> = {
  ...declarationSpec,
  async make(o, context = {}) {
    const dataDir = context.dataDir ?? DATA_DIR;
    const [texts, signatories] = await Promise.all([loadTexts(dataDir), o.signatories ? loadSignatoryEntries(o.signatories) : undefined]);
    registerBundledFonts();
    return declarationSpec.compose({ texts, dataDir, signatories }, o);
  },
};

/** Makes the declaration PDF and returns its bytes (library API: throws PressError, prints nothing). */
export function makeDeclaration(input: z.input<typeof declarationSpec.options> & { dataDir?: string } = {}): Promise<Uint8Array> {
  return makeProduct(declaration, input);
}
