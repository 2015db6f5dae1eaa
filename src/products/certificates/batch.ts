/**
 * Signatory certificates, the batch: one PDF per signatory and/or one combined print file from a
 * signatory list, on the pipeline's steps (load + validate, typeset, template, render, write). This
 * file is what a batch on disk needs: options, shards and parts, input hashes that skip unchanged
 * files on a rerun, atomic writes, garbage collection, the summary. What the studio's batch in
 * memory shares with it (the writer prepared over the static layer, each row's checks and entry)
 * is in prepare.ts; keys, claims, the register and PAdES are in signed.ts.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { codeHash } from '../../core/code-hash.js';
import { PressError } from '../../core/errors.js';
import { DATA_DIR, ensureFolder, writeAtomicSync } from '../../core/files.js';
import { certificateFileNames } from '../../core/output-name.js';
import { orient, PAPER, type Orientation } from '../../core/paper.js';
import { hashBundledFonts } from '../../fonts/bundled.js';
import { loadCertificateWording, loadTexts, textsOf } from '../../input/data.js';
import { loadSignatories } from '../../input/load-signatories.js';
import type { ListRow } from '../../input/parse-signatories.js';
import type { CertificateWording, Texts } from '../../input/schema.js';
import { certificateAlt, certificateVariables, type CertificateEntry, type CertificateLayout } from '../../layout/certificate-layout.js';
import { typeset, write } from '../../render/pipeline.js';
import type { PadesSigning } from './pades.js';
import { joinParts, type FilePart } from './pdf-syntax.js';
import { certificateEntry, certificateMeta, certificateTitle, CERTIFICATE_STACKS, checkRow, numberDigits, prepareCertificates, rowError, type PreparedCertificates } from './prepare.js';
import { loadBatchSigning, RegisterRows, signRow, type Signing } from './signed.js';
import type { SignatureBytes, VariableLayer } from './writer.js';

import type { CertificatePaper } from './options.js';

export { CERTIFICATE_PAPERS, type CertificatePaper } from './options.js';

/** A certificate batch: the product's options and how to run it. */
export interface CertificateOptions {
  /** The signatory list: CSV (UTF-8 or CP949) or XLSX. */
  signatories: string;
  /** a4 (default) or letter. */
  paper?: CertificatePaper;
  /** landscape (default) or portrait. */
  orientation?: Orientation;
  /** Folder for one PDF per signatory; when neither `out` nor `combined` is given, none is made. */
  out?: string;
  /** One PDF with a page per signatory. */
  combined?: string;
  /** Build only this slice of the rows, `{ index: 1..count, count }`. */
  shard?: Shard;
  /** Build only this slice of the shard: what a `--jobs` worker process builds. */
  part?: Shard;
  /** Rebuild certificates whose inputs are unchanged. */
  force?: boolean;
  /** Mark every certificate as a sample (placeholder names); always so for the bundled sample list. */
  sample?: boolean;
  /** A folder with declaration.json, labels.json and certificate.json instead of the bundled data/. */
  dataDir?: string;
  /**
   * The issuer's Ed25519 private key (PEM, `keys init`): each certificate gets an ID, a signed claim
   * in its document information and a QR code to the verify page (`verify.url` in certificate.json),
   * and the folder a register.csv. Without it, certificates say nothing about verification.
   */
  key?: string;
  /** A P12 to add a PAdES-B-B signature to each separate PDF with (see certificates/pades.ts). */
  signP12?: string;
  /** The environment variable that holds the P12's password. */
  signPassEnv?: string;
  /** Called after each certificate (and after the combined file), for progress output. */
  onItem?: (item: ItemResult, done: number, total: number) => void;
}

/** One slice of a batch: the `index`-th (1-based) of `count`. */
export interface Shard {
  /** 1-based. */
  index: number;
  /** How many slices. */
  count: number;
}

