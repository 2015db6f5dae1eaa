/**
 * The boxes check: TrimBox and BleedBox, where a print shop cuts and how far the artwork runs past
 * it, must be present (when required), inside the MediaBox and CropBox, and give the bleed asked for.
 */
import { PDFArray, PDFName, PDFNumber } from 'pdf-lib';
import type { PDFContext, PDFObject, PDFPage } from 'pdf-lib';
import { inherited, resolve } from './pdf-objects.js';
import { MM_PER_PT, formatPages, round, type PdfCheck } from './verdict.js';

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

const BLEED_TOLERANCE_PT = 0.5;
/** Containment slack: box coordinates written with rounding must not fail by a hair. */
const EPSILON_PT = 0.01;

/** The boxes of one page as written. */
export function readBoxes(context: PDFContext, page: PDFPage, pageNo: number): PageBoxFact {
  // TrimBox and BleedBox, unlike MediaBox and CropBox, are not inherited.
  return {
    page: pageNo,
    media: rectOf(context, inherited(page, 'MediaBox')),
    crop: rectOf(context, inherited(page, 'CropBox')),
    trim: rectOf(context, page.node.get(PDFName.of('TrimBox'))),
    bleed: rectOf(context, page.node.get(PDFName.of('BleedBox'))),
  };
}

function rectOf(context: PDFContext, obj: PDFObject | undefined): PdfRect | undefined {
  const array = resolve(context, obj);
  if (!(array instanceof PDFArray) || array.size() !== 4) return undefined;
  const n = array.asArray().map((item) => resolve(context, item));
  if (!n.every((item): item is PDFNumber => item instanceof PDFNumber)) return undefined;
  const [a, b, c, d] = n.map((item) => item.asNumber()) as [number, number, number, number];
  return { x1: Math.min(a, c), y1: Math.min(b, d), x2: Math.max(a, c), y2: Math.max(b, d) };
}

function contains(outer: PdfRect, inner: PdfRect): boolean {
  return inner.x1 >= outer.x1 - EPSILON_PT && inner.y1 >= outer.y1 - EPSILON_PT
    && inner.x2 <= outer.x2 + EPSILON_PT && inner.y2 <= outer.y2 + EPSILON_PT;
}

/** Bleed per side in points: how far the BleedBox reaches past the TrimBox. */
function bleedSides(trim: PdfRect, bleed: PdfRect): { left: number; right: number; top: number; bottom: number } {
  return { left: trim.x1 - bleed.x1, right: bleed.x2 - trim.x2, top: bleed.y2 - trim.y2, bottom: trim.y1 - bleed.y1 };
}

/** Fails missing (when required), misplaced or wrongly bled boxes; a pass sums up trim and bleed. */
export function judgeBoxes(boxes: PageBoxFact[], requireBoxes: boolean, expectedBleed: number | undefined): PdfCheck {
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
