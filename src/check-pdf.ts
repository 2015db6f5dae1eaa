/**
 * Print preflight: checks a finished PDF the way a print shop does (fonts embedded and subset,
 * TrimBox/BleedBox, image resolution at placed size, extractable text) and says what fails, by name.
 *
 * pdf-lib reads the object graph and the raw content streams; pdf.js extracts the text, as a reader
 * would. Images are measured from our own content-stream walk rather than pdf.js's operator list,
 * because pdf.js decodes every image to build that list: a 600 ppi poster image would cost gigabytes.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFStream,
  decodePDFRawStream,
} from 'pdf-lib';
import type { PDFContext, PDFObject, PDFPage } from 'pdf-lib';
import { PressError } from './core/errors.js';

/** The checks, in the order they are reported. */
export type PdfCheckName = 'fonts' | 'boxes' | 'images' | 'text';

/** Options of one preflight. */
export interface CheckPdfOptions {
  /** The file name, used in messages and errors only (the bytes are passed separately). */
  file: string;
  /**
   * Whether every page must have a TrimBox and a BleedBox (posters, anything with bleed). Default true.
   * Office documents (declaration, certificates) pass false: missing boxes are then a pass with a note,
   * while boxes that are present must still be consistent.
   */
  requireBoxes?: boolean;
  /** Bleed in points that every side of every page must have (±0.5 pt); unchecked when omitted. */
  expectedBleed?: number;
  /** Lowest acceptable image resolution at placed size, in pixels per inch. Default 300. */
  minPpi?: number;
}

/** The outcome of one check. */
export interface PdfCheck {
  /** Which check. */
  name: PdfCheckName;
  /** True when the file passes this check (a pass may still carry notes in `detail`). */
  ok: boolean;
  /** Human lines: on a fail, one problem a line; on a pass, the summary and any notes. */
  detail: string[];
}

/** A rectangle in PDF points, normalised so that x1 < x2 and y1 < y2. */
export interface PdfRect {
  /** Left edge. */
  x1: number;
  /** Bottom edge. */
  y1: number;
  /** Right edge. */
  x2: number;
  /** Top edge. */
  y2: number;
}

/** One font dictionary as the preflight saw it. */
export interface FontFact {
  /** BaseFont as written, subset tag included (`ABCDEF+SourceSerif4-Regular`). */
  name: string;
  /** Font subtype: Type0, TrueType, Type1, Type3, … */
  subtype: string;
  /** Whether the font program is in the file (FontFile, FontFile2 or FontFile3). */
  embedded: boolean;
  /** Whether BaseFont carries a six-letter subset tag (Type3 fonts count as subset). */
  subset: boolean;
  /** Whether the font has a ToUnicode map. */
  toUnicode: boolean;
  /** Whether its text extracts as Unicode: a ToUnicode map, or a simple font whose encoding names its glyphs. */
  extractable: boolean;
  /** Pages (1-based) whose resources, or whose forms' resources, hold the font. */
  pages: number[];
}

/** The boxes of one page. */
export interface PageBoxFact {
  /** Page number, 1-based. */
  page: number;
  /** MediaBox, absent only in a broken file. */
  media?: PdfRect;
  /** TrimBox as written on the page, if any. */
  trim?: PdfRect;
  /** BleedBox as written on the page, if any. */
  bleed?: PdfRect;
  /** CropBox (inherited or not), if any. */
  crop?: PdfRect;
}

/** One drawing of one image. */
export interface ImagePlacement {
  /** Page number, 1-based. */
  page: number;
  /** The XObject's resource name (`/Im1`), `inline image`, or a form path (`/Fm1 /Im0`). */
  name: string;
  /** Width in pixels. */
  widthPx: number;
  /** Height in pixels. */
  heightPx: number;
  /** Placed width in points. */
  widthPt: number;
  /** Placed height in points. */
  heightPt: number;
  /** Effective resolution: the lower of the horizontal and vertical pixels per inch. */
  ppi: number;
}

/** What text one page draws and what can be read back. */
export interface PageTextFact {
  /** Page number, 1-based. */
  page: number;
  /** Whether the content streams show any glyph (Tj, TJ, ', "). */
  drawsText: boolean;
  /** Non-whitespace characters pdf.js extracts from the page. */
  extractedChars: number;
}

