/**
 * `build`: every output a manifest lists, each entry validated by its product's own option schema,
 * built in this process or shared out between processes (pool.ts). A failing entry fails alone.
 * An output that carries the hash of its inputs as they are now (render/inputs.ts: product,
 * options, data files, fonts, code) is up to date and not made again, unless forced; certificates
 * skip unchanged certificates the same way (products/certificates/batch.ts).
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { PressError } from '../core/errors.js';
import { DATA_DIR, readJson } from '../core/files.js';
import { buildCertificates } from '../products/certificates.js';
import { batchFailed } from '../products/certificates/batch.js';
import { PRODUCTS, productNamed, type Product } from '../products/index.js';
import { filesCarrying, filesKeyword, makeFiles, outputOptions, type OutputOptions } from '../products/formats.js';
import { describeOptions, parseOptions } from '../products/options.js';
import { write } from '../render/pipeline.js';
import { loadRasterizerSoon } from '../render/raster.js';
import { lastLine, runPool } from './pool.js';

/** The default manifest: what `npm start` builds. */
export const DEFAULT_MANIFEST = join(DATA_DIR, 'manifest.json');

/** A build manifest: every output a set needs. */
export const manifestSchema = z
  .object({
    about: z.string().optional(),
    outDir: z.string().default('.'),
    /** A folder with the data files (declaration.json, labels.json, poster.json, …) instead of the bundled data/, relative to the manifest. */
    dataDir: z.string().optional(),
    outputs: z.array(z.unknown()).min(1),
  })
  .strict();

/** One output of a manifest, validated: its product, its parsed options, and where it goes. */
export interface ManifestEntry {
  /** The product's record. */
  product: Product;
  /** Where it is written, as the manifest says (relative to outDir): a file, or a folder for certificates. */
  out: string;
  /** The product's options, parsed by its schema, paths resolved. */
  options: Record<string, unknown>;
}

/** What happened to one entry. */
export interface EntryResult {
  /** 1-based index of the entry in `outputs`. */
  index: number;
  /** The product. */
  product: string;
  /** Files written (absolute paths). */
  written: string[];
  /** Files up to date, not written again (absolute paths). */
  skipped: string[];
  /** Set when the entry failed. */
  error?: PressError;
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
  /** Make every output again, up to date or not. */
  force?: boolean;
}

/**
 * The default number of build processes: one. Measured on the 2-core machine this project is built
 * on, two processes took the standard set from 6.2 s to 6.4 s: a second process pays its own start
 * (about 1.2 s: modules, fonts) and one process already keeps more than one core busy (GC, zlib).
 * More cores change that; --jobs is there for them.
 */
export const DEFAULT_JOBS = 1;

/** Where a manifest entry's inputs and outputs resolve. */
interface Places {
  /** The manifest's folder: inputs are relative to it. */
  base: string;
  /** The output folder. */
  outDir: string;
  /** The data folder, when the manifest names one (else the bundled data/). */
  dataDir?: string;
}

async function runEntry({ product, out, options }: ManifestEntry, places: Places, force: boolean, making?: () => void): Promise<{ written: string[]; skipped: string[] }> {
  const file = resolve(places.outDir, out);
  if (product.kind === 'batch') {
    // Making starts with the first file made: a batch whose files are all up to date makes nothing.
    const onItem = making && ((item: { status: string }) => item.status === 'made' && making());
    const summary = await buildCertificates({ ...(options as Parameters<typeof buildCertificates>[0]), out: file, force: force || options.force === true, dataDir: places.dataDir, ...(onItem && { onItem }) });
    if (batchFailed(summary)) {
      const failures = summary.items.filter((item) => item.status === 'failed').map((item) => `  ${item.error}`);
      throw new PressError('BATCH_FAILED', `${failures.length} of ${summary.total} certificate(s) failed:\n${failures.join('\n')}`);
    }
    const files = (status: string) => summary.items.filter((item) => item.status === status).map((item) => item.file!);
    return { written: files('made'), skipped: files('skipped') };
  }
  const context = { dataDir: places.dataDir };
  const output = options as OutputOptions;
  if (!force) {
    const upToDate = await filesCarrying(file, output.format, await filesKeyword(product, output, context));
    if (upToDate) return { written: [], skipped: upToDate };
  }
  making?.();
  const written: string[] = [];
  for (const made of await makeFiles(product, output, file, context)) written.push(await write(made.file, made.bytes));
  return { written, skipped: [] };
}

