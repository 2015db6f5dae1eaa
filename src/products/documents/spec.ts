/**
 * The browser-safe half of a document product's record: its name, options, output name and the
 * steps that make its PDF from data already loaded and fonts already registered. The Node record
 * (src/products/<name>.ts) adds loading from disk; the studio (web/) bundles the data and
 * registers the fonts by URL, and runs these same steps in a Web Worker.
 */
import type { z } from 'zod';
import type { OptionsSchema, ProductBase } from '../options.js';

/** A document product, without its loading: what the CLI and the studio share. */
export interface DocumentSpec<S extends OptionsSchema = OptionsSchema, D = unknown> extends ProductBase<S> {
  /** One document. */
  kind: 'document';
  /**
   * Makes the PDF's bytes from its loaded data and parsed options; the fonts must be registered.
   * `inputs`: the keyword of the CLI's input hash (render/inputs.ts), carried in the metadata.
   */
  compose(data: D, options: z.output<S>, inputs?: string): Promise<Uint8Array>;
}
