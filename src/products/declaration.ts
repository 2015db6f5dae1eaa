/**
 * The declaration (Node half): its record, loading the data and the signatory list from disk and
 * naming the files it reads for its input hash; the rest is in documents/declaration.ts, which the
 * studio runs in a browser too.
 */
import type { z } from 'zod';
import { loadTexts, textFiles } from '../input/data.js';
import { loadSignatories } from '../input/load-signatories.js';
import { documentInputs, makeDocument, type DocumentSteps } from '../render/pipeline.js';
import { declarationSpec, declarationSteps, signatoryEntries, type DeclarationData, type DeclarationOptions, type SignatoryEntries } from './documents/declaration.js';
import { makeProduct, type DocumentProduct } from './record.js';

export { OFFICE_PAPERS, withSigningPlan, type DeclarationOptions } from './documents/declaration.js';

/** Reads a signatory list, refusing it whole if any row is bad (a declaration is one document). */
export async function loadSignatoryEntries(file: string): Promise<SignatoryEntries> {
  return signatoryEntries(await loadSignatories(file));
}

const steps: DocumentSteps<DeclarationOptions, DeclarationData> = {
  ...declarationSteps,
  product: 'declaration',
  async reads(o, dataDir) {
    if (!o.signatories) return textFiles(dataDir);
    const { entries } = await loadSignatoryEntries(o.signatories);
    return [...textFiles(dataDir), o.signatories, ...entries.flatMap((entry) => (entry.signature ? [entry.signature] : []))];
  },
  async load(o, dataDir) {
    const [texts, signatories] = await Promise.all([loadTexts(dataDir), o.signatories ? loadSignatoryEntries(o.signatories) : undefined]);
    return { texts, dataDir, signatories };
  },
};

/** The declaration product. */
export const declaration: DocumentProduct<typeof declarationSpec.options> = {
  ...declarationSpec,
  make: (o, context) => makeDocument(steps, o, context),
  inputs: (o, context) => documentInputs(steps, o, context),
};

/** Makes the declaration PDF and returns its bytes (library API: throws PressError, prints nothing). */
export function makeDeclaration(input: z.input<typeof declarationSpec.options> & { dataDir?: string } = {}): Promise<Uint8Array> {
  return makeProduct(declaration, input);
}
