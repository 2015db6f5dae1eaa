/**
 * The signing sheet (Node half): its record, loading the data from disk and naming the files it
 * reads for its input hash; the rest is in documents/signing-sheet.ts, which the studio runs in a
 * browser too.
 */
import type { z } from 'zod';
import { loadTexts, textFiles } from '../input/data.js';
import { documentInputs, makeDocument, type DocumentSteps } from '../render/pipeline.js';
import { signingSheetSpec, signingSheetSteps, type SigningSheetData, type SigningSheetOptions } from './documents/signing-sheet.js';
import { makeProduct, type DocumentProduct } from './record.js';

export type { SigningSheetOptions } from './documents/signing-sheet.js';

const steps: DocumentSteps<SigningSheetOptions, SigningSheetData> = {
  ...signingSheetSteps,
  product: 'signing-sheet',
  reads: (_o, dataDir) => textFiles(dataDir),
  load: async (_o, dataDir) => ({ texts: await loadTexts(dataDir), dataDir }),
};

/** The signing sheet product. */
export const signingSheet: DocumentProduct<typeof signingSheetSpec.options> = {
  ...signingSheetSpec,
  make: (o, context) => makeDocument(steps, o, context),
  inputs: (o, context) => documentInputs(steps, o, context),
};

/** Makes a signing sheet and returns its bytes. */
export function makeSigningSheet(input: z.input<typeof signingSheetSpec.options> & { dataDir?: string } = {}): Promise<Uint8Array> {
  return makeProduct(signingSheet, input);
}
