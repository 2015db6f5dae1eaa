/**
 * A tiled poster's geometry: which sheet orientation needs fewer sheets, where the seams go (clear
 * of the parts that must stay whole), and where each tile's part of the poster lands on its sheet.
 * Numbers only: tile-poster.ts draws them.
 */
import { fail } from '../core/errors.js';
import { formatPt, type PageSize } from '../core/units.js';

/** A rectangle in PDF points, origin at the bottom left as in PDF user space. */
export interface Rect {
  /** Left edge, pt. */
  x: number;
  /** Bottom edge, pt. */
  y: number;
  /** Width, pt. */
  width: number;
  /** Height, pt. */
  height: number;
}

/** Where one sheet of a tiled poster sits in the poster and on the sheet. */
export interface TileGeometry {
  /** Row, counted from 1 at the top of the poster. */
  row: number;
  /** Column, counted from 1 at the left. */
  column: number;
  /** The sheet's number, in reading order (row by row) from 1; its page is index + 1, after the assembly map. */
  index: number;
  /** The part of the poster page this sheet shows, in the poster page's coordinates. */
  source: Rect;
  /** Where the source's bottom-left corner lands on the sheet, in sheet coordinates. */
  origin: { x: number; y: number };
}

/** The grid a poster was cut into, as a label needs it. */
export interface TileGrid {
  /** Number of rows of sheets. */
  rows: number;
  /** Number of columns of sheets. */
  columns: number;
  /** Overlap between neighbouring tiles, pt. */
  overlap: number;
}

/** One language's block of the assembly map: a heading and numbered steps. */
export interface TileGuide {
  /** The heading. */
  title: string;
  /** The steps, in order (numbered when printed). */
  steps: string[];
  /** Its language (BCP 47), for its /Lang. */
  lang?: string;
}

// Marks live in a gutter between the printable margin and the artwork, so none is printed over
// the poster and all of them are cut away. The bottom gutter also holds the "overlap here" words
// and the label, under the marks.
export const GUTTER = 24;
export const GUTTER_BOTTOM = 62;
// A seam keeps this far from a part that must stay whole (2 mm), so a cut a little off misses it.
const KEEP_CLEARANCE = 5.67;
// Within this, two lengths in pt are the same (3.5 µm).
export const EPSILON = 0.01;

/** How a poster is laid out on sheets: the grid, the sheet and its artwork area, the tiles' spans. */
export interface Layout {
  rows: number;
  columns: number;
  orientation: 'portrait' | 'landscape';
  sheet: PageSize;
  /** The artwork area of a sheet (inside margin and gutters). */
  content: PageSize;
  /** Overlap between neighbouring tiles, pt. */
  overlap: number;
  /** The tiles' spans across the trim, from its left edge, pt. */
  xs: [number, number][];
  /** The tiles' spans down the trim, from its top edge, pt. */
  ys: [number, number][];
}

/** The sheet orientation (portrait on a tie) and seams that need the fewest sheets. */
export function chooseLayout(trim: Rect, sheet: PageSize, margin: number, overlap: number, keepWhole: readonly Rect[]): Layout {
  const portrait = { width: Math.min(sheet.width, sheet.height), height: Math.max(sheet.width, sheet.height) };
  const landscape = { width: portrait.height, height: portrait.width };
  const top = trim.y + trim.height;
  const candidates = ([['portrait', portrait], ['landscape', landscape]] as const).map(([orientation, size]) => {
    const content = {
      width: size.width - 2 * margin - 2 * GUTTER,
      height: size.height - 2 * margin - GUTTER - GUTTER_BOTTOM,
    };
    if (content.width <= 2 * overlap + EPSILON || content.height <= 2 * overlap + EPSILON) {
      fail(
        'BAD_OPTION',
        `a ${formatSize(size)} pt sheet with margin ${margin} pt leaves ${formatSize(content)} pt for artwork ` +
          `(after ${GUTTER} pt for marks), not more than twice the overlap of ${overlap} pt`,
      );
    }
    const xs = placeSpans(trim.width, content.width, overlap, keepWhole.map((r) => [r.x - trim.x, r.x + r.width - trim.x]));
    const ys = placeSpans(trim.height, content.height, overlap, keepWhole.map((r) => [top - (r.y + r.height), top - r.y]));
    return { rows: ys.length, columns: xs.length, orientation, sheet: size, content, overlap, xs, ys };
  });
  const [p, l] = candidates;
  return l.rows * l.columns < p.rows * p.columns ? l : p;
}

