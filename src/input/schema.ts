import { z } from 'zod';
import { qrUrlProblem } from '../core/qr.js';

/** A non-empty, trimmed text field. */
export const text = z.string().trim().min(1);
/** The same words in English and Korean. */
export const bilingual = z.object({ en: text, ko: text }).strict();
/** A QR code's address: an absolute http(s) URL short enough for a code that scans. */
export const qrUrl = text.superRefine((value, context) => {
  const problem = qrUrlProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** The canonical declaration (`data/declaration.json`). */
export const declarationSchema = z
  .object({
    about: z.string(),
    source: z.string(),
    adopted: z.object({ date: z.iso.date(), place: bilingual }).strict(),
    title: bilingual,
    dateLine: bilingual,
    mottos: z.object({ en: z.array(text).length(3), ko: z.array(text).length(3) }).strict(),
    preamble: z.object({ en: z.array(text).min(1), ko: z.array(text).min(1) }).strict(),
    callToAction: z.object({ en: text, ko: text.nullable() }).strict(),
    directives: z.array(bilingual).length(7),
    closing: bilingual,
    slogan: bilingual,
    repairs: z.array(z.object({ where: text, found: text, repaired: text, why: text }).strict()),
    notes: z.array(z.string()),
  })
  .strict();

/** The canonical declaration, English and Korean aligned by section. */
export type Declaration = z.infer<typeof declarationSchema>;

/** A pair of words in both languages. */
export type Bilingual = z.infer<typeof bilingual>;

const placeholders = (allowed: readonly string[]) => (value: string) => [...value.matchAll(/\{([^}]*)\}/g)].every((match) => allowed.includes(match[1]!));
/** Words in both languages that may hold only these {placeholders}. */
const withPlaceholders = (allowed: readonly string[]) =>
  z
    .object({ en: text, ko: text })
    .strict()
    .refine((pair) => placeholders(allowed)(pair.en) && placeholders(allowed)(pair.ko), {
      message: `has an unknown {placeholder}; allowed: ${allowed.map((name) => `{${name}}`).join(', ')}`,
    });

/** Headings and labels printed around the declaration (`data/labels.json`). */
export const labelsSchema = z
  .object({
    about: z.string(),
    shortTitle: bilingual,
    signatories: bilingual,
    signingSheet: bilingual,
    /** The running title over the signing lines on each page after the first. */
    signingContinued: bilingual,
    name: bilingual,
    signature: bilingual,
    date: bilingual,
    role: bilingual,
    /** The mark on every page of a sample (placeholder names): one word, printed large. */
    sample: bilingual,
    /** What the sample mark means, printed beside it. */
    sampleNote: bilingual,
    page: bilingual,
    continued: bilingual,
    /**
     * Alternative text, what a screen reader says for a picture: a signature ({name}: the
     * signatory's names), a certificate's seal ({issuer}, and {text}: the words on it), a QR code ({url}),
     * a signed certificate's QR code ({host}: the verify page's host).
     */
    alt: z.object({ signature: withPlaceholders(['name']), seal: withPlaceholders(['issuer', 'text']), qr: withPlaceholders(['url']), verify: withPlaceholders(['host']) }).strict(),
    document: z.object({ author: bilingual, subject: bilingual, keywords: z.object({ en: z.array(text).min(1), ko: z.array(text).min(1) }).strict() }).strict(),
  })
  .strict();

/** Headings and labels, in both languages. */
export type Labels = z.infer<typeof labelsSchema>;

/** The declaration's words and the labels around them. */
export interface Texts {
  /** data/declaration.json. */
  declaration: Declaration;
  /** data/labels.json. */
  labels: Labels;
}

/** The wording of the signatory certificates (`data/certificate.json`). */
export const certificateWordingSchema = z
  .object({
    about: z.string().optional(),
    /** The title, spaced out in Korean as certificates are ("서 명 증 서"). */
    title: bilingual,
    /** The certificate's number line; {number} is the row's number in the list. */
    number: withPlaceholders(['number']),
    /** The label before the name. */
    nameLabel: bilingual,
    /** The sentence that certifies; {declaration} is the declaration's title, {event} the `event` below. */
    body: withPlaceholders(['declaration', 'event']),
    /** Where and when the declaration was adopted, as the body sentence reads it. */
    event: bilingual,
    /** The date of issue, YYYY-MM-DD: printed in both languages, and the PDFs' creation date. */
    date: z.iso.date(),
    /** Who issues the certificate. */
    issuer: bilingual,
    /** The words on the seal: a short Korean word in its centre (up to 8 syllables), a short Latin line round the top of its ring (up to 20 characters, set at 6 pt or more). */
    seal: z.object({ ko: z.string().trim().min(1).max(8), en: z.string().trim().min(1).max(20) }).strict(),
    /** A sample certificate's mark (`--sample`): the word in both languages, and a line on what it means. */
    sample: z.object({ ko: text, en: text, note: bilingual }).strict(),
    /** Signed certificates (`certificates --key`): `url` is the organiser's verify page, which each certificate's QR code opens with its claim in the fragment. */
    verify: z
      .object({
        url: z
          .string()
          .refine((url) => /^https?:\/\/[^\s#]+$/.test(url.trim()), { message: 'is not allowed; allowed: an http(s) address without a #fragment, such as https://example.org/verify' }),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The wording of the signatory certificates. */
export type CertificateWording = z.infer<typeof certificateWordingSchema>;

/** The {placeholders} each piece of a tiled poster's wording may use. */
export const TILE_PLACEHOLDERS = {
  sheet: ['index', 'count', 'row', 'column'],
  first: ['sheet', 'here'],
  next: ['sheet', 'edges', 'under', 'here'],
  one: ['a'],
  two: ['a', 'b'],
  steps: ['count', 'overlap', 'here'],
  map: ['count', 'rows', 'columns'],
} as const;

/** Numbered steps in both languages that may hold only these {placeholders}. */
const stepsWithPlaceholders = (allowed: readonly string[]) =>
  z
    .object({ en: z.array(text).min(1), ko: z.array(text).min(1) })
    .strict()
    .refine((pair) => [...pair.en, ...pair.ko].every(placeholders(allowed)), {
      message: `has an unknown {placeholder}; allowed: ${allowed.map((name) => `{${name}}`).join(', ')}`,
    });

/** The wording of a tiled poster: the label under each sheet, the "overlap here" marks, the assembly map. */
const tileWordsSchema = z
  .object({
    /** Which sheet: {index} of {count}, at {row} and {column}. */
    sheet: withPlaceholders(TILE_PLACEHOLDERS.sheet),
    /** The label of the top-left sheet, which nothing is laid on: {sheet} is the line above, {here} the overlap words. */
    first: withPlaceholders(TILE_PLACEHOLDERS.first),
    /** The label of every other sheet: cut off the {edges} margin, lay it on {under}'s strip marked {here}. */
    next: withPlaceholders(TILE_PLACEHOLDERS.next),
    /** The margins a sheet loses: its left, its top, or both. */
    edges: z.object({ left: bilingual, top: bilingual, both: bilingual }).strict(),
    /** The sheets a sheet is laid on: one ({a}) or two ({a} and {b}). */
    under: z.object({ one: withPlaceholders(TILE_PLACEHOLDERS.one), two: withPlaceholders(TILE_PLACEHOLDERS.two) }).strict(),
    /** The words beside each strip a neighbour is laid on ("overlap here"). */
    here: bilingual,
    /** The assembly map's drawing in words, for a screen reader: {count} sheets in {rows} rows and {columns} columns. */
    map: withPlaceholders(TILE_PLACEHOLDERS.map),
    /** The assembly map: its heading and numbered steps ({count} sheets, {overlap} the strip's width, {here} the overlap words). */
    guide: z.object({ title: bilingual, steps: stepsWithPlaceholders(TILE_PLACEHOLDERS.steps) }).strict(),
  })
  .strict();

/** The wording of a tiled poster. */
export type TileWording = z.infer<typeof tileWordsSchema>;

/** The posters' own words (`data/poster.json`). */
export const posterDataSchema = z
  .object({
    /** What the file is for (not printed). */
    about: z.string().optional(),
    /** One line under the slogan (where and when, who organises); null to print none. */
    event: bilingual.nullable(),
    /** The QR code: where it leads and the words beside it. */
    qr: z.object({ url: qrUrl, caption: bilingual }).strict(),
    /** What a poster tiled onto office sheets says: each sheet's label, the overlap marks, the assembly map. */
    tiles: tileWordsSchema,
  })
  .strict();

/** The posters' own words. */
export type PosterData = z.infer<typeof posterDataSchema>;

/** The handout's own words (`data/handout.json`). */
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

/** The social cards' own words (`data/social.json`). */
export const socialWordsSchema = z
  .object({
    /** What the file is for (not printed). */
    about: z.string().optional(),
    /** The call card's words: a heading and a sentence, in both languages. */
    call: z.object({ heading: bilingual, text: bilingual }).strict(),
    /** The call card's QR code: where it leads (else data/poster.json's qr.url) and the caption under it. */
    qr: z.object({ url: qrUrl.optional(), caption: bilingual }).strict(),
  })
  .strict();

/** The social cards' own words. */
export type SocialWords = z.infer<typeof socialWordsSchema>;