/** Measurements behind the checks, for `--json` and for tests. */
export interface PdfFacts {
  /** Number of pages. */
  pages: number;
  /** Every font found in page and form resources. */
  fonts: FontFact[];
  /** Boxes, one entry a page. */
  boxes: PageBoxFact[];
  /** Every image drawing, in page order. */
  images: ImagePlacement[];
  /** Text, one entry a page. */
  text: PageTextFact[];
}

/** The preflight report of one file. */
export interface PdfCheckReport {
  /** The file name given in the options. */
  file: string;
  /** True when every check passes. */
  ok: boolean;
  /** fonts, boxes, images, text — in that order. */
  checks: PdfCheck[];
  /** The measurements the checks were made from. */
  facts: PdfFacts;
}

const MM_PER_PT = 25.4 / 72;
const BLEED_TOLERANCE_PT = 0.5;
/** Containment slack: box coordinates written with rounding must not fail by a hair. */
const EPSILON_PT = 0.01;
/** Forms nest rarely more than a few deep; the limit only stops pathological or cyclic files. */
const MAX_FORM_DEPTH = 32;

/** Checks a PDF for print: fonts, boxes, image resolution and text extraction. Throws PressError('BAD_PDF') if it cannot be read. */
export async function checkPdf(bytes: Uint8Array, options: CheckPdfOptions): Promise<PdfCheckReport> {
  const { file } = options;
  const requireBoxes = options.requireBoxes ?? true;
  const minPpi = options.minPpi ?? 300;
  if (!(minPpi > 0 && Number.isFinite(minPpi))) {
    throw new PressError('BAD_OPTION', `minPpi must be a positive number of pixels per inch, received ${minPpi}`, file);
  }
  const { expectedBleed } = options;
  if (expectedBleed !== undefined && !(expectedBleed >= 0 && Number.isFinite(expectedBleed))) {
    throw new PressError('BAD_OPTION', `expectedBleed must be zero or more points, received ${expectedBleed}`, file);
  }

  const doc = await loadPdf(bytes, file);
  let pages: PDFPage[];
  try {
    pages = doc.getPages();
  } catch (error) {
    throw new PressError('BAD_PDF', `its page tree cannot be read: ${messageOf(error)}`, file);
  }
  if (pages.length === 0) throw new PressError('BAD_PDF', 'the PDF has no pages', file);

  const fonts = new Map<PDFDict, FontFact>();
  const textFonts = new Map<PDFDict, Set<number>>();
  const boxes: PageBoxFact[] = [];
  const images: ImagePlacement[] = [];
  const drawsText: boolean[] = [];
  const walkProblems: string[] = [];
  const textProblems: string[] = [];

  pages.forEach((page, index) => {
    const pageNo = index + 1;
    const resources = asDict(doc.context, inherited(page, 'Resources'));
    collectFonts(doc.context, resources, pageNo, fonts, new Set());
    boxes.push(readBoxes(doc.context, page, pageNo));
    const walk: ContentWalk = {
      context: doc.context,
      page: pageNo,
      images,
      drawsText: false,
      textFonts,
      problems: walkProblems,
      textProblems,
    };
    const content = readPageContent(doc.context, page, pageNo, walkProblems);
    if (content) walkContent(walk, content, resources, IDENTITY, '', new Set(), 0);
    drawsText.push(walk.drawsText);
  });

  const extracted = await extractText(bytes, file, pages.length);
  const text: PageTextFact[] = drawsText.map((draws, i) => ({
    page: i + 1,
    drawsText: draws,
    extractedChars: extracted.chars[i] ?? 0,
  }));

  const facts: PdfFacts = { pages: pages.length, fonts: [...fonts.values()], boxes, images, text };
  const checks: PdfCheck[] = [
    judgeFonts(facts.fonts),
    judgeBoxes(boxes, requireBoxes, expectedBleed),
    judgeImages(images, walkProblems, minPpi),
    judgeText(text, textFonts, fonts, extracted.errors, textProblems),
  ];
  return { file, ok: checks.every((c) => c.ok), checks, facts };
}

/** Formats a report for people: a header line, then one `PASS name: …` / `FAIL name: …` line a check. */
export function formatCheckReport(report: PdfCheckReport): string {
  const failed = report.checks.filter((c) => !c.ok).length;
  const header = failed === 0
    ? `${report.file}: all ${report.checks.length} checks pass`
    : `${report.file}: ${failed} of ${report.checks.length} checks fail`;
  const lines = report.checks.map((check) => {
    const shown = check.detail.slice(0, MAX_DETAIL_SHOWN);
    const more = check.detail.length - shown.length;
    const detail = shown.join('; ') + (more > 0 ? `; … and ${more} more` : '');
    return `  ${check.ok ? 'PASS' : 'FAIL'} ${check.name}: ${detail}`;
  });
  return [header, ...lines].join('\n');
}

