/**
 * Signatory certificates: one PDF per signatory, and/or one combined print file, batch-built from a
 * signatory list on the pipeline's steps (load + validate, typeset, template, render, write).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFString, type PDFEmbeddedPage, type PDFPage } from 'pdf-lib';
import { createElement } from 'react';
import {
  CertificateDocument,
  certificateGeometry,
  certificateVariables,
  CERTIFICATE_TEMPLATE_VERSION,
  ORIENTATIONS,
  orient,
  type CertificateEntry,
  type CertificateGeometry,
  type Orientation,
} from '../../../templates/Certificate.js';
import { PRODUCTS } from '../../../templates/index.js';
import { PressError } from '../../core/errors.js';
import { creationDate, DATA_DIR, displayPath, FONTS_DIR, readJson, registerBundledFonts } from '../../core/files.js';
import { addStaticPage, drawVariableLayers, prepareStaticPage, type FaceBytes, type StaticPage, type VariableLayer } from './layer.js';
import { loadPdf } from '../../render/finish.js';
import { FONT_FILES, loadFont, STACKS, type FamilyName, type StackName } from '../../fonts/registry.js';
import { loadSignatories } from '../../input/load-signatories.js';
import { certificateFileNames } from '../../core/output-name.js';
import { PAPER } from '../../core/paper.js';
import type { Signatory, SignatoryList } from '../../input/parse-signatories.js';
import { loadTexts, render, textsOf, typeset, write } from '../../render/pipeline.js';
import { certificateWordingSchema, type CertificateWording } from '../../input/schema.js';
import { findMissingGlyphs, type TextOrigin, type Typeset } from '../../fonts/typeset.js';

/** A paper a certificate is printed on. */
export type CertificatePaper = (typeof PRODUCTS.certificates.papers)[number];

/** Options of a certificate batch; only `signatories` is required. */
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
  /** A folder with declaration.json, labels.json and certificate.json instead of the bundled data/. */
  dataDir?: string;
  /** Called after each certificate (and after the combined file), for progress output. */
  onItem?: (item: ItemResult, done: number, total: number) => void;
}

/** The defaults, for the CLI and the README. */
export const CERTIFICATE_DEFAULTS = { paper: 'a4', orientation: 'landscape', out: 'output/certificates' } as const;

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
}

/** The summary of a batch: what `--json` prints. */
export interface CertificateSummary {
  /** Certificates (and combined file) written. */
  made: number;
  /** Unchanged since the last run, not rewritten. */
  skipped: number;
  /** Rows that failed (bad input or a failed write). */
  failed: number;
  /** Rows in this shard. */
  total: number;
  /** Wall time in milliseconds. */
  ms: number;
  /** The shard built, as `I/N`. */
  shard: string;
  /** Every item, in row order (the combined file last). */
  items: ItemResult[];
}

/** Parses `I/N` (1 ≤ I ≤ N): the slice of a batch `--shard` names. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = match ? { index: Number(match[1]), count: Number(match[2]) } : undefined;
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new PressError('BAD_OPTION', `--shard: "${text}" is not allowed; allowed: I/N with 1 ≤ I ≤ N, such as 1/4 (the first of four slices)`);
  }
  return shard;
}

/** The rows of the `index`-th of `count` contiguous slices: deterministic by row index, and every row in exactly one. */
export function shardRange(length: number, shard: Shard): [number, number] {
  return [Math.floor(((shard.index - 1) * length) / shard.count), Math.floor((shard.index * length) / shard.count)];
}

/** A row of the list in file order: a good signatory, or an error the loader found. */
/** One row of the list: a signatory, or the errors of a bad row. */
export type Row = { kind: 'good'; signatory: Signatory } | { kind: 'bad'; line: number; error: PressError };

function lineOf(error: PressError): number {
  return Number(/:(\d+)$/.exec(error.where ?? '')?.[1] ?? 0);
}

/** The texts of a row the template prints, named by their columns, for the coverage check. */
function rowTexts(row: Signatory): TextOrigin[] {
  const columns = [['nameKo', 'name_ko'], ['nameEn', 'name_en'], ['roleKo', 'role_ko'], ['roleEn', 'role_en']] as const;
  return columns.flatMap(([key, field]) => (row[key] ? [{ origin: row.origin, field, text: row[key]! }] : []));
}

// The fonts' hash, once per process: 15 MB of fonts hashed for each batch would cost ~40 ms, and
// the bundled fonts do not change while the process runs. One entry, so nothing to bound.
let fontsHash: Promise<string> | null = null;

function hashFonts(): Promise<string> {
  fontsHash ??= (async () => {
    const hash = createHash('sha256');
    for (const font of FONT_FILES) hash.update(font.file).update(await readFile(join(FONTS_DIR, font.file)));
    return hash.digest('hex');
  })();
  return fontsHash;
}

