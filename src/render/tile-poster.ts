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
  PDFDocument,
  PDFObjectCopier,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  translate,
} from 'pdf-lib';
import { fail } from '../core/errors.js';
import { checkLength, loadPdf, savePdf } from './finish.js';
import { formatPt, type PageSize } from '../core/units.js';
import { beginArtifact, embedWithoutMarkedContent, endMarkedContent } from './marked-content.js';
import { TextSetter } from './pdf-text.js';
import { StructureTree } from './structure-tree.js';
import { chooseLayout, cutTiles, EPSILON, GUTTER, type Rect, type TileGeometry, type TileGrid, type TileGuide } from './tile-layout.js';
import { bleedBeyond, drawCutMarks, drawLabel, drawMap, drawOverlapMarks, drawSeamMarks, LABEL_TOP } from './tile-marks.js';

// The geometry (tile-layout.ts), the marks and the map (tile-marks.ts) and the text (pdf-text.ts)
// are modules of their own; these are the names callers know tiling by.
export { placeSpans, type Rect, type TileGeometry, type TileGrid, type TileGuide } from './tile-layout.js';

/** One sheet of a tiled poster. */
export interface PosterTile extends TileGeometry {
  /** The paragraphs printed under the tile (one per language). */
  label: string[];
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

function describeValue(value: unknown): string {
  return Array.isArray(value) ? `a list of ${value.length}` : typeof value;
}

function formatRect({ x, y, width, height }: Rect): string {
  return `[${formatPt(x)} ${formatPt(y)} ${formatPt(x + width)} ${formatPt(y + height)}]`;
}
