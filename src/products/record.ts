/**
 * A product record: everything the tool knows of one product, in one place. The CLI's command, the
 * manifest's validation, the library and the studio all read it; adding a product is adding a record
 * (here) and a template (templates/).
 */
import type { z } from 'zod';
import type { MakeContext } from '../render/pipeline.js';
import { parseOptions, type OptionsSchema, type ProductBase } from './options.js';


/** A product that makes one PDF. */
export interface DocumentProduct<S extends OptionsSchema = OptionsSchema> extends ProductBase<S> {
  /** One document. */
  kind: 'document';
  /** Makes the PDF's bytes from parsed options. */
  make(options: z.output<S>, context?: MakeContext): Promise<Uint8Array>;
  /**
   * The keyword naming everything the PDF is made from, which the PDF carries in its Keywords
   * (render/inputs.ts): a build makes again only an output that does not carry it.
   */
  inputs(options: z.output<S>, context?: MakeContext): Promise<string>;
  /** What it is written as unless --format says otherwise (formats.ts): pdf (the default), or png for a product made for screens. */
  format?: 'pdf' | 'png';
  /** Pixels per inch of its PNG pictures unless --dpi says otherwise (default: formats.ts's DEFAULT_DPI). */
  dpi?: number;
}

/** Any product. */
export type AnyProduct = DocumentProduct | { kind: 'batch'; name: string; describe: string; options: OptionsSchema; examples: readonly (readonly [string, string])[]; output(options: never): string; weight(options: never): number };

/**
 * Makes a document product from options as a program gives them (unparsed: defaults filled,
 * values checked, a bad one named as its command-line flag).
 */
export async function makeProduct<S extends OptionsSchema>(product: DocumentProduct<S>, input: z.input<S> & MakeContext = {} as z.input<S>): Promise<Uint8Array> {
  const { dataDir, ...raw } = input as Record<string, unknown> & MakeContext;
  return product.make(parseOptions(product.options, raw), { dataDir });
}
