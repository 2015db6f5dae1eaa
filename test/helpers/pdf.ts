import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFArray, PDFRef } from 'pdf-lib';

/** A piece of text as pdfjs reads it back, with its position (PDF points, origin bottom left). */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  page: number;
}

/** Text items and lines of every page, read back with pdfjs-dist. */
export async function readText(bytes: Uint8Array): Promise<{ items: TextItem[]; pages: string[]; lines: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const items: TextItem[] = [];
  const pages: string[] = [];
  const lines: string[] = [];
  for (let p = 1; p <= doc.numPages; p += 1) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    // Group items into lines by their baseline, then read each line left to right.
    const rows = new Map<number, TextItem[]>();
    for (const raw of content.items) {
      if (!('str' in raw) || raw.str === '') continue;
      const item = { str: raw.str, x: raw.transform[4], y: raw.transform[5], page: p };
      items.push(item);
      const key = Math.round(item.y * 2) / 2;
      rows.set(key, [...(rows.get(key) ?? []), item]);
    }
    const pageLines: string[] = [];
    for (const key of [...rows.keys()].sort((a, b) => b - a)) {
      const row = rows.get(key)!.sort((a, b) => a.x - b.x);
      pageLines.push(row.map((item) => item.str).join(''));
    }
    lines.push(...pageLines);
    pages.push(pageLines.join('\n'));
  }
  await doc.destroy();
  return { items, pages, lines };
}

/**
 * The text of a two-column page read column by column: every page's left half, then every page's
 * right half (a parallel layout's English, then its Korean), each in reading order.
 */
export function readColumns(items: readonly TextItem[], pageWidth: number): string {
  const inOrder = (list: TextItem[]) =>
    list.sort((a, b) => a.page - b.page || Math.round(b.y * 2) - Math.round(a.y * 2) || a.x - b.x).map((item) => item.str).join('');
  return inOrder(items.filter((item) => item.x < pageWidth / 2)) + inOrder(items.filter((item) => item.x >= pageWidth / 2));
}

/** Removes all white space, so text wrapped differently still compares equal. */
export const squash = (text: string): string => text.replace(/\s+/g, '');

/** Every font of every page: its name, whether embedded, whether subset. */
export async function readFonts(bytes: Uint8Array): Promise<{ name: string; embedded: boolean; subset: boolean }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const fonts = new Map<string, { name: string; embedded: boolean; subset: boolean }>();
  // pdf-lib's object classes have protected constructors: match them by prototype.
  const lookup = <T>(value: unknown, type: { prototype: T }): T | undefined => {
    const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
    return resolved instanceof (type as unknown as new () => T) ? (resolved as T) : undefined;
  };
  for (const page of doc.getPages()) {
    const resources = lookup(page.node.get(PDFName.of('Resources')), PDFDict);
    const fontDict = lookup(resources?.get(PDFName.of('Font')), PDFDict);
    for (const [, ref] of fontDict?.entries() ?? []) {
      const font = lookup(ref, PDFDict)!;
      const name = String(font.get(PDFName.of('BaseFont'))).replace(/^\//, '');
      let descriptor = lookup(font.get(PDFName.of('FontDescriptor')), PDFDict);
      const descendants = lookup(font.get(PDFName.of('DescendantFonts')), PDFArray);
      if (descendants) descriptor = lookup(lookup(descendants.get(0), PDFDict)?.get(PDFName.of('FontDescriptor')), PDFDict);
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
      fonts.set(name, { name, embedded, subset: /^[A-Z]{6}\+/.test(name) });
    }
  }
  return [...fonts.values()];
}

/** Page sizes (MediaBox width and height) in points. */
export async function readPageSizes(bytes: Uint8Array): Promise<{ width: number; height: number }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => page.getSize());
}

/** Every font program in a document (Type0 fonts by their descendants): its name and whether its glyphs are embedded. */
export function listFonts(doc: PDFDocument): { name: string; embedded: boolean }[] {
  const fonts: { name: string; embedded: boolean }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookup(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    // A Type0 font's glyphs live in its descendant, which is listed on its own.
    if (object.lookup(PDFName.of('Subtype')) === PDFName.of('Type0')) continue;
    const descriptor = object.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
    fonts.push({ name: String(object.lookup(PDFName.of('BaseFont'))), embedded });
  }
  return fonts;
}

/**
 * The objects of a PDF file written without object streams (as pdf-lib and the certificates'
 * writer write them), by number: each stream's data inflated where it is deflated and its /Length
 * left out, so that two files whose streams are deflated differently compare equal when they hold
 * the same. Throws where the cross-reference table gives an object an offset it is not at.
 */
export function inflatedObjects(bytes: Uint8Array): Map<number, string> {
  const text = Buffer.from(bytes).toString('latin1');
  const start = /startxref\n(\d+)\n%%EOF$/.exec(text);
  if (!start) throw new Error('no startxref at the end');
  const table = /^xref\n0 (\d+)\n/.exec(text.slice(Number(start[1])));
  if (!table) throw new Error('no xref table where startxref says');
  const objects = new Map<number, string>();
  // Entries are 20 bytes each; the first is the free head.
  let entry = Number(start[1]) + table[0].length + 20;
  for (let number = 1; number < Number(table[1]); number++, entry += 20) {
    const offset = Number(text.slice(entry, entry + 10));
    const head = `${number} 0 obj\n`;
    if (!text.startsWith(head, offset)) throw new Error(`xref: object ${number} is not at ${offset}`);
    const from = offset + head.length;
    const end = text.indexOf('\nendobj\n', from);
    const stream = text.indexOf('>>\nstream\n', from);
    if (stream < 0 || stream > end) {
      objects.set(number, text.slice(from, end));
      continue;
    }
    const dict = text.slice(from, stream + 2);
    const length = Number(/\/Length (\d+)\n/.exec(dict)?.[1]);
    const data = bytes.subarray(stream + 10, stream + 10 + length);
    if (!text.startsWith('\nendstream\nendobj\n', stream + 10 + length)) throw new Error(`object ${number}: its stream is not /Length ${length} long`);
    const decoded = dict.includes('/Filter /FlateDecode\n') ? inflateSync(data) : Buffer.from(data);
    objects.set(number, `${dict.replace(/\/Length \d+\n/, '')}\nstream\n${decoded.toString('latin1')}`);
  }
  return objects;
}
