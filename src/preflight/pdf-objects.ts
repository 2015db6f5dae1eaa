/**
 * Lenient lookups in pdf-lib's object graph: a preflight must describe a broken file, not crash on
 * it, so every lookup that can fail returns undefined instead.
 */
import { PDFDict, PDFName, PDFNumber, PDFRawStream, PDFStream, decodePDFRawStream } from 'pdf-lib';
import type { PDFContext, PDFObject, PDFPage } from 'pdf-lib';

/** The object a reference points to (or the object itself); undefined for a dangling reference. */
export function resolve(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  try {
    return context.lookup(obj);
  } catch {
    return undefined;
  }
}

/** A dictionary, or a stream's dictionary, or undefined. */
export function asDict(context: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const value = resolve(context, obj);
  if (value instanceof PDFDict) return value;
  if (value instanceof PDFStream) return value.dict;
  return undefined;
}

/** A dictionary's entry, resolved. */
export function entry(context: PDFContext, dict: PDFDict | undefined, key: string): PDFObject | undefined {
  return dict ? resolve(context, dict.get(PDFName.of(key))) : undefined;
}

/** A dictionary's entry when it is a name, decoded. */
export function nameOf(context: PDFContext, dict: PDFDict | undefined, key: string): string | undefined {
  const value = entry(context, dict, key);
  return value instanceof PDFName ? value.decodeText() : undefined;
}

/** A dictionary's entry when it is a number. */
export function numberOf(context: PDFContext, dict: PDFDict | undefined, key: string): number | undefined {
  const value = entry(context, dict, key);
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

/** An entry that the page may inherit from its page-tree ancestors (Resources, MediaBox, CropBox). */
export function inherited(page: PDFPage, key: string): PDFObject | undefined {
  try {
    return page.node.getInheritableAttribute(PDFName.of(key));
  } catch {
    return undefined;
  }
}

/** A stream's contents with its filters undone; throws on a filter pdf-lib cannot undo. */
export function decodeStream(stream: PDFStream): Uint8Array {
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  // Streams pdf-lib built itself (never the case for a loaded file) know their plain contents.
  const unencoded = (stream as { getUnencodedContents?: () => Uint8Array }).getUnencodedContents;
  return unencoded ? unencoded.call(stream) : stream.getContents();
}

/** An error's message, for a detail line. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
