/**
 * The content walk: reads each page's content streams with our lexer (lexer.ts), follows the
 * graphics state (q, Q, cm) into form XObjects, and notes what the checks need: where each image
 * is drawn and at what size, whether text is shown, and in which font.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFStream } from 'pdf-lib';
import type { PDFContext, PDFPage } from 'pdf-lib';
import type { ImagePlacement } from './images.js';
import { ContentLexer, isName, isString, isWhite, type Operand, type Token } from './lexer.js';
import { asDict, decodeStream, entry, messageOf, nameOf, numberOf, resolve } from './pdf-objects.js';

/** What walking the pages gathers, for the images and text checks. */
export interface ContentFacts {
  /** Every image drawing, in page order. */
  images: ImagePlacement[];
  /** The fonts that show visible text, with the pages they show it on. */
  textFonts: Map<PDFDict, Set<number>>;
  /** Content that could not be read, or draws what is not there (reported by the images check). */
  problems: string[];
  /** Text set in a font the resources do not have (reported by the text check). */
  textProblems: string[];
}

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** Forms nest rarely more than a few deep; the limit only stops pathological or cyclic files. */
const MAX_FORM_DEPTH = 32;

/** m × n in PDF's row-vector convention: apply m first, then n. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** One page's walk: the facts it adds to, and what it learns of the page itself. */
interface ContentWalk {
  context: PDFContext;
  page: number;
  facts: ContentFacts;
  drawsText: boolean;
}

/** Walks one page's content and the forms it draws, adding to `facts`; returns whether the page shows any glyph. */
export function walkPage(context: PDFContext, page: PDFPage, pageNo: number, resources: PDFDict | undefined, facts: ContentFacts): boolean {
  const walk: ContentWalk = { context, page: pageNo, facts, drawsText: false };
  const content = readPageContent(context, page, pageNo, facts.problems);
  if (content) walkContent(walk, content, resources, IDENTITY, '', new Set(), 0);
  return walk.drawsText;
}

function readPageContent(context: PDFContext, page: PDFPage, pageNo: number, problems: string[]): Uint8Array | undefined {
  const contents = resolve(context, page.node.get(PDFName.of('Contents')));
  const streams = contents instanceof PDFArray
    ? contents.asArray().map((item) => resolve(context, item))
    : [contents];
  const parts: Uint8Array[] = [];
  for (const stream of streams) {
    if (stream === undefined) continue;
    if (!(stream instanceof PDFStream)) {
      problems.push(`page ${pageNo}: /Contents holds a non-stream object`);
      continue;
    }
    try {
      parts.push(decodeStream(stream), NEWLINE);
    } catch (error) {
      problems.push(`page ${pageNo}: content stream cannot be decoded (${messageOf(error)})`);
    }
  }
  return parts.length > 0 ? concat(parts) : undefined;
}

