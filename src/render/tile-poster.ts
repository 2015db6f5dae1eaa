/**
 * Tiling: a poster page cut onto office sheets (embedded once, drawn clipped on each), with cut and
 * registration marks, an "overlap here" mark beside every strip a neighbour is laid on, a label
 * under each sheet saying which sheet it is, what to cut and where it goes, and an assembly map as
 * the first page. Seams keep clear of the parts of the poster that must stay whole (a QR code).
 */
import {
  clip,
  drawObject,
  endPath,
  grayscale,
  PDFDocument,
  type PDFFont,
  PDFName,
  PDFObjectCopier,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  translate,
  type Color,
} from 'pdf-lib';
import { codePoint, fail } from '../core/errors.js';
import { checkLength, loadPdf, savePdf } from './finish.js';
import { formatPt, type PageSize } from '../core/units.js';
import { embedSubsetFont } from '../fonts/embed.js';
import { faceOfBytes, splitRuns, type Face } from '../fonts/faces.js';
import type { Typeset } from '../fonts/typeset.js';
import { balanceLines } from '../layout/line-breaking.js';
import { beginArtifact, embedWithoutMarkedContent, endMarkedContent } from './marked-content.js';
import { StructureTree } from './structure-tree.js';

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

/** One sheet of a tiled poster. */
export interface PosterTile extends TileGeometry {
  /** The paragraphs printed under the tile (one per language). */
  label: string[];
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

/** How a poster was split into sheets. */
export interface PosterTiling {
  /** The assembly map and the sheets as one PDF: page 1 the map, then one page per tile. */
  bytes: Uint8Array;
  /** Number of rows of sheets. */
  rows: number;
  /** Number of columns of sheets. */
  columns: number;
  /** The sheet orientation that needed fewer sheets (portrait on a tie). */
  orientation: 'portrait' | 'landscape';
  /** The sheet as printed, in that orientation, pt. */
  sheet: PageSize;
  /** Overlap between neighbouring tiles, pt. */
  overlap: number;
  /** The poster's trim rect that the tiles cover, in its page's coordinates. */
  trim: Rect;
  /** The tiles in reading order. */
  tiles: PosterTile[];
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

/** The words a tiling prints; the poster's come from data/poster.json, the default is English. */
export interface TileWords {
  /** The paragraphs under a sheet, one per language: which sheet it is, what to cut, where it goes. */
  label(tile: TileGeometry, grid: TileGrid): string[];
  /** The words beside a strip that a neighbour will be laid on. */
  overlap: string;
  /** The assembly map's blocks, one per language. */
  guide(grid: TileGrid): TileGuide[];
  /** The map's drawing in words, what a screen reader says for it, and the language of those words. */
  map?(grid: TileGrid): { text: string; lang?: string };
}

/** How to split a poster onto printer sheets. */
export interface TileOptions {
  /** Printer sheet size in pt, either orientation (A4 595.28 x 841.89, Letter 612 x 792). */
  sheet: PageSize;
  /** The printer's unprintable margin on every side, pt (about 12 pt on office printers). */
  margin: number;
  /** How far neighbouring tiles overlap for gluing, pt (10 mm = 28.35 pt). */
  overlap: number;
  /** The poster's trim rect in its page; defaults to the page's TrimBox (see setPrintBoxes). */
  trim?: Rect;
  /** The labels' and the map's faces, as a stack: each character in the first face that has it (font file bytes, embedded as subsets). */
  fonts: readonly Uint8Array[];
  /** The stack for headings and sheet numbers; defaults to `fonts`. */
  boldFonts?: readonly Uint8Array[];
  /** Parts of the poster (its page's coordinates) no seam may cross, such as a QR code with its quiet zone: each prints whole on one sheet, where no neighbour covers it. */
  keepWhole?: readonly Rect[];
  /** What the sheets and the map say; defaults to DEFAULT_TILE_WORDS (English). */
  words?: TileWords;
  /** Which page of the poster PDF to tile, from 0; defaults to 0. */
  page?: number;
}

// Marks live in a gutter between the printable margin and the artwork, so none is printed over
// the poster and all of them are cut away. The bottom gutter also holds the "overlap here" words
// and the label, under the marks.
const GUTTER = 24;
const GUTTER_BOTTOM = 62;
const LABEL_SIZE = 7;
// Nothing printed is smaller than this, the press's floor for any text.
const MIN_LABEL_SIZE = 6;
const LABEL_LEADING = 1.25;
const LABEL_TOP = 31; // first label baseline, below the tile (the registration marks end at 23)
const LABEL_GAP = 18; // between two languages' label columns
const OVERLAP_BASELINE = 9; // the "overlap here" words, below the tile, above the marks
const BRACKET = 4; // the bracket over a strip, this far outside the tile
// A line of instructions is no longer than this many ems (some 70 characters of Latin).
const MEASURE_EM = 36;
// Bleed kept on the poster's outer edges: enough for a 3 mm bleed, small enough to leave the gutter for marks.
const MAX_BLEED = 10;
const MARK_GAP = 2; // between the artwork (with its bleed) and a cut mark
const MARK_RADIUS = 4;
const MARK_DISTANCE = 17; // from the tile edge to the centre of a registration mark
const HAIRLINE = 0.3;
const MARK_COLOR = grayscale(0);
// The strips a neighbour is laid on, on the assembly map.
const STRIP_TINT = grayscale(0.85);
// A seam keeps this far from a part that must stay whole (2 mm), so a cut a little off misses it.
const KEEP_CLEARANCE = 5.67;
// Within this, two lengths in pt are the same (3.5 µm).
const EPSILON = 0.01;

/** The default words, English: "Sheet 2 of 8 (row 1, column 2): …". */
export const DEFAULT_TILE_WORDS: TileWords = {
  label: (tile, grid) => [formatTileLabel(tile, grid)],
  overlap: 'overlap here',
  guide: ({ rows, columns, overlap }) => [
    {
      title: 'How to put the poster together',
      steps: [
        `Print every page at actual size (100 %, not "fit to page"). This map is page 1; sheets 1 to ${rows * columns} follow.`,
        'Lay the sheets out as on the map, sheet 1 at the top left.',
        'On every sheet with a neighbour to its left or above, cut off that margin at the cut marks.',
        `Put glue on each strip marked "overlap here" (${formatMm(overlap)}) and lay the neighbour on it, its cut edge on the strip's inner line, so the half target marks meet. Work row by row, from the left.`,
        'Cut off the outer margins last, at the corner marks.',
      ],
      lang: 'en',
    },
  ],
  map: ({ rows, columns }) => ({ text: `Map of the poster cut into ${rows * columns} sheets, ${rows} rows of ${columns}, numbered row by row from the top left`, lang: 'en' }),
};

/**
 * Splits one rendered poster page onto printer sheets, without re-rendering it: the page is
 * embedded once as a form XObject and drawn, clipped and offset, on every sheet.
 *
 * Every tile keeps the poster's bleed on the poster's outer edges when the page has a BleedBox.
 * The tiles are of equal size, their seams clear of `keepWhole`. Each sheet has cut marks at its
 * tile's corners, registration marks centred on every line where a neighbour's edge lies, the
 * words "overlap here" and a bracket beside each strip a neighbour is laid on, and a label. To
 * assemble (the map on page 1 says it in words): cut each sheet's left and top edges where it has
 * a neighbour, lay it over the neighbour's overlap strip so the half registration marks on both
 * sheets make whole ones, glue, and finally cut the outer edges.
 *
 * Tagged: the map page is read as a figure (the map, by its words) and each language's steps (a
 * heading, a list); the sheets are page furniture, the poster on them a copy without its marked
 * content. The result carries no document information; run setMetadata on it like any other output.
 */
export async function tilePoster(posterBytes: Uint8Array, options: TileOptions): Promise<PosterTiling> {
  const { sheet, margin, overlap, fonts, boldFonts = fonts, keepWhole = [], words = DEFAULT_TILE_WORDS, page: pageIndex = 0 } = options;
  checkLength('sheet.width', sheet.width, true);
  checkLength('sheet.height', sheet.height, true);
  checkLength('margin', margin);
  checkLength('overlap', overlap);
  for (const [name, stack] of [['fonts', fonts], ['boldFonts', boldFonts]] as const) {
    if (!Array.isArray(stack) || stack.length === 0 || !stack.every((font) => font instanceof Uint8Array)) {
      fail('BAD_OPTION', `${name} must be a list of font files' bytes (e.g. fonts/Pretendard-Regular.otf). Received: ${describeValue(stack)}`);
    }
  }

  const poster = await loadPdf(posterBytes);
  const pageCount = poster.getPageCount();
  if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= pageCount) {
    fail('BAD_OPTION', `page must be an index from 0 to ${pageCount - 1} in a ${pageCount}-page poster. Received: ${pageIndex}`);
  }
  const posterPage = poster.getPage(pageIndex);
  const media = posterPage.getMediaBox();
  const trim = options.trim ?? posterPage.getTrimBox();
  if (
    ![trim.x, trim.y, trim.width, trim.height].every(Number.isFinite) ||
    trim.width <= 0 || trim.height <= 0 ||
    trim.x < media.x - EPSILON || trim.y < media.y - EPSILON ||
    trim.x + trim.width > media.x + media.width + EPSILON || trim.y + trim.height > media.y + media.height + EPSILON
  ) {
    fail('BAD_OPTION', `trim ${formatRect(trim)} must lie inside the poster page ${formatRect(media)}`);
  }