/** What happened to one certificate (or to the combined file). */
export interface ItemResult {
  /** made, skipped (unchanged), or failed. */
  status: 'made' | 'skipped' | 'failed';
  /** Where the row came from: `list.csv:14`; the combined file's path for the combined file. */
  origin: string;
  /** The file written or skipped, as a user reads the path. */
  file?: string;
  /** Why it failed. */
  error?: string;
  /** Set on the combined file's item: it is a file of many certificates, not one row's. */
  combined?: { certificates: number };
}

/** The summary of a batch: what `--json` prints. Rows and files are counted apart (issue 10). */
export interface CertificateSummary {
  /** Separate certificate files written. */
  made: number;
  /** Separate certificate files unchanged since the last run, not rewritten. */
  skipped: number;
  /** Rows that failed (bad input or a failed write). */
  failed: number;
  /** Rows in this shard. */
  total: number;
  /** The combined file's item, when one was asked for (also the last of `items`). */
  combined?: ItemResult;
  /** Wall time in milliseconds. */
  ms: number;
  /** The shard built, as `I/N`. */
  shard: string;
  /** Every item, in row order (the combined file last). */
  items: ItemResult[];
}

/** Parses `I/N` (1 ≤ I ≤ N): the slice of a batch `--shard` names. */
export function parseShard(text: string): Shard {
  // Nine digits at most: larger numbers would be rounded, and no list has a billion rows.
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  const shard = match ? { index: Number(match[1]), count: Number(match[2]) } : undefined;
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new PressError('BAD_OPTION', `--shard: "${text}" is not allowed; allowed: I/N with 1 ≤ I ≤ N ≤ 999999999, such as 1/4 (the first of four slices)`);
  }
  return shard;
}

/** The rows of the `index`-th of `count` contiguous slices: deterministic by row index, and every row in exactly one. */
export function shardRange(length: number, shard: Shard): [number, number] {
  return [Math.floor(((shard.index - 1) * length) / shard.count), Math.floor((shard.index * length) / shard.count)];
}

/**
 * Whether a list is the bundled sample list (data/signatories.sample.csv): its names are
 * placeholders, so its certificates always say SAMPLE, with or without --sample.
 */
function isSampleList(file: string): boolean {
  return resolve(file) === resolve(DATA_DIR, 'signatories.sample.csv');
}

const INPUTS_MARK = 'declaration-press-inputs-';

/** Whether `file` is a regular file (a rerun's output may be there). */
async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/**
 * A certificate's input hash is written into its own PDF, in the Keywords of its Info dictionary
 * (`declaration-press-inputs-<sha256>`), rather than into a sidecar manifest in --out: the PDF and
 * its hash are renamed into place together (writeAtomic), so they can never disagree after a crash;
 * shards running at once on one shared folder write no common file they could race on; and a
 * certificate copied or deleted by hand is judged by what it is. A rerun reads each existing PDF
 * (about 80 KB) and looks for the mark; pdfkit writes Info strings uncompressed, as Latin-1 when
 * ASCII and as UTF-16BE otherwise, so both spellings are looked for.
 */
async function hasInputs(file: string, hash: string): Promise<boolean> {
  let bytes: Buffer;
  try {
    // Only a regular file is read: a FIFO or a device at the path would block the read for good
    // (the write that follows refuses them with a message).
    if (!(await stat(file)).isFile()) return false;
    bytes = await readFile(file);
  } catch {
    return false;
  }
  const mark = INPUTS_MARK + hash;
  const utf16 = Buffer.from(mark, 'utf16le').swap16();
  return bytes.includes(mark, 0, 'latin1') || bytes.includes(utf16);
}

/** Everything a batch shares: texts, wording, fonts, hashes, keys, and the page prepared when first needed. */
interface Batch {
  wording: CertificateWording;
  declarationTitle: { en: string; ko: string };
  /** The declaration's texts, for the metadata. */
  texts: Texts;
  /** Hash of everything that is the same for every certificate. */
  sharedHash: string;
  /** The issuer's key and the verify page's address, when the certificates are signed. */
  signing?: Signing;
  /** The PAdES signer, when the PDFs get a digital signature. */
  pades?: PadesSigning;
  /**
   * The page laid out and its static layer rendered, once, when a file is first made: a rerun
   * that finds every file up to date needs neither (they were most of its time: the standard set's
   * three certificates, 0.5 s of a build with nothing to make).
   */
  prepared(): Promise<PreparedCertificates>;
}