/** The stacks a certificate is set in: the fonts it loads and checks, no others. */
const CERTIFICATE_STACKS = ['serif', 'myeongjo'] as const satisfies readonly StackName[];

// The upright faces' bytes for the variable layer's subsets, once per process: the very buffers
// react-pdf read and parsed (fontkit keeps them), not a second copy of about 9 MB. Bounded by the
// faces of the certificate's stacks.
let faces: Promise<FaceBytes> | null = null;

function loadFaces(): Promise<FaceBytes> {
  faces ??= (async () => {
    const families = [...new Set(CERTIFICATE_STACKS.flatMap((stack) => STACKS[stack]))];
    const loaded = families.flatMap((family) => ([400, 700] as const).map(async (weight) => {
      const font = (await loadFont(family, weight)) as unknown as { stream: { buffer: Uint8Array } };
      return [`${family}-${weight}`, font.stream.buffer] as const;
    }));
    const bytes = new Map<string, Uint8Array>(await Promise.all(loaded));
    return (family: FamilyName, bold: boolean) => bytes.get(`${family}-${bold ? 700 : 400}`)!;
  })();
  return faces;
}

const INPUTS_MARK = 'declaration-press-inputs-';
/** Files written at once while the batch goes on: enough to hide the disk's latency, few enough to bound memory (~50 KB each). */
const WRITES_IN_FLIGHT = 16;

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
    bytes = await readFile(file);
  } catch {
    return false;
  }
  const mark = INPUTS_MARK + hash;
  const utf16 = Buffer.from(mark, 'utf16le').swap16();
  return bytes.includes(mark, 0, 'latin1') || bytes.includes(utf16);
}

/** Checks an option against a product's choices. */
function checkChoice<T extends string>(name: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value)) throw new PressError('BAD_OPTION', `${name}: "${value}" is not allowed; allowed: ${allowed.join(', ')}`);
  return value;
}

/** Everything a batch shares, prepared once: texts, wording, fonts, hashes. */
interface Batch {
  wording: CertificateWording;
  declarationTitle: { en: string; ko: string };
  typeset: Typeset;
  page: { width: number; height: number };
  geometry: CertificateGeometry;
  /** The static layer (border, title, body, date, issuer, seal), rendered once by react-pdf, parsed by pdf-lib. */
  staticLayer: PDFDocument;
  /** Its page, ready for the separate certificates' documents. */
  staticPage: StaticPage;
  /** The faces the variable layer is set in. */
  faces: FaceBytes;
  /** Hash of everything that is the same for every certificate. */
  sharedHash: string;
  keywords: string;
  author: string;
  created: Date;
}

async function prepareBatch(options: CertificateOptions, paper: CertificatePaper, orientation: Orientation): Promise<Batch> {
  const dataDir = options.dataDir ?? DATA_DIR;
  const wordingFile = join(dataDir, 'certificate.json');
  const [texts, wording] = await Promise.all([loadTexts(options.dataDir), readJson(wordingFile, certificateWordingSchema)]);
  registerBundledFonts();
  // The wording is checked whole (a bad character there fails the batch); rows one by one, below.
  const declarationFile = displayPath(join(dataDir, 'declaration.json'));
  const ts = await typeset([...textsOf(texts.declaration.title, declarationFile, 'title'), ...textsOf(wording, displayPath(wordingFile))], CERTIFICATE_STACKS);
  const sharedHash = createHash('sha256')
    .update(JSON.stringify({ template: CERTIFICATE_TEMPLATE_VERSION, wording, title: texts.declaration.title, labels: texts.labels.document, paper, orientation }))
    .update(await hashFonts())
    .digest('hex');
  const page = orient(PAPER[paper], orientation);
  const batch = {
    wording,
    declarationTitle: texts.declaration.title,
    typeset: ts,
    page,
    geometry: certificateGeometry(page),
    faces: await loadFaces(),
    sharedHash,
    keywords: texts.labels.document.keywords.en,
    author: `${wording.issuer.en} / ${wording.issuer.ko}`,
    created: creationDate(new Date(`${wording.date}T00:00:00Z`)),
  };
  // template + render, once per batch: everything that is the same on every certificate.
  const staticLayer = await loadPdf(await render(documentFor(batch, [null], sharedHash, wording.title.en)));
  return { ...batch, staticLayer, staticPage: await prepareStaticPage(staticLayer) };
}

/** The document information of a certificate file, with its input hash in the keywords. */
function metaFor(batch: Batch, hash: string, title: string) {
  return {
    title,
    author: batch.author,
    subject: `${batch.wording.title.en} / ${batch.wording.title.ko}: ${batch.declarationTitle.en}`,
    // ASCII only, so the mark is stored as Latin-1 (see hasInputs).
    keywords: `${batch.keywords.replace(/[^\x20-\x7e]/g, '')}, ${INPUTS_MARK}${hash}`,
    language: 'ko',
    creationDate: batch.created,
  };
}