  const layout = chooseLayout(trim, sheet, margin, overlap, keepWhole);
  const bleed = bleedBeyond(posterPage, trim);
  const tiles = cutTiles(trim, layout, margin);
  const grid: TileGrid = { rows: layout.rows, columns: layout.columns, overlap };
  const labelled = tiles.map((tile) => ({ ...tile, label: words.label(tile, grid) }));
  const guide = words.guide(grid);
  const marks = { right: `${words.overlap} ▶`, below: `▲ ${words.overlap} ▲` };

  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = [...labelled.flatMap((tile) => tile.label), marks.right, marks.below, ...guide.flatMap((block) => block.steps)];
  const bold = [...guide.map((block) => block.title), ...labelled.map((tile) => `${tile.index}`), '0123456789'];
  const setter = await TextSetter.create(doc, { regular: fonts, bold: boldFonts }, { regular, bold });
  const embedded = embedWithoutMarkedContent(doc, PDFObjectCopier.for(poster.context, doc.context), posterPage, {
    x: trim.x - bleed.left,
    y: trim.y - bleed.bottom,
    width: trim.width + bleed.left + bleed.right,
    height: trim.height + bleed.bottom + bleed.top,
  });

  const tree = new StructureTree();
  drawMap(doc.addPage([layout.sheet.width, layout.sheet.height]), setter, labelled, layout, trim, guide, words.overlap, margin, tree, words.map?.(grid));
  for (const tile of labelled) {
    const page = doc.addPage([layout.sheet.width, layout.sheet.height]);
    const { source, origin } = tile;
    // Outer poster edges keep their bleed; inner edges are cut exactly at the tile.
    const ext = {
      left: tile.column === 1 ? bleed.left : 0,
      right: tile.column === layout.columns ? bleed.right : 0,
      top: tile.row === 1 ? bleed.top : 0,
      bottom: tile.row === layout.rows ? bleed.bottom : 0,
    };
    // The sheets are page furniture: the poster is read from its own file, the steps from the map.
    page.pushOperators(
      beginArtifact('Layout'),
      pushGraphicsState(),
      rectangle(origin.x - ext.left, origin.y - ext.bottom, source.width + ext.left + ext.right, source.height + ext.bottom + ext.top),
      clip(),
      endPath(),
      pushGraphicsState(),
      translate(origin.x - (source.x - (trim.x - bleed.left)), origin.y - (source.y - (trim.y - bleed.bottom))),
      drawObject(page.node.newXObject('EmbeddedPdfPage', embedded)),
      popGraphicsState(),
      popGraphicsState(),
      endMarkedContent(),
      beginArtifact('Page'),
    );
    drawCutMarks(page, { x: origin.x, y: origin.y, width: source.width, height: source.height }, ext);
    drawSeamMarks(page, tile, tiles, layout);
    drawOverlapMarks(page, setter, tile, layout, marks);
    page.pushOperators(endMarkedContent(), beginArtifact('Pagination'));
    drawLabel(page, setter, tile.label, origin.x, origin.y - LABEL_TOP, layout.sheet.width - margin - GUTTER - origin.x, origin.y - LABEL_TOP - margin);
    page.pushOperators(endMarkedContent());
  }
  tree.write(doc);

