/** The signing sheet (browser-safe half): the title and mottos, then numbered blank lines to sign at an event. */
import { createElement } from 'react';
import { z } from 'zod';
import { PAPER } from '../../core/paper.js';
import { dataTexts } from '../../input/data-texts.js';
import type { Texts } from '../../input/schema.js';
import { layoutLangs } from '../../layout/declaration-layout.js';
import { composeDocument, inputsKeywords, type ComposeSteps } from '../../render/compose.js';
import { finishPdf } from '../../render/finish.js';
import { documentMetadata } from '../../render/metadata.js';
import { SigningSheetDocument } from '../../../templates/Declaration.js';
import { option, wholeNumber } from '../options.js';
import { OFFICE_PAPERS, withSigningPlan } from './declaration.js';
import type { DocumentSpec } from './spec.js';

const lines = wholeNumber(0, 1000);

const options = z
  .object({
    paper: option(z.enum(OFFICE_PAPERS).default('a4'), { description: 'Paper size' }),
    signatureLines: option(lines.schema.default(30), {
      description: 'Numbered signing lines: the fewest pages that hold them, at least 4 on each',
      allowed: lines.allowed,
    }),
  })
  .strict();

/** The signing sheet's options, parsed. */
export type SigningSheetOptions = z.output<typeof options>;

/** What the signing sheet prints. */
export interface SigningSheetData {
  /** The declaration and labels. */
  texts: Texts;
  /** Where the data came from, for messages. */
  dataDir: string;
}

/** The signing sheet's steps after loading. */
export const signingSheetSteps: ComposeSteps<SigningSheetOptions, SigningSheetData> = {
  stacks: ['serif', 'myeongjo'],
  texts: (d) => dataTexts(d.texts, d.dataDir),
  element: (d, o, typeset, inputs) =>
    // The lines start under the title: a first page with the title alone would be no signing sheet.
    withSigningPlan(o.signatureLines, PAPER[o.paper], false, { product: 'signing-sheet', paper: o.paper, count: o.signatureLines, texts: d.texts }, (signing) =>
      createElement(SigningSheetDocument, {
        declaration: d.texts.declaration,
        labels: d.texts.labels,
        page: PAPER[o.paper],
        signatureLines: o.signatureLines,
        signing,
        typeset,
        meta: documentMetadata(d.texts, layoutLangs('stacked'), { keywords: inputsKeywords(inputs) }),
      }),
    ),
  // The metadata again, as XMP with the PDF/UA identification (finish.ts).
  finish: (rendered, d, _o, inputs) => finishPdf(rendered, { metadata: documentMetadata(d.texts, layoutLangs('stacked'), { keywords: inputsKeywords(inputs) }) }),
};

/** The signing sheet, without its loading. */
export const signingSheetSpec: DocumentSpec<typeof options, SigningSheetData> = {
  kind: 'document',
  name: 'signing-sheet',
  describe: 'A signing sheet for an event: the title, the mottos and numbered blank lines, in both languages',
  options,
  // test/products/signing-sheet.test.ts makes each example and checks the page count it states.
  examples: [
    ['$0 signing-sheet', '30 numbered lines on two A4 pages'],
    ['$0 signing-sheet --paper letter --signature-lines 60', '60 numbered lines on three Letter pages'],
  ],
  output: (o) => `signing-sheet-${o.paper}.pdf`,
  weight: () => 1,
  compose: (data, o, inputs) => composeDocument(signingSheetSteps, data, o, inputs),
};
