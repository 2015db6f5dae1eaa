/**
 * The declaration (browser-safe half): the whole text in one or both languages with its signatory
 * block (blank signing lines, or the names of a signatory list).
 */
import { createElement, type ReactElement } from 'react';
import { z } from 'zod';
import { PressError } from '../../core/errors.js';
import { PAPER } from '../../core/paper.js';
import type { PageSize } from '../../core/units.js';
import type { TextOrigin } from '../../fonts/typeset.js';
import { dataTexts } from '../../input/data-texts.js';
import type { SignatoryList } from '../../input/parse-signatories.js';
import type { Texts } from '../../input/schema.js';
import type { SignatoryEntry } from '../../layout/certificate-layout.js';
import { LAYOUTS, layoutLangs, type Layout } from '../../layout/declaration-layout.js';
import { LIST_MARK, LONG_LIST, planSigningPages, roomFromMarks, rowRange, type SigningPlan } from '../../layout/signing-pages.js';
import { baseSize } from '../../layout/theme.js';
import { composeDocument, inputsKeywords, type ComposeSteps } from '../../render/compose.js';
import { draftKey, measureMarks } from '../../render/measure.js';
import { finishPdf } from '../../render/finish.js';
import { documentMetadata } from '../../render/metadata.js';
import { DeclarationDocument } from '../../../templates/Declaration.js';
import { option, wholeNumber } from '../options.js';
import type { DocumentSpec } from './spec.js';

/** The office papers the declaration and signing sheet are printed on. */
export const OFFICE_PAPERS = ['a4', 'letter', 'a3'] as const;

const lines = wholeNumber(0, 1000);

const options = z
  .object({
    paper: option(z.enum(OFFICE_PAPERS).default('a4'), { description: 'Paper size' }),
    layout: option(z.enum(LAYOUTS as [Layout, ...Layout[]]).default('parallel'), {
      description: 'parallel: side by side; stacked: Korean then English; en, ko: one language',
    }),
    signatories: option(z.string().min(1).optional(), {
      description: 'CSV or XLSX list of signatories (name_ko,name_en,role_ko,role_en,signature)',
      path: 'input',
    }),
    signatureLines: option(lines.schema.default(12), { description: 'Blank signing lines when no --signatories', allowed: lines.allowed }),
    sample: option(z.boolean().default(false), { description: 'Mark every page as a sample (placeholder names)' }),
  })
  .strict();

/** The declaration's options, parsed (defaults filled). */
export type DeclarationOptions = z.output<typeof options>;

/** The names of a signatory list, and their texts with where each came from. */
export interface SignatoryEntries {
  /** The signatories, in the list's order. */
  entries: SignatoryEntry[];
  /** Their names and roles, for the coverage check. */
  texts: TextOrigin[];
}

/** What the declaration prints: its data, and the signatories when a list is given. */
export interface DeclarationData {
  /** The declaration and labels. */
  texts: Texts;
  /** Where the data came from, for messages. */
  dataDir: string;
  /** The signatory list's names, when one is given. */
  signatories?: SignatoryEntries;
}

/** A signatory list's names, refusing the list whole if any row is bad (a declaration is one document). */
export function signatoryEntries(list: SignatoryList): SignatoryEntries {
  const errors = list.rows.flatMap((row) => ('errors' in row ? row.errors : []));
  if (errors.length > 0) {
    const lines = errors.map((error) => `  ${error.message}`).join('\n');
    throw new PressError('BAD_DATA', `${errors.length} bad row(s) in the signatory list:\n${lines}`);
  }
  const entries = list.rows.flatMap((row) => ('signatory' in row ? [row.signatory] : []));
  const texts = entries.flatMap((row) =>
    (['nameKo', 'nameEn', 'roleKo', 'roleEn'] as const).flatMap((key) =>
      row[key] ? [{ origin: row.origin, field: key.replace(/[A-Z][a-z]$/, (m) => `_${m.toLowerCase()}`), text: row[key]! }] : [],
    ),
  );
  return { entries, texts };
}

