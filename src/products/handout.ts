/**
 * The handout (Node half): its record, loading the data from disk and naming the files it reads
 * for its input hash; the rest is in documents/handout.ts, which the studio runs in a browser too.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { DATA_DIR } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import { loadHandoutWords, loadTexts, textFiles } from '../input/data.js';
import { documentInputs, type InputSteps } from '../render/pipeline.js';
import { handoutSpec, type HandoutOptions } from './documents/handout.js';
import { makeProduct, type DocumentProduct } from './record.js';

export { HANDOUT_SHEETS, MAX_HANDOUT_PAGES, type HandoutOptions } from './documents/handout.js';

/** What the handout's input hash is made from. */
const inputSteps: InputSteps<HandoutOptions> = {
  product: 'handout',
  stacks: ['serif', 'myeongjo'],
  reads: (_o, dataDir) => [...textFiles(dataDir), join(dataDir, 'handout.json')],
};

/** The handout product. */
export const handout: DocumentProduct<typeof handoutSpec.options> = {
  ...handoutSpec,
  async make(o, context = {}) {
    const dataDir = context.dataDir ?? DATA_DIR;
    const [texts, words, inputs] = await Promise.all([loadTexts(dataDir), loadHandoutWords(dataDir), documentInputs(inputSteps, o, context)]);
    registerBundledFonts();
    return handoutSpec.compose({ texts, words, dataDir }, o, inputs);
  },
  inputs: (o, context) => documentInputs(inputSteps, o, context),
};

/** Makes the handout PDF and returns its bytes (library API: throws PressError, prints nothing). */
export function makeHandout(input: z.input<typeof handoutSpec.options> & { dataDir?: string } = {}): Promise<Uint8Array> {
  return makeProduct(handout, input);
}
