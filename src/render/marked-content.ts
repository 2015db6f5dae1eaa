/**
 * Marked content in imposition. A tagged page copied onto a sheet keeps its marked content and its
 * structure (two-up.ts); a second copy of it on the same sheet, or the parts of a poster cut onto
 * sheets (tile-poster.ts), is page furniture: drawn as an artifact, without the marked-content ids
 * that belong to the one copy a reader reads (ISO 14289-1, 7.1: no tagged content inside an artifact).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  PDFRawStream,
  PDFRef,
  type PDFContext,
  type PDFDocument,
  type PDFObject,
  type PDFObjectCopier,
  type PDFPage,
  type PDFPageLeaf,
} from 'pdf-lib';
import { ContentLexer } from '../core/content-lexer.js';

/** The marked-content operators (ISO 32000-1, 14.6). */
const MARKING = new Set(['BMC', 'BDC', 'EMC', 'MP', 'DP']);

/**
 * A content stream without its marked content: every BMC, BDC, EMC, MP and DP with its operands
 * taken out, everything else byte for byte (what is drawn does not change).
 */
export function withoutMarkedContent(content: Uint8Array): Uint8Array {
  const lexer = new ContentLexer(content);
  const kept: Uint8Array[] = [];
  let from = 0; // the first byte not yet kept or dropped
  let operands = 0; // where the operands of the next operator begin (just after the last operator)
  for (let token = lexer.next(); token; token = lexer.next()) {
    if (token.kind === 'operand') continue;
    if (MARKING.has(token.value)) {
      kept.push(content.subarray(from, operands), NEWLINE);
      from = lexer.offset;
    }
    operands = lexer.offset;
  }
  kept.push(content.subarray(from));
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of kept) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const NEWLINE = new Uint8Array([0x0a]);

/** A page's content, its streams decoded and joined, as a reader draws them (ISO 32000-1, 7.8.2). */
export function pageContent(context: PDFContext, page: PDFPageLeaf): Uint8Array {
  const contents = page.get(PDFName.of('Contents'));
  const refs: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const parts = refs.map((ref) => {
    const stream = ref instanceof PDFRef ? context.lookup(ref) : ref;
    if (!(stream instanceof PDFRawStream)) throw new Error(`a page's content is a ${stream?.constructor.name ?? 'missing object'}, not a stream`);
    return decodePDFRawStream(stream).decode();
  });
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 1, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    out[at + part.length] = 0x0a;
    at += part.length + 1;
  }
  return out;
}

/**
 * A page of another document as a form XObject of `doc`, clipped to `box` (its own coordinates),
 * without its marked content: what pdf-lib's embedPage makes, for a copy drawn as an artifact.
 * `copier` copies the page's resources (the same copier gives the same copies to the page itself).
 */
export function embedWithoutMarkedContent(doc: PDFDocument, copier: PDFObjectCopier, source: PDFPage, box: { x: number; y: number; width: number; height: number }): PDFRef {
  const resources = source.node.get(PDFName.of('Resources')) ?? source.node.Resources();
  return doc.context.register(
    doc.context.flateStream(withoutMarkedContent(pageContent(source.doc.context, source.node)), {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [box.x, box.y, box.x + box.width, box.y + box.height],
      Matrix: [1, 0, 0, 1, -box.x, -box.y],
      Resources: resources ? copier.copy(resources) : {},
    }),
  );
}

/** An artifact of `type` begins (ISO 32000-1, 14.8.2.2): page furniture a reader skips. */
export function beginArtifact(type: 'Pagination' | 'Layout' | 'Page' | 'Background'): PDFOperator {
  return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Artifact'), `<</Type /${type}>>`]);
}

/** Marked content (an artifact, an element's content) ends. */
export function endMarkedContent(): PDFOperator {
  return PDFOperator.of(PDFOperatorNames.EndMarkedContent);
}