/**
 * Where `count` signing lines go: a draft (`build('draft')`) is laid out by react-pdf to measure
 * the room the text leaves on its last page and the room on a page of lines alone, then the lines
 * are shared out over the fewest pages (planSigningPages), and the document is built with that
 * plan. `canMove`: the block may start on a new page rather than under the text. `draft`: what the
 * draft is made from, its key (a draft measured before in this process is not laid out again).
 */
export async function withSigningPlan(
  count: number,
  page: PageSize,
  canMove: boolean,
  draft: unknown,
  build: (signing: SigningPlan | 'draft') => ReactElement,
): Promise<ReactElement> {
  if (count === 0) return build(NO_LINES);
  const range = rowRange(baseSize(page));
  const marks = await measureMarks(() => build('draft'), draftKey(draft));
  return build(planSigningPages(count, roomFromMarks(marks, canMove), range));
}

/** The plan for no signing lines. */
const NO_LINES: SigningPlan = { pages: [], rowHeight: 0, breakBefore: false };

/** The declaration's steps after loading. */
export const declarationSteps: ComposeSteps<DeclarationOptions, DeclarationData> = {
  stacks: ['serif', 'myeongjo'],
  texts: (d) => [...dataTexts(d.texts, d.dataDir), ...(d.signatories?.texts ?? [])],
  async element(d, o, typeset, inputs) {
    const signatories = d.signatories?.entries;
    const named = signatories !== undefined && signatories.length > 0;
    const document = (signing: SigningPlan | 'draft', listStart: number | 'draft') =>
      createElement(DeclarationDocument, {
        declaration: d.texts.declaration,
        labels: d.texts.labels,
        page: PAPER[o.paper],
        layout: o.layout,
        signatories,
        signatureLines: o.signatureLines,
        signing,
        listStart,
        sample: o.sample,
        typeset,
        meta: documentMetadata(d.texts, layoutLangs(o.layout), { keywords: inputsKeywords(inputs) }),
      });
    // What the drafts are made from: the options that shape the page, the texts, whether any name
    // has a signature (the list then keeps room for one above each name), and a short list's
    // names (a long list's draft has none: templates/pieces/Signatories.tsx).
    const signed = signatories?.some((entry) => entry.signature) ?? false;
    const names = signatories === undefined ? undefined : signatories.length >= LONG_LIST ? 'long' : signatories;
    const draft = { product: 'declaration', paper: o.paper, layout: o.layout, sample: o.sample, count: o.signatureLines, texts: d.texts, names, signed };
    if (!named) return withSigningPlan(o.signatureLines, PAPER[o.paper], true, draft, (signing) => document(signing, 0));
    // The list's heading says "continued" on every page after the one it starts on: a draft says which.
    const marks = await measureMarks(() => document(NO_LINES, 'draft'), draftKey(draft));
    const start = marks.get(LIST_MARK);
    if (!start) throw new Error(`the draft has no mark "${LIST_MARK}"`);
    return document(NO_LINES, start.page);
  },
  // The metadata again, as XMP with the PDF/UA identification (finish.ts).
  finish: (rendered, d, o, inputs) => finishPdf(rendered, { metadata: documentMetadata(d.texts, layoutLangs(o.layout), { keywords: inputsKeywords(inputs) }) }),
};

/** The declaration, without its loading. */
export const declarationSpec: DocumentSpec<typeof options, DeclarationData> = {
  kind: 'document',
  name: 'declaration',
  describe: 'The declaration in English and Korean with its signatory block (blank signing lines or names)',
  options,
  examples: [
    ['$0 declaration --paper letter --layout stacked', 'Letter paper, Korean above English, 12 blank signing lines'],
    ['$0 declaration --signatories data/signatories.sample.csv --sample --out output/signed.pdf', 'A copy with the names'],
  ],
  output: (o) => `declaration-${o.paper}-${o.layout}.pdf`,
  weight: () => 3,
  compose: (data, o, inputs) => composeDocument(declarationSteps, data, o, inputs),
};