async function prepareBatch(options: CertificateOptions, paper: CertificatePaper, orientation: Orientation, sample: boolean): Promise<Batch> {
  const dataDir = options.dataDir ?? DATA_DIR;
  const [texts, wording] = await Promise.all([loadTexts(dataDir), loadCertificateWording(dataDir)]);
  // The keys are read before anything is written: a bad one fails the batch, not its rows.
  const { signing, pades } = await loadBatchSigning(options, wording, dataDir);
  // The wording is checked whole (a bad character there fails the batch); rows one by one, below.
  const checked = await typeset([...textsOf(texts.declaration.title, join(dataDir, 'declaration.json'), 'title'), ...textsOf(wording, join(dataDir, 'certificate.json'))], CERTIFICATE_STACKS);
  const sharedHash = createHash('sha256')
    // The code the certificates are made with (their record and all it reaches: layout, template,
    // writer), so that a rerun after a change to any of it makes them again.
    // An unsigned batch's hash leaves the verify address out: it does not print it.
    .update(JSON.stringify({ code: await codeHash('certificates'), wording: signing ? wording : { ...wording, verify: undefined }, title: texts.declaration.title, labels: texts.labels.document, alt: texts.labels.alt, paper, orientation, sample, ...(signing ? { verify: true } : {}), ...(pades ? { pades: pades.digest } : {}) }))
    .update(await hashBundledFonts())
    .digest('hex');
  const setup = { texts, wording, page: orient(PAPER[paper], orientation), sample, verify: Boolean(signing) };
  // template + render, once per batch: everything that is the same on every certificate.
  let prepared: Promise<PreparedCertificates> | undefined;
  const prepare = () => (prepared ??= prepareCertificates(setup, checked, metaFor(texts, wording, sharedHash, wording.title.en)));
  return { wording, declarationTitle: texts.declaration.title, texts, sharedHash, signing, pades, prepared: prepare };
}

/** The batch's shared preparation failing while a row needed it: the batch's failure, not the row's. */
class SharedFailure {
  constructor(readonly cause: unknown) {}
}

/** The document information of a certificate file, with its input hash in the keywords. */
function metaFor(texts: Texts, wording: CertificateWording, hash: string, title: string) {
  // ASCII only, so the mark is stored as Latin-1 (see hasInputs).
  return certificateMeta(texts, wording, title, [`${INPUTS_MARK}${hash}`]);
}

/** Certificates written between two full garbage collections (see collectGarbage). */
const COLLECT_EVERY = 1000;
/**
 * The rows from which a list's garbage is collected as soon as it is read. Below, the collection
 * did not lower the peak: 1,000 and 4,000 rows, combined, 175-179 and 266-270 MB of RSS with it
 * or without, 4,000 separate 170-173 MB (2026-12-02), and it paused the batch 25-45 ms.
 */
const COLLECT_LIST = 5000;
let collector: (() => void) | undefined;

/**
 * A full garbage collection. A certificate leaves about 100 KB of short-lived objects and buffers;
 * left to itself, V8 let the heap and the spent buffers grow far above what a batch holds before
 * it collected (10,000 certificates peaked at 260-280 MB of RSS; 206 MB collecting every 1,000).
 * A collection takes 40-120 ms on the busy 2-core machine: about 0.05-0.1 ms a certificate, and
 * batches under 1,000 never pay it. V8 exposes gc() only behind a flag: set here, and the function
 * taken from a fresh context, where the flag has made it.
 */
function collectGarbage(): void {
  if (!collector) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collector = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    }
  }
  collector();
}

