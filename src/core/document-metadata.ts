/** The document information every PDF carries; src/render/metadata.ts builds it from the data. */
import { PressError } from './errors.js';
/** The document information a finished PDF carries. */
export interface DocumentMetadata {
  /** Document title, shown in the viewer's title bar. */
  title: string;
  /** Author (the issuing organisation or person). */
  author: string;
  /** One-line subject. */
  subject: string;
  /** Keywords, one phrase each ("human rights"). */
  keywords: string[];
  /** Main language as a BCP 47 tag (`en`, `ko`); goes to the catalog's /Lang. */
  language: string;
  /** The application that made the original content. */
  creator: string;
  /** The application that wrote the PDF. */
  producer: string;
  /** Creation date, also used as the modification date: fixed for reproducible output. */
  creationDate: Date;
}

/**
 * The creation date PDFs carry: SOURCE_DATE_EPOCH when set (reproducible builds), else `fallback`.
 * A browser has no environment: there it is always `fallback`.
 */
export function creationDate(fallback: Date): Date {
  const epoch = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return fallback;
  // A PDF date has a four-digit year: 9999-12-31T23:59:59Z is the last second one can say.
  const allowed = 'whole seconds since 1970, from 0 to 253402300799 (the end of the year 9999)';
  if (!/^\d+$/.test(epoch) || Number(epoch) > 253402300799) throw new PressError('BAD_OPTION', `SOURCE_DATE_EPOCH: "${epoch}" is not allowed; allowed: ${allowed}`);
  return new Date(Number(epoch) * 1000);
}
