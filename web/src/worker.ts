/**
 * The render worker: each product's own steps (src/products/documents/) over the bundled data and
 * fonts, and the certificates' batch (src/products/certificates/in-memory.ts), off the page's
 * thread, so the page answers while react-pdf lays out.
 */
import { zipSync } from 'fflate';
import { PressError } from '../../src/core/errors.js';
import type { SignatoryList } from '../../src/input/parse-signatories.js';
import { parseListBytes } from '../../src/input/read-list.js';
import { makeCertificatesInMemory, type RowResult } from '../../src/products/certificates/in-memory.js';
import { certificateOptions } from '../../src/products/certificates/options.js';
import { signatoryEntries } from '../../src/products/documents/declaration.js';
import { DOCUMENT_SPECS } from '../../src/products/documents/index.js';
import type { DocumentSpec } from '../../src/products/documents/spec.js';
import { parseOptions, type OptionsSchema } from '../../src/products/options.js';
import { certificateWording, dataDir, handoutWords, posterWords, texts } from './data.js';
import { registerSiteFonts } from './fonts.js';
import type { CertificatesRequest, DocumentRequest, RenderReply, RenderRequest } from './protocol.js';

/** Each product's data, as its Node record loads it from disk. */
const DATA: Record<string, unknown> = {
  declaration: { texts, dataDir },
  'signing-sheet': { texts, dataDir },
  handout: { texts, words: handoutWords, dataDir },
  poster: { texts, words: posterWords, dataDir },
};

const post = (reply: RenderReply) => (self as unknown as Worker).postMessage(reply, reply.kind === 'done' && reply.ok ? [reply.bytes.buffer as ArrayBuffer] : []);

async function makeDocument(request: DocumentRequest): Promise<RenderReply> {
  const started = performance.now();
  const spec = DOCUMENT_SPECS.find((candidate) => candidate.name === request.product) as DocumentSpec<OptionsSchema> | undefined;
  if (!spec) throw new PressError('BAD_OPTION', `"${request.product}" is not a product of the studio`);
  const files = request.files ?? {};
  const options = parseOptions(spec.options, { ...request.options, ...Object.fromEntries(Object.entries(files).map(([key, file]) => [key, file.name])) });
  let data = DATA[spec.name];
  const list = files.signatories;
  if (spec.name === 'declaration' && list) {
    // The list is refused whole for a bad row, as the CLI refuses it.
    data = { texts, dataDir, signatories: signatoryEntries(withoutImages(await parseListBytes(list.name, list.bytes))) };
  }
  const bytes = await spec.compose(data, options);
  return { id: request.id, kind: 'done', ok: true, bytes, fileName: spec.output(options), millis: performance.now() - started };
}

/** A row naming a signature image made a bad row: the studio reads no files beside the list (the CLI does). */
export function withoutImages(list: SignatoryList): SignatoryList {
  return {
    ...list,
    rows: list.rows.map((row) =>
      'signatory' in row && row.signatory.signature
        ? { line: row.line, errors: [new PressError('BAD_DATA', `signature: "${row.signatory.signature}" ${NO_IMAGES}`, row.signatory.origin)] }
        : row,
    ),
  };
}

/** Why a signature image is not drawn in the studio. */
const NO_IMAGES = 'is not read by the studio, which reads no files beside the list; allowed: an empty signature column here, or the command line, which reads the images';

async function makeCertificates(request: CertificatesRequest): Promise<RenderReply> {
  const started = performance.now();
  const options = parseOptions(certificateOptions, { ...request.options, signatories: request.list.name });
  const list = await parseListBytes(request.list.name, request.list.bytes);
  let posted = 0;
  const result = await makeCertificatesInMemory(
    list,
    { texts, wording: certificateWording, dataDir },
    { paper: options.paper, orientation: options.orientation, sample: options.sample, separate: request.output === 'zip', combined: request.output === 'combined' },
    (_row, done, total) => {
      const now = performance.now();
      if (done === total || now - posted > 100) {
        posted = now;
        post({ id: request.id, kind: 'progress', done, total });
      }
    },
  );
  const failed: RowResult[] = result.rows.filter((row) => row.status === 'failed');
  const made = result.rows.length - failed.length;
  if (made === 0) throw new PressError('BAD_DATA', `no certificate to make: every row of the list failed (${failed.length})`, request.list.name);
  const bytes = request.output === 'zip' ? zipSync(Object.fromEntries(result.files.map((file) => [file.name, file.bytes])), { level: 0 }) : result.combined!;
  const fileName = request.output === 'zip' ? 'certificates.zip' : 'certificates-combined.pdf';
  return { id: request.id, kind: 'done', ok: true, bytes, fileName, millis: performance.now() - started, made, failed };
}

async function handle(request: RenderRequest): Promise<RenderReply> {
  try {
    registerSiteFonts(request.base);
    return await (request.kind === 'document' ? makeDocument(request) : makeCertificates(request));
  } catch (error) {
    return { id: request.id, kind: 'done', ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

// One request at a time, in order: react-pdf's font store and glyph caches are shared.
let queue: Promise<unknown> = Promise.resolve();
self.onmessage = (event: MessageEvent<RenderRequest>) => {
  queue = queue.then(async () => post(await handle(event.data)));
};
