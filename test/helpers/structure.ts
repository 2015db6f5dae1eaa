/**
 * Reads a tagged PDF back: its structure tree (pdf-lib, from the StructTreeRoot down, in document
 * order) with the text of every marked-content sequence (pdf.js getTextContent with marked
 * content), and a walk of every content stream (the press's own lexer) for what is drawn outside
 * any structure element or artifact.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, PDFHexString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ContentLexer, isName, type Operand } from '../../src/core/content-lexer.js';
import { loadPdf } from '../../src/render/finish.js';

/** Marked content referenced by an element: its page (from 1), id, and the text pdf.js reads in it. */
export interface MarkedContent {
  page: number;
  mcid: number;
  text: string;
}

/** A structure element as read back. */
export interface Element {
  role: string;
  lang?: string;
  alt?: string;
  title?: string;
  /** Its scope, for a table header cell. */
  scope?: string;
  kids: (Element | MarkedContent)[];
}

/** The document's structure tree (its Document element), or undefined for an untagged file. */
export async function readStructure(bytes: Uint8Array): Promise<Element | undefined> {
  const doc = await loadPdf(bytes);
  const texts = await markedTexts(bytes);
  const pages = new Map(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return undefined;
  const text = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);
  const read = (dict: PDFDict, inherited?: PDFRef): Element => {
    const pg = dict.get(PDFName.of('Pg'));
    const pageRef = pg instanceof PDFRef ? pg : inherited;
    const attributes = dict.lookup(PDFName.of('A'));
    const scope = attributes instanceof PDFDict ? attributes.lookup(PDFName.of('Scope')) : undefined;
    const element: Element = {
      role: dict.lookup(PDFName.of('S'), PDFName).decodeText(),
      ...(text(dict.lookup(PDFName.of('Lang'))) ? { lang: text(dict.lookup(PDFName.of('Lang'))) } : {}),
      ...(text(dict.lookup(PDFName.of('Alt'))) ? { alt: text(dict.lookup(PDFName.of('Alt'))) } : {}),
      ...(text(dict.lookup(PDFName.of('T'))) ? { title: text(dict.lookup(PDFName.of('T'))) } : {}),
      ...(scope instanceof PDFName ? { scope: scope.decodeText() } : {}),
      kids: [],
    };
    const kids = dict.lookup(PDFName.of('K'));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : []) {
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      const content = (mcid: number, ref: PDFRef | undefined) => {
        const page = ref ? pages.get(ref.toString()) ?? 0 : 0;
        return { page, mcid, text: texts.get(`${page}:${mcid}`) ?? '' };
      };
      if (value instanceof PDFNumber) element.kids.push(content(value.asNumber(), pageRef));
      else if (value instanceof PDFDict && value.get(PDFName.of('MCID'))) {
        const mcrPage = value.get(PDFName.of('Pg'));
        element.kids.push(content(value.lookup(PDFName.of('MCID'), PDFNumber).asNumber(), mcrPage instanceof PDFRef ? mcrPage : pageRef));
      } else if (value instanceof PDFDict) element.kids.push(read(value, pageRef));
    }
    return element;
  };
  const top = root.lookup(PDFName.of('K'));
  const first = top instanceof PDFArray ? top.lookup(0, PDFDict) : (top as PDFDict);
  return read(first);
}

/** Whether a kid is an element (not marked content). */
export const isElement = (kid: Element | MarkedContent): kid is Element => 'role' in kid;

/** An element's text: its marked content's and its children's, in order, each piece separated by a space. */
export function textOf(element: Element): string {
  return element.kids.map((kid) => (isElement(kid) ? textOf(kid) : kid.text)).join(' ');
}

/** Every element under `element` (itself first), depth first: the reading order. */
export function allElements(element: Element): Element[] {
  return [element, ...element.kids.filter(isElement).flatMap(allElements)];
}

/** The elements of a role, in reading order. */
export function elementsOf(element: Element, role: string): Element[] {
  return allElements(element).filter((node) => node.role === role);
}

/** Every marked content the tree refers to, in reading order. */
export function contentsOf(element: Element): MarkedContent[] {
  return element.kids.flatMap((kid) => (isElement(kid) ? contentsOf(kid) : [kid]));
}

/** Text for comparing: no white space (lines break anywhere), no hyphen (a word hyphenated at a line's end), no no-break space. */
export const compact = (text: string): string => text.replace(/[\s\u00a0\u00ad\-‐]/g, '');

