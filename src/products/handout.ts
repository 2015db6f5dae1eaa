/**
 * The handout (Node half): its record, loading the data from disk; the rest is in
 * documents/handout.ts, which the studio runs in a browser too.
 */
import type { z } from 'zod';
import { DATA_DIR } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import { loadHandoutWords, loadTexts } from '../input/data.js';
import { handoutSpec } from './documents/handout.js';
import { makeProduct, type DocumentProduct } from './record.js';

export { HANDOUT_SHEETS, MAX_HANDOUT_PAGES, type HandoutOptions } from './documents/handout.js';

/** The handout product. */
export const handout: DocumentProduct<typeof handoutSpec.options> = {
  ...handoutSpec,
  async make(o, context = {}) {
    const dataDir = context.dataDir ?? DATA_DIR;
    const [texts, words] = await Promise.all([loadTexts(dataDir), loadHandoutWords(dataDir)]);
    registerBundledFonts();
    return handoutSpec.compose({ texts, words, dataDir }, o);
  },
};

/** Makes the handout PDF and returns its bytes (library API: throws PressError, prints nothing). */
export function makeHandout(input: z.input<typeof handoutSpec.options> & { dataDir?: string } = {}): Promise<Uint8Array> {
  return makeProduct(handout, input);
}
