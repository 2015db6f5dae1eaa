/**
 * The render worker: each product's own steps (src/products/documents/) over the bundled data and
 * fonts, off the page's thread, so the page answers while react-pdf lays out.
 */
import { PressError } from '../../src/core/errors.js';
import { parseOptions, type OptionsSchema } from '../../src/products/options.js';
import { DOCUMENT_SPECS } from '../../src/products/documents/index.js';
import type { DocumentSpec } from '../../src/products/documents/spec.js';
import { dataDir, handoutWords, posterWords, texts } from './data.js';
import { registerSiteFonts } from './fonts.js';
import type { RenderReply, RenderRequest } from './protocol.js';

/** Each product's data, as its Node record loads it from disk. */
const DATA: Record<string, unknown> = {
  declaration: { texts, dataDir },
  'signing-sheet': { texts, dataDir },
  handout: { texts, words: handoutWords, dataDir },
  poster: { texts, words: posterWords, dataDir },
};

async function handle(request: RenderRequest): Promise<RenderReply> {
  const started = performance.now();
  try {
    registerSiteFonts(request.base);
    const spec = DOCUMENT_SPECS.find((candidate) => candidate.name === request.product) as DocumentSpec<OptionsSchema> | undefined;
    if (!spec) throw new PressError('BAD_OPTION', `"${request.product}" is not a product of the studio`);
    const options = parseOptions(spec.options, request.options);
    const bytes = await spec.compose(DATA[spec.name], options);
    return { id: request.id, ok: true, bytes, fileName: spec.output(options), millis: performance.now() - started };
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

// One request at a time, in order: react-pdf's font store and glyph caches are shared.
let queue: Promise<unknown> = Promise.resolve();
self.onmessage = (event: MessageEvent<RenderRequest>) => {
  queue = queue.then(async () => {
    const reply = await handle(event.data);
    (self as unknown as Worker).postMessage(reply, reply.ok ? [reply.bytes.buffer as ArrayBuffer] : []);
  });
};
