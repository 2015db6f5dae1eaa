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
import { concatBytes } from '../core/bytes.js';

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

/** What one stream draws, in the space it starts in: a page's content, or a form's. */
interface Drawing {
  /** Images, with the CTM that maps each one's unit square into the stream's space. */
  images: { name: string; widthPx: number; heightPx: number; ctm: Matrix }[];
  /** Whether it shows any glyph. */
  drawsText: boolean;
  /** Fonts that show visible text. */
  textFonts: Set<PDFDict>;
  /** Problems for the images check, without the page: the same form may be drawn on many. */
  problems: string[];
  /** Problems for the text check, likewise. */
  textProblems: string[];
}

function emptyDrawing(): Drawing {
  return { images: [], drawsText: false, textFonts: new Set(), problems: [], textProblems: [] };
}

/** Walks the pages of one document, in order, into `facts`; each form is walked once, however many pages draw it. */
export class ContentWalker {
  /** What the pages walked so far draw. */
  readonly facts: ContentFacts = { images: [], textFonts: new Map(), problems: [], textProblems: [] };
  /**
   * Each form's drawing, by form and the resources it was walked with (its own, or for an old form
   * without any, its parent's). A certificate batch draws one static form on every page: walked
   * per page, it was most of the walk. Bounded by the forms in the file, and dropped with the walker.
   */
  private readonly forms = new Map<PDFStream, Map<PDFDict | undefined, Drawing>>();
  private walks = 0;

  constructor(private readonly context: PDFContext) {}

  /** How many times a form's content was walked: once a form, not once a page (for tests and benches). */
  get formWalks(): number {
    return this.walks;
  }

  /** Walks one page's content and the forms it draws; returns whether the page shows any glyph. */
  walkPage(page: PDFPage, pageNo: number, resources: PDFDict | undefined): boolean {
    const { facts } = this;
    const drawing = emptyDrawing();
    const content = readPageContent(this.context, page, drawing.problems);
    if (content) this.walkContent(drawing, content, resources, IDENTITY, new Set());
    for (const image of drawing.images) facts.images.push(place(pageNo, image.name, image.widthPx, image.heightPx, image.ctm));
    for (const font of drawing.textFonts) {
      const pages = facts.textFonts.get(font);
      if (pages) pages.add(pageNo);
      else facts.textFonts.set(font, new Set([pageNo]));
    }
    for (const problem of drawing.problems) facts.problems.push(`page ${pageNo}: ${problem}`);
    for (const problem of drawing.textProblems) facts.textProblems.push(`page ${pageNo}: ${problem}`);
    return drawing.drawsText;
  }

  private walkContent(drawing: Drawing, content: Uint8Array, resources: PDFDict | undefined, start: Matrix, activeForms: Set<PDFStream>): void {
    const { context } = this;
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
      drawing.drawsText = true;
      if (font) drawing.textFonts.add(font);
    };

    for (;;) {
      let token: Token | undefined;
      try {
        token = lexer.next();
      } catch (error) {
        // The lexer is written never to throw; should it, the page is reported, not the run lost.
        drawing.problems.push(`content stream cannot be parsed (${messageOf(error)})`);
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
            else drawing.textProblems.push(`text uses font /${name.value}, which is not in the resources`);
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
          if (typeof w === 'number' && typeof h === 'number') drawing.images.push({ name: 'inline image', widthPx: w, heightPx: h, ctm });
          break;
        }
        case 'Do': {
          const name = args[0];
          if (!isName(name)) break;
          const xobjects = asDict(context, resources?.get(PDFName.of('XObject')));
          const xobject = resolve(context, xobjects?.get(PDFName.of(name.value)));
          if (!(xobject instanceof PDFStream)) {
            drawing.problems.push(`/${name.value} is drawn but is not in the resources`);
            break;
          }
          const subtype = nameOf(context, xobject.dict, 'Subtype');
          if (subtype === 'Image') {
            const w = numberOf(context, xobject.dict, 'Width');
            const h = numberOf(context, xobject.dict, 'Height');
            if (w !== undefined && h !== undefined) drawing.images.push({ name: `/${name.value}`, widthPx: w, heightPx: h, ctm });
          } else if (subtype === 'Form') {
            const form = this.formDrawing(xobject, name.value, resources, activeForms, drawing);
            if (form) addForm(drawing, form, `/${name.value} `, ctm);
          }
          break;
        }
        default:
          break;
      }
    }
  }

  /** The drawing of a form in its own space (its /Matrix applied), walked the first time it is drawn; problems go to `parent`. */
  private formDrawing(
    form: PDFStream,
    name: string,
    parentResources: PDFDict | undefined,
    activeForms: Set<PDFStream>,
    parent: Drawing,
  ): Drawing | undefined {
    const { context } = this;
    // A form without its own Resources uses its parent's (allowed for PDF 1.1 files).
    const resources = asDict(context, form.dict.get(PDFName.of('Resources'))) ?? parentResources;
    const known = this.forms.get(form)?.get(resources);
    if (known) return known;
    if (activeForms.has(form) || activeForms.size >= MAX_FORM_DEPTH) {
      parent.problems.push(`form /${name} draws itself (cycle) or nests too deep`);
      return undefined;
    }
    let body: Uint8Array;
    try {
      body = decodeStream(form);
    } catch (error) {
      parent.problems.push(`form /${name} cannot be decoded (${messageOf(error)})`);
      return undefined;
    }
    const drawing = emptyDrawing();
    activeForms.add(form);
    this.walks++;
    this.walkContent(drawing, body, resources, formMatrix(context, form.dict), activeForms);
    activeForms.delete(form);
    const byResources = this.forms.get(form) ?? new Map<PDFDict | undefined, Drawing>();
    byResources.set(resources, drawing);
    this.forms.set(form, byResources);
    return drawing;
  }
}

/** Adds what a form draws to the drawing that draws it, at the CTM of its Do. */
function addForm(drawing: Drawing, form: Drawing, prefix: string, ctm: Matrix): void {
  for (const image of form.images) drawing.images.push({ ...image, name: prefix + image.name, ctm: multiply(image.ctm, ctm) });
  drawing.drawsText ||= form.drawsText;
  for (const font of form.textFonts) drawing.textFonts.add(font);
  drawing.problems.push(...form.problems);
  drawing.textProblems.push(...form.textProblems);
}

function readPageContent(context: PDFContext, page: PDFPage, problems: string[]): Uint8Array | undefined {
  const contents = resolve(context, page.node.get(PDFName.of('Contents')));
  const streams = contents instanceof PDFArray
    ? contents.asArray().map((item) => resolve(context, item))
    : [contents];
  const parts: Uint8Array[] = [];
  for (const stream of streams) {
    if (stream === undefined) continue;
    if (!(stream instanceof PDFStream)) {
      problems.push('/Contents holds a non-stream object');
      continue;
    }
    try {
      parts.push(decodeStream(stream), NEWLINE);
    } catch (error) {
      problems.push(`content stream cannot be decoded (${messageOf(error)})`);
    }
  }
  return parts.length > 0 ? concatBytes(parts) : undefined;
}

// A page's streams split its content at token boundaries, but one need not end in white space:
// a newline between them keeps its last token apart from the next stream's first.
const NEWLINE = new Uint8Array([0x0a]);


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
