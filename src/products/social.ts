/**
 * Social cards: the mottos, one directive, the slogan, or a call to read the declaration with a QR
 * code, as a picture sized for a feed, a story or a link preview, in the posters' type and colours.
 * A PNG by default (a card is made for a screen), the PDF it is pictured from with --format pdf.
 */
import { join } from 'node:path';
import { createElement } from 'react';
import { z } from 'zod';
import { makeQrMatrix, qrUrlProblem } from '../core/qr.js';
import { dataTexts, loadPosterData, loadSocialWords, loadTexts, textFiles, textsOf } from '../input/data.js';
import type { PosterData, SocialWords, Texts } from '../input/schema.js';
import { POSTER_LANGS, posterLangs, type PosterLang } from '../layout/poster-layout.js';
import { CARD_CONTENTS, CARD_SIZE_NAMES, CARD_SIZES, composeCard, type CardContent, type CardSizeName } from '../layout/social-layout.js';
import { finishPdf } from '../render/finish.js';
import { documentMetadata } from '../render/metadata.js';
import { documentInputs, makeDocument, type DocumentSteps, type MakeContext } from '../render/pipeline.js';
import { SocialDocument } from '../../templates/Social.js';
import { makeFiles, outputOptions, type OutputOptions } from './formats.js';
import { checkedBy, option, parseOptions } from './options.js';
import type { DocumentProduct } from './record.js';

const options = z
  .object({
    size: option(z.enum(CARD_SIZE_NAMES as [CardSizeName, ...CardSizeName[]]).default('square'), {
      description: 'square 1080x1080 and portrait 1080x1350 (a feed post), story 1080x1920, link 1200x630 (the preview of a shared link)',
    }),
    content: option(z.enum(CARD_CONTENTS).default('mottos'), {
      description: 'mottos (the three), directive-1 to directive-7 (one directive), slogan, or call (read the declaration, with a QR code)',
    }),
    lang: option(z.enum(POSTER_LANGS as [PosterLang, ...PosterLang[]]).default('both'), { description: 'both: Korean with English; ko, en: one language' }),
    qr: option(checkedBy(z.string().optional(), (value) => (value === undefined ? undefined : qrUrlProblem(value))), {
      description: "Where the call card's QR code leads [default: qr.url in data/social.json, else in data/poster.json]",
    }),
  })
  .strict();

/** A social card's options, parsed. */
export type SocialOptions = z.output<typeof options>;

interface SocialData {
  texts: Texts;
  poster: PosterData;
  words: SocialWords;
  dataDir: string;
}

/** Where a card's words come from, for a message when they do not fit. */
function originOf(content: CardContent, dataDir: string): string {
  return join(dataDir, content === 'call' ? 'social.json' : 'declaration.json');
}

/** The metadata of a card: the declaration's, with what the card is in its subject, and its inputs keyword. */
function cardMetadata(texts: Texts, o: SocialOptions, inputs: string) {
  const { first, second } = posterLangs(o.lang);
  return documentMetadata(texts, second ? [first, second] : [first], { subjectSuffix: `social card, ${o.content}, ${CARD_SIZES[o.size].label}`, producer: 'react-pdf, pdf-lib', keywords: [inputs] });
}

/** Where the call card's QR code leads: --qr, else social.json's address, else the posters'. */
const qrUrl = (d: SocialData, o: SocialOptions) => o.qr ?? d.words.qr.url ?? d.poster.qr.url;

const steps: DocumentSteps<SocialOptions, SocialData> = {
  product: 'social',
  stacks: ['sans', 'serif', 'myeongjo'],
  reads: (_o, dataDir) => [...textFiles(dataDir), join(dataDir, 'poster.json'), join(dataDir, 'social.json')],
  async load(_o, dataDir) {
    const [texts, poster, words] = await Promise.all([loadTexts(dataDir), loadPosterData(dataDir), loadSocialWords(dataDir)]);
    return { texts, poster, words, dataDir };
  },
  // Every word a card may print (not the URL, which is drawn as a code).
  texts: (d) => [
    ...dataTexts(d.texts, d.dataDir),
    ...textsOf({ call: d.words.call, caption: d.words.qr.caption }, join(d.dataDir, 'social.json')),
    ...textsOf({ event: d.poster.event }, join(d.dataDir, 'poster.json')),
  ],
  element: (d, o, typeset, inputs) =>
    createElement(SocialDocument, {
      composition: composeCard({
        size: o.size,
        content: o.content,
        lang: o.lang,
        declaration: d.texts.declaration,
        labels: d.texts.labels,
        event: d.poster.event,
        call: d.words.call,
        caption: d.words.qr.caption,
        typeset,
        origin: originOf(o.content, d.dataDir),
      }),
      qr: o.content === 'call' ? makeQrMatrix(qrUrl(d, o)).modules : null,
      qrAlt: o.content === 'call' ? { text: d.texts.labels.alt.qr[posterLangs(o.lang).first].replaceAll('{url}', qrUrl(d, o)), lang: posterLangs(o.lang).first } : null,
      meta: cardMetadata(d.texts, o, inputs),
    }),
  finish: (rendered, d, o, inputs) => finishPdf(rendered, { metadata: cardMetadata(d.texts, o, inputs) }),
};

/** The social card product: a PNG at 72 dpi, one pixel a point, unless told otherwise. */
export const social: DocumentProduct<typeof options> = {
  kind: 'document',
  name: 'social',
  describe: 'A card for social media: the mottos, a directive, the slogan or a call with a QR code, sized for a feed, a story or a link preview (PNG)',
  options,
  examples: [
    ['$0 social', 'The three mottos on a square card, Korean and English: output/social-square-mottos-both.png'],
    ['$0 social --size story --content directive-3 --lang ko', 'The third directive in Korean, for a story'],
    ['$0 social --size link --content call --format pdf', 'A link preview with a QR code to the declaration, as a PDF'],
  ],
  output: (o) => `social-${o.size}-${o.content}-${o.lang}.png`,
  weight: () => 1.5,
  format: 'png',
  dpi: 72,
  make: (o, context) => makeDocument(steps, o, context),
  inputs: (o, context) => documentInputs(steps, o, context),
};

/**
 * Makes a social card (library API): its PNG by default, or its PDF with `format: 'pdf'`; `dpi`
 * scales the picture (72: the card's own pixel size, 144: twice as many pixels each way).
 */
export async function makeSocialCard(input: z.input<typeof options> & { format?: 'pdf' | 'png'; dpi?: number } & MakeContext = {}): Promise<Uint8Array> {
  const { dataDir, ...raw } = input;
  const parsed = parseOptions(outputOptions(social), raw) as OutputOptions;
  const [file] = await makeFiles(social, parsed, 'card', { dataDir });
  return file!.bytes;
}