// SHA-256 of each signature image, by its bytes: a list names one image for many rows, and the
// loader reads it once. Bounded by the images the list holds.
const digests = new WeakMap<Uint8Array, string>();
function digestOf(bytes: Uint8Array): string {
  let digest = digests.get(bytes);
  if (!digest) digests.set(bytes, (digest = createHash('sha256').update(bytes).digest('hex')));
  return digest;
}

/** A page of a combined file waiting to be drawn: the row's layer when its own file was made, else how to make it. */
interface Pending {
  /** The layer, shaped, when the row's separate file was made with it. */
  made?: VariableLayer;
  /** Makes the row's layer over the prepared page. */
  layer(prepared: PreparedCertificates): VariableLayer;
}

/** A path inside `dir`, or a WRITE_FAILED error: defence in depth behind certificateFileNames. */
function inside(dir: string, name: string): string {
  const file = resolve(dir, name);
  const rel = relative(dir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes('/') || rel.includes('\\')) {
    throw new PressError('WRITE_FAILED', `refusing to write "${name}" outside the output folder`, dir);
  }
  return file;
}

/** The rows of a shard, or of a part of it: contiguous, so parts in order are the shard in order. */
export function partRange(length: number, shard: Shard, part?: Shard): [number, number] {
  const [from, to] = shardRange(length, shard);
  if (!part) return [from, to];
  const [start, end] = shardRange(to - from, part);
  return [from + start, from + end];
}

/**
 * Builds the certificates of a signatory list. Bad rows (the loader's, and characters no font has)
 * are reported in the summary while the good rows are still built; the caller decides the exit
 * code from `failed`. Throws PressError only for problems with the whole batch (options, a list
 * that cannot be read, the wording).
 */