/** A line a check keeps the report readable; the full list stays in `detail` and `--json`. */
const MAX_DETAIL_SHOWN = 5;

// ---------------------------------------------------------------------------------------------
// Loading

async function loadPdf(bytes: Uint8Array, file: string): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch (error) {
    throw new PressError('BAD_PDF', `cannot be read as a PDF: ${messageOf(error)}`, file);
  }
  // pdf-lib does not decrypt, so every stream of an encrypted file would read as noise.
  if (doc.isEncrypted) {
    throw new PressError('BAD_PDF', 'the PDF is encrypted; a print shop needs it unencrypted', file);
  }
  return doc;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Small object helpers: lenient lookups, because a preflight must describe a broken file, not crash on it.

function resolve(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  try {
    return context.lookup(obj);
  } catch {
    return undefined;
  }
}

function asDict(context: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const value = resolve(context, obj);
  if (value instanceof PDFDict) return value;
  if (value instanceof PDFStream) return value.dict;
  return undefined;
}

function entry(context: PDFContext, dict: PDFDict | undefined, key: string): PDFObject | undefined {
  return dict ? resolve(context, dict.get(PDFName.of(key))) : undefined;
}

function nameOf(context: PDFContext, dict: PDFDict | undefined, key: string): string | undefined {
  const value = entry(context, dict, key);
  return value instanceof PDFName ? value.decodeText() : undefined;
}

function numberOf(context: PDFContext, dict: PDFDict | undefined, key: string): number | undefined {
  const value = entry(context, dict, key);
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

function rectOf(context: PDFContext, obj: PDFObject | undefined): PdfRect | undefined {
  const array = resolve(context, obj);
  if (!(array instanceof PDFArray) || array.size() !== 4) return undefined;
  const n = array.asArray().map((item) => resolve(context, item));
  if (!n.every((item): item is PDFNumber => item instanceof PDFNumber)) return undefined;
  const [a, b, c, d] = n.map((item) => item.asNumber()) as [number, number, number, number];
  return { x1: Math.min(a, c), y1: Math.min(b, d), x2: Math.max(a, c), y2: Math.max(b, d) };
}

function decodeStream(stream: PDFStream): Uint8Array {
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  // Streams pdf-lib built itself (never the case for a loaded file) know their plain contents.
  const unencoded = (stream as { getUnencodedContents?: () => Uint8Array }).getUnencodedContents;
  return unencoded ? unencoded.call(stream) : stream.getContents();
}

// ---------------------------------------------------------------------------------------------
// Fonts

const SUBSET_TAG = /^[A-Z]{6}\+/;

function collectFonts(
  context: PDFContext,
  resources: PDFDict | undefined,
  page: number,
  fonts: Map<PDFDict, FontFact>,
  seen: Set<PDFDict>,
): void {
  if (!resources || seen.has(resources)) return;
  seen.add(resources);
  const fontDict = asDict(context, resources.get(PDFName.of('Font')));
  for (const [, value] of fontDict?.entries() ?? []) {
    const font = asDict(context, value);
    if (!font) continue;
    const known = fonts.get(font);
    if (known) {
      if (!known.pages.includes(page)) known.pages.push(page);
    } else {
      fonts.set(font, { ...describeFont(context, font), pages: [page] });
    }
    // Type3 glyph procedures may use fonts of their own.
    collectFonts(context, asDict(context, font.get(PDFName.of('Resources'))), page, fonts, seen);
  }
  // Fonts inside forms (embedPage, react-pdf's SVG) and tiling patterns live in their own resources.
  for (const key of ['XObject', 'Pattern']) {
    const dict = asDict(context, resources.get(PDFName.of(key)));
    for (const [, value] of dict?.entries() ?? []) {
      const child = asDict(context, value);
      collectFonts(context, asDict(context, child?.get(PDFName.of('Resources'))), page, fonts, seen);
    }
  }
}

function describeFont(context: PDFContext, font: PDFDict): Omit<FontFact, 'pages'> {
  const subtype = nameOf(context, font, 'Subtype') ?? 'unknown';
  const name = nameOf(context, font, 'BaseFont') ?? nameOf(context, font, 'Name') ?? '(unnamed font)';
  const toUnicode = entry(context, font, 'ToUnicode') !== undefined;
  const extractable = toUnicode || !needsToUnicode(context, font);
  // Type3 glyphs are content streams inside the file: embedded by nature, and no tag applies.
  if (subtype === 'Type3') return { name, subtype, embedded: true, subset: true, toUnicode, extractable };
  let descriptorOwner: PDFDict | undefined = font;
  let descendantName: string | undefined;
  if (subtype === 'Type0') {
    const descendants = resolve(context, font.get(PDFName.of('DescendantFonts')));
    descriptorOwner = descendants instanceof PDFArray && descendants.size() > 0
      ? asDict(context, descendants.get(0))
      : undefined;
    descendantName = nameOf(context, descriptorOwner, 'BaseFont');
  }
  const descriptor = asDict(context, entry(context, descriptorOwner, 'FontDescriptor'));
  const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => entry(context, descriptor, key) !== undefined);
  const subset = SUBSET_TAG.test(name) || (descendantName !== undefined && SUBSET_TAG.test(descendantName));
  return { name, subtype, embedded, subset, toUnicode, extractable };
}

