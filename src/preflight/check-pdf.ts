/**
 * Print preflight: checks a finished PDF the way a print shop does (fonts embedded and subset,
 * TrimBox/BleedBox, image resolution at placed size, extractable text) and says what fails, by name.
 *
 * pdf-lib reads the object graph and the raw content streams, which our own lexer walks (content.ts);
 * pdf.js extracts the text, as a reader would (text.ts). Each check gathers its facts and judges
 * them in a module of its own: fonts.ts, boxes.ts, images.ts, text.ts.
 *
 * Time is linear in pages (`npx tsx bench/preflight.ts pages`, a shared 2-core machine, Node 20):
 *
 *                           1,000 pages   5,000 pages   20,000 pages
 *   a line of text a page   2.6 s         5.3 s          16 s    (before: 2.9, 12.7, 300 s)
 *   certificates            7.3 s         29 s          117 s    (before: 8.9, 44, 385 s)
 *
 * Before, pdf.js found each page by walking a flat page tree from the start (page-tree.ts), and
 * every page walked the forms it draws again (content.ts). pdf.js's text extraction is most of
 * what is left: about 5 ms a certificate page.
 */
import { PDFDocument } from 'pdf-lib';
import type { PDFDict, PDFPage } from 'pdf-lib';
import { PressError } from '../core/errors.js';
import { WITHOUT_PAUSES } from '../render/finish.js';
import { judgeBoxes, readBoxes, type PageBoxFact } from './boxes.js';
import { ContentWalker } from './content.js';
import { collectFonts, judgeFonts, type FontFact } from './fonts.js';
import { judgeImages, type ImagePlacement } from './images.js';
import { pdfjsCopy } from './page-tree.js';
import { asDict, inherited, messageOf } from './pdf-objects.js';
import { extractText, judgeText, type PageTextFact } from './text.js';
import type { PdfCheck } from './verdict.js';

export type { PdfCheck, PdfCheckName } from './verdict.js';
export type { FontFact } from './fonts.js';
export type { PdfRect, PageBoxFact } from './boxes.js';
export type { ImagePlacement } from './images.js';
export type { PageTextFact } from './text.js';

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
  const boxes: PageBoxFact[] = [];
  const walker = new ContentWalker(doc.context);
  const drawsText: boolean[] = [];

  pages.forEach((page, index) => {
    const pageNo = index + 1;
    const resources = asDict(doc.context, inherited(page, 'Resources'));
    collectFonts(doc.context, resources, pageNo, fonts, new Set());
    boxes.push(readBoxes(doc.context, page, pageNo));
    drawsText.push(walker.walkPage(page, pageNo, resources));
  });
  const content = walker.facts;

  const extracted = await extractText(pdfjsCopy(bytes, doc, pages), file, pages.length);
  const text: PageTextFact[] = drawsText.map((draws, i) => ({
    page: i + 1,
    drawsText: draws,
    extractedChars: extracted.chars[i] ?? 0,
  }));

  const facts: PdfFacts = { pages: pages.length, fonts: [...fonts.values()], boxes, images: content.images, text };
  const checks: PdfCheck[] = [
    judgeFonts(facts.fonts),
    judgeBoxes(boxes, requireBoxes, expectedBleed),
    judgeImages(content.images, content.problems, minPpi),
    judgeText(text, content.textFonts, fonts, extracted.errors, content.textProblems),
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

async function loadPdf(bytes: Uint8Array, file: string): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: WITHOUT_PAUSES.parseSpeed });
  } catch (error) {
    throw new PressError('BAD_PDF', `cannot be read as a PDF: ${messageOf(error)}`, file);
  }
  // pdf-lib does not decrypt, so every stream of an encrypted file would read as noise.
  if (doc.isEncrypted) {
    throw new PressError('BAD_PDF', 'the PDF is encrypted; a print shop needs it unencrypted', file);
  }
  return doc;
}
