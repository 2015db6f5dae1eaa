/**
 * Document metadata, built in one place for every product: the title, author, subject and keywords
 * of the declaration's data (labels.json) in the languages the document prints, its main language,
 * and a fixed creation date so the same inputs give the same bytes.
 */
import { creationDate } from '../core/document-metadata.js';
import type { DocumentMetadata } from '../core/document-metadata.js';
import type { Texts } from '../input/schema.js';

/** A language a document prints. */
export type DocumentLang = 'en' | 'ko';

/** What a product adds to the declaration's metadata. */
export interface MetadataOptions {
  /** A title instead of the declaration's (a certificate names its signatory). */
  title?: string;
  /** An author instead of the declaration's signatories (a certificate's issuer). */
  author?: string;
  /** A subject instead of the declaration's. */
  subject?: string;
  /** Said after the subject: "(A2 (420 x 594 mm) poster)". */
  subjectSuffix?: string;
  /** The main language, when it is not the first language printed (a certificate's keywords are English, its page Korean first). */
  language?: DocumentLang;
  /** Extra keywords after the declaration's. */
  keywords?: string[];
  /** Which renderers wrote the file: react-pdf alone, or react-pdf and pdf-lib. */
  producer?: 'react-pdf' | 'react-pdf, pdf-lib';
  /** Creation date before SOURCE_DATE_EPOCH; default the adoption date. */
  date?: string;
}

/**
 * The metadata of a document printing `langs` (in reading order): words joined "English / Korean"
 * in that order for two languages, keywords of each language in turn, the first language as /Lang.
 */
export function documentMetadata({ declaration, labels }: Texts, langs: readonly DocumentLang[], options: MetadataOptions = {}): DocumentMetadata {
  const ordered = langs.length > 1 ? (['en', 'ko'] as const) : langs;
  const pick = (pair: { en: string; ko: string }) => ordered.map((lang) => pair[lang]).join(' / ');
  const subject = options.subject ?? pick(labels.document.subject);
  return {
    title: options.title ?? pick(declaration.title),
    author: options.author ?? pick(labels.document.author),
    subject: options.subjectSuffix ? `${subject} (${options.subjectSuffix})` : subject,
    keywords: [...ordered.flatMap((lang) => labels.document.keywords[lang]), ...(options.keywords ?? [])],
    language: options.language ?? langs[0] ?? 'en',
    creator: 'declaration-press',
    producer: `declaration-press (${options.producer ?? 'react-pdf'})`,
    creationDate: creationDate(new Date(`${options.date ?? declaration.adopted.date}T00:00:00Z`)),
  };
}
