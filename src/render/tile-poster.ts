/**
 * Tiling: a poster page cut onto office sheets (embedded once, drawn clipped on each), with cut and
 * registration marks and a label per sheet.
 */
import {
  clip,
  endPath,
  grayscale,
  PDFDocument,
  type PDFFont,
  PDFName,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
} from 'pdf-lib';
import { fail } from '../core/errors.js';
import { checkLength, loadPdf, savePdf } from './finish.js';
import { formatPt, type PageSize } from '../core/units.js';
import { embedSubsetFont } from '../fonts/embed.js';

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
  /** Position in reading order (row by row), counted from 1; also the sheet's page number. */
  index: number;
  /** The part of the poster page this sheet shows, in the poster page's coordinates. */
  source: Rect;
  /** Where the source's bottom-left corner lands on the sheet, in sheet coordinates. */
  origin: { x: number; y: number };
}

/** One sheet of a tiled poster. */
export interface PosterTile extends TileGeometry {
  /** The label printed under the tile. */
  label: string;
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
  /** The sheets as one PDF, one page per tile. */
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
  /** The bytes of a TrueType/OpenType font for the labels, embedded as a subset (preflights refuse unembedded fonts). */
  labelFont: Uint8Array;
  /** Words for each sheet's label; defaults to formatTileLabel (English). */
  labels?: (tile: TileGeometry, grid: TileGrid) => string;
  /** Which page of the poster PDF to tile, from 0; defaults to 0. */
  page?: number;
}

// Marks live in a gutter between the printable margin and the artwork, so none is printed over
// the poster and all of them are cut away. The bottom gutter also holds the label.
const GUTTER = 24;
const GUTTER_BOTTOM = 36;
const LABEL_SIZE = 7;
const LABEL_BASELINE = 32; // below the tile
const MIN_LABEL_SIZE = 4;
// Bleed kept on the poster's outer edges: enough for a 3 mm bleed, small enough to leave the gutter for marks.
const MAX_BLEED = 10;
const MARK_GAP = 2; // between the artwork (with its bleed) and a cut mark
const MARK_RADIUS = 4;
const MARK_DISTANCE = 17; // from the tile edge to the centre of a registration mark
const HAIRLINE = 0.3;
const MARK_COLOR = grayscale(0);
// Within this, two lengths in pt are the same (3.5 µm).
const EPSILON = 0.01;

/**
 * Splits one rendered poster page onto printer sheets, without re-rendering it: the page is
 * embedded once as a form XObject and drawn, clipped and offset, on every sheet.
 *
 * Every tile keeps the poster's bleed on the poster's outer edges when the page has a BleedBox.
 * Each sheet has cut marks at its tile's corners, registration marks centred on every line where
 * a neighbour's edge lies, and a label. To assemble: cut each sheet's left and top edges where it
 * has a neighbour, lay it over the neighbour's overlap strip so the half registration marks on
 * both sheets make whole ones, glue, and finally cut the outer edges.
 *
 * The result carries no document information; run setMetadata on it like any other output.
 */
