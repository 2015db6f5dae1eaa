/**
 * The handout (browser-safe half): the declaration in both languages, an 'about' panel and a QR code on one sheet
 * (front and back where it needs two pages), or two of them at A5 / half-letter, two-up on an A4
 * or Letter sheet, to cut apart.
 */
import { createElement } from 'react';
import { z } from 'zod';
import { PressError } from '../../core/errors.js';
import { PAPER } from '../../core/paper.js';
import { makeQrMatrix } from '../../core/qr.js';
import { dataFile, dataTexts, textsOf } from '../../input/data-texts.js';
import type { HandoutWords, Texts } from '../../input/schema.js';
import { finishPdf, loadPdf } from '../../render/finish.js';
import { imposeTwoUp } from '../../render/two-up.js';
import { documentMetadata } from '../../render/metadata.js';
import { composeDocument, inputsKeywords, type ComposeSteps } from '../../render/compose.js';
import { composeHandout, HANDOUT_BODY_FLOOR } from '../../layout/handout-layout.js';
import { HandoutDocument } from '../../../templates/Handout.js';
import { option } from '../options.js';
import type { DocumentSpec } from './spec.js';

/** Each sheet a handout is printed on, and the half of it a two-up handout is made at. */
export const HANDOUT_SHEETS = {
  a4: { sheet: PAPER.a4, half: PAPER.a5 },
  letter: { sheet: PAPER.letter, half: PAPER['half-letter'] },
} as const;

/** Front and back: a handout is one leaf. */
export const MAX_HANDOUT_PAGES = 2;

const options = z
  .object({
    paper: option(z.enum(['a4', 'letter']).default('a4'), { description: 'The sheet printed on' }),
    nup: option(z.literal([1, 2]).default(1), {
      description: '1: one handout on the sheet; 2: two A5 (half-letter) handouts side by side, to cut apart',
    }),
  })
  .strict();

/** The handout's options, parsed. */
export type HandoutOptions = z.output<typeof options>;

/** What the handout prints. */
export interface HandoutData {
  /** The declaration and labels. */
  texts: Texts;
  /** The handout's own words (handout.json). */
  words: HandoutWords;
  /** Where the data came from, for messages. */
  dataDir: string;
}

/** The data, and the height the composition keeps free on the last page, pt (see compose). */
type HandoutInput = HandoutData & { reserve: number };

/** The page a handout is made at, for messages: "a4", "A5 (two-up)". */
const sizeOf = (o: HandoutOptions): string => (o.nup === 2 ? `${HANDOUT_SHEETS[o.paper].half.label} (two-up)` : o.paper);

/** One side on A4 and Letter; front and back at A5 and half-letter. */
const pagesOf = (o: HandoutOptions): 1 | 2 => (o.nup === 2 ? 2 : 1);

/** The handout took more pages than it may: make tries a smaller size before passing it on. */
class RunsOver extends PressError {}

/**
 * Each try's reserve: none, then one to three body lines. The model counts lines as a breaker that
 * never squeezes a space fills them, so a second try is for a breaker that breaks earlier still.
 */
const RESERVES = [0, 12, 24, 36];

const steps: ComposeSteps<HandoutOptions, HandoutInput> = {
  stacks: ['serif', 'myeongjo'],
  texts(d) {
    // The QR address is drawn as a code, not set in type.
    const { url: _url, ...qr } = d.words.qr;
    return [...dataTexts(d.texts, d.dataDir), ...textsOf({ ...d.words, qr }, dataFile(d.dataDir, 'handout.json'))];
  },
  element(d, o, typeset, inputs) {
    const qr = makeQrMatrix(d.words.qr.url, { fewestModules: true });
    const composition = composeHandout({
      page: o.nup === 2 ? HANDOUT_SHEETS[o.paper].half : HANDOUT_SHEETS[o.paper].sheet,
      pages: pagesOf(o),
      declaration: d.texts.declaration,
      words: d.words,
      qrModules: qr.size,
      typeset,
      reserve: d.reserve,
    });
    const floor = o.nup === 2 ? HANDOUT_BODY_FLOOR.twoPages : HANDOUT_BODY_FLOOR.onePage;
    if (composition.base < floor) {
      throw new PressError(
        'BAD_DATA',
        `panel: the handout fits ${sizeOf(o)} only with its body at ${composition.base} pt; allowed: ${floor} pt or more: shorten panel.text or provenance`,
        dataFile(d.dataDir, 'handout.json'),
      );
    }
    return createElement(HandoutDocument, {
      declaration: d.texts.declaration,
      labels: d.texts.labels,
      words: d.words,
      composition,
      qr: qr.modules,
      typeset,
      meta: documentMetadata(d.texts, ['en', 'ko'], { keywords: inputsKeywords(inputs) }),
    });
  },
  async finish(rendered, d, o, inputs) {
    const parsed = await loadPdf(rendered);
    const pages = parsed.getPageCount();
    if (pages > pagesOf(o)) {
      throw new RunsOver(
        'BAD_DATA',
        `the handout runs to ${pages} pages at ${sizeOf(o)}; allowed: ${pagesOf(o) === 1 ? '1 (one side)' : `${MAX_HANDOUT_PAGES} (front and back)`}: shorten panel.text`,
        dataFile(d.dataDir, 'handout.json'),
      );
    }
    // impose, then finish: reproducible metadata on what is written
    const laidOut = o.nup === 2 ? (await imposeTwoUp(rendered, { sheet: HANDOUT_SHEETS[o.paper].sheet })).bytes : parsed;
    return finishPdf(laidOut, { metadata: documentMetadata(d.texts, ['en', 'ko'], { producer: 'react-pdf, pdf-lib', keywords: inputsKeywords(inputs) }) });
  },
};

/** The handout, without its loading. */
export const handoutSpec: DocumentSpec<typeof options, HandoutData> = {
  kind: 'document',
  name: 'handout',
  describe: 'A one-sheet handout: the declaration in both languages, an about panel and a QR code (or two A5/half-letter handouts two-up)',
  options,
  examples: [
    ['$0 handout --paper letter', 'One Letter sheet: the declaration, the about panel and the QR code'],
    ['$0 handout --nup 2', 'Two A5 handouts on A4 landscape, front and back: print duplex (flip on short edge), cut once'],
  ],
  output: (o) => `handout-${o.paper}${o.nup === 2 ? '-2up' : ''}.pdf`,
  weight: (o) => (o.nup === 2 ? 3 : 2),
  async compose(data, o, inputs) {
    // The body is sized from the fonts (handout-layout.ts); should react-pdf's line breaker still
    // take a line more than the model somewhere and run the text over, compose it again with room kept.
    for (const [i, reserve] of RESERVES.entries()) {
      try {
        return await composeDocument(steps, { ...data, reserve }, o, inputs);
      } catch (error) {
        if (!(error instanceof RunsOver) || i === RESERVES.length - 1) throw error;
      }
    }
    throw new Error('unreachable');
  },
};
