/**
 * A copy of the file for pdf.js whose page tree is balanced, so that reading every page's text is
 * linear in pages.
 *
 * pdf.js finds page i by walking /Kids from the first page, skipping only whole subtrees whose
 * /Count it knows (Catalog.getPageDict): in a flat tree of N pages, as pdf-lib and react-pdf write
 * them, that is i steps for page i and N²/2 for the file: a 20,000-page check took 300 s (a line
 * of text a page) and 385 s (certificates), 16 s and 117 s with this copy. A tree of at most FANOUT
 * kids a node costs pdf.js FANOUT steps a level. (pdf.js declined to trust a flat /Kids array:
 * mozilla/pdf.js#20359.)
 *
 * The copy is the file as it is, plus an incremental update (ISO 32000-1, 7.5.6) with new
 * intermediate /Pages nodes over the same page objects and a catalog pointing to them. Pages keep
 * their /Parent, so what they inherit (Resources, MediaBox, CropBox, Rotate) is unchanged.
 */
import { PDFDict, PDFName, PDFRef } from 'pdf-lib';
import type { PDFDocument, PDFPage } from 'pdf-lib';

/** Kids a /Pages node: pdf.js looks at up to this many a level to find a page. */
export const FANOUT = 32;

/**
 * The bytes for pdf.js, as a new array it may take over (detach): the file with a balanced page
 * tree appended when it has more than FANOUT pages, else a plain copy. Falls back to the copy when
 * the file's own structure (trailer, startxref) is not there to build on.
 */
export function pdfjsCopy(bytes: Uint8Array, doc: PDFDocument, pages: readonly PDFPage[]): Uint8Array {
  if (pages.length <= FANOUT) return bytes.slice();
  const root = doc.context.trailerInfo.Root;
  const catalog = root instanceof PDFRef ? doc.context.lookup(root) : undefined;
  const previous = lastStartXref(bytes);
  const size = previous === undefined || !startsSection(bytes, previous) ? undefined : trailerSize(bytes, previous);
  if (!(root instanceof PDFRef) || !(catalog instanceof PDFDict) || previous === undefined || size === undefined) return bytes.slice();

  // New objects take numbers no section has used. pdf-lib forgets the object streams and the
  // cross-reference stream it unpacked, so its largest number may be below theirs: /Size is not.
  let next = Math.max(doc.context.largestObjectNumber + 1, size);
  const first = next;
  const objects: Uint8Array[] = [];
  // Level by level from the leaves up: each node holds up to FANOUT of the level below.
  let level = pages.map((page) => ({ ref: page.ref, count: 1 }));
  do {
    const up: { ref: PDFRef; count: number }[] = [];
    for (let i = 0; i < level.length; i += FANOUT) {
      const kids = level.slice(i, i + FANOUT);
      const ref = PDFRef.of(next++);
      const count = kids.reduce((sum, kid) => sum + kid.count, 0);
      const node = `<< /Type /Pages /Kids [${kids.map((kid) => kid.ref.toString()).join(' ')}] /Count ${count} >>`;
      objects.push(latin1(node));
      up.push({ ref, count });
    }
    level = up;
  } while (level.length > 1);

  const newCatalog = catalog.clone();
  newCatalog.set(PDFName.of('Pages'), level[0]!.ref);

  // Byte offsets are counted from the start of the file: the update starts after the original.
  const parts: Uint8Array[] = [latin1('\n')];
  let offset = bytes.length + 1;
  const offsets: number[] = [];
  const add = (part: Uint8Array): void => {
    parts.push(part);
    offset += part.length;
  };
  objects.forEach((body, i) => {
    offsets.push(offset);
    add(latin1(`${first + i} 0 obj\n`));
    add(body);
    add(latin1('\nendobj\n'));
  });
  const catalogOffset = offset;
  add(latin1(`${root.objectNumber} ${root.generationNumber} obj\n`));
  add(serialise(newCatalog));
  add(latin1('\nendobj\n'));

  const xrefOffset = offset;
  const entry = (at: number, generation: number): string =>
    `${String(at).padStart(10, '0')} ${String(generation).padStart(5, '0')} n\r\n`;
  const trailer = PDFDict.withContext(doc.context);
  trailer.set(PDFName.of('Size'), doc.context.obj(next));
  trailer.set(PDFName.of('Root'), root);
  trailer.set(PDFName.of('Prev'), doc.context.obj(previous));
  for (const key of ['Info', 'ID'] as const) {
    const value = doc.context.trailerInfo[key];
    if (value) trailer.set(PDFName.of(key), value);
  }
  add(latin1([
    'xref\n',
    `${root.objectNumber} 1\n`,
    entry(catalogOffset, root.generationNumber),
    `${first} ${objects.length}\n`,
    ...offsets.map((at) => entry(at, 0)),
    'trailer\n',
  ].join('')));
  add(serialise(trailer));
  add(latin1(`\nstartxref\n${xrefOffset}\n%%EOF\n`));

  const out = new Uint8Array(offset);
  out.set(bytes, 0);
  let at = bytes.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The offset after the file's last `startxref`: where its newest cross-reference section is. */
function lastStartXref(bytes: Uint8Array): number | undefined {
  // It sits in the last kilobyte or so; a longer tail is trailing junk, which readers tolerate.
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 4096)));
  const match = /^startxref\s+(\d+)/.exec(tail.slice(Math.max(0, tail.lastIndexOf('startxref'))));
  return match ? Number(match[1]) : undefined;
}

/** Whether a cross-reference section, a table (`xref`) or a stream (`12 0 obj`), starts at `offset`: a file pdf-lib repaired may point elsewhere. */
function startsSection(bytes: Uint8Array, offset: number): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(offset, offset + 32));
  return /^\s*(xref|\d+\s+\d+\s+obj)/.test(head);
}

/** /Size of the cross-reference section at `offset`: one more than the largest object number in the file. */
function trailerSize(bytes: Uint8Array, offset: number): number | undefined {
  // A table's trailer follows its entries (digits only); a stream's dictionary precedes its data.
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('/Size', offset, 'latin1');
  if (at < 0) return undefined;
  const match = /^\/Size\s+(\d+)/.exec(new TextDecoder('latin1').decode(bytes.subarray(at, at + 32)));
  return match ? Number(match[1]) : undefined;
}

function serialise(dict: PDFDict): Uint8Array {
  const out = new Uint8Array(dict.sizeInBytes());
  dict.copyBytesInto(out, 0);
  return out;
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
