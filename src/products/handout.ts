/**
 * The handout: the declaration in both languages, an 'about' panel and a QR code on one sheet
 * (front and back where it needs two pages), or two of them at A5 / half-letter, two-up on an A4
 * or Letter sheet. The same pipeline steps as the declaration, plus finish (metadata) and imposition.
 */
import { join } from 'node:path';
import { createElement } from 'react';
import { z } from 'zod';
import { HandoutDocument, PRODUCTS } from '../../templates/index.js';
import { documentMeta } from './declaration.js';
import { PressError } from '../core/errors.js';
import { DATA_DIR, displayPath, readJson } from '../core/files.js';
import { finishPdf, loadPdf, type DocumentMetadata } from '../render/finish.js';
import { imposeTwoUp } from '../render/impose.js';
import { inch, mm, PAPER, type PageSize } from '../core/paper.js';
import { dataTexts, loadTexts, render, textsOf, typeset, write, type Texts } from '../render/pipeline.js';
import { makeQrMatrix } from '../core/qr.js';
import { bilingual, qrUrl } from '../input/schema.js';


/** The schema of `data/handout.json`. */
export const handoutWordsSchema = z
  .object({
    /** What the file is for (not printed). */
    about: z.string().optional(),
    /** Printed small under the panel: the summary was written for the handout and is not part of the declaration. */
    provenance: bilingual,
    /** The 'about' panel: its heading and its text (a summary written for the handout). */
    panel: z.object({ heading: bilingual, text: bilingual }).strict(),
    /** The QR code: where it leads and the caption under it. */
    qr: z.object({ url: qrUrl, caption: bilingual }).strict(),
    /** The line at the foot of a front page whose text continues on the back. */
    turnOver: bilingual,
  })
  .strict();

/** The handout's own words. */
export type HandoutWords = z.infer<typeof handoutWordsSchema>;

/** The papers a handout is printed on (from the product registry). */
export const HANDOUT_PAPERS = PRODUCTS.handout.papers;
/** A handout paper. */
export type HandoutPaper = (typeof HANDOUT_PAPERS)[number];
/** Handouts per sheet: 1, or 2 (two half-size handouts side by side, cut apart). */
export const HANDOUT_NUPS = PRODUCTS.handout.nups;

/** Each sheet and the half of it a two-up handout is made at: A5 on A4, half-letter (5.5 x 8.5 in) on Letter. */
export const HANDOUT_SHEETS: Record<HandoutPaper, { sheet: PageSize; half: PageSize }> = {
  a4: { sheet: PAPER.a4, half: { width: mm(148), height: mm(210) } },
  letter: { sheet: PAPER.letter, half: { width: inch(5.5), height: inch(8.5) } },
};

/** Front and back: a handout is one leaf. */
export const MAX_HANDOUT_PAGES = 2;

/** Options of the handout; every field has a default. */
export interface HandoutOptions {
  /** The sheet: a4 (default) or letter. */
  paper?: HandoutPaper;
  /** 1 (default): one handout per sheet; 2: two half-size handouts imposed on the sheet, with a cut mark. */
  nup?: 1 | 2;
  /** A folder with declaration.json, labels.json and handout.json instead of the bundled data/. */
  dataDir?: string;
}

/** The default options, for the CLI and the README. */
export const HANDOUT_DEFAULTS = { paper: 'a4', nup: 1 } as const;

/** The handout sets everything in Source Serif 4 and NanumMyeongjo, as the declaration does. */
const HANDOUT_STACKS = ['serif', 'myeongjo'] as const;

/** Step 1 for the handout: its own words, validated. */
export async function loadHandoutWords(dataDir: string = DATA_DIR): Promise<HandoutWords> {
  return readJson(join(dataDir, 'handout.json'), handoutWordsSchema);
}

function checkOptions(options: HandoutOptions): { paper: HandoutPaper; nup: 1 | 2 } {
  const paper = options.paper ?? HANDOUT_DEFAULTS.paper;
  if (!(HANDOUT_PAPERS as readonly string[]).includes(paper)) {
    throw new PressError('BAD_OPTION', `--paper: "${paper}" is not allowed; allowed: ${HANDOUT_PAPERS.join(', ')}`);
  }
  const nup = options.nup ?? HANDOUT_DEFAULTS.nup;
  if (!(HANDOUT_NUPS as readonly number[]).includes(nup)) {
    throw new PressError('BAD_OPTION', `--nup: "${nup}" is not allowed; allowed: ${HANDOUT_NUPS.join(', ')}`);
  }
  return { paper, nup };
}

/** The finished PDF's document information: the declaration's, with the handout named in the title. */
function handoutMetadata(texts: Texts): DocumentMetadata {
  const meta = documentMeta(texts, 'parallel');
  return {
    title: meta.title,
    author: meta.author,
    subject: meta.subject,
    keywords: meta.keywords.split(',').map((word) => word.trim()).filter(Boolean),
    language: meta.language,
    creator: 'declaration-press handout',
    producer: 'declaration-press (react-pdf, pdf-lib)',
    creationDate: meta.creationDate,
  };
}

/** Makes the handout PDF and returns its bytes (library API: throws PressError, prints nothing). */
export async function makeHandout(options: HandoutOptions = {}): Promise<Uint8Array> {
  const { paper, nup } = checkOptions(options);
  const { sheet, half } = HANDOUT_SHEETS[paper];
  const page = nup === 2 ? half : sheet;
  // load + validate
  const dataDir = options.dataDir ?? DATA_DIR;
  const [texts, words] = await Promise.all([loadTexts(dataDir), loadHandoutWords(dataDir)]);
  const wordsFile = displayPath(join(dataDir, 'handout.json'));
  const { url: _url, ...qrWords } = words.qr;
  // typeset: fonts and coverage, before layout
  const ts = await typeset([...dataTexts(texts, dataDir), ...textsOf({ ...words, qr: qrWords }, wordsFile)], HANDOUT_STACKS);
  // template + render
  const qr = makeQrMatrix(words.qr.url);
  const meta = documentMeta(texts, 'parallel');
  const element = createElement(HandoutDocument, { declaration: texts.declaration, labels: texts.labels, words, page, qr: qr.modules, typeset: ts, meta });
  const rendered = await render(element);
  const pages = (await loadPdf(rendered)).getPageCount();
  if (pages > MAX_HANDOUT_PAGES) {
    const size = nup === 2 ? `${paper === 'a4' ? 'A5' : 'half-letter'} (two-up)` : paper;
    throw new PressError(
      'BAD_DATA',
      `the handout runs to ${pages} pages at ${size}; allowed: at most ${MAX_HANDOUT_PAGES} (front and back): shorten panel.text`,
      wordsFile,
    );
  }
  // impose, then finish: reproducible metadata on what is written
  const laidOut = nup === 2 ? (await imposeTwoUp(rendered, { sheet })).bytes : rendered;
  return finishPdf(laidOut, { metadata: handoutMetadata(texts) });
}

/** The default output path of a handout, relative to the working directory. */
export function handoutOutputPath(paper: HandoutPaper, nup: 1 | 2): string {
  return `output/handout-${paper}${nup === 2 ? '-2up' : ''}.pdf`;
}

/** Makes the handout and writes it atomically to `out`; returns the path written. */
export async function buildHandout(options: HandoutOptions & { out: string }): Promise<string> {
  return write(options.out, await makeHandout(options));
}
