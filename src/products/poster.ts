/**
 * The poster (Node half): its record, loading the data from disk and keeping the last few finished
 * posters; the rest is in documents/poster.ts, which the studio runs in a browser too.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { DATA_DIR } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import { loadPosterData, loadTexts, textFiles } from '../input/data.js';
import { documentInputs, type InputSteps, type MakeContext } from '../render/pipeline.js';
import { posterSpec, renderPosterPage, tileRenderedPoster, type PosterOptions, type PosterResult } from './documents/poster.js';
import { parseOptions } from './options.js';
import type { DocumentProduct } from './record.js';

export { MARKS_SLUG, TILE_MARGIN, TILE_OVERLAP, TILE_SHEETS, tileWords, type PosterOptions, type PosterResult, type TileSheet } from './documents/poster.js';

/** What a poster's input hash is made from. */
const inputSteps: InputSteps<PosterOptions> = {
  product: 'poster',
  stacks: ['sans', 'serif', 'myeongjo'],
  reads: (_o, dataDir) => [...textFiles(dataDir), join(dataDir, 'poster.json')],
};

/**
 * Finished posters of this process, by everything that goes into them (options, data, date): a
 * build that lists a poster and the same poster tiled renders it once. Bounded to the last few, as
 * a campaign manifest lists each poster once or twice (a poster is 15-200 KB).
 */
const finished = new Map<string, Uint8Array>();
const FINISHED_POSTERS = 4;

/** Renders and finishes a poster, and tiles it when asked; the geometry is returned for callers that check it. */
export async function makePosterResult(o: PosterOptions, context: MakeContext = {}): Promise<PosterResult> {
  const { tile, ...page } = o;
  const dataDir = context.dataDir ?? DATA_DIR;
  const [texts, words] = await Promise.all([loadTexts(dataDir), loadPosterData(dataDir)]);
  const data = { texts, words, dataDir };
  registerBundledFonts();
  const key = JSON.stringify({ page, texts, words, epoch: process.env.SOURCE_DATE_EPOCH ?? null });
  let poster = finished.get(key);
  if (!poster) {
    poster = await renderPosterPage(data, o, await documentInputs(inputSteps, { ...page, tile: undefined }, context));
    finished.set(key, poster);
    if (finished.size > FINISHED_POSTERS) finished.delete(finished.keys().next().value!);
  }
  if (!tile) return { poster };
  return { poster, tiling: await tileRenderedPoster(poster, data, { ...o, tile }, await documentInputs(inputSteps, o, context)) };
}

/** The poster product. */
export const poster: DocumentProduct<typeof posterSpec.options> = {
  ...posterSpec,
  make: async (o, context) => {
    const result = await makePosterResult(o, context);
    return result.tiling?.bytes ?? result.poster;
  },
  inputs: (o, context) => documentInputs(inputSteps, o, context),
};

/** Makes a poster PDF and returns its bytes (library API); with `tile`, the office sheets. */
export async function makePoster(input: z.input<typeof posterSpec.options> & MakeContext = {}): Promise<Uint8Array> {
  const { dataDir, ...raw } = input;
  return poster.make(parseOptions(posterSpec.options, raw), { dataDir });
}

/** Renders a poster and returns it with its tiling's geometry (library API, for callers that check it). */
export async function renderPoster(input: z.input<typeof posterSpec.options> & MakeContext = {}): Promise<PosterResult> {
  const { dataDir, ...raw } = input;
  return makePosterResult(parseOptions(posterSpec.options, raw), { dataDir });
}