export async function runCertificates(options: CertificateOptions): Promise<CertificateSummary> {
  const started = performance.now();
  const paper = options.paper ?? 'a4';
  const orientation = options.orientation ?? 'landscape';
  const shard = options.shard ?? { index: 1, count: 1 };
  parseShard(`${shard.index}/${shard.count}`);
  if (!options.out && !options.combined) throw new PressError('BAD_OPTION', 'nothing to make: give --out DIR (one PDF per signatory), --combined FILE (one PDF), or both');

  // load + validate
  const list = await loadSignatories(options.signatories);
  // Reading a long list leaves garbage several times its size (csv-parse's records, each row's
  // checks): collected before the batch's own work piles on it, a 10,000-row batch from the
  // snapshot peaked at 237 MB of RSS instead of 270 (2026-12-02). Not below COLLECT_LIST rows,
  // where it changed no peak and cost a pause of 25-45 ms (see COLLECT_LIST).
  if (list.rows.length >= COLLECT_LIST) collectGarbage();
  const { rows } = list;
  if (rows.length === 0) throw new PressError('BAD_DATA', 'the list has a header and no rows; add one row per signatory below the header', list.file);
  // Names are made from the whole list, so every shard agrees on them.
  const names = certificateFileNames(rows.map((row) => ('signatory' in row ? row.signatory : {})));
  const digits = numberDigits(rows.length);
  const [from, to] = partRange(rows.length, shard, options.part);
  const batch = await prepareBatch(options, paper, orientation, options.sample === true || isSampleList(options.signatories));

  const items: ItemResult[] = [];
  // A rerun may find its combined file made from these same inputs, which it knows once every
  // row's hash is: while a file is there, its pages wait to be drawn until then (`waiting`: each
  // row's layer, or how to make it); else each page is drawn when its row is done, and what it was
  // made of dies young (CombinedFile).
  const waiting: Pending[] | undefined = options.combined && !options.force && (await isFile(resolve(options.combined))) ? [] : undefined;
  const combined = options.combined && !waiting ? (await batch.prepared()).writer.combined() : undefined;
  // A row's file to make needs the prepared page; its failure there fails the batch (SharedFailure).
  const ready = () => batch.prepared().catch((error: unknown) => Promise.reject(new SharedFailure(error)));
  const combinedHash = createHash('sha256').update(batch.sharedHash);
  const total = to - from + (options.combined ? 1 : 0);
  const report = (item: ItemResult) => {
    items.push(item);
    options.onItem?.(item, items.length, total);
  };
  const outDir = options.out && resolve(options.out);
  if (options.combined) await refuseCombinedOverInputs(resolve(options.combined), rows, list.file, outDir, names);
  // The files already there, listed once: a rerun reads only those to find their input hashes.
  const existing = new Set(outDir ? await readdir(outDir).catch(() => []) : []);
  let folderReady = false;
  let written = 0;
  const register = new RegisterRows();

  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    if ('errors' in row) {
      const error = rowError(row);
      report({ status: 'failed', origin: error.where ?? list.file, error: error.message });
      continue;
    }
    const { signatory } = row;
    try {
      // typeset: coverage per row
      await checkRow(signatory);
      const entry: CertificateEntry = certificateEntry(signatory, i, digits);
      const signed = batch.signing && signRow(batch.signing, batch.wording, batch.declarationTitle, signatory);
      if (signed) entry.verify = { id: signed.claim.id, url: signed.url };
      // The loader checked the image (and scaled down one larger than any page needs): its bytes are drawn.
      const image = signatory.signatureImage;
      const signature: SignatureBytes | undefined = signatory.signature && image ? { bytes: image.bytes, format: image.format } : undefined;
      const hash = createHash('sha256')
        .update(batch.sharedHash)
        .update(JSON.stringify({ ...entry, signature: signature ? digestOf(signature.bytes) : null }))
        .digest('hex');
      const layer = ({ typeset, layout }: PreparedCertificates): VariableLayer => {
        const alt = certificateAlt(batch.texts.labels.alt, batch.wording, entry);
        return { variables: certificateVariables(typeset, batch.wording, batch.declarationTitle, layout, entry), signature, signatureAlt: alt.signature, qrAlt: alt.qr, claim: signed?.pdf };
      };
      let own: VariableLayer | undefined;
      const pending: Pending = { layer };
      if (combined) {
        const prepared = await batch.prepared();
        own = layer(prepared);
        // Shaped once for both files (see shapeNow).
        if (outDir) prepared.writer.shapeNow(own);
        await combined.add(own);
      } else waiting?.push(pending);
      combinedHash.update(hash);
      if (!outDir) continue;
      const file = inside(outDir, names[i]!);
      // Made or skipped, a signed certificate is in the register: a run killed before it wrote the
      // register has its certificates registered by the run that resumes it.
      if (signed) register.add(signed.claim, names[i]!);
      if (!options.force && existing.has(names[i]!) && (await hasInputs(file, hash))) {
        report({ status: 'skipped', origin: signatory.origin, file: file });
        continue;
      }
      // finish: the static layer plus this row's own objects
      const prepared = await ready();
      if (!own) {
        own = layer(prepared);
        // Kept, shaped, for the combined file if it is to be made again (see shapeNow).
        if (waiting) pending.made = prepared.writer.shapeNow(own);
      }
      const meta = metaFor(batch.texts, batch.wording, hash, certificateTitle(batch.wording, signatory));
      let parts: FilePart[] | Uint8Array = await prepared.writer.writeParts(own, meta, batch.pades?.field(meta.creationDate));
      // A digital signature is over the whole file: the parts joined, signed (at the file's own date: reproducible), written as one.
      if (batch.pades) parts = await batch.pades.sign(joinParts(parts));
      // write (atomic), synchronously: thousands of small files go faster without the event loop between their system calls.
      if (!folderReady) await ensureFolder(outDir);
      folderReady = true;
      writeAtomicSync(file, parts);
      report({ status: 'made', origin: signatory.origin, file });
      if (++written % COLLECT_EVERY === 0) collectGarbage();
      // The rest runs without the event loop: let it flush progress written to pipes now and then.
      if (written % 100 === 0) await new Promise((done) => setImmediate(done));
    } catch (error) {
      if (error instanceof SharedFailure) throw error.cause;
      if (!(error instanceof PressError)) throw error;
      // A layout error (a QR code too large for its corner) knows no row: name it.
      report({ status: 'failed', origin: signatory.origin, error: error.where ? error.message : `${signatory.origin}: ${error.message}` });
    }
  }

  if (outDir) await register.merge(outDir);

  if (options.combined) {
    const file = resolve(options.combined);
    const hash = combinedHash.digest('hex');
    const pages = (combined?.count ?? 0) + (waiting?.length ?? 0);
    const own = { combined: { certificates: pages } };
    if (pages === 0) {
      const why = from === to ? `shard ${shard.index}/${shard.count} holds no rows (the list has ${rows.length})` : `every row of ${shard.count === 1 ? 'the list' : `shard ${shard.index}/${shard.count}`} failed`;
      report({ status: 'failed', origin: file, error: `${file}: no certificate to print: ${why}`, ...own });
    } else if (waiting && (await hasInputs(file, hash))) {
      report({ status: 'skipped', origin: file, file: file, ...own });
    } else {
      const prepared = await batch.prepared();
      try {
        const pdf = combined ?? prepared.writer.combined();
        for (const { made, layer } of waiting ?? []) await pdf.add(made ?? layer(prepared));
        const bytes = pdf.bytes(metaFor(batch.texts, batch.wording, hash, `${batch.wording.title.en} / ${batch.wording.title.ko}`));
        report({ status: 'made', origin: file, file: await write(file, bytes), ...own });
      } catch (error) {
        if (!(error instanceof PressError)) throw error;
        report({ status: 'failed', origin: file, error: error.message, ...own });
      }
    }
  }

  return summarise(items, to - from, shard, started);
}

