/**
 * Two-up imposition: a half-size handout placed twice on a landscape sheet, with a cut mark at the
 * middle, front sheets then back sheets.
 */
import {
  drawObject,
  grayscale,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  popGraphicsState,
  pushGraphicsState,
  translate,
} from 'pdf-lib';
import { fail } from '../core/errors.js';
import { formatPt, type PageSize } from '../core/units.js';
import { checkLength, loadPdf, savePdf } from './finish.js';
import { beginArtifact, embedWithoutMarkedContent, endMarkedContent } from './marked-content.js';
import type { Rect } from './tile-poster.js';

const TWO_UP_CUT_MARK = 14;
const MARK_COLOR = grayscale(0);
// Within this, two lengths in pt are the same (3.5 µm).
const EPSILON = 0.01;

/** Two-up imposition of a handout. */
export interface TwoUpOptions {
  /** Sheet size in pt, either orientation; it is used landscape (A4 841.89 x 595.28, Letter 792 x 612). */
  sheet: PageSize;
}

/** One handout page placed on a two-up sheet. */
export interface Placement {
  /** The handout page shown, from 0. */
  page: number;
  /** Where the page's trim lands on the sheet, pt. */
  rect: Rect;
}

/** A handout imposed two-up. */
export interface TwoUpImposition {
  /** The sheets as one PDF. */
  bytes: Uint8Array;
  /** The sheet size as printed (landscape), pt. */
  sheet: PageSize;
  /** For each sheet, its two placements, left then right. */
  sheets: Placement[][];
}

/**
 * Puts two copies of each handout page side by side on a landscape sheet, with a cut mark at the
 * middle: sheet 1 = [p1, p1], sheet 2 = [p2, p2], so a front/back handout printed duplex (flip on
 * the short edge) and cut once gives two handouts. Each page is placed by its TrimBox (its
 * MediaBox when it has none), centred in its half of the sheet.
 *
 * A tagged handout stays tagged: the left copy is the page itself moved onto the sheet (its
 * content, marked content and place in the structure tree, which is copied whole with the
 * outline), the right copy a form XObject of the same content without its marked content, drawn
 * as an artifact with the cut marks: a reader reads each page once.
 */
export async function imposeTwoUp(bytes: Uint8Array, options: TwoUpOptions): Promise<TwoUpImposition> {
  checkLength('sheet.width', options.sheet.width, true);
  checkLength('sheet.height', options.sheet.height, true);
  const sheet = {
    width: Math.max(options.sheet.width, options.sheet.height),
    height: Math.min(options.sheet.width, options.sheet.height),
  };
  const half = sheet.width / 2;
  const handout = await loadPdf(bytes);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const sheets: Placement[][] = [];
  // One copier: the pages, then the structure tree and outline that point at them, map alike.
  const copier = PDFObjectCopier.for(handout.context, doc.context);
  const shifts = new Map<PDFRef, { x: number; y: number }>();

  const sources = handout.getPages();
  const trims = sources.map((source, index) => {
    const trim = source.getTrimBox();
    if (trim.width > half + EPSILON || trim.height > sheet.height + EPSILON) {
      fail(
        'BAD_OPTION',
        `handout page ${index + 1} is ${formatSize(trim)} pt; two of them do not fit side by side on a ` +
          `${formatSize(sheet)} pt sheet (each half is ${formatSize({ width: half, height: sheet.height })} pt)`,
      );
    }
    return trim;
  });
  for (const [index, trim] of trims.entries()) {
    const placements = [0, 1].map((side) => ({
      page: index,
      rect: {
        x: side * half + (half - trim.width) / 2,
        y: (sheet.height - trim.height) / 2,
        width: trim.width,
        height: trim.height,
      },
    }));
    const [left, right] = placements.map((placement) => placement.rect) as [Rect, Rect];
    // The left copy: the handout page, its content moved to its place and clipped to its trim.
    const ref = copier.copy(sources[index]!.ref) as PDFRef;
    const leaf = doc.context.lookup(ref, PDFDict) as PDFPageLeaf;
    for (const box of ['CropBox', 'BleedBox', 'TrimBox', 'ArtBox']) leaf.delete(PDFName.of(box));
    leaf.set(PDFName.of('MediaBox'), doc.context.obj([0, 0, sheet.width, sheet.height]));
    const shift = { x: left.x - trim.x, y: left.y - trim.y };
    shifts.set(ref, shift);
    const contents = leaf.lookup(PDFName.of('Contents'));
    const own = contents instanceof PDFArray ? contents.asArray() : [leaf.get(PDFName.of('Contents'))!];
    const before = doc.context.register(doc.context.stream(`q 1 0 0 1 ${shift.x} ${shift.y} cm ${trim.x} ${trim.y} ${trim.width} ${trim.height} re W n\n`));
    const after = doc.context.register(doc.context.stream('\nQ\n'));
    leaf.set(PDFName.of('Contents'), doc.context.obj([before, ...own, after]));
    const page = PDFPage.of(leaf, ref, doc);
    doc.addPage(page);
    // The right copy: the same content without its marked content, as a form sharing its resources.
    const form = embedWithoutMarkedContent(doc, copier, sources[index]!, trim);
    page.pushOperators(
      beginArtifact('Layout'),
      pushGraphicsState(),
      translate(right.x, right.y),
      drawObject(page.node.newXObject('Copy', form)),
      popGraphicsState(),
      endMarkedContent(),
      beginArtifact('Page'),
    );
    for (const [y0, y1] of [[0, TWO_UP_CUT_MARK], [sheet.height - TWO_UP_CUT_MARK, sheet.height]]) {
      page.drawLine({ start: { x: half, y: y0 }, end: { x: half, y: y1 }, thickness: 0.5, color: MARK_COLOR });
    }
    page.pushOperators(endMarkedContent());
    sheets.push(placements);
  }
  copyStructure(handout, doc, copier, shifts);
  return { bytes: await savePdf(doc), sheet, sheets };
}

/**
 * Copies the handout's structure tree (its elements point at the pages already copied, so at the
 * sheets) and its outline, each destination moved with its page's content (`shifts`).
 */
function copyStructure(handout: PDFDocument, doc: PDFDocument, copier: PDFObjectCopier, shifts: Map<PDFRef, { x: number; y: number }>): void {
  for (const key of ['StructTreeRoot', 'MarkInfo', 'Lang'].map((name) => PDFName.of(name))) {
    const value = handout.catalog.get(key);
    if (value) doc.catalog.set(key, copier.copy(value));
  }
  const outlines = handout.catalog.get(PDFName.of('Outlines'));
  if (!outlines) return;
  const copied = copier.copy(outlines);
  doc.catalog.set(PDFName.of('Outlines'), copied);
  const move = (item: PDFDict | undefined, depth: number) => {
    for (let node = item; node && depth < 32; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const dest = node.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const page = dest?.get(0);
      const shift = page instanceof PDFRef ? shifts.get(page) : undefined;
      if (dest && shift && dest.lookupMaybe(1, PDFName)?.decodeText() === 'XYZ') {
        const [left, top] = [dest.lookup(2), dest.lookup(3)];
        if (left instanceof PDFNumber) dest.set(2, PDFNumber.of(left.asNumber() + shift.x));
        if (top instanceof PDFNumber) dest.set(3, PDFNumber.of(top.asNumber() + shift.y));
      }
      move(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  move(doc.context.lookup(copied, PDFDict).lookupMaybe(PDFName.of('First'), PDFDict), 0);
}

function formatSize({ width, height }: PageSize): string {
  return `${formatPt(width)} x ${formatPt(height)}`;
}