// A page's streams split its content at token boundaries, but one need not end in white space:
// a newline between them keeps its last token apart from the next stream's first.
const NEWLINE = new Uint8Array([0x0a]);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function walkContent(
  walk: ContentWalk,
  content: Uint8Array,
  resources: PDFDict | undefined,
  start: Matrix,
  prefix: string,
  activeForms: Set<PDFStream>,
  depth: number,
): void {
  const { context, facts } = walk;
  const lexer = new ContentLexer(content);
  const stack: Matrix[] = [];
  let ctm = start;
  let font: PDFDict | undefined;
  let fontIsSimple = true;
  let operands: Operand[] = [];

  const noteText = (shown: Operand | undefined): void => {
    const strings = Array.isArray(shown) ? shown.filter(isString) : isString(shown) ? [shown] : [];
    // One-byte fonts code the space as 32; a string of spaces alone paints nothing to extract.
    const visible = strings.some((s) => fontIsSimple ? s.bytes.some((b) => !isWhite(b)) : s.bytes.length > 0);
    if (!visible) return;
    walk.drawsText = true;
    if (font) {
      const pages = facts.textFonts.get(font) ?? new Set<number>();
      pages.add(walk.page);
      facts.textFonts.set(font, pages);
    }
  };

  for (;;) {
    let token: Token | undefined;
    try {
      token = lexer.next();
    } catch (error) {
      facts.problems.push(`page ${walk.page}: content stream cannot be parsed (${messageOf(error)})`);
      return;
    }
    if (token === undefined) return;
    if (token.kind !== 'op') {
      operands.push(token.value);
      continue;
    }
    const args = operands;
    operands = [];
    switch (token.value) {
      case 'q':
        stack.push(ctm);
        break;
      case 'Q':
        ctm = stack.pop() ?? ctm;
        break;
      case 'cm': {
        const m = args.slice(-6);
        if (m.length === 6 && m.every((v): v is number => typeof v === 'number')) ctm = multiply(m as unknown as Matrix, ctm);
        break;
      }
      case 'Tf': {
        const name = args[0];
        font = undefined;
        fontIsSimple = true;
        if (isName(name)) {
          const fonts = asDict(context, resources?.get(PDFName.of('Font')));
          font = asDict(context, fonts?.get(PDFName.of(name.value)));
          if (font) fontIsSimple = nameOf(context, font, 'Subtype') !== 'Type0';
          else facts.textProblems.push(`page ${walk.page}: text uses font /${name.value}, which is not in the resources`);
        }
        break;
      }
      case 'Tj':
      case "'":
        noteText(args[0]);
        break;
      case '"':
        noteText(args[2]);
        break;
      case 'TJ':
        noteText(args[0]);
        break;
      case 'BI': {
        const image = token.inline;
        if (!image) break;
        const w = image.get('W') ?? image.get('Width');
        const h = image.get('H') ?? image.get('Height');
        if (typeof w === 'number' && typeof h === 'number') {
          facts.images.push(place(walk.page, `${prefix}inline image`, w, h, ctm));
        }
        break;
      }
      case 'Do': {
        const name = args[0];
        if (!isName(name)) break;
        const xobjects = asDict(context, resources?.get(PDFName.of('XObject')));
        const xobject = resolve(context, xobjects?.get(PDFName.of(name.value)));
        if (!(xobject instanceof PDFStream)) {
          facts.problems.push(`page ${walk.page}: /${name.value} is drawn but is not in the resources`);
          break;
        }
        const subtype = nameOf(context, xobject.dict, 'Subtype');
        if (subtype === 'Image') {
          const w = numberOf(context, xobject.dict, 'Width');
          const h = numberOf(context, xobject.dict, 'Height');
          if (w !== undefined && h !== undefined) facts.images.push(place(walk.page, `${prefix}/${name.value}`, w, h, ctm));
        } else if (subtype === 'Form') {
          if (activeForms.has(xobject) || depth >= MAX_FORM_DEPTH) {
            facts.problems.push(`page ${walk.page}: form /${name.value} draws itself (cycle) or nests too deep`);
            break;
          }
          let body: Uint8Array;
          try {
            body = decodeStream(xobject);
          } catch (error) {
            facts.problems.push(`page ${walk.page}: form /${name.value} cannot be decoded (${messageOf(error)})`);
            break;
          }
          const matrix = formMatrix(context, xobject.dict);
          // A form without its own Resources uses its parent's (allowed for PDF 1.1 files).
          const formResources = asDict(context, xobject.dict.get(PDFName.of('Resources'))) ?? resources;
          activeForms.add(xobject);
          walkContent(walk, body, formResources, multiply(matrix, ctm), `${prefix}/${name.value} `, activeForms, depth + 1);
          activeForms.delete(xobject);
        }
        break;
      }
      default:
        break;
    }
  }
}

function formMatrix(context: PDFContext, dict: PDFDict): Matrix {
  const array = entry(context, dict, 'Matrix');
  if (!(array instanceof PDFArray) || array.size() !== 6) return IDENTITY;
  const values = array.asArray().map((item) => resolve(context, item));
  if (!values.every((v): v is PDFNumber => v instanceof PDFNumber)) return IDENTITY;
  return values.map((v) => v.asNumber()) as unknown as Matrix;
}

/** The CTM maps the image's unit square to the page: its axes' lengths are the placed size. */
function place(page: number, name: string, widthPx: number, heightPx: number, ctm: Matrix): ImagePlacement {
  const widthPt = Math.hypot(ctm[0], ctm[1]);
  const heightPt = Math.hypot(ctm[2], ctm[3]);
  const ppiX = widthPt > 0 ? (widthPx * 72) / widthPt : Infinity;
  const ppiY = heightPt > 0 ? (heightPx * 72) / heightPt : Infinity;
  return { page, name, widthPx, heightPx, widthPt, heightPt, ppi: Math.min(ppiX, ppiY) };
}