/** The whole certificate as one react-pdf document: the static layer's render (`null`), and the reference the tests compare the fast path with. */
export function documentFor(batch: Omit<Batch, 'staticLayer' | 'staticPage'>, entries: (CertificateEntry | null)[], hash: string, title: string) {
  return createElement(CertificateDocument, {
    wording: batch.wording,
    declarationTitle: batch.declarationTitle,
    page: batch.page,
    certificates: entries,
    typeset: batch.typeset,
    meta: metaFor(batch as Batch, hash, title),
  });
}

/**
 * Step "finish" of the fast path: certificates as pages of one pdf-lib document, each the static
 * layer plus that certificate's own parts. One certificate starts from the static page (see
 * addStaticPage); a combined file embeds it once as a form XObject that every page draws, and
 * subsets each face once for all pages.
 */
async function composeCertificates(batch: Batch, entries: { entry: CertificateEntry; signature?: Uint8Array }[], hash: string, title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  let pages: PDFPage[];
  let background: PDFEmbeddedPage | undefined;
  if (entries.length === 1) {
    pages = [addStaticPage(doc, batch.staticPage)];
  } else {
    background = await doc.embedPage(batch.staticLayer.getPage(0));
    pages = entries.map(() => doc.addPage([batch.page.width, batch.page.height]));
  }
  const layers: VariableLayer[] = entries.map(({ entry, signature }) => ({
    variables: certificateVariables(batch.typeset, batch.wording, batch.declarationTitle, batch.geometry, entry),
    signature,
  }));
  await drawVariableLayers(doc, pages, layers, batch.faces, background);
  const meta = metaFor(batch, hash, title);
  doc.setTitle(meta.title);
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setCreator('declaration-press');
  doc.setProducer('declaration-press (react-pdf, pdf-lib)');
  // pdf-lib writes keywords as UTF-16 hex; the input mark must be findable as Latin-1 (see hasInputs).
  doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of('Keywords'), PDFString.of(meta.keywords.replace(/[\\()]/g, '\\$&')));
  doc.setCreationDate(meta.creationDate);
  doc.setModificationDate(meta.creationDate);
  doc.setLanguage(meta.language);
  // savePdf's options, and no pause every 50 objects: pdf-lib yields with setTimeout (≥ 1 ms each).
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/** A path inside `dir`, or a WRITE_FAILED error: defence in depth behind certificateFileNames. */
function inside(dir: string, name: string): string {
  const file = resolve(dir, name);
  const rel = relative(dir, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes('/') || rel.includes('\\')) {
    throw new PressError('WRITE_FAILED', `refusing to write "${name}" outside the output folder`, displayPath(dir));
  }
  return file;
}

/**
 * The rows of a signatory list in file order, good and bad: a row with several problems is one bad
 * row, so row numbers (certificate numbers) and shards stay those of the file.
 */
