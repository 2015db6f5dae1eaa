/**
 * What a tiled poster's sheets carry besides the poster: cut marks at the tile's corners,
 * registration marks on the seams, "overlap here" beside the strips a neighbour is laid on, the
 * label under each sheet, and the assembly map (page 1). tile-poster.ts places them.
 */
import { grayscale, PDFName, type PDFPage } from 'pdf-lib';
import { endMarkedContent } from './marked-content.js';
import type { TextSetter } from './pdf-text.js';
import type { StructureTree } from './structure-tree.js';
import { EPSILON, GUTTER, type Layout, type Rect, type TileGeometry, type TileGuide } from './tile-layout.js';

const LABEL_SIZE = 7;
// Nothing printed is smaller than this, the press's floor for any text.
const MIN_LABEL_SIZE = 6;
const LABEL_LEADING = 1.25;
export const LABEL_TOP = 31; // first label baseline, below the tile (the registration marks end at 23)
// first label baseline, below the tile (the registration marks end at 23)
const LABEL_GAP = 18; // between two languages' label columns
// between two languages' label columns
const OVERLAP_BASELINE = 9; // the "overlap here" words, below the tile, above the marks
// the "overlap here" words, below the tile, above the marks
const BRACKET = 4; // the bracket over a strip, this far outside the tile
// the bracket over a strip, this far outside the tile
// A line of instructions is no longer than this many ems (some 70 characters of Latin).
const MEASURE_EM = 36;
// Bleed kept on the poster's outer edges: enough for a 3 mm bleed, small enough to leave the gutter for marks.
const MAX_BLEED = 10;
const MARK_GAP = 2; // between the artwork (with its bleed) and a cut mark
// between the artwork (with its bleed) and a cut mark
const MARK_RADIUS = 4;
const MARK_DISTANCE = 17; // from the tile edge to the centre of a registration mark
// from the tile edge to the centre of a registration mark
const HAIRLINE = 0.3;
const MARK_COLOR = grayscale(0);
// The strips a neighbour is laid on, on the assembly map.
const STRIP_TINT = grayscale(0.85);

/** The bleed around the trim to keep on the poster's outer edges: what the BleedBox gives, at most MAX_BLEED. */
export function bleedBeyond(page: PDFPage, trim: Rect): { left: number; right: number; top: number; bottom: number } {
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

export function drawCutMarks(page: PDFPage, tile: Rect, ext: { left: number; right: number; top: number; bottom: number }): void {
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
export function drawSeamMarks(page: PDFPage, tile: TileGeometry, tiles: TileGeometry[], layout: Layout): void {
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
export function drawOverlapMarks(page: PDFPage, setter: TextSetter, tile: TileGeometry, layout: Layout, marks: { right: string; below: string }): void {
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
export function drawLabel(page: PDFPage, setter: TextSetter, paragraphs: readonly string[], x: number, y: number, room: number, depth: number): void {
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
export function drawMap(page: PDFPage, setter: TextSetter, tiles: readonly TileGeometry[], layout: Layout, trim: Rect, guide: readonly TileGuide[], overlapWords: string, margin: number, tree: StructureTree, alt?: { text: string; lang?: string }): void {
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
