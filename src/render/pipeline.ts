/**
 * The pipeline, written once as named steps that every document product runs:
 *
 *   load + validate (data, signatories) -> typeset (fonts, coverage) -> template (React)
 *     -> render (react-pdf) -> finish (pdf-lib) -> write (atomic)
 *
 * A product (src/products/) says what each step does for it in a DocumentSteps; makeDocument
 * composes them, and the CLI or a build writes the bytes.
 */
import { DATA_DIR, writeAtomic } from '../core/files.js';
import { registerBundledFonts } from '../fonts/bundled.js';
import type { StackName } from '../fonts/registry.js';
import type { TextOrigin, Typeset } from '../fonts/typeset.js';
import { composeDocument, render, typesetRegistered, type ComposeSteps } from './compose.js';

export { render };

/** Where a product's data comes from. */
export interface MakeContext {
  /** A folder with the data files (declaration.json, labels.json, …) instead of the bundled data/. */
  dataDir?: string;
}

/** What each step of the pipeline does for one product, given its parsed options `O` and loaded data `D`. */
export interface DocumentSteps<O, D> extends ComposeSteps<O, D> {
  /** Step 1, load + validate: the data files and inputs the document prints. */
  load(options: O, dataDir: string): Promise<D>;
}

/** Runs the steps, from loading to finishing, and returns the PDF's bytes. */
export async function makeDocument<O, D>(steps: DocumentSteps<O, D>, options: O, context: MakeContext = {}): Promise<Uint8Array> {
  const data = await steps.load(options, context.dataDir ?? DATA_DIR);
  registerBundledFonts();
  return composeDocument(steps, data, options);
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