function judgeFonts(fonts: FontFact[]): PdfCheck {
  const detail: string[] = [];
  for (const font of fonts) {
    if (!font.embedded) detail.push(`${font.name} (${formatPages(font.pages)}) is not embedded`);
    else if (!font.subset) detail.push(`${font.name} (${formatPages(font.pages)}) is embedded but not subset`);
  }
  if (detail.length > 0) return { name: 'fonts', ok: false, detail };
  if (fonts.length === 0) return { name: 'fonts', ok: true, detail: ['no fonts'] };
  return { name: 'fonts', ok: true, detail: [`${plural(fonts.length, 'font')}, all embedded and subset`] };
}

// ---------------------------------------------------------------------------------------------
// Boxes

/** An entry that the page may inherit from its page-tree ancestors (Resources, MediaBox, CropBox). */
function inherited(page: PDFPage, key: string): PDFObject | undefined {
  try {
    return page.node.getInheritableAttribute(PDFName.of(key));
  } catch {
    return undefined;
  }
}

function readBoxes(context: PDFContext, page: PDFPage, pageNo: number): PageBoxFact {
  // TrimBox and BleedBox, unlike MediaBox and CropBox, are not inherited.
  return {
    page: pageNo,
    media: rectOf(context, inherited(page, 'MediaBox')),
    crop: rectOf(context, inherited(page, 'CropBox')),
    trim: rectOf(context, page.node.get(PDFName.of('TrimBox'))),
    bleed: rectOf(context, page.node.get(PDFName.of('BleedBox'))),
  };
}

function contains(outer: PdfRect, inner: PdfRect): boolean {
  return inner.x1 >= outer.x1 - EPSILON_PT && inner.y1 >= outer.y1 - EPSILON_PT
    && inner.x2 <= outer.x2 + EPSILON_PT && inner.y2 <= outer.y2 + EPSILON_PT;
}

/** Bleed per side in points: how far the BleedBox reaches past the TrimBox. */
function bleedSides(trim: PdfRect, bleed: PdfRect): { left: number; right: number; top: number; bottom: number } {
  return { left: trim.x1 - bleed.x1, right: bleed.x2 - trim.x2, top: bleed.y2 - trim.y2, bottom: trim.y1 - bleed.y1 };
}

