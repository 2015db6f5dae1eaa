/** The document information every PDF carries; src/render/metadata.ts builds it from the data. */
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
