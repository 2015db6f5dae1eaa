/**
 * `build`: every output a manifest lists, each entry validated by its product's own option schema,
 * built in this process or shared out between processes (pool.ts). A failing entry fails alone.
 * An output that carries the hash of its inputs as they are now (render/inputs.ts: product,
 * options, data files, fonts, code) is up to date and not made again, unless forced; certificates
 * skip unchanged certificates the same way (products/certificates/batch.ts).
 */
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { PressError } from '../core/errors.js';
import { DATA_DIR, readJson } from '../core/files.js';
import { buildCertificates } from '../products/certificates.js';
import { batchFailed } from '../products/certificates/batch.js';
import { PRODUCTS, productNamed, type Product } from '../products/index.js';
import { filesCarrying, filesKeyword, makeFilesSoon, outputOptions, type OutputOptions } from '../products/formats.js';
import { describeOptions, parseOptions } from '../products/options.js';
import { write } from '../render/pipeline.js';
import { loadRasterizerSoon } from '../render/raster.js';
import { lastLine, releaseStandby, runPool } from './pool.js';

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
  /**
   * Processes to build in (default 1: this process). 'auto': defaultJobs(), and only this process
   * when what is to make is less than a second's work (a worker's start and warm-up would not pay).
   */
  jobs?: number | 'auto';
  /** Build only these entries (1-based), as a worker of a parallel build does. */
  only?: readonly number[];
  /** Make every output again, up to date or not. */
  force?: boolean;
}

/**
 * Processes a library call builds in unless told (BuildOptions.jobs): one, this process. The
 * command line's default is defaultJobs().
 */
export const DEFAULT_JOBS = 1;

/**
 * The command line's default number of build processes: two where there are two cores or more.
 * With each product's entries kept in one process (shareOut), each process warms up only its own
 * products' code; measured on the 2-core machine (2026-12-03 about 00:10 UTC, 7 alternated rounds, the
 * standard set from the snapshot): two processes 4.14 s against 4.87 s for one, for 20 % more CPU.
 * Mixed entries, as they were shared out before, warmed every product's code in both processes:
 * level with one. Read when a command runs, not when the start-up snapshot is built.
 */
export function defaultJobs(): number {
  return Math.min(2, availableParallelism());
}

/** Where a manifest entry's inputs and outputs resolve. */
interface Places {
  /** The manifest's folder: inputs are relative to it. */
  base: string;
  /** The output folder. */
  outDir: string;
  /** The data folder, when the manifest names one (else the bundled data/). */
  dataDir?: string;
}

/** What an entry wrote and what was up to date. */
type Outcome = { written: string[]; skipped: string[] };

/**
 * Runs an entry as far as this thread must go: what is left (pictures deflating on the thread
 * pool, files being written) is `rest`, which the build awaits while it lays out the next entry
 * (4 social cards deflated 120-170 ms of a cold build's main thread). In an object: an async
 * function's promise of a promise would wait for both.
 */
async function startEntry({ product, out, options }: ManifestEntry, places: Places, force: boolean, making?: () => void, checked = false): Promise<{ rest: Promise<Outcome> }> {
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
    return { rest: Promise.resolve({ written: files('made'), skipped: files('skipped') }) };
  }
  if (!force && !checked) {
    const upToDate = await upToDateFiles({ product, out, options }, places);
    if (upToDate) return { rest: Promise.resolve({ written: [], skipped: upToDate }) };
  }
  making?.();
  const context = { dataDir: places.dataDir };
  const output = options as OutputOptions;
  const made = await makeFilesSoon(product, output, file, context);
  const rest = async () => {
    const written: string[] = [];
    for (const { file, bytes } of made) written.push(await write(file, await bytes));
    return { written, skipped: [] };
  };
  return { rest: rest() };
}

/**
 * A document entry's files when every one is up to date (made from its inputs as they are now),
 * else null; null for a batch, which checks each of its files itself.
 */
async function upToDateFiles({ product, out, options }: ManifestEntry, places: Places): Promise<string[] | null> {
  if (product.kind === 'batch') return null;
  const output = options as OutputOptions;
  return filesCarrying(resolve(places.outDir, out), output.format, () => filesKeyword(product, output, { dataDir: places.dataDir }));
}

/**
 * Entry numbers per process, the heaviest share first. Each product's entries stay together, so
 * that a product's code is warmed up in one process only (most of a cold entry's time: the first
 * poster of a build took 310 ms, the next ones about 100 ms); heaviest product first, each to the
 * least loaded process. With fewer products than processes, the heaviest product is halved.
 * `auto`: one share when it all weighs less than 10 (a second; see Product.weight).
 * @internal exported for its tests
 */
