/**
 * The pipeline's steps after loading, browser-safe: the studio runs them in a Web Worker over the
 * data and fonts it bundles, the CLI (src/render/pipeline.ts) over the files it reads.
 *
 *   typeset (coverage, metrics) -> template (React) -> render (react-pdf) -> finish (pdf-lib)
 *
 * Fonts must be registered first (registerFonts: by path in Node, by URL in a browser).
 */
import { pressStartYoga } from '@react-pdf/layout';
import { pdf } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { keyGlyphCaches } from '../fonts/faces.js';
import type { StackName } from '../fonts/registry.js';
import { assertCoverage, prepareTypeset, type TextOrigin, type Typeset } from '../fonts/typeset.js';

/** What each step does for one product, given its parsed options `O` and its loaded data `D`. */
export interface ComposeSteps<O, D> {
  /** The font stacks the product sets text in: only their fonts are loaded and checked. */
  stacks: readonly StackName[];
  /** The texts it prints with where each came from, for the coverage check before layout. */
  texts(data: D, options: O): TextOrigin[];
  /**
   * Step 3, template: the React element react-pdf renders; a product may lay out a draft first to
   * measure what react-pdf's flow decides (src/render/measure.ts), hence the promise. `inputs` is
   * the keyword the document information carries (the CLI's input hash, render/inputs.ts; none in
   * the studio).
   */
  element(data: D, options: O, typeset: Typeset, inputs?: string): ReactElement | Promise<ReactElement>;
  /** Step 5, finish: what react-pdf cannot do (print boxes, metadata with `inputs`, imposition). */
  finish?(rendered: Uint8Array, data: D, options: O, inputs?: string): Promise<Uint8Array>;
}

/**
 * Starts compiling yoga, react-pdf's layout engine, for a layout to come: its WebAssembly compiles
 * off the main thread while the data is read and checked, where a first layout waited for it, idle
 * (38 ms of a cold declaration on the 2-core machine). Patched into @react-pdf/layout
 * (patches/README.md).
 */
export const startLayoutEngine: () => void = pressStartYoga;

/** The document information's extra keywords: the inputs keyword when there is one. */
export function inputsKeywords(inputs?: string): string[] {
  return inputs ? [inputs] : [];
}

/** Runs the steps after loading, from typesetting to finishing, and returns the PDF's bytes. */
export async function composeDocument<O, D>(steps: ComposeSteps<O, D>, data: D, options: O, inputs?: string): Promise<Uint8Array> {
  const ts = await typesetRegistered(steps.texts(data, options), steps.stacks);
  const rendered = await render(await steps.element(data, options, ts, inputs));
  return steps.finish ? steps.finish(rendered, data, options, inputs) : rendered;
}

/**
 * Step 2, typeset, with the fonts already registered: every text checked against the font stacks
 * the product sets it in (react-pdf would print a character no font has in an unembedded
 * Helvetica), metrics ready. Only those stacks' fonts are loaded.
 */
export async function typesetRegistered(texts: readonly TextOrigin[], stacks: readonly StackName[]): Promise<Typeset> {
  await assertCoverage(texts, stacks);
  return prepareTypeset(stacks);
}

/** Whether this runs in Node (the CLI, the library), not a browser (the studio's worker). */
const IN_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * Step 4, render: react-pdf lays the element out and writes the PDF. `pdf().toBlob()` is the one
 * call its Node and browser builds share; in Node the same stream's chunks are joined here instead
 * (`toBuffer()` hands out the stream): pdfkit writes a PDF in thousands of small chunks, and Node's
 * Blob read them back one by one, a twentieth of a warm render. The same chunks in the same order:
 * the same bytes.
 */
export async function render(element: ReactElement): Promise<Uint8Array> {
  keyGlyphCaches();
  // pdf's types want a Document element; templates return one.
  const instance = pdf(element as Parameters<typeof pdf>[0]);
  if (IN_NODE) return joinStream((await instance.toBuffer()) as unknown as ChunkStream);
  const blob = await instance.toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

/** What render reads of react-pdf's file stream in Node (a Readable of pdfkit's chunks). */
interface ChunkStream {
  on(event: 'data', listener: (chunk: Uint8Array | ArrayBufferLike) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A stream's chunks joined into one array, each taken as toBlob takes it into its Blob. */
function joinStream(stream: ChunkStream): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    stream.on('data', (chunk) => {
      const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
      chunks.push(bytes);
      length += bytes.length;
    });
    stream.on('error', reject);
    stream.on('end', () => {
      const joined = new Uint8Array(length);
      let at = 0;
      for (const chunk of chunks) {
        joined.set(chunk, at);
        at += chunk.length;
      }
      resolve(joined);
    });
  });
}
