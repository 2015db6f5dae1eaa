import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { PRODUCTS, LAYOUTS } from '../../templates/index.js';
import { makeDeclaration, makeSigningSheet } from '../products/declaration.js';
import { makePoster } from '../products/poster.js';
import { buildCertificates } from '../products/certificates/batch.js';
import { makeHandout } from '../products/handout.js';
import { PressError } from '../core/errors.js';
import { DATA_DIR, displayPath, readJson } from '../core/files.js';
import { lastLine, spawnCli } from './pool.js';
import { validate } from '../input/schema.js';
import { write } from '../render/pipeline.js';

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
  /** Called once the manifest is read, with the number of entries, so progress shows from the start. */
  onStart?: (total: number) => void;
  /** Called after each entry, for progress output. */
  onEntry?: (result: EntryResult, done: number, total: number) => void;
  /** Overrides the manifest's outDir. */
  outDir?: string;
  /** Processes to build in (default 1: this process). */
  jobs?: number;
  /** Build only these entries (1-based), as a worker of a parallel build does. */
  only?: readonly number[];
}

/**
 * The default number of build processes: one. Measured on the 2-core machine this project is built
 * on, two processes took the standard set from 6.2 s to 6.4 s: a second process pays its own start
 * (about 1.2 s: modules, fonts) and one process already keeps more than one core busy (GC, zlib).
 * More cores change that; --jobs is there for them.
 */
export const DEFAULT_JOBS = 1;

/**
 * Rough relative cost of an entry, to share entries out between processes (measured on this
 * project's standard set: a poster or a two-up handout takes about three times a declaration).
 */
function weightOf(entry: ManifestEntry): number {
  if (entry.product === 'poster') return entry.options.tile ? 4 : 3;
  if (entry.product === 'handout') return entry.options.nup === 2 ? 3 : 2;
  if (entry.product === 'certificates') return 3;
  return 1;
}

/** Longest first, each to the least loaded process: entry numbers per process. */
function shareOut(entries: readonly { index: number; entry: ManifestEntry }[], jobs: number): number[][] {
  const loads = Array.from({ length: jobs }, () => ({ weight: 0, indexes: [] as number[] }));
  for (const { index, entry } of [...entries].sort((a, b) => weightOf(b.entry) - weightOf(a.entry) || a.index - b.index)) {
    const lightest = loads.reduce((min, load) => (load.weight < min.weight ? load : min));
    lightest.weight += weightOf(entry);
    lightest.indexes.push(index);
  }
  return loads.map((load) => load.indexes.sort((a, b) => a - b)).filter((indexes) => indexes.length > 0);
}

/** An entry's result as a worker prints it, one JSON line each. */
export function encodeResult(result: EntryResult): string {
  const { error, ...rest } = result;
  return JSON.stringify({ ...rest, ...(error ? { error: { code: error.code, message: error.message } } : {}) });
}

function decodeResult(value: unknown): EntryResult {
  const { error, ...rest } = value as Omit<EntryResult, 'error'> & { error?: { code: PressError['code']; message: string } };
  return { ...rest, ...(error ? { error: new PressError(error.code, error.message) } : {}) };
}

/**
 * Builds some entries in a child process: the CLI's `build --entries` with JSON lines on stdout.
 * Each process parses the fonts once and renders its share (npm run bench measures the gain).
 */
async function buildInChild(file: string, outDir: string, indexes: readonly number[], onResult: (result: EntryResult) => void): Promise<void> {
  const seen = new Set<number>();
  const { stderr } = await spawnCli(['build', file, '--out-dir', outDir, '--entries', indexes.join(','), '--jobs', '1', '--json'], (value) => {
    const result = decodeResult(value);
    seen.add(result.index);
    onResult(result);
  });
  // A worker that died (killed, out of memory) fails the entries it did not report.
  for (const index of indexes.filter((index) => !seen.has(index))) {
    onResult({ index, product: '?', written: [], error: new PressError('BATCH_FAILED', `not built: ${lastLine(stderr)}`) });
  }
}

/**
 * Builds every output a manifest lists. A failing entry does not stop the others: its error is in
 * its result, and the caller decides the exit code.
 */
export async function buildManifest(file: string = DEFAULT_MANIFEST, options: BuildOptions = {}): Promise<EntryResult[]> {
  const manifest = await readJson(file, manifestSchema);
  const base = dirname(resolve(file));
  const places = { base, outDir: resolve(options.outDir ?? resolve(base, manifest.outDir)) };
  const total = manifest.outputs.length;
  options.onStart?.(total);
  const results: EntryResult[] = [];
  const report = (result: EntryResult) => {
    results.push(result);
    options.onEntry?.(result, results.length, total);
  };
  // Validate every entry first: a bad one fails alone, before anything is built.
  const valid: { index: number; entry: ManifestEntry }[] = [];
  const outs = new Map<string, number>();
  for (const [i, raw] of manifest.outputs.entries()) {
    const index = i + 1;
    if (options.only && !options.only.includes(index)) continue;
    try {
      const entry = validateEntry(raw, `${displayPath(file)}: outputs[${i}]`);
      // Two entries writing one file would leave whichever ran last, silently.
      const out = resolve(places.outDir, entry.out);
      const earlier = outs.get(out);
      if (earlier !== undefined) {
        throw new PressError('BAD_DATA', `out: "${entry.out}" is also the out of outputs[${earlier}]; allowed: a path no other entry writes`, `${displayPath(file)}: outputs[${i}]`);
      }
      outs.set(out, i);
      valid.push({ index, entry });
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      report({ index, product: String((raw as { product?: unknown })?.product ?? '?'), written: [], error });
    }
  }
  const jobs = Math.min(options.jobs ?? DEFAULT_JOBS, valid.length);
  if (jobs > 1) {
    const shares = shareOut(valid, jobs);
    await Promise.all(shares.map((indexes) => buildInChild(resolve(file), places.outDir, indexes, report)));
  } else {
    for (const { index, entry } of valid) {
      try {
        report({ index, product: entry.product, written: await runEntry(entry, places) });
      } catch (error) {
        if (!(error instanceof PressError)) throw error;
        report({ index, product: entry.product, written: [], error });
      }
    }
  }
  return results.sort((a, b) => a.index - b.index);
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
