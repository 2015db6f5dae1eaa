/**
 * The pipeline, written once as named steps that every document product runs:
 *
 *   load + validate (data, signatories) -> typeset (fonts, coverage) -> template (React)
 *     -> render (react-pdf) -> finish (pdf-lib) -> write (atomic)
 *
 * A product (src/products/) says what each step does for it in a DocumentSteps; makeDocument
 * composes them, and the CLI or a build writes the bytes. Every document carries the hash of its
 * inputs in its Keywords (render/inputs.ts), which a build compares before making it again.
 */
import { renderToBuffer } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { DATA_DIR, writeAtomic } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import { keyGlyphCaches } from '../fonts/faces.js';
import type { StackName } from '../fonts/registry.js';
import { assertCoverage, prepareTypeset, type TextOrigin, type Typeset } from '../fonts/typeset.js';
import { inputsKeyword } from './inputs.js';

/** Where a product's data comes from. */
export interface MakeContext {
  /** A folder with the data files (declaration.json, labels.json, …) instead of the bundled data/. */
  dataDir?: string;
}

/** What each step of the pipeline does for one product, given its parsed options `O` and loaded data `D`. */
export interface DocumentSteps<O, D> {
  /** The product's name: its code hash is looked up by it (render/inputs.ts). */
  product: string;
  /** The font stacks the product sets text in: only their fonts are loaded and checked. */
  stacks: readonly StackName[];
  /** Every file the document reads besides the fonts (data files, a list, its images), for its input hash. */
  reads(options: O, dataDir: string): Promise<string[]> | string[];
  /** Step 1, load + validate: the data files and inputs the document prints. */
  load(options: O, dataDir: string): Promise<D>;
  /** The texts it prints with where each came from, for the coverage check before layout. */
  texts(data: D, options: O): TextOrigin[];
  /**
   * Step 3, template: the React element react-pdf renders; a product may lay out a draft first to
   * measure what react-pdf's flow decides (src/render/measure.ts), hence the promise. `inputs` is
   * the keyword the document information carries (documentInputs).
   */
  element(data: D, options: O, typeset: Typeset, inputs: string): ReactElement | Promise<ReactElement>;
  /** Step 5, finish: what react-pdf cannot do (print boxes, metadata with `inputs`, imposition). */
  finish?(rendered: Uint8Array, data: D, options: O, inputs: string): Promise<Uint8Array>;
}

/** The keyword naming everything a document is made from (render/inputs.ts): what a build compares. */
export async function documentInputs<O extends object, D>(steps: DocumentSteps<O, D>, options: O, context: MakeContext = {}): Promise<string> {
  const files = await steps.reads(options, context.dataDir ?? DATA_DIR);
  return inputsKeyword({ product: steps.product, options: options as Record<string, unknown>, files, stacks: steps.stacks });
}

/** Runs the steps, from loading to finishing, and returns the PDF's bytes. */
export async function makeDocument<O extends object, D>(steps: DocumentSteps<O, D>, options: O, context: MakeContext = {}): Promise<Uint8Array> {
  const [data, inputs] = await Promise.all([steps.load(options, context.dataDir ?? DATA_DIR), documentInputs(steps, options, context)]);
  const ts = await typeset(steps.texts(data, options), steps.stacks);
  const rendered = await render(await steps.element(data, options, ts, inputs));
  return steps.finish ? steps.finish(rendered, data, options, inputs) : rendered;
}

/**
 * Step 2, typeset: fonts registered once, every text checked against the font stacks the product
 * sets it in (react-pdf would print a character no font has in an unembedded Helvetica), metrics
 * ready. Only those stacks' fonts are loaded.
 */
export async function typeset(texts: readonly TextOrigin[], stacks: readonly StackName[]): Promise<Typeset> {
  registerBundledFonts();
  await assertCoverage(texts, stacks);
  return prepareTypeset(stacks);
}

/** Step 4, render: react-pdf lays the element out and writes the PDF. */
export async function render(element: ReactElement): Promise<Uint8Array> {
  keyGlyphCaches();
  // renderToBuffer's types want a Document element; templates return one.
  const buffer = await renderToBuffer(element as Parameters<typeof renderToBuffer>[0]);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Step 6, write: atomically (a temporary file renamed into place); returns the path written. */
export async function write(file: string, bytes: Uint8Array): Promise<string> {
  await writeAtomic(file, bytes);
  return file;
}
