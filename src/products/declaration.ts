import { createElement } from 'react';
import { DeclarationDocument, PRODUCTS, SigningSheetDocument, type DocumentMeta, type Layout, type SignatoryEntry } from '../../templates/index.js';
import { PressError } from '../core/errors.js';
import { creationDate } from '../core/files.js';
import { loadSignatories } from '../input/load-signatories.js';
import { PAPER, type PaperName } from '../core/paper.js';
import { dataTexts, loadTexts, render, typeset, write, type Texts } from '../render/pipeline.js';
import type { TextOrigin } from '../fonts/typeset.js';

/** Options of the declaration product; every field has a default. */
export interface DeclarationOptions {
  /** Paper: a4 (default), letter or a3. */
  paper?: PaperName;
  /** parallel (default): side by side; stacked: Korean then English; en or ko: one language. */
  layout?: Layout;
  /** A CSV or XLSX list of signatories; without it, blank signing lines. */
  signatories?: string;
  /** How many blank signing lines (default 12). */
  signatureLines?: number;
  /** Mark the pages as a sample (placeholder signatories). */
  sample?: boolean;
  /** A folder with declaration.json and labels.json instead of the bundled data/. */
  dataDir?: string;
}

/** The declaration and signing sheet set everything in Source Serif 4 and NanumMyeongjo. */
const DECLARATION_STACKS = ['serif', 'myeongjo'] as const;

/** The default options, for the CLI and the README. */
export const DECLARATION_DEFAULTS = { paper: 'a4', layout: 'parallel', signatureLines: 12 } as const;

function checkChoice<T extends string>(name: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value)) throw new PressError('BAD_OPTION', `${name}: "${value}" is not allowed; allowed: ${allowed.join(', ')}`);
  return value;
}

/** Reads a signatory list, refusing it whole if any row is bad (a declaration is one document). */
async function loadEntries(file: string): Promise<{ entries: SignatoryEntry[]; texts: TextOrigin[] }> {
  const list = await loadSignatories(file);
  if (list.errors.length > 0) {
    const lines = list.errors.map((error) => `  ${error.message}`).join('\n');
    throw new PressError('BAD_DATA', `${list.errors.length} bad row(s) in the signatory list:\n${lines}`);
  }
  const texts = list.signatories.flatMap((row) =>
    (['nameKo', 'nameEn', 'roleKo', 'roleEn'] as const).flatMap((key) =>
      row[key] ? [{ origin: row.origin, field: key.replace(/[A-Z][a-z]$/, (m) => `_${m.toLowerCase()}`), text: row[key]! }] : [],
    ),
  );
  return { entries: list.signatories, texts };
}

/** The metadata of a document in a layout's language(s); the date is fixed for reproducible output. */
export function documentMeta({ declaration, labels }: Texts, layout: Layout): DocumentMeta {
  const pick = (pair: { en: string; ko: string }) => (layout === 'en' ? pair.en : layout === 'ko' ? pair.ko : `${pair.en} / ${pair.ko}`);
  return {
    title: pick(declaration.title),
    author: pick(labels.document.author),
    subject: pick(labels.document.subject),
    keywords: pick(labels.document.keywords),
    language: layout === 'en' || layout === 'parallel' ? 'en' : 'ko',
    creationDate: creationDate(new Date(`${declaration.adopted.date}T00:00:00Z`)),
  };
}

function checkLines(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 1000) {
    throw new PressError('BAD_OPTION', `--signature-lines: "${value}" is not allowed; allowed: a whole number from 0 to 1000`);
  }
  return value;
}

/** Makes the declaration PDF and returns its bytes (library API: throws PressError, prints nothing). */
export async function makeDeclaration(options: DeclarationOptions = {}, texts?: Texts): Promise<Uint8Array> {
  const paper = checkChoice('--paper', options.paper ?? DECLARATION_DEFAULTS.paper, PRODUCTS.declaration.papers);
  const layout = checkChoice('--layout', options.layout ?? DECLARATION_DEFAULTS.layout, PRODUCTS.declaration.layouts);
  const signatureLines = checkLines(options.signatureLines ?? DECLARATION_DEFAULTS.signatureLines);
  // load + validate
  const data = texts ?? (await loadTexts(options.dataDir));
  const signatories = options.signatories ? await loadEntries(options.signatories) : undefined;
  // typeset: fonts and coverage, before layout
  const ts = await typeset([...dataTexts(data, options.dataDir), ...(signatories?.texts ?? [])], DECLARATION_STACKS);
  // template
  const element = createElement(DeclarationDocument, {
    declaration: data.declaration,
    labels: data.labels,
    page: PAPER[paper],
    layout,
    signatories: signatories?.entries,
    signatureLines,
    sample: options.sample ?? false,
    typeset: ts,
    meta: documentMeta(data, layout),
  });
  // render
  return render(element);
}

/** Makes the declaration and writes it atomically to `out`; returns the path written. */
export async function buildDeclaration(options: DeclarationOptions & { out: string }): Promise<string> {
  return write(options.out, await makeDeclaration(options));
}

/** Options of the signing sheet. */
export interface SigningSheetOptions {
  /** Paper: a4 (default), letter or a3. */
  paper?: PaperName;
  /** How many numbered signing lines (default 30). */
  signatureLines?: number;
  /** A folder with declaration.json and labels.json instead of the bundled data/. */
  dataDir?: string;
}

/** Makes a signing sheet for an event: title, mottos and numbered blank lines, both languages. */
export async function makeSigningSheet(options: SigningSheetOptions = {}): Promise<Uint8Array> {
  const paper = checkChoice('--paper', options.paper ?? DECLARATION_DEFAULTS.paper, PRODUCTS['signing-sheet'].papers);
  const signatureLines = checkLines(options.signatureLines ?? 30);
  const data = await loadTexts(options.dataDir);
  const ts = await typeset(dataTexts(data, options.dataDir), DECLARATION_STACKS);
  const element = createElement(SigningSheetDocument, {
    declaration: data.declaration,
    labels: data.labels,
    page: PAPER[paper],
    signatureLines,
    typeset: ts,
    meta: documentMeta(data, 'stacked'),
  });
  return render(element);
}