export async function tilePoster(posterBytes: Uint8Array, options: TileOptions): Promise<PosterTiling> {
  const { sheet, margin, overlap, labelFont, labels = formatTileLabel, page: pageIndex = 0 } = options;
  checkLength('sheet.width', sheet.width, true);
  checkLength('sheet.height', sheet.height, true);
  checkLength('margin', margin);
  checkLength('overlap', overlap);
  if (!(labelFont instanceof Uint8Array)) {
    fail('BAD_OPTION', `labelFont must be the bytes of a font file (e.g. fonts/SourceSerif4-Regular.ttf). Received: ${typeof labelFont}`);
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

  const layout = chooseLayout(trim, sheet, margin, overlap);
  const bleed = bleedBeyond(posterPage, trim);
  const tiles = cutTiles(trim, layout, margin, overlap);
  const grid: TileGrid = { rows: layout.rows, columns: layout.columns, overlap };
  const labelled = tiles.map((tile) => ({ ...tile, label: labels(tile, grid) }));

  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await embedSubsetFont(doc, labelFont, labelled.map((tile) => tile.label));
  const embedded = await doc.embedPage(posterPage, {
    left: trim.x - bleed.left,
    bottom: trim.y - bleed.bottom,
    right: trim.x + trim.width + bleed.right,
    top: trim.y + trim.height + bleed.top,
  });

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
    page.pushOperators(
      pushGraphicsState(),
      rectangle(origin.x - ext.left, origin.y - ext.bottom, source.width + ext.left + ext.right, source.height + ext.bottom + ext.top),
      clip(),
      endPath(),
    );
    page.drawPage(embedded, {
      x: origin.x - (source.x - (trim.x - bleed.left)),
      y: origin.y - (source.y - (trim.y - bleed.bottom)),
    });
    page.pushOperators(popGraphicsState());
    drawCutMarks(page, { x: origin.x, y: origin.y, width: source.width, height: source.height }, ext);
    drawSeamMarks(page, tile, tiles, layout);
    drawLabel(page, font, tile.label, origin.x, origin.y - LABEL_BASELINE, layout.sheet.width - origin.x - margin);
  }

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

/** The default sheet label: "Row 1, Column 2 (2 of 6) — overlap 10 mm: glue under the neighbour". */
export function formatTileLabel(tile: TileGeometry, { rows, columns, overlap }: TileGrid): string {
  const where = `Row ${tile.row}, Column ${tile.column} (${tile.index} of ${rows * columns})`;
  if (rows * columns === 1) return where;
  const mm = Math.round((overlap / 72) * 25.4 * 10) / 10;
  return overlap > 0 ? `${where} — overlap ${mm} mm: glue under the neighbour` : `${where} — butt the edges together`;
}

interface Layout {
  rows: number;
  columns: number;
  orientation: 'portrait' | 'landscape';
  sheet: PageSize;
  /** The artwork area of a sheet (inside margin and gutters). */
  content: PageSize;
}

function chooseLayout(trim: Rect, sheet: PageSize, margin: number, overlap: number): Layout {
  const portrait = { width: Math.min(sheet.width, sheet.height), height: Math.max(sheet.width, sheet.height) };
  const landscape = { width: portrait.height, height: portrait.width };
  const candidates = ([['portrait', portrait], ['landscape', landscape]] as const).map(([orientation, size]) => {
    const content = {
      width: size.width - 2 * margin - 2 * GUTTER,
      height: size.height - 2 * margin - GUTTER - GUTTER_BOTTOM,
    };
    if (content.width <= overlap + EPSILON || content.height <= overlap + EPSILON) {
      fail(
        'BAD_OPTION',
        `a ${formatSize(size)} pt sheet with margin ${margin} pt leaves ${formatSize(content)} pt for artwork ` +
          `(after ${GUTTER} pt for marks), not more than the overlap of ${overlap} pt`,
      );
    }
    const columns = countTiles(trim.width, content.width, overlap);
    const rows = countTiles(trim.height, content.height, overlap);
    return { rows, columns, orientation, sheet: size, content };
  });
  const [p, l] = candidates;
  return l.rows * l.columns < p.rows * p.columns ? l : p;
}

/** How many tiles of `span` overlapping by `overlap` cover `length`. */
function countTiles(length: number, span: number, overlap: number): number {
  if (length <= span + EPSILON) return 1;
  return Math.ceil((length - overlap - EPSILON) / (span - overlap));
}

function cutTiles(trim: Rect, layout: Layout, margin: number, overlap: number): TileGeometry[] {
  const { content, sheet } = layout;
  const right = trim.x + trim.width;
  const top = trim.y + trim.height;
  const tiles: TileGeometry[] = [];
  for (let r = 0; r < layout.rows; r++) {
    const tileTop = top - r * (content.height - overlap);
    const height = Math.min(content.height, tileTop - trim.y);
    for (let c = 0; c < layout.columns; c++) {
      const x = trim.x + c * (content.width - overlap);
      const width = Math.min(content.width, right - x);
      tiles.push({
        row: r + 1,
        column: c + 1,
        index: tiles.length + 1,
        source: { x, y: tileTop - height, width, height },
        // Top-left aligned, so the last row and column are short on the right and bottom only.
        origin: { x: margin + GUTTER, y: sheet.height - margin - GUTTER - height },
      });
    }
  }
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

function drawLabel(page: PDFPage, font: PDFFont, text: string, x: number, y: number, room: number): void {
  // A long custom label shrinks rather than running off the printable area.
  const size = Math.max(MIN_LABEL_SIZE, Math.min(LABEL_SIZE, (LABEL_SIZE * room) / font.widthOfTextAtSize(text, LABEL_SIZE)));
  page.drawText(text, { x, y, size, font, color: MARK_COLOR });
}

function formatSize({ width, height }: PageSize): string {
  return `${formatPt(width)} x ${formatPt(height)}`;
}

function formatRect({ x, y, width, height }: Rect): string {
  return `[${formatPt(x)} ${formatPt(y)} ${formatPt(x + width)} ${formatPt(y + height)}]`;
}
