import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { PRODUCTS, LAYOUTS } from '../templates/index.js';
import { makeDeclaration, makeSigningSheet } from './declaration.js';
import { makePoster } from './poster.js';
import { buildCertificates } from './certificates.js';
import { makeHandout } from './handout.js';
import { PressError } from './error.js';
import { DATA_DIR, displayPath, readJson } from './files.js';
import { validate } from './schema.js';
import { write } from './pipeline.js';

/** The default manifest: what `npm start` builds. */
export const DEFAULT_MANIFEST = join(DATA_DIR, 'manifest.json');

const declarationOptions = z
  .object({
    paper: z.enum(PRODUCTS.declaration.papers).optional(),
    layout: z.enum(LAYOUTS).optional(),
    signatories: z.string().optional(),
    signatureLines: z.number().int().min(0).max(1000).optional(),
    sample: z.boolean().optional(),
  })
  .strict();

const signingSheetOptions = z
  .object({ paper: z.enum(PRODUCTS['signing-sheet'].papers).optional(), signatureLines: z.number().int().min(0).max(1000).optional() })
  .strict();

const certificatesOptions = z
  .object({
    /** The signatory list, relative to the manifest. */
    signatories: z.string().min(1),
    paper: z.enum(PRODUCTS.certificates.papers).optional(),
    orientation: z.enum(PRODUCTS.certificates.orientations).optional(),
    /** One PDF with every certificate, relative to outDir. */
    combined: z.string().min(1).optional(),
    force: z.boolean().optional(),
  })
  .strict();

const handoutOptions = z
  .object({ paper: z.enum(PRODUCTS.handout.papers).optional(), nup: z.literal(PRODUCTS.handout.nups).optional() })
  .strict();

const posterOptions = z
  .object({
    size: z.enum(PRODUCTS.poster.sizes).optional(),
    lang: z.enum(PRODUCTS.poster.langs).optional(),
    /** 3mm, 0.125in, 0 (a number is pt); checked by makePoster, which names what is allowed. */
    bleed: z.union([z.string(), z.number()]).optional(),
    marks: z.boolean().optional(),
    qr: z.string().optional(),
    tile: z.enum(PRODUCTS.poster.tiles).optional(),
  })
  .strict();

const entrySchema = z.discriminatedUnion('product', [
  z.object({ product: z.literal('declaration'), out: z.string().min(1), options: declarationOptions.default({}) }).strict(),
  z.object({ product: z.literal('signing-sheet'), out: z.string().min(1), options: signingSheetOptions.default({}) }).strict(),
  z.object({ product: z.literal('poster'), out: z.string().min(1), options: posterOptions.default({}) }).strict(),
  // `out` is the folder of the separate certificates.
  z.object({ product: z.literal('certificates'), out: z.string().min(1), options: certificatesOptions }).strict(),
  z.object({ product: z.literal('handout'), out: z.string().min(1), options: handoutOptions.default({}) }).strict(),
]);

/** The products a manifest entry may name. */
export const MANIFEST_PRODUCTS: readonly string[] = entrySchema.options.map((option) => option.shape.product.value);

/** One output of a manifest: a product, its options and where it goes. */
export type ManifestEntry = z.infer<typeof entrySchema>;

/** A build manifest: every output a set needs. */
export const manifestSchema = z
  .object({
    about: z.string().optional(),
    outDir: z.string().default('.'),
    outputs: z.array(z.unknown()).min(1),
  })
  .strict();

/** What happened to one entry. */
export interface EntryResult {
  /** 1-based index of the entry in `outputs`. */
  index: number;
  /** The product. */
  product: string;
  /** Files written (display paths). */
  written: string[];
  /** Set when the entry failed. */
  error?: PressError;
}

/** Where a manifest entry's inputs and outputs resolve. */
interface Places {
  /** The manifest's folder: inputs are relative to it. */
  base: string;
  /** The output folder. */
  outDir: string;
}

async function runEntry(entry: ManifestEntry, places: Places): Promise<string[]> {
  const out = resolve(places.outDir, entry.out);
  switch (entry.product) {
    case 'declaration': {
      const { signatories, ...rest } = entry.options;
      const bytes = await makeDeclaration({ ...rest, signatories: signatories && resolve(places.base, signatories) });
      return [await write(out, bytes)];
    }
    case 'signing-sheet':
      return [await write(out, await makeSigningSheet(entry.options))];
    case 'poster':
      return [await write(out, await makePoster(entry.options))];
    case 'certificates': {
      const { signatories, combined, ...rest } = entry.options;
      const summary = await buildCertificates({ ...rest, signatories: resolve(places.base, signatories), out, combined: combined && resolve(places.outDir, combined) });
      if (summary.failed > 0) {
        const failures = summary.items.filter((item) => item.status === 'failed').map((item) => `  ${item.error}`);
        throw new PressError('BATCH_FAILED', `${summary.failed} certificate(s) failed, the others were written:\n${failures.join('\n')}`);
      }
      return summary.items.filter((item) => item.status === 'made').map((item) => item.file!);
    }
    case 'handout':
      return [await write(out, await makeHandout(entry.options))];
  }
}

/** Options of a build. */
export interface BuildOptions {
  /** Called after each entry, for progress output. */
  onEntry?: (result: EntryResult, done: number, total: number) => void;
  /** Overrides the manifest's outDir. */
  outDir?: string;
}

/**
 * Builds every output a manifest lists. A failing entry does not stop the others: its error is in
 * its result, and the caller decides the exit code.
 */
export async function buildManifest(file: string = DEFAULT_MANIFEST, options: BuildOptions = {}): Promise<EntryResult[]> {
  const manifest = await readJson(file, manifestSchema);
  const base = dirname(resolve(file));
  const places = { base, outDir: resolve(options.outDir ?? resolve(base, manifest.outDir)) };
  const results: EntryResult[] = [];
  const outs = new Map<string, number>();
  for (const [i, raw] of manifest.outputs.entries()) {
    const index = i + 1;
    const product = String((raw as { product?: unknown })?.product ?? '?');
    let result: EntryResult;
    try {
      const entry = validateEntry(raw, `${displayPath(file)}: outputs[${i}]`);
      // Two entries writing one file would leave whichever ran last, silently.
      const out = resolve(places.outDir, entry.out);
      const earlier = outs.get(out);
      if (earlier !== undefined) {
        throw new PressError('BAD_DATA', `out: "${entry.out}" is also the out of outputs[${earlier}]; allowed: a path no other entry writes`, `${displayPath(file)}: outputs[${i}]`);
      }
      outs.set(out, i);
      result = { index, product, written: await runEntry(entry, places) };
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      result = { index, product, written: [], error };
    }
    results.push(result);
    options.onEntry?.(result, index, manifest.outputs.length);
  }
  return results;
}

/**
 * Validates one manifest entry, naming the entry (`outputs[2]`), the field, what is allowed and
 * what was found: an unknown product lists the products, a bad option its allowed values.
 */
function validateEntry(raw: unknown, where: string): ManifestEntry {
  const product = (raw as { product?: unknown } | null)?.product;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PressError('BAD_DATA', `an entry must be an object such as {"product": "handout", "out": "handout.pdf"}; found ${JSON.stringify(raw)}`, where);
  }
  if (typeof product !== 'string' || !MANIFEST_PRODUCTS.includes(product)) {
    const found = product === undefined ? 'nothing' : JSON.stringify(product);
    throw new PressError('BAD_DATA', `product: not a product; allowed: ${MANIFEST_PRODUCTS.join(', ')} (found ${found})`, where);
  }
  return validate(entrySchema, raw, where);
}
