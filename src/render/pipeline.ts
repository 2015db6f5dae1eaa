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
import type { ReactElement } from 'react';
import { DATA_DIR, writeAtomic } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import type { StackName } from '../fonts/registry.js';
import type { TextOrigin, Typeset } from '../fonts/typeset.js';
import { composeDocument, render, typesetRegistered, type ComposeSteps } from './compose.js';
import { inputsKeyword } from './inputs.js';

// Rendering and the steps after loading are browser-safe (compose.ts): the studio runs them too.
export { render };

/** Where a product's data comes from. */
export interface MakeContext {
  /** A folder with the data files (declaration.json, labels.json, …) instead of the bundled data/. */
  dataDir?: string;
}

/** What each step of the pipeline does for one product, given its parsed options `O` and loaded data `D`. */
export interface DocumentSteps<O, D> extends ComposeSteps<O, D>, InputSteps<O> {
  /** Step 1, load + validate: the data files and inputs the document prints. */
  load(options: O, dataDir: string): Promise<D>;
  /** Step 3, template (see ComposeSteps); in the CLI a document always carries its inputs keyword. */
  element(data: D, options: O, typeset: Typeset, inputs: string): ReactElement | Promise<ReactElement>;
  /** Step 5, finish (see ComposeSteps), with the inputs keyword. */
  finish?(rendered: Uint8Array, data: D, options: O, inputs: string): Promise<Uint8Array>;
}

/** What a document's input hash is made from: its product, its stacks, the files it reads. */
export interface InputSteps<O> {
  /** The product's name: its code hash is looked up by it (render/inputs.ts). */
  product: string;
  /** The font stacks the product sets text in. */
  stacks: readonly StackName[];
  /** Every file the document reads besides the fonts (data files, a list, its images), for its input hash. */
  reads(options: O, dataDir: string): Promise<string[]> | string[];
}

/** The keyword naming everything a document is made from (render/inputs.ts): what a build compares. */
export async function documentInputs<O extends object>(steps: InputSteps<O>, options: O, context: MakeContext = {}): Promise<string> {
  const files = await steps.reads(options, context.dataDir ?? DATA_DIR);
  return inputsKeyword({ product: steps.product, options: options as Record<string, unknown>, files, stacks: steps.stacks });
}

/** Runs the steps, from loading to finishing, and returns the PDF's bytes. */
export async function makeDocument<O extends object, D>(steps: DocumentSteps<O, D>, options: O, context: MakeContext = {}): Promise<Uint8Array> {
  const [data, inputs] = await Promise.all([steps.load(options, context.dataDir ?? DATA_DIR), documentInputs(steps, options, context)]);
  registerBundledFonts();
  return composeDocument(steps, data, options, inputs);
}

/**
 * Step 2, typeset: fonts registered once, every text checked against the font stacks the product
 * sets it in, metrics ready (see compose.ts). Only those stacks' fonts are loaded.
 */
export async function typeset(texts: readonly TextOrigin[], stacks: readonly StackName[]): Promise<Typeset> {
  registerBundledFonts();
  return typesetRegistered(texts, stacks);
}

/** Step 6, write: atomically (a temporary file renamed into place); returns the path written. */
export async function write(file: string, bytes: Uint8Array): Promise<string> {
  await writeAtomic(file, bytes);
  return file;
}