/**
 * The spans of tiles of at most `span` that cover `length`, neighbours overlapping by `overlap`:
 * the fewest tiles, of equal size, unless a seam (the edge where a tile is laid on the one
 * before) would cross a part to keep whole; then the seams on either side are moved clear of it,
 * and if no placement of that many tiles clears it, one more tile is tried.
 */
export function placeSpans(length: number, span: number, overlap: number, keep: readonly (readonly [number, number])[] = []): [number, number][] {
  if (length <= span + EPSILON) return [[0, length]];
  const step = span - overlap;
  const fewest = Math.ceil((length - overlap - EPSILON) / step);
  const forbidden = keep
    .filter(([a, b]) => b - a + 2 * KEEP_CLEARANCE < step && b > 0 && a < length)
    .map(([a, b]) => [a - KEEP_CLEARANCE, b + KEEP_CLEARANCE] as const);
  // Seams c_1 … c_{n-1}: tile k spans [c_k, c_{k+1} + overlap], the last one [c_{n-1}, length].
  const valid = (seams: number[]) => {
    const all = [0, ...seams, length - overlap];
    for (let i = 1; i < all.length; i++) {
      const width = all[i]! - all[i - 1]!;
      if (width > step + EPSILON || width < overlap) return false;
    }
    return seams.every((c) => forbidden.every(([lo, hi]) => c <= lo || c >= hi));
  };
  const even = (n: number, from: number, to: number, count: number) => Array.from({ length: count }, (_, i) => from + ((to - from) * (i + 1)) / n);
  for (let n = fewest; n <= fewest + 2; n++) {
    const candidates = [even(n, 0, length - overlap, n - 1)];
    // The seam k put just clear of a part, the seams before and after it spread evenly.
    for (const [lo, hi] of forbidden) {
      for (let k = 1; k < n; k++) {
        for (const c of [lo, hi]) candidates.push([...even(k, 0, c, k - 1), c, ...even(n - k, c, length - overlap, n - k - 1)]);
      }
    }
    const widest = (seams: number[]) => {
      const all = [0, ...seams, length - overlap];
      return Math.max(...all.slice(1).map((c, i) => c - all[i]!));
    };
    const best = candidates.filter(valid).sort((a, b) => widest(a) - widest(b))[0];
    if (best) return toSpans(best, length, overlap);
  }
  // No placement keeps the part whole (it is wider than a sheet): equal tiles.
  return toSpans(even(fewest, 0, length - overlap, fewest - 1), length, overlap);
}

function toSpans(seams: number[], length: number, overlap: number): [number, number][] {
  const starts = [0, ...seams];
  return starts.map((c, i) => [c, i + 1 < starts.length ? starts[i + 1]! + overlap : length]);
}

/** The tiles of a layout in reading order, each with its part of the trim and where it lands on its sheet. */
export function cutTiles(trim: Rect, layout: Layout, margin: number): TileGeometry[] {
  const { sheet } = layout;
  const top = trim.y + trim.height;
  const tiles: TileGeometry[] = [];
  layout.ys.forEach(([from, to], r) => {
    const height = to - from;
    layout.xs.forEach(([left, right], c) => {
      tiles.push({
        row: r + 1,
        column: c + 1,
        index: tiles.length + 1,
        source: { x: trim.x + left, y: top - to, width: right - left, height },
        // Top-left aligned on the sheet.
        origin: { x: margin + GUTTER, y: sheet.height - margin - GUTTER - height },
      });
    });
  });
  return tiles;
}

function formatSize({ width, height }: PageSize): string {
  return `${formatPt(width)} x ${formatPt(height)}`;
}