export function shareOut(entries: readonly { index: number; entry: ManifestEntry }[], jobs: number, auto = false): number[][] {
  const weight = ({ product, options }: ManifestEntry) => product.weight(options as never);
  if (auto && entries.reduce((sum, { entry }) => sum + weight(entry), 0) < 10) jobs = 1;
  const byProduct = new Map<string, { weight: number; indexes: number[] }>();
  for (const { index, entry } of entries) {
    const group = byProduct.get(entry.product.name) ?? { weight: 0, indexes: [] };
    group.weight += weight(entry);
    group.indexes.push(index);
    byProduct.set(entry.product.name, group);
  }
  const groups = [...byProduct.values()];
  const heaviestFirst = () => groups.sort((a, b) => b.weight - a.weight || a.indexes[0]! - b.indexes[0]!);
  const weightOf = (indexes: number[]) => indexes.reduce((sum, index) => sum + weight(entries.find((item) => item.index === index)!.entry), 0);
  while (groups.length > 0 && groups.length < jobs && heaviestFirst()[0]!.indexes.length > 1) {
    const { indexes } = groups.shift()!;
    for (const half of [indexes.filter((_, i) => i % 2 === 0), indexes.filter((_, i) => i % 2 === 1)]) groups.push({ weight: weightOf(half), indexes: half });
  }
  const loads = Array.from({ length: jobs }, () => ({ weight: 0, indexes: [] as number[] }));
  for (const group of heaviestFirst()) {
    const lightest = loads.reduce((min, load) => (load.weight < min.weight ? load : min));
    lightest.weight += group.weight;
    lightest.indexes.push(...group.indexes);
  }
  return loads
    .filter((load) => load.indexes.length > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((load) => load.indexes.sort((a, b) => a - b));
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
  const requested = options.jobs ?? DEFAULT_JOBS;
  const auto = requested === 'auto';
  const jobs = Math.min(requested === 'auto' ? defaultJobs() : requested, valid.length);
  // Pictures need MuPDF: loaded as soon as anything is made (not for a build with nothing to make), it is ready by the first picture.
  const making = (entries: readonly { entry: ManifestEntry }[]) => (entries.some(({ entry }) => (entry.options as OutputOptions).format === 'png') ? loadRasterizerSoon : undefined);
  if (jobs <= 1) {
    releaseStandby();
    await buildHere(valid, places, options.force === true, making(valid), report);
    return results.sort((a, b) => a.index - b.index);
  }
  // Shared out: only what is not up to date (a build with nothing to make starts no process).
  const toMake: typeof valid = [];
  for (const item of valid) {
    try {
      const upToDate = options.force ? null : await upToDateFiles(item.entry, places);
      if (upToDate) report({ index: item.index, product: item.entry.product.name, written: [], skipped: upToDate });
      else toMake.push(item);
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      report({ index: item.index, product: item.entry.product.name, written: [], skipped: [], error });
    }
  }
  // This process builds the heaviest share (it has started; a worker has yet to), workers the others.
  const [here = [], ...elsewhere] = shareOut(toMake, jobs, auto);
  if (elsewhere.length === 0) releaseStandby();
  const mine = toMake.filter(({ index }) => here.includes(index));
  await Promise.all([
    runPool(
      elsewhere.map((indexes) => {
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
      elsewhere.length,
    ),
    // Its documents were found out of date just now: not checked again.
    buildHere(mine, places, options.force === true, making(mine), report, true),
  ]);
  return results.sort((a, b) => a.index - b.index);
}

/**
 * Builds entries in this process, one after the other, reporting each in order. Each entry's rest
 * (startEntry: pictures deflating, files being written) goes on while the next is laid out.
 * `checked`: the document entries are known to be out of date (a batch checks its own files).
 */
async function buildHere(entries: readonly { index: number; entry: ManifestEntry }[], places: Places, force: boolean, making: (() => void) | undefined, report: (result: EntryResult) => void, checked = false): Promise<void> {
  let reported = Promise.resolve();
  try {
    for (const { index, entry } of entries) {
      const failed = (error: unknown): EntryResult => {
        if (!(error instanceof PressError)) throw error;
        return { index, product: entry.product.name, written: [], skipped: [], error };
      };
      let result: Promise<EntryResult>;
      try {
        const { rest } = await startEntry(entry, places, force, making, checked);
        result = rest.then((outcome) => ({ index, product: entry.product.name, ...outcome }), failed);
      } catch (error) {
        result = Promise.resolve(failed(error));
      }
      // Handled now: a rest that fails while the next entry is laid out is reported below, in its turn.
      result.catch(() => {});
      reported = reported.then(async () => report(await result));
    }
  } finally {
    // A failure that stops the build (not a PressError: a defect) waits for the files being written.
    await reported.catch(() => {});
  }
  await reported;
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