/** Whether a batch left anything undone: a failed row, or a combined file not written. */
export function batchFailed(summary: CertificateSummary): boolean {
  return summary.failed > 0 || summary.combined?.status === 'failed';
}

/**
 * Refuses a --combined file that is one of the batch's inputs (the list, a signature image) or one
 * of its certificates in --out: writing it would destroy the input, or make a certificate that is
 * rebuilt on every rerun. Paths are compared resolved and, where they exist, with links followed,
 * and names inside --out without case (case-insensitive file systems).
 */
async function refuseCombinedOverInputs(combined: string, rows: readonly ListRow[], listFile: string, outDir: string | undefined, names: readonly string[]): Promise<void> {
  const real = (file: string) => realpath(file).catch(() => file);
  const target = await real(combined);
  const signatures = new Set(rows.flatMap((row) => ('signatory' in row && row.signatory.signature ? [row.signatory.signature] : [])));
  for (const input of [listFile, ...signatures]) {
    if ((await real(resolve(input))) === target) throw new PressError('BAD_OPTION', `--combined: "${combined}" is an input of this batch (${input}); allowed: a file that is not the list, a signature image or a certificate in --out`);
  }
  if (!outDir) return;
  const inOut = relative(await real(outDir), target);
  if (inOut !== '' && !inOut.startsWith('..') && !isAbsolute(inOut) && !inOut.includes('/') && names.some((name) => name.toLowerCase() === inOut.toLowerCase())) {
    throw new PressError('BAD_OPTION', `--combined: "${combined}" is the file of one of this batch's certificates in --out; allowed: a file that is not the list, a signature image or a certificate in --out`);
  }
}

/** The summary of a batch from its items, in row order (the combined file last). */
export function summarise(items: ItemResult[], total: number, shard: Shard, started: number): CertificateSummary {
  const count = (status: ItemResult['status']) => items.filter((item) => item.status === status && !item.combined).length;
  const combined = items.find((item) => item.combined);
  return {
    made: count('made'),
    skipped: count('skipped'),
    failed: count('failed'),
    total,
    ...(combined && { combined }),
    ms: Math.round(performance.now() - started),
    shard: `${shard.index}/${shard.count}`,
    items,
  };
}
