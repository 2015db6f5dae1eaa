import { Document } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import type { DocumentMetadata } from '../../src/core/document-metadata.js';
import './tags.js';

/**
 * A react-pdf Document with the house metadata (src/render/metadata.ts builds it), tagged: a
 * structure tree from the templates' `tag` and `artifact` props (pieces/tags.ts), PDF 1.7 as
 * PDF/UA-1 requires.
 */
export function PressDocument({ meta, children }: { meta: DocumentMetadata; children: ReactNode }) {
  return (
    <Document
      tagged
      pdfVersion="1.7"
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