  return {
    bytes: await savePdf(doc),
    rows: layout.rows,
    columns: layout.columns,
    orientation: layout.orientation,
    sheet: layout.sheet,
    overlap,
    trim: { x: trim.x, y: trim.y, width: trim.width, height: trim.height },
    tiles: labelled,
  };
}

/** The default sheet label: "Sheet 2 of 8 (row 1, column 2): cut off the left margin …" (English; a poster's come from data/poster.json). */
export function formatTileLabel(tile: TileGeometry, { rows, columns }: TileGrid): string {
  const where = `Sheet ${tile.index} of ${rows * columns} (row ${tile.row}, column ${tile.column})`;
  if (rows * columns === 1) return where;
  const under = sheetsUnder(tile, columns);
  if (under.length === 0) return `${where}: cut nothing yet. Its neighbours are laid on its strips marked "overlap here".`;
  const edges = [tile.column > 1 ? 'left' : '', tile.row > 1 ? 'top' : ''].filter(Boolean).join(' and ');
  const on = under.length === 1 ? `sheet ${under[0]}` : `sheets ${under.join(' and ')}`;
  return `${where}: cut off the ${edges} margin at the cut marks, then lay this sheet on the strip marked "overlap here" of ${on}, lining up the half target marks.`;
}

/** The sheets a tile is laid on when the poster is put together: its left neighbour's and its upper neighbour's, by number. */
export function sheetsUnder(tile: TileGeometry, columns: number): number[] {
  return [tile.column > 1 ? tile.index - 1 : 0, tile.row > 1 ? tile.index - columns : 0].filter((n) => n > 0);
}

/** A length in millimetres as a label says it: "10 mm". */
export function formatMm(points: number): string {
  return `${Math.round((points / 72) * 25.4 * 10) / 10} mm`;
}

interface Layout {
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

function chooseLayout(trim: Rect, sheet: PageSize, margin: number, overlap: number, keepWhole: readonly Rect[]): Layout {
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

function cutTiles(trim: Rect, layout: Layout, margin: number): TileGeometry[] {
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

/** The bleed around the trim to keep on the poster's outer edges: what the BleedBox gives, at most MAX_BLEED. */
function bleedBeyond(page: PDFPage, trim: Rect): { left: number; right: number; top: number; bottom: number } {
  // getBleedBox() falls back to the MediaBox, which on a page with crop marks includes the marks.
  if (!page.node.get(PDFName.of('BleedBox'))) return { left: 0, right: 0, top: 0, bottom: 0 };
  const box = page.getBleedBox();
  const clamp = (value: number) => Math.min(MAX_BLEED, Math.max(0, value));
  return {
    left: clamp(trim.x - box.x),
    bottom: clamp(trim.y - box.y),
    right: clamp(box.x + box.width - (trim.x + trim.width)),
    top: clamp(box.y + box.height - (trim.y + trim.height)),
  };
}

function drawCutMarks(page: PDFPage, tile: Rect, ext: { left: number; right: number; top: number; bottom: number }): void {
  const left = tile.x;
  const right = tile.x + tile.width;
  const bottom = tile.y;
  const top = tile.y + tile.height;
  const line = (x0: number, y0: number, x1: number, y1: number) =>
    page.drawLine({ start: { x: x0, y: y0 }, end: { x: x1, y: y1 }, thickness: HAIRLINE, color: MARK_COLOR });
  const far = GUTTER - 1;
  // Horizontal marks at each corner, outside the artwork and its bleed.
  line(left - ext.left - MARK_GAP, top, left - far, top);
  line(left - ext.left - MARK_GAP, bottom, left - far, bottom);
  line(right + ext.right + MARK_GAP, top, right + far, top);
  line(right + ext.right + MARK_GAP, bottom, right + far, bottom);
  // Vertical marks.
  line(left, top + ext.top + MARK_GAP, left, top + far);
  line(right, top + ext.top + MARK_GAP, right, top + far);
  line(left, bottom - ext.bottom - MARK_GAP, left, bottom - far);
  line(right, bottom - ext.bottom - MARK_GAP, right, bottom - far);
}

/**
 * Draws a registration mark in the gutter on every line where a neighbour's cut edge will lie, on
 * this sheet and (at the same poster coordinates) on the neighbour: laid correctly, the half left
 * on the cut sheet and the half visible on the sheet under it make one whole mark.
 */
function drawSeamMarks(page: PDFPage, tile: TileGeometry, tiles: TileGeometry[], layout: Layout): void {
  const at = (row: number, column: number) => tiles[(row - 1) * layout.columns + (column - 1)];
  const { source, origin } = tile;
  const toSheetX = (posterX: number) => origin.x + (posterX - source.x);
  const toSheetY = (posterY: number) => origin.y + (posterY - source.y);
  // Vertical seams: the left edge of this tile, and the left edge of the right neighbour.
  const seamXs = [
    tile.column > 1 ? source.x : undefined,
    tile.column < layout.columns ? at(tile.row, tile.column + 1).source.x : undefined,
  ];
  for (const seamX of seamXs) {
    if (seamX === undefined) continue;
    drawRegistrationMark(page, toSheetX(seamX), origin.y + source.height + MARK_DISTANCE);
    drawRegistrationMark(page, toSheetX(seamX), origin.y - MARK_DISTANCE);
  }
  // Horizontal seams: the top edge of this tile, and the top edge of the neighbour below.
  const seamYs = [
    tile.row > 1 ? source.y + source.height : undefined,
    tile.row < layout.rows ? at(tile.row + 1, tile.column).source.y + at(tile.row + 1, tile.column).source.height : undefined,
  ];
  for (const seamY of seamYs) {
    if (seamY === undefined) continue;
    drawRegistrationMark(page, origin.x - MARK_DISTANCE, toSheetY(seamY));
    drawRegistrationMark(page, origin.x + source.width + MARK_DISTANCE, toSheetY(seamY));
  }
}

function drawRegistrationMark(page: PDFPage, x: number, y: number): void {
  page.drawEllipse({ x, y, xScale: MARK_RADIUS, yScale: MARK_RADIUS, borderColor: MARK_COLOR, borderWidth: HAIRLINE });
  const arm = MARK_RADIUS + 2;
  page.drawLine({ start: { x: x - arm, y }, end: { x: x + arm, y }, thickness: HAIRLINE, color: MARK_COLOR });
  page.drawLine({ start: { x, y: y - arm }, end: { x, y: y + arm }, thickness: HAIRLINE, color: MARK_COLOR });
}

/**
 * Marks each strip of this tile that a neighbour will be laid on: a bracket over the strip outside
 * the tile, and the words "overlap here" pointing at it, in the right and bottom gutters (never cut
 * away: they end up under the neighbour).
 */
function drawOverlapMarks(page: PDFPage, setter: TextSetter, tile: TileGeometry, layout: Layout, marks: { right: string; below: string }): void {
  const { origin, source } = tile;
  const { overlap } = layout;
  const left = origin.x;
  const right = origin.x + source.width;
  const bottom = origin.y;
  const line = (x0: number, y0: number, x1: number, y1: number) =>
    page.drawLine({ start: { x: x0, y: y0 }, end: { x: x1, y: y1 }, thickness: HAIRLINE * 2, color: MARK_COLOR });
  const baseline = bottom - OVERLAP_BASELINE;
  let rightText = right;
  if (tile.column < layout.columns) {
    // The strip along the right edge: a bracket under it, the words to its left.
    const strip = right - overlap;
    line(strip + 1, bottom - BRACKET, right - 1, bottom - BRACKET);
    line(strip + 1, bottom - BRACKET, strip + 1, bottom - 1);
    line(right - 1, bottom - BRACKET, right - 1, bottom - 1);
    const width = setter.width(marks.right, LABEL_SIZE);
    rightText = strip - 4 - width;
    setter.draw(page, marks.right, rightText, baseline, LABEL_SIZE);
  }
  if (tile.row < layout.rows) {
    // The strip along the bottom edge: a bracket beside it in the right gutter, the words under it.
    line(right + BRACKET, bottom + 1, right + BRACKET, bottom + overlap - 1);
    line(right + BRACKET, bottom + 1, right + 1, bottom + 1);
    line(right + BRACKET, bottom + overlap - 1, right + 1, bottom + overlap - 1);
    const width = setter.width(marks.below, LABEL_SIZE);
    const room = rightText - 12 - (left + 8);
    if (width <= room) setter.draw(page, marks.below, left + 8 + (room - width) / 2, baseline, LABEL_SIZE);
  }
}

/**
 * The label under a tile: its paragraphs (one per language) side by side, balanced lines no longer
 * than a readable measure, at LABEL_SIZE or, when that does not fit the gutter, down to the floor.
 */
function drawLabel(page: PDFPage, setter: TextSetter, paragraphs: readonly string[], x: number, y: number, room: number, depth: number): void {
  const columns = paragraphs.length;
  const width = (room - LABEL_GAP * (columns - 1)) / columns;
  for (let size = LABEL_SIZE; size >= MIN_LABEL_SIZE - EPSILON; size -= 0.25) {
    const set = paragraphs.map((text) => setter.wrap(text, size, Math.min(width, size * MEASURE_EM)));
    const lines = Math.max(...set.map((l) => l.length));
    if ((lines - 1) * size * LABEL_LEADING + size * 0.25 > depth && size > MIN_LABEL_SIZE + EPSILON) continue;
    set.forEach((l, i) => l.forEach((text, j) => setter.draw(page, text, x + i * (width + LABEL_GAP), y - j * size * LABEL_LEADING, size)));
    return;
  }
}

/**
 * The assembly map, the first page: the poster as a grid of numbered sheets, the strips where a
 * neighbour overlaps tinted, and the steps to put it together, one block per language. Read as a
 * figure (the map with its legend, by `alt`), then each block as a section: its heading an H1,
 * its steps a list, each step's number its label.
 */
function drawMap(page: PDFPage, setter: TextSetter, tiles: readonly TileGeometry[], layout: Layout, trim: Rect, guide: readonly TileGuide[], overlapWords: string, margin: number, tree: StructureTree, alt?: { text: string; lang?: string }): void {
  const figure = tree.element('Figure', { ...(alt ? { alt: alt.text } : {}), ...(alt?.lang ? { lang: alt.lang } : {}) });
  page.pushOperators(tree.begin(page, figure));
  const { width: W, height: H } = layout.sheet;
  const inset = margin + GUTTER;
  const area = { x: inset, y: inset, width: W - 2 * inset, height: H - 2 * inset };
  // The map takes the upper part of a portrait sheet, the left part of a landscape one.
  const landscape = W > H;
  const mapBox = landscape
    ? { x: area.x, y: area.y, width: area.width * 0.42, height: area.height }
    : { x: area.x, y: area.y + area.height * 0.5, width: area.width, height: area.height * 0.5 };
  const textBox = landscape
    ? { x: area.x + area.width * 0.42 + LABEL_GAP, y: area.y, width: area.width * 0.58 - LABEL_GAP, height: area.height }
    : { x: area.x, y: area.y, width: area.width, height: area.height * 0.5 - LABEL_GAP };

  // The map, scaled to fit its box (room kept under it for the legend), at the box's left.
  const legend = LABEL_SIZE * 3;
  const scale = Math.min(mapBox.width / trim.width, (mapBox.height - legend) / trim.height);
  const mapW = trim.width * scale;
  const mapH = trim.height * scale;
  const mx = mapBox.x;
  const my = mapBox.y + legend + (mapBox.height - legend - mapH) / 2;
  const toMap = (r: Rect): Rect => ({ x: mx + (r.x - trim.x) * scale, y: my + (r.y - trim.y) * scale, width: r.width * scale, height: r.height * scale });
  // The strips a neighbour covers, tinted.
  for (const tile of tiles) {
    const s = toMap(tile.source);
    const strip = layout.overlap * scale;
    if (tile.column < layout.columns) page.drawRectangle({ x: s.x + s.width - strip, y: s.y, width: strip, height: s.height, color: STRIP_TINT });
    if (tile.row < layout.rows) page.drawRectangle({ x: s.x, y: s.y, width: s.width, height: strip, color: STRIP_TINT });
  }
  // Each sheet's outline and its number in the middle of the part of it that shows.
  for (const tile of tiles) {
    const s = toMap(tile.source);
    page.drawRectangle({ x: s.x, y: s.y, width: s.width, height: s.height, borderColor: MARK_COLOR, borderWidth: HAIRLINE * 2 });
    const [left] = layout.xs[tile.column - 1]!;
    const right = tile.column < layout.columns ? layout.xs[tile.column]![0] : trim.width;
    const [from] = layout.ys[tile.row - 1]!;
    const to = tile.row < layout.rows ? layout.ys[tile.row]![0] : trim.height;
    const cx = mx + ((left + right) / 2) * scale;
    const cy = my + (trim.height - (from + to) / 2) * scale;
    const size = Math.max(MIN_LABEL_SIZE, Math.min(24, ((right - left) * scale) / 3, ((to - from) * scale) / 3));
    const label = `${tile.index}`;
    setter.draw(page, label, cx - setter.width(label, size, true) / 2, cy - size * 0.35, size, true);
  }
  page.drawRectangle({ x: mx, y: my, width: mapW, height: mapH, borderColor: MARK_COLOR, borderWidth: HAIRLINE * 3 });
  // The legend: a tinted swatch and the words for it.
  const swatch = LABEL_SIZE * 1.2;
  page.drawRectangle({ x: mx, y: mapBox.y + LABEL_SIZE * 0.6, width: swatch * 2, height: swatch, color: STRIP_TINT, borderColor: MARK_COLOR, borderWidth: HAIRLINE });
  setter.draw(page, overlapWords, mx + swatch * 2 + 5, mapBox.y + LABEL_SIZE * 0.6 + swatch * 0.2, LABEL_SIZE);
  page.pushOperators(endMarkedContent());

  // The steps, one block per language, side by side (portrait) or one above the other (landscape).
  const blocks = guide.length;
  const stepSize = 8.5;
  const headSize = 11;
  const blockWidth = landscape ? textBox.width : (textBox.width - LABEL_GAP * (blocks - 1)) / blocks;
  const indent = stepSize * 1.6;
  let y = textBox.y + textBox.height - headSize;
  // Each drawing as an element's content.
  const as = (element: ReturnType<StructureTree['element']>, draw: () => void) => {
    page.pushOperators(tree.begin(page, element));
    draw();
    page.pushOperators(endMarkedContent());
  };
  guide.forEach((block, b) => {
    const x = landscape ? textBox.x : textBox.x + b * (blockWidth + LABEL_GAP);
    if (!landscape) y = textBox.y + textBox.height - headSize;
    const lang = block.lang ? { lang: block.lang } : {};
    const section = tree.element('Sect', lang);
    const heading = tree.element('H1', lang, section);
    for (const line of setter.wrap(block.title, headSize, Math.min(blockWidth, headSize * MEASURE_EM), true)) {
      as(heading, () => setter.draw(page, line, x, y, headSize, true));
      y -= headSize * LABEL_LEADING;
    }
    y -= stepSize * 0.6;
    const list = tree.element('L', lang, section);
    block.steps.forEach((step, i) => {
      const item = tree.element('LI', {}, list);
      as(tree.element('Lbl', {}, item), () => setter.draw(page, `${i + 1}`, x, y, stepSize, true));
      const body = tree.element('LBody', {}, item);
      for (const line of setter.wrap(step, stepSize, Math.min(blockWidth - indent, stepSize * MEASURE_EM))) {
        as(body, () => setter.draw(page, line, x + indent, y, stepSize));
        y -= stepSize * LABEL_LEADING;
      }
      y -= stepSize * 0.5;
    });
    y -= headSize;
  });
}

/**
 * Sets text in pdf-lib with a stack of faces: each character in the first face that has it
 * (splitRuns, as react-pdf chooses), each face embedded once as a subset of what it sets.
 */
class TextSetter {
  // Widths at 1 pt by weight and word: wrapping measures many runs of words at a few sizes, and
  // each width is a fontkit layout. pdf-lib sets glyphs at their advances, without kerning, so a
  // text's width is its words' and spaces' widths added up. Bounded by the tiling's words.
  private readonly widths = new Map<string, number>();

  private constructor(
    private readonly stacks: { regular: Face[]; bold: Face[] },
    private readonly fonts: Map<Face, PDFFont>,
  ) {}

  /** Checks every text against its stack and embeds each face with the characters it sets. */
  static async create(doc: PDFDocument, stacks: { regular: readonly Uint8Array[]; bold: readonly Uint8Array[] }, texts: { regular: string[]; bold: string[] }): Promise<TextSetter> {
    const faces = { regular: stacks.regular.map(openFace), bold: stacks.bold.map(openFace) };
    const byFace = new Map<Face, { bytes: Uint8Array; texts: string[] }>();
    for (const weight of ['regular', 'bold'] as const) {
      stacks[weight].forEach((bytes, i) => byFace.set(faces[weight][i]!, byFace.get(faces[weight][i]!) ?? { bytes, texts: [] }));
      for (const text of texts[weight]) {
        for (const char of text) {
          if (faces[weight].some((face) => face.hasGlyphForCodePoint(char.codePointAt(0)!))) continue;
          const names = faces[weight].map((face) => face.postscriptName);
          fail('NO_GLYPH', `${codePoint(char)} '${char}' is ${names.length === 1 ? `not in the font ${names[0]}` : `in none of the fonts ${names.join(', ')}`}`, `label "${text}"`);
        }
        for (const run of splitRuns(text, faces[weight])) byFace.get(run.face)!.texts.push(run.text);
      }
    }
    const fonts = new Map<Face, PDFFont>();
    for (const [face, { bytes, texts: used }] of byFace) if (used.length > 0) fonts.set(face, await embedSubsetFont(doc, bytes, used));
    return new TextSetter(faces, fonts);
  }

  /** The advance width of a text at a size, pt. */
  width(text: string, size: number, bold = false): number {
    const unit = (word: string) => {
      const key = `${bold ? '+' : '-'}${word}`;
      let width = this.widths.get(key);
      if (width === undefined) {
        width = splitRuns(word, this.stack(bold)).reduce((sum, run) => sum + this.fonts.get(run.face)!.widthOfTextAtSize(run.text, 1), 0);
        this.widths.set(key, width);
      }
      return width;
    };
    const words = text.split(' ');
    return (words.reduce((sum, word) => sum + unit(word), 0) + (words.length - 1) * unit(' ')) * size;
  }

  /** Draws a text with its left end at (x, baseline y). */
  draw(page: PDFPage, text: string, x: number, y: number, size: number, bold = false, color: Color = MARK_COLOR): void {
    let at = x;
    for (const run of splitRuns(text, this.stack(bold))) {
      const font = this.fonts.get(run.face)!;
      page.drawText(run.text, { x: at, y, size, font, color });
      at += font.widthOfTextAtSize(run.text, size);
    }
  }

  /** A text broken into balanced lines no wider than `width` (line-breaking.ts's balanceLines, measured with these faces). */
  wrap(text: string, size: number, width: number, bold = false): string[] {
    const typeset: Typeset = { measure: (value, _stack, at) => this.width(value, at, bold), ascent: () => size };
    return balanceLines(typeset, text, { stack: 'sans', size, bold }, width);
  }

  private stack(bold: boolean): Face[] {
    return bold ? this.stacks.bold : this.stacks.regular;
  }
}

function openFace(bytes: Uint8Array): Face {
  try {
    return faceOfBytes(bytes);
  } catch (error) {
    fail('BAD_OPTION', `not a TrueType or OpenType font (${bytes.length} bytes): ${(error as Error).message}`);
  }
}

function describeValue(value: unknown): string {
  return Array.isArray(value) ? `a list of ${value.length}` : typeof value;
}

function formatSize({ width, height }: PageSize): string {
  return `${formatPt(width)} x ${formatPt(height)}`;
}

function formatRect({ x, y, width, height }: Rect): string {
  return `[${formatPt(x)} ${formatPt(y)} ${formatPt(x + width)} ${formatPt(y + height)}]`;
}
