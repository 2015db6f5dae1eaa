/**
 * The pipeline's steps after loading, browser-safe: the studio runs them in a Web Worker over the
 * data and fonts it bundles, the CLI (src/render/pipeline.ts) over the files it reads.
 *
 *   typeset (coverage, metrics) -> template (React) -> render (react-pdf) -> finish (pdf-lib)
 *
 * Fonts must be registered first (registerFonts: by path in Node, by URL in a browser).
 */
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

/**
 * Step 4, render: react-pdf lays the element out and writes the PDF. `pdf().toBlob()` is the one
 * call its Node and browser builds share (renderToBuffer is Node's only); both collect the same
 * stream, so the bytes are the same.
 */
export async function render(element: ReactElement): Promise<Uint8Array> {
  keyGlyphCaches();
  // pdf's types want a Document element; templates return one.
  const blob = await pdf(element as Parameters<typeof pdf>[0]).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
