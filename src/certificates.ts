/**
 * Signatory certificates: one PDF per signatory, and/or one combined print file, batch-built from a
 * signatory list on the pipeline's steps (load + validate, typeset, template, render, write).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { createElement } from 'react';
import { CertificateDocument, CERTIFICATE_TEMPLATE_VERSION, ORIENTATIONS, orient, type CertificateEntry, type Orientation } from '../templates/Certificate.js';
import { PRODUCTS } from '../templates/index.js';
import { PressError } from './error.js';
import { creationDate, DATA_DIR, displayPath, FONTS_DIR, readJson, registerBundledFonts } from './files.js';
import { FONT_FILES } from './fonts.js';
import { loadSignatories } from './load-signatories.js';
import { certificateFileNames } from './output-name.js';
import { PAPER } from './paper.js';
import type { Signatory } from './parse-signatories.js';
import { loadTexts, render, textsOf, typeset, write } from './pipeline.js';
import { certificateWordingSchema, type CertificateWording } from './schema.js';
import { findMissingGlyphs, type TextOrigin, type Typeset } from './typeset.js';

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
type Row = { kind: 'good'; signatory: Signatory } | { kind: 'bad'; line: number; error: PressError };

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

const INPUTS_MARK = 'declaration-press-inputs-';

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

async function hashFile(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
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
  const ts = await typeset([...textsOf(texts.declaration.title, declarationFile, 'title'), ...textsOf(wording, displayPath(wordingFile))]);
  const sharedHash = createHash('sha256')
    .update(JSON.stringify({ template: CERTIFICATE_TEMPLATE_VERSION, wording, title: texts.declaration.title, labels: texts.labels.document, paper, orientation }))
    .update(await hashFonts())
    .digest('hex');
  return {
    wording,
    declarationTitle: texts.declaration.title,
    typeset: ts,
    page: orient(PAPER[paper], orientation),
    sharedHash,
    keywords: texts.labels.document.keywords.en,
    author: `${wording.issuer.en} / ${wording.issuer.ko}`,
    created: creationDate(new Date(`${wording.date}T00:00:00Z`)),
  };
}

function documentFor(batch: Batch, entries: CertificateEntry[], hash: string, title: string) {
  return createElement(CertificateDocument, {
    wording: batch.wording,
    declarationTitle: batch.declarationTitle,
    page: batch.page,
    certificates: entries,
    typeset: batch.typeset,
    meta: {
      title,
      author: batch.author,
      subject: `${batch.wording.title.en} / ${batch.wording.title.ko}: ${batch.declarationTitle.en}`,
      // ASCII only, so the mark is stored as Latin-1 (see hasInputs).
      keywords: `${batch.keywords.replace(/[^\x20-\x7e]/g, '')}, ${INPUTS_MARK}${hash}`,
      language: 'ko',
      creationDate: batch.created,
    },
  });
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
  const list = await loadSignatories(options.signatories);
  // A row with several problems is one bad row, so row numbers and shards stay those of the file.
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
  // Names are made from the whole list, so every shard agrees on them.
  const names = certificateFileNames(rows.map((row) => (row.kind === 'good' ? row.signatory : {})));
  const digits = Math.max(4, String(rows.length).length);
  const [from, to] = shardRange(rows.length, shard);
  const batch = await prepareBatch(options, paper, orientation);

  const items: ItemResult[] = [];
  const combined: CertificateEntry[] = [];
  const combinedHash = createHash('sha256').update(batch.sharedHash);
  const total = to - from + (options.combined ? 1 : 0);
  const report = (item: ItemResult) => {
    items.push(item);
    options.onItem?.(item, items.length, total);
  };
  const outDir = options.out && resolve(options.out);

  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    if (row.kind === 'bad') {
      report({ status: 'failed', origin: row.error.where ?? list.file, error: row.error.message });
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
      const hash = createHash('sha256')
        .update(batch.sharedHash)
        .update(JSON.stringify({ ...entry, signature: signatory.signature ? await hashFile(signatory.signature) : null }))
        .digest('hex');
      combined.push(entry);
      combinedHash.update(hash);
      if (!outDir) continue;
      const file = inside(outDir, names[i]!);
      if (!options.force && (await hasInputs(file, hash))) {
        report({ status: 'skipped', origin: signatory.origin, file: displayPath(file) });
        continue;
      }
      const title = `${batch.wording.title.en}: ${[signatory.nameKo, signatory.nameEn].filter(Boolean).join(' / ')}`;
      // template + render + write (atomic)
      const bytes = await render(documentFor(batch, [entry], hash, title));
      report({ status: 'made', origin: signatory.origin, file: await write(file, bytes) });
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      report({ status: 'failed', origin: signatory.origin, error: error.message });
    }
  }

  if (options.combined) {
    const file = resolve(options.combined);
    const hash = combinedHash.digest('hex');
    if (combined.length === 0) {
      report({ status: 'failed', origin: displayPath(file), error: `${displayPath(file)}: no certificate to print: every row of this slice failed` });
    } else if (!options.force && (await hasInputs(file, hash))) {
      report({ status: 'skipped', origin: displayPath(file), file: displayPath(file) });
    } else {
      try {
          const bytes = await render(documentFor(batch, combined, hash, `${batch.wording.title.en} / ${batch.wording.title.ko}`));
        report({ status: 'made', origin: displayPath(file), file: await write(file, bytes) });
      } catch (error) {
        if (!(error instanceof PressError)) throw error;
        report({ status: 'failed', origin: displayPath(file), error: error.message });
      }
    }
  }

  const count = (status: ItemResult['status']) => items.filter((item) => item.status === status).length;
  return {
    made: count('made'),
    skipped: count('skipped'),
    failed: count('failed'),
    total: to - from,
    ms: Math.round(performance.now() - started),
    shard: `${shard.index}/${shard.count}`,
    items,
  };
}