function judgeBoxes(boxes: PageBoxFact[], requireBoxes: boolean, expectedBleed: number | undefined): PdfCheck {
  // Problems and summaries are grouped by their text so a 40-page file with one fault says it once.
  const problems = new Map<string, number[]>();
  const summaries = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, page: number): void => {
    const list = map.get(key);
    if (list) list.push(page);
    else map.set(key, [page]);
  };

  for (const box of boxes) {
    const { page, media, trim, bleed, crop } = box;
    if (!media) {
      add(problems, 'no valid MediaBox', page);
      continue;
    }
    if (!trim || !bleed) {
      const missing = [!trim && 'TrimBox', !bleed && 'BleedBox'].filter(Boolean).join(' or ');
      if (requireBoxes) add(problems, `no ${missing}`, page);
      else add(summaries, `no ${missing} (not needed for office printing), page ${formatSize(media)}`, page);
    }
    if (trim && !contains(media, trim)) add(problems, `TrimBox ${formatRect(trim)} extends past MediaBox ${formatRect(media)}`, page);
    if (bleed && !contains(media, bleed)) add(problems, `BleedBox ${formatRect(bleed)} extends past MediaBox ${formatRect(media)}`, page);
    if (bleed && crop && !contains(crop, bleed)) add(problems, `BleedBox ${formatRect(bleed)} extends past CropBox ${formatRect(crop)}`, page);
    if (!trim || !bleed) continue;
    if (!contains(bleed, trim)) {
      add(problems, `TrimBox ${formatRect(trim)} extends past BleedBox ${formatRect(bleed)}`, page);
      continue;
    }
    const sides = bleedSides(trim, bleed);
    if (expectedBleed !== undefined) {
      const wrong = Object.values(sides).some((side) => Math.abs(side - expectedBleed) > BLEED_TOLERANCE_PT);
      if (wrong) {
        add(problems, `bleed ${formatBleed(sides)}, expected ${formatPt(expectedBleed)} (±${BLEED_TOLERANCE_PT} pt) each side`, page);
      }
    }
    add(summaries, `trim ${formatSize(trim)}, bleed ${formatBleed(sides)}`, page);
  }

  const multiPage = boxes.length > 1;
  const lines = (map: Map<string, number[]>, always: boolean): string[] => [...map].map(([text, pages]) =>
    always || multiPage ? `${formatPages(pages)}: ${text}` : text);
  if (problems.size > 0) return { name: 'boxes', ok: false, detail: lines(problems, true) };
  // One summary for all pages needs no page list; several do.
  const detail = summaries.size === 1 ? [...summaries.keys()] : lines(summaries, false);
  return { name: 'boxes', ok: true, detail };
}

function formatSize(rect: PdfRect): string {
  const w = rect.x2 - rect.x1;
  const h = rect.y2 - rect.y1;
  return `${round(w * MM_PER_PT, 1)} × ${round(h * MM_PER_PT, 1)} mm (${round(w / 72, 2)} × ${round(h / 72, 2)} in)`;
}

function formatBleed(sides: { left: number; right: number; top: number; bottom: number }): string {
  const values = Object.values(sides);
  if (values.every((v) => Math.abs(v - values[0]!) < EPSILON_PT)) {
    return `${formatPt(values[0]!)} (${round(values[0]! * MM_PER_PT, 1)} mm) each side`;
  }
  return `left ${formatPt(sides.left)}, right ${formatPt(sides.right)}, top ${formatPt(sides.top)}, bottom ${formatPt(sides.bottom)}`;
}

function formatPt(value: number): string {
  return `${round(value, 2)} pt`;
}

function formatRect(rect: PdfRect): string {
  return `[${[rect.x1, rect.y1, rect.x2, rect.y2].map((v) => round(v, 2)).join(' ')}]`;
}

// ---------------------------------------------------------------------------------------------
// Content streams: images and text use

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

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