/** Longest first, each to the least loaded process: entry numbers per process. */
function shareOut(entries: readonly { index: number; entry: ManifestEntry }[], jobs: number): number[][] {
  const weight = ({ product, options }: ManifestEntry) => product.weight(options as never);
  const loads = Array.from({ length: jobs }, () => ({ weight: 0, indexes: [] as number[] }));
  for (const { index, entry } of [...entries].sort((a, b) => weight(b.entry) - weight(a.entry) || a.index - b.index)) {
    const lightest = loads.reduce((min, load) => (load.weight < min.weight ? load : min));
    lightest.weight += weight(entry);
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
 * Builds every output a manifest lists. A failing entry does not stop the others: its error is in
 * its result, and the caller decides the exit code.
 */
export async function buildManifest(file: string = DEFAULT_MANIFEST, options: BuildOptions = {}): Promise<EntryResult[]> {
  const manifest = await readJson(file, manifestSchema);
  const base = dirname(resolve(file));
  const places = { base, outDir: resolve(options.outDir ?? resolve(base, manifest.outDir)), dataDir: manifest.dataDir === undefined ? undefined : resolve(base, manifest.dataDir) };
  const total = manifest.outputs.length;
  options.onStart?.(total);
  const results: EntryResult[] = [];
  const report = (result: EntryResult) => {
    results.push(result);
    options.onEntry?.(result, results.length, total);
  };
  // Validate every entry first: a bad one fails alone, before anything is built.
  const valid: { index: number; entry: ManifestEntry }[] = [];
  const claims: Claim[] = [{ path: resolve(file), folder: false, owner: 'the manifest itself', write: false }];
  if (places.dataDir) claims.push({ path: places.dataDir, folder: true, owner: "inside the manifest's dataDir", write: false });
  for (const [i, raw] of manifest.outputs.entries()) {
    const index = i + 1;
    const where = `${file}: outputs[${i}]`;
    try {
      const entry = validateEntry(raw, where, places);
      // Every path an entry writes stays inside outDir, and no two paths collide (an output over an
      // input or over another output would be lost, silently).
      for (const claim of claimsOf(entry, i, places)) {
        if (claim.write) checkInside(claim, places.outDir, where);
        const clash = claims.find((other) => (claim.write || other.write) && collide(claim, other));
        if (clash) throw new PressError('BAD_DATA', `${claim.field}: "${claim.shown}" is also ${clash.owner}; allowed: a path no other entry reads or writes`, where);
        claims.push(claim);
      }
      if (options.only && !options.only.includes(index)) continue;
      valid.push({ index, entry });
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      report({ index, product: String((raw as { product?: unknown })?.product ?? '?'), written: [], skipped: [], error });
    }
  }
  const jobs = Math.min(options.jobs ?? DEFAULT_JOBS, valid.length);
  if (jobs > 1) {
    const shares = shareOut(valid, jobs);
    await runPool(
      shares.map((indexes) => {
        const seen = new Set<number>();
        return {
          argv: ['build', resolve(file), '--out-dir', places.outDir, '--entries', indexes.join(','), '--jobs', '1', '--json', ...(options.force ? ['--force'] : [])],
          onLine: (value: unknown) => {
            const result = decodeResult(value);
            seen.add(result.index);
            report(result);
          },
          // A worker that died (killed, out of memory) fails the entries it did not report.
          onExit: ({ stderr }: { stderr: string }) => {
            for (const index of indexes.filter((index) => !seen.has(index))) {
              report({ index, product: '?', written: [], skipped: [], error: new PressError('BATCH_FAILED', `not built: ${lastLine(stderr)}`) });
            }
          },
        };
      }),
      jobs,
    );
  } else {
    // Pictures need MuPDF: loaded as soon as anything is made (not for a build with nothing to make), it is ready by the first picture.
    const pictures = valid.some(({ entry }) => (entry.options as OutputOptions).format === 'png');
    const making = pictures ? loadRasterizerSoon : undefined;
    for (const { index, entry } of valid) {
      try {
        report({ index, product: entry.product.name, ...(await runEntry(entry, places, options.force === true, making)) });
      } catch (error) {
        if (!(error instanceof PressError)) throw error;
        report({ index, product: entry.product.name, written: [], skipped: [], error });
      }
    }
  }
  return results.sort((a, b) => a.index - b.index);
}

/** A path an entry reads or writes, for the check that no two entries collide. */
interface Claim {
  /** Absolute path. */
  path: string;
  /** A folder the entry fills (certificates): every path inside it is the entry's. */
  folder: boolean;
  /** Written (an output) or read (an input). */
  write: boolean;
  /** Who claims it, for the message: "the out of outputs[2]". */
  owner: string;
  /** The field that names it: `out`, `options.combined`. */
  field?: string;
  /** The path as the manifest wrote it. */
  shown?: string;
}

/** The paths an entry reads and writes. */
function claimsOf(entry: ManifestEntry, i: number, places: Places): Claim[] {
  const claims: Claim[] = [
    { path: resolve(places.outDir, entry.out), folder: entry.product.kind === 'batch', write: true, owner: `the out of outputs[${i}]`, field: 'out', shown: entry.out },
  ];
  for (const info of describeOptions(entry.product.options)) {
    const value = entry.options[info.key];
    if (typeof value !== 'string' || !info.meta.path) continue;
    const write = info.meta.path === 'output';
    claims.push({ path: value, folder: false, write, owner: `the ${write ? 'output' : 'input'} options.${info.key} of outputs[${i}]`, field: `options.${info.key}`, shown: value });
  }
  return claims;
}

/**
 * Two claims on one file: the same path (compared case-insensitively, as macOS and Windows do),
 * or a path inside a folder an entry fills.
 */
function collide(a: Claim, b: Claim): boolean {
  const [x, y] = [a.path.toLowerCase(), b.path.toLowerCase()];
  return x === y || (a.folder && y.startsWith(x + sep)) || (b.folder && x.startsWith(y + sep));
}

/** Refuses an output outside outDir (`../x.pdf`, an absolute path elsewhere). */
function checkInside(claim: Claim, outDir: string, where: string): void {
  const rel = relative(outDir, claim.path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new PressError('BAD_DATA', `${claim.field}: "${claim.shown}" is outside the output folder ${outDir}; allowed: a path inside outDir, such as "posters/a2.pdf"`, where);
  }
}

/**
 * Validates one manifest entry with its product's schema, naming the entry (`outputs[2]`), the
 * field, what is allowed and what was found; resolves the paths its options name.
 */
function validateEntry(raw: unknown, where: string, places: Places): ManifestEntry {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PressError('BAD_DATA', `an entry must be an object such as {"product": "handout", "out": "handout.pdf"}; found ${JSON.stringify(raw)}`, where);
  }
  const { product: name, out, options, ...rest } = raw as Record<string, unknown>;
  const product = typeof name === 'string' ? productNamed(name) : undefined;
  if (!product) {
    const found = name === undefined ? 'nothing' : JSON.stringify(name);
    throw new PressError('BAD_DATA', `product: not a product; allowed: ${PRODUCTS.map((p) => p.name).join(', ')} (found ${found})`, where);
  }
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new PressError('BAD_DATA', `${extra.map((key) => `"${key}"`).join(', ')} is not a field of an entry; allowed: product, out, options`, where);
  if (typeof out !== 'string' || out.trim() === '') {
    throw new PressError('BAD_DATA', `out: the file (or folder, for certificates) to write, relative to outDir, is required (found ${JSON.stringify(out) ?? 'nothing'})`, where);
  }
  const schema = product.kind === 'batch' ? product.options : outputOptions(product);
  const parsed = parseOptions(schema, options ?? {}, (key) => `options.${key}`, where, 'BAD_DATA') as Record<string, unknown>;
  for (const info of describeOptions(product.options)) {
    const value = parsed[info.key];
    if (typeof value !== 'string' || !info.meta.path) continue;
    parsed[info.key] = resolve(info.meta.path === 'input' ? places.base : places.outDir, value);
  }
  return { product, out, options: parsed };
}
