import { Document } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import type { DocumentMetadata } from '../../src/core/document-metadata.js';

/** A react-pdf Document with the house metadata (src/render/metadata.ts builds it). */
export function PressDocument({ meta, children }: { meta: DocumentMetadata; children: ReactNode }) {
  return (
    <Document
      title={meta.title}
      author={meta.author}
      subject={meta.subject}
      keywords={meta.keywords.join(', ')}
      language={meta.language}
      creator={meta.creator}
      producer={meta.producer}
      creationDate={meta.creationDate}
      modificationDate={meta.creationDate}
    >
      {children}
    </Document>
  );
}