/** The text of every marked-content sequence with an id, by `page:mcid`, as pdf.js reads it. */
export async function markedTexts(bytes: Uint8Array): Promise<Map<string, string>> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const texts = new Map<string, string>();
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const open: (string | null)[] = [];
    for (const item of content.items) {
      if ('type' in item && (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps')) {
        const mcid = /_mc(\d+)$/.exec(item.id ?? '')?.[1];
        open.push(mcid === undefined ? null : `${p}:${mcid}`);
      } else if ('type' in item && item.type === 'endMarkedContent') {
        open.pop();
      } else if ('str' in item) {
        const key = [...open].reverse().find((id) => id !== null);
        if (key) texts.set(key, (texts.get(key) ?? '') + item.str);
      }
    }
  }
  await pdf.destroy();
  return texts;
}

/** The roles of a page's structure tree as pdf.js reads it (getStructTree), with their lang and alt. */
export async function pdfjsStructure(bytes: Uint8Array, pageNumber: number): Promise<{ role: string; lang?: string; alt?: string; contents: number }[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await pdf.getPage(pageNumber);
  const tree = await page.getStructTree();
  const out: { role: string; lang?: string; alt?: string; contents: number }[] = [];
  type Node = { role?: string; lang?: string; alt?: string; type?: string; children?: Node[] };
  const walk = (node: Node) => {
    if (node.role) out.push({ role: node.role, ...(node.lang ? { lang: node.lang } : {}), ...(node.alt ? { alt: node.alt } : {}), contents: (node.children ?? []).filter((kid) => kid.type === 'content').length });
    for (const kid of node.children ?? []) walk(kid);
  };
  if (tree) walk(tree as Node);
  await pdf.destroy();
  return out;
}

/** Something drawn outside every element and artifact: its page and operator, and the marked content around it. */
export interface Unmarked {
  page: number;
  operator: string;
}

/** Operators that draw: text, paths, images and forms, shadings. */
const DRAWING = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'Do', 'sh', 'BI']);

/**
 * Every drawing operator outside marked content with an MCID or an Artifact, walking each page's
 * content and, through Do, the forms it draws (an image drawn inside a Figure is inside its MCID).
 * Also counts what is drawn: `images` (image XObjects drawn, each with the element role around it).
 */
export async function walkMarkedContent(bytes: Uint8Array): Promise<{ unmarked: Unmarked[]; images: { page: number; owner: string }[]; drawn: number }> {
  const doc = await loadPdf(bytes);
  const unmarked: Unmarked[] = [];
  const images: { page: number; owner: string }[] = [];
  let drawn = 0;
  const walk = (content: Uint8Array, resources: PDFDict | undefined, page: number, stack: { tag: string; mcid: boolean }[], depth: number) => {
    const lexer = new ContentLexer(content);
    const operands: Operand[] = [];
    for (let token = lexer.next(); token; token = lexer.next()) {
      if (token.kind === 'operand') {
        operands.push(token.value);
        continue;
      }
      const op = token.value;
      if (op === 'BMC' || op === 'BDC') {
        const tag = isName(operands[0]) ? operands[0].value : '?';
        const props = operands[1];
        const mcid = typeof props === 'object' && props !== null && !Array.isArray(props) && props.kind === 'dict' && props.entries.has('MCID');
        stack.push({ tag, mcid });
      } else if (op === 'EMC') {
        stack.pop();
      } else if (DRAWING.has(op)) {
        drawn++;
        const marked = stack.some((entry) => entry.mcid || entry.tag === 'Artifact');
        let form: { content: Uint8Array; resources: PDFDict | undefined } | undefined;
        if (op === 'Do' && isName(operands[0])) {
          const xobject = resolve(doc, resolve(doc, resources?.get(PDFName.of('XObject'))) instanceof PDFDict ? (resolve(doc, resources!.get(PDFName.of('XObject'))) as PDFDict).get(PDFName.of(operands[0].value)) : undefined);
          if (xobject instanceof PDFRawStream) {
            const subtype = xobject.dict.lookup(PDFName.of('Subtype'));
            if (subtype instanceof PDFName && subtype.decodeText() === 'Image') {
              const owner = [...stack].reverse().find((entry) => entry.mcid || entry.tag === 'Artifact');
              images.push({ page, owner: owner?.tag ?? '' });
            } else if (depth < 8) {
              const own = resolve(doc, xobject.dict.get(PDFName.of('Resources')));
              form = { content: decodePDFRawStream(xobject).decode(), resources: own instanceof PDFDict ? own : resources };
            }
          }
        }
        if (!marked && !form) unmarked.push({ page, operator: op });
        if (form) walk(form.content, form.resources, page, [...stack], depth + 1);
      }
      operands.length = 0;
    }
  };
  doc.getPages().forEach((page, index) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => resolve(doc, ref)) : [contents];
    const parts = streams.map((stream) => (stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : new Uint8Array()));
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 1, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      joined[at + part.length] = 0x0a;
      at += part.length + 1;
    }
    walk(joined, page.node.Resources(), index + 1, [], 0);
  });
  return { unmarked, images, drawn };
}

function resolve(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}