interface ContentWalk {
  context: PDFContext;
  page: number;
  images: ImagePlacement[];
  drawsText: boolean;
  textFonts: Map<PDFDict, Set<number>>;
  problems: string[];
  textProblems: string[];
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
  const { context } = walk;
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
      const pages = walk.textFonts.get(font) ?? new Set<number>();
      pages.add(walk.page);
      walk.textFonts.set(font, pages);
    }
  };

  for (;;) {
    let token: Token | undefined;
    try {
      token = lexer.next();
    } catch (error) {
      walk.problems.push(`page ${walk.page}: content stream cannot be parsed (${messageOf(error)})`);
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
          else walk.textProblems.push(`page ${walk.page}: text uses font /${name.value}, which is not in the resources`);
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
          walk.images.push(place(walk.page, `${prefix}inline image`, w, h, ctm));
        }
        break;
      }
      case 'Do': {
        const name = args[0];
        if (!isName(name)) break;
        const xobjects = asDict(context, resources?.get(PDFName.of('XObject')));
        const xobject = resolve(context, xobjects?.get(PDFName.of(name.value)));
        if (!(xobject instanceof PDFStream)) {
          walk.problems.push(`page ${walk.page}: /${name.value} is drawn but is not in the resources`);
          break;
        }
        const subtype = nameOf(context, xobject.dict, 'Subtype');
        if (subtype === 'Image') {
          const w = numberOf(context, xobject.dict, 'Width');
          const h = numberOf(context, xobject.dict, 'Height');
          if (w !== undefined && h !== undefined) walk.images.push(place(walk.page, `${prefix}/${name.value}`, w, h, ctm));
        } else if (subtype === 'Form') {
          if (activeForms.has(xobject) || depth >= MAX_FORM_DEPTH) {
            walk.problems.push(`page ${walk.page}: form /${name.value} draws itself (cycle) or nests too deep`);
            break;
          }
          let body: Uint8Array;
          try {
            body = decodeStream(xobject);
          } catch (error) {
            walk.problems.push(`page ${walk.page}: form /${name.value} cannot be decoded (${messageOf(error)})`);
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

function judgeImages(images: ImagePlacement[], problems: string[], minPpi: number): PdfCheck {
  // A zero-size placement paints nothing: it cannot be too coarse.
  const visible = images.filter((image) => Number.isFinite(image.ppi));
  const low = visible.filter((image) => Math.round(image.ppi) < minPpi).sort((a, b) => a.ppi - b.ppi);
  const seen = new Set<string>();
  const detail: string[] = [...problems];
  for (const image of low) {
    const line = `page ${image.page}: image ${image.name} (${image.widthPx} × ${image.heightPx} px placed at `
      + `${round(image.widthPt * MM_PER_PT, 1)} × ${round(image.heightPt * MM_PER_PT, 1)} mm) is ${Math.round(image.ppi)} ppi, `
      + `below ${minPpi}`;
    if (!seen.has(line)) detail.push(line);
    seen.add(line);
  }
  if (detail.length > 0) return { name: 'images', ok: false, detail };
  if (visible.length === 0) return { name: 'images', ok: true, detail: ['no images'] };
  const lowest = visible.reduce((a, b) => (b.ppi < a.ppi ? b : a));
  return {
    name: 'images',
    ok: true,
    detail: [`${plural(visible.length, 'image placement')}, lowest ${Math.round(lowest.ppi)} ppi (page ${lowest.page}, ${lowest.name})`],
  };
}

// ---------------------------------------------------------------------------------------------
// Content lexer: just enough of PDF syntax to find operators and their operands.

type Operand = number | boolean | null | NameOperand | StringOperand | Operand[] | DictOperand;
interface NameOperand { kind: 'name'; value: string }
interface StringOperand { kind: 'string'; bytes: Uint8Array }
interface DictOperand { kind: 'dict'; entries: Map<string, Operand> }

type Token =
  | { kind: 'operand'; value: Operand }
  | { kind: 'op'; value: string; inline?: Map<string, Operand> };

function isName(value: Operand | undefined): value is NameOperand {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'name';
}

function isString(value: Operand | undefined): value is StringOperand {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'string';
}

function isWhite(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

function isDelimiter(byte: number): boolean {
  // ( ) < > [ ] { } / %
  return byte === 0x28 || byte === 0x29 || byte === 0x3c || byte === 0x3e || byte === 0x5b || byte === 0x5d
    || byte === 0x7b || byte === 0x7d || byte === 0x2f || byte === 0x25;
}

const END_ARRAY = Symbol('end array');
const END_DICT = Symbol('end dict');

class ContentLexer {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** The next operator or operand, or undefined at the end. */
  next(): Token | undefined {
    const value = this.readValue();
    if (value === undefined) return undefined;
    if (value === END_ARRAY || value === END_DICT) return this.next(); // stray closer: skip, as readers do
    if (typeof value === 'object' && value !== null && 'op' in value) {
      if (value.op === 'BI') return { kind: 'op', value: 'BI', inline: this.readInlineImage() };
      return { kind: 'op', value: value.op };
    }
    return { kind: 'operand', value };
  }

  private readValue(): Operand | { op: string } | typeof END_ARRAY | typeof END_DICT | undefined {
    const { bytes } = this;
    this.skipSpace();
    if (this.pos >= bytes.length) return undefined;
    const c = bytes[this.pos]!;
    if (c === 0x28) return { kind: 'string', bytes: this.readLiteral() };
    if (c === 0x3c) {
      if (bytes[this.pos + 1] === 0x3c) {
        this.pos += 2;
        return this.readDict();
      }
      return { kind: 'string', bytes: this.readHex() };
    }
    if (c === 0x3e && bytes[this.pos + 1] === 0x3e) {
      this.pos += 2;
      return END_DICT;
    }
    if (c === 0x5b) {
      this.pos++;
      const items: Operand[] = [];
      for (;;) {
        const item = this.readValue();
        if (item === undefined || item === END_ARRAY) return items;
        if (item === END_DICT || (typeof item === 'object' && item !== null && 'op' in item)) continue;
        items.push(item);
      }
    }
    if (c === 0x5d) {
      this.pos++;
      return END_ARRAY;
    }
    if (c === 0x2f) {
      this.pos++;
      return { kind: 'name', value: this.readName() };
    }
    if (c === 0x7b || c === 0x7d || c === 0x29 || c === 0x3e) {
      this.pos++;
      return this.readValue();
    }
    const word = this.readRegular();
    if (word === '') {
      this.pos++; // unreachable for delimiters handled above; guarantees progress on anything else
      return this.readValue();
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return { op: word };
  }

  private skipSpace(): void {
    const { bytes } = this;
    while (this.pos < bytes.length) {
      const c = bytes[this.pos]!;
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < bytes.length && bytes[this.pos] !== 0x0a && bytes[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  private readRegular(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && !isWhite(this.bytes[this.pos]!) && !isDelimiter(this.bytes[this.pos]!)) this.pos++;
    return latin1(this.bytes.subarray(start, this.pos));
  }

  private readName(): string {
    const raw = this.readRegular();
    return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }

  private readLiteral(): Uint8Array {
    const { bytes } = this;
    const out: number[] = [];
    let depth = 0;
    this.pos++; // (
    while (this.pos < bytes.length) {
      const c = bytes[this.pos++]!;
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (depth === 0) break;
        depth--;
      } else if (c === 0x5c) {
        const e = bytes[this.pos++];
        if (e === undefined) break;
        if (e >= 0x30 && e <= 0x37) {
          let code = e - 0x30;
          for (let i = 0; i < 2 && bytes[this.pos]! >= 0x30 && bytes[this.pos]! <= 0x37; i++) code = code * 8 + bytes[this.pos++]! - 0x30;
          out.push(code & 0xff);
        } else if (e === 0x0d) {
          if (bytes[this.pos] === 0x0a) this.pos++; // line continuation
        } else if (e !== 0x0a) {
          out.push(ESCAPES[e] ?? e);
        }
        continue;
      }
      out.push(c);
    }
    return Uint8Array.from(out);
  }

  private readHex(): Uint8Array {
    const { bytes } = this;
    this.pos++; // <
    let digits = '';
    while (this.pos < bytes.length && bytes[this.pos] !== 0x3e) {
      const ch = String.fromCharCode(bytes[this.pos++]!);
      if (/[0-9A-Fa-f]/.test(ch)) digits += ch;
    }
    this.pos++; // >
    if (digits.length % 2 === 1) digits += '0';
    const out = new Uint8Array(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return out;
  }

  private readDict(): DictOperand {
    const entries = new Map<string, Operand>();
    for (;;) {
      const key = this.readValue();
      if (key === undefined || key === END_DICT) break;
      if (!isName(key as Operand)) continue;
      const value = this.readValue();
      if (value === undefined || value === END_DICT) break;
      if (value === END_ARRAY || (typeof value === 'object' && value !== null && 'op' in value)) continue;
      entries.set((key as NameOperand).value, value);
    }
    return { kind: 'dict', entries };
  }

  /** After BI: the image dictionary up to ID, then the binary data up to EI, which is skipped. */
  private readInlineImage(): Map<string, Operand> {
    const entries = new Map<string, Operand>();
    for (;;) {
      const key = this.readValue();
      if (key === undefined) return entries;
      if (typeof key === 'object' && key !== null && 'op' in key) {
        if (key.op === 'ID') break;
        continue;
      }
      if (!isName(key as Operand)) continue;
      const value = this.readValue();
      if (value === undefined) return entries;
      if (typeof value === 'object' && value !== null && 'op' in value) {
        if (value.op === 'ID') break;
        continue;
      }
      if (value !== END_ARRAY && value !== END_DICT) entries.set((key as NameOperand).value, value);
    }
    // One whitespace byte separates ID from the data; the data ends at whitespace, "EI", whitespace or end.
    const { bytes } = this;
    let i = this.pos + 1;
    while (i + 1 < bytes.length) {
      if (bytes[i] === 0x45 && bytes[i + 1] === 0x49 && isWhite(bytes[i - 1]!)
        && (i + 2 >= bytes.length || isWhite(bytes[i + 2]!) || isDelimiter(bytes[i + 2]!))) break;
      i++;
    }
    this.pos = Math.min(i + 2, bytes.length);
    return entries;
  }
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text

interface ExtractedText {
  chars: number[];
  errors: string[];
}

/** Where pdf.js finds its CMaps and standard-font data: beside its own module, on disk. */
function resolvePdfjsData(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const entry = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs');
    const root = new URL('../../', pathToFileURL(entry));
    return {
      cMapUrl: fileURLToPath(new URL('cmaps/', root)),
      standardFontDataUrl: fileURLToPath(new URL('standard_fonts/', root)),
    };
  } catch {
    // Without them pdf.js still reads Identity-H text (all we produce); only predefined CJK CMaps need the files.
    return {};
  }
}

async function extractText(bytes: Uint8Array, file: string, pageCount: number): Promise<ExtractedText> {
  // Loaded on demand: only the check command needs pdf.js, and it is large.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = resolvePdfjsData();
  const task = pdfjs.getDocument({
    data: bytes.slice(), // pdf.js transfers (detaches) the buffer it is given
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    cMapPacked: true,
    ...data,
  });
  const chars: number[] = [];
  const errors: string[] = [];
  try {
    const pdf = await task.promise.catch((error: unknown) => {
      throw new PressError('BAD_PDF', `pdf.js cannot read it: ${messageOf(error)}`, file);
    });
    for (let i = 1; i <= Math.min(pdf.numPages, pageCount); i++) {
      try {
        const page = await pdf.getPage(i);
        const content = await page.getTextContent();
        let count = 0;
        for (const item of content.items) {
          if ('str' in item) count += item.str.replace(/\s/gu, '').length;
        }
        chars.push(count);
        page.cleanup();
      } catch (error) {
        chars.push(0);
        errors.push(`page ${i}: text cannot be extracted (${messageOf(error)})`);
      }
    }
  } finally {
    await task.destroy();
  }
  return { chars, errors };
}

/** Whether text in this font reads back as garbage without a ToUnicode map. */
function needsToUnicode(context: PDFContext, font: PDFDict): boolean {
  const subtype = nameOf(context, font, 'Subtype');
  const encoding = entry(context, font, 'Encoding');
  if (subtype === 'Type0') {
    // Identity-H codes are glyph ids, meaningless outside the font; a predefined CJK CMap (UniKS-UCS2-H) maps to Unicode.
    if (!(encoding instanceof PDFName)) return true;
    return /^Identity-[HV]$/.test(encoding.decodeText());
  }
  // Simple fonts: an encoding (WinAnsi, MacRoman, Differences) names each glyph, and names map to Unicode;
  // a Type1 font without one falls back to its built-in encoding, which has glyph names too.
  if (encoding !== undefined) return false;
  return subtype === 'TrueType' || subtype === 'Type3';
}

function judgeText(
  text: PageTextFact[],
  textFonts: Map<PDFDict, Set<number>>,
  fonts: Map<PDFDict, FontFact>,
  extractErrors: string[],
  problems: string[],
): PdfCheck {
  const detail: string[] = [...extractErrors, ...new Set(problems)];
  for (const page of text) {
    if (page.drawsText && page.extractedChars === 0) detail.push(`page ${page.page} draws text but none can be extracted`);
  }
  for (const [font, pages] of textFonts) {
    const fact = fonts.get(font);
    if (fact && !fact.extractable) {
      detail.push(`${fact.name} (${formatPages([...pages])}) has no ToUnicode map: its text extracts as garbage`);
    }
  }
  if (detail.length > 0) return { name: 'text', ok: false, detail };
  const drawing = text.filter((p) => p.drawsText);
  if (drawing.length === 0) return { name: 'text', ok: true, detail: ['no page draws text'] };
  const total = drawing.reduce((sum, p) => sum + p.extractedChars, 0);
  return {
    name: 'text',
    ok: true,
    detail: [`text extracts from ${drawing.length} of ${text.length} ${text.length === 1 ? 'page' : 'pages'} (${total} characters)`],
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting

function round(value: number, digits: number): string {
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `page 3`, `pages 1–4, 7`. */
function formatPages(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j;
  }
  return `${sorted.length === 1 ? 'page' : 'pages'} ${ranges.join(', ')}`;
}
