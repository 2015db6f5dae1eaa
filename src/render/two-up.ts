/**
 * Two-up imposition: a half-size handout placed twice on a landscape sheet, with a cut mark at the
 * middle, front sheets then back sheets.
 */
import { grayscale, PDFDocument } from 'pdf-lib';
import { fail } from '../core/errors.js';
import { formatPt, type PageSize } from '../core/units.js';
import { checkLength, loadPdf, savePdf } from './finish.js';
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
  // All pages in one call: pdf-lib then copies what they share (the fonts) once, not once a page.
  const embedded = await doc.embedPages(
    sources,
    trims.map((trim) => ({ left: trim.x, bottom: trim.y, right: trim.x + trim.width, top: trim.y + trim.height })),
  );
  for (const [index, trim] of trims.entries()) {
    const page = doc.addPage([sheet.width, sheet.height]);
    const placements = [0, 1].map((side) => ({
      page: index,
      rect: {
        x: side * half + (half - trim.width) / 2,
        y: (sheet.height - trim.height) / 2,
        width: trim.width,
        height: trim.height,
      },
    }));
    for (const { rect } of placements) page.drawPage(embedded[index]!, { x: rect.x, y: rect.y });
    for (const [y0, y1] of [[0, TWO_UP_CUT_MARK], [sheet.height - TWO_UP_CUT_MARK, sheet.height]]) {
      page.drawLine({ start: { x: half, y: y0 }, end: { x: half, y: y1 }, thickness: 0.5, color: MARK_COLOR });
    }
    sheets.push(placements);
  }
  return { bytes: await savePdf(doc), sheet, sheets };
}

function formatSize({ width, height }: PageSize): string {
  return `${formatPt(width)} x ${formatPt(height)}`;
}