export async function loadRows(file: string): Promise<{ list: SignatoryList; rows: Row[] }> {
  const list = await loadSignatories(file);
  const bad = new Map<number, PressError[]>();
  for (const error of list.errors) bad.set(lineOf(error), [...(bad.get(lineOf(error)) ?? []), error]);
  const rows: Row[] = [
    ...list.signatories.map((signatory): Row => ({ kind: 'good', signatory })),
    ...[...bad].map(([line, errors]): Row => ({
      kind: 'bad',
      line,
      error: errors.length === 1 ? errors[0]! : new PressError('BAD_DATA', errors.map((error) => error.message.slice((error.where ?? '').length + 2)).join('; '), errors[0]!.where),
    })),
  ].sort((a, b) => (a.kind === 'good' ? a.signatory.line : a.line) - (b.kind === 'good' ? b.signatory.line : b.line));
  return { list, rows };
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
export async function buildCertificates(options: CertificateOptions): Promise<CertificateSummary> {
  const started = performance.now();
  const paper = checkChoice('--paper', options.paper ?? CERTIFICATE_DEFAULTS.paper, PRODUCTS.certificates.papers);
  const orientation = checkChoice('--orientation', options.orientation ?? CERTIFICATE_DEFAULTS.orientation, ORIENTATIONS);
  const shard = options.shard ?? { index: 1, count: 1 };
  parseShard(`${shard.index}/${shard.count}`);
  if (!options.out && !options.combined) throw new PressError('BAD_OPTION', 'nothing to make: give --out DIR (one PDF per signatory), --combined FILE (one PDF), or both');

  // load + validate
  const { list, rows } = await loadRows(options.signatories);
  // Names are made from the whole list, so every shard agrees on them.
  const names = certificateFileNames(rows.map((row) => (row.kind === 'good' ? row.signatory : {})));
  const digits = Math.max(4, String(rows.length).length);
  const [from, to] = partRange(rows.length, shard, options.part);
  const batch = await prepareBatch(options, paper, orientation);

  const items: ItemResult[] = [];
  const combined: { entry: CertificateEntry; signature?: Uint8Array }[] = [];
  const combinedHash = createHash('sha256').update(batch.sharedHash);
  const total = to - from + (options.combined ? 1 : 0);
  const report = (item: ItemResult) => {
    items.push(item);
    options.onItem?.(item, items.length, total);
  };
  // Items are reported in row order through one chain; at most WRITES_IN_FLIGHT files are being
  // written while the next certificates are composed (a write waits on the disk, ~2-3 ms each).
  let chain = Promise.resolve();
  let inFlight = 0;
  const queue = async (item: () => ItemResult | Promise<ItemResult>) => {
    inFlight++;
    chain = chain.then(async () => {
      report(await item());
      inFlight--;
    });
    if (inFlight > WRITES_IN_FLIGHT) await chain;
  };
  const outDir = options.out && resolve(options.out);

  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    if (row.kind === 'bad') {
      await queue(() => ({ status: 'failed', origin: row.error.where ?? list.file, error: row.error.message }));
      continue;
    }
    const { signatory } = row;
    try {
      // typeset: coverage per row, so one emoji fails one certificate, not the batch
      const [missing] = await findMissingGlyphs(rowTexts(signatory), ['serif']);
      if (missing) throw missing;
      const entry: CertificateEntry = {
        nameKo: signatory.nameKo,
        nameEn: signatory.nameEn,
        roleKo: signatory.roleKo,
        roleEn: signatory.roleEn,
        signature: signatory.signature,
        number: String(i + 1).padStart(digits, '0'),
      };
      const signature = signatory.signature ? new Uint8Array(await readFile(signatory.signature)) : undefined;
      const hash = createHash('sha256')
        .update(batch.sharedHash)
        .update(JSON.stringify({ ...entry, signature: signature ? createHash('sha256').update(signature).digest('hex') : null }))
        .digest('hex');
      if (options.combined) combined.push({ entry, signature });
      combinedHash.update(hash);
      if (!outDir) continue;
      const file = inside(outDir, names[i]!);
      if (!options.force && (await hasInputs(file, hash))) {
        await queue(() => ({ status: 'skipped', origin: signatory.origin, file: displayPath(file) }));
        continue;
      }
      const title = `${batch.wording.title.en}: ${[signatory.nameKo, signatory.nameEn].filter(Boolean).join(' / ')}`;
      // finish (pdf-lib: the static layer plus this row) + write (atomic)
      const bytes = await composeCertificates(batch, [{ entry, signature }], hash, title);
      // write (atomic), while the next certificate is composed; reported in row order.
      const written = write(file, bytes).then(
        (shown): ItemResult => ({ status: 'made', origin: signatory.origin, file: shown }),
        (error: unknown): ItemResult => {
          if (!(error instanceof PressError)) throw error;
          return { status: 'failed', origin: signatory.origin, error: error.message };
        },
      );
      await queue(() => written);
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      await queue(() => ({ status: 'failed', origin: signatory.origin, error: error.message }));
    }
  }
  await chain;

  if (options.combined) {
    const file = resolve(options.combined);
    const hash = combinedHash.digest('hex');
    if (combined.length === 0) {
      report({ status: 'failed', origin: displayPath(file), error: `${displayPath(file)}: no certificate to print: every row of this slice failed` });
    } else if (!options.force && (await hasInputs(file, hash))) {
      report({ status: 'skipped', origin: displayPath(file), file: displayPath(file) });
    } else {
      try {
        const bytes = await composeCertificates(batch, combined, hash, `${batch.wording.title.en} / ${batch.wording.title.ko}`);
        report({ status: 'made', origin: displayPath(file), file: await write(file, bytes) });
      } catch (error) {
        if (!(error instanceof PressError)) throw error;
        report({ status: 'failed', origin: displayPath(file), error: error.message });
      }
    }
  }

  return summarise(items, to - from, shard, started);
}

/** The summary of a batch from its items, in row order (the combined file last). */
export function summarise(items: ItemResult[], total: number, shard: Shard, started: number): CertificateSummary {
  const count = (status: ItemResult['status']) => items.filter((item) => item.status === status).length;
  return {
    made: count('made'),
    skipped: count('skipped'),
    failed: count('failed'),
    total,
    ms: Math.round(performance.now() - started),
    shard: `${shard.index}/${shard.count}`,
    items,
  };
}
