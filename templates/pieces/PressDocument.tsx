import { Document } from '@react-pdf/renderer';
import type { ReactNode } from 'react';

/** Document metadata every product carries. */
export interface DocumentMeta {
  /** Title, in the document's language(s). */
  title: string;
  /** Author. */
  author: string;
  /** Subject. */
  subject: string;
  /** Keywords, comma-separated. */
  keywords: string;
  /** BCP 47 language of the document: en or ko. */
  language: string;
  /** Creation date: fixed, so the same inputs give byte-identical PDFs. */
  creationDate: Date;
}

/** A react-pdf Document with the house metadata. */
export function PressDocument({ meta, children }: { meta: DocumentMeta; children: ReactNode }) {
  return (
    <Document
      title={meta.title}
      author={meta.author}
      subject={meta.subject}
      keywords={meta.keywords}
      language={meta.language}
      creator="declaration-press"
      producer="declaration-press (react-pdf)"
      creationDate={meta.creationDate}
      modificationDate={meta.creationDate}
    >
      {children}
    </Document>
  );
}
