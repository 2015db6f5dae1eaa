import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb } from 'pdf-lib';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFonts, squash } from '../helpers/pdf.js';
import { PressError } from '../../src/core/errors.js';
import { loadPdf, setPrintBoxes } from '../../src/render/finish.js';
import { DEFAULT_TILE_WORDS, placeSpans, tilePoster, type PosterTiling, type Rect } from '../../src/render/tile-poster.js';
import { imposeTwoUp } from '../../src/render/two-up.js';
import { embedSubsetFont } from '../../src/fonts/embed.js';

const FONTS = fileURLToPath(new URL('../../fonts/', import.meta.url));
const A4 = { width: 595.28, height: 841.89 };
const LETTER = { width: 612, height: 792 };
const A5 = { width: 419.53, height: 595.28 };
const HALF_LETTER = { width: 396, height: 612 };
const A2 = { width: 1190.55, height: 1683.78 };
const BLEED = 8.5;
const MARGIN = 12;
const OVERLAP = 28.35; // 10 mm
const CELLS = 8; // the test poster is an 8 x 8 grid of distinct colours
const TITLE = 'Washington Declaration';
// Where the title is drawn on the poster (page coordinates); colour samples avoid it.
const TITLE_BOX: Rect = { x: 100, y: 100, width: 420, height: 40 };

let serif: Uint8Array;

beforeAll(async () => {
  serif = await readFile(`${FONTS}SourceSerif4-Regular.ttf`);
});

/** The colour of the poster's grid cell at a point of the poster page (0-255 per channel). */
function posterColorAt(x: number, y: number, trim: Rect): [number, number, number] {
  const column = Math.min(CELLS - 1, Math.max(0, Math.floor(((x - trim.x) / trim.width) * CELLS)));
  const row = Math.min(CELLS - 1, Math.max(0, Math.floor(((y - trim.y) / trim.height) * CELLS)));
  return [30 + 28 * column, 30 + 28 * row, 200];
}

/** An A2 poster with 3 mm bleed: a grid of colour cells running into the bleed, a title, TrimBox set. */
async function makeGridPoster(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([A2.width + 2 * BLEED, A2.height + 2 * BLEED]);
  const trim = { x: BLEED, y: BLEED, ...A2 };
  const cellW = A2.width / CELLS;
  const cellH = A2.height / CELLS;
  for (let column = 0; column < CELLS; column++) {
    for (let row = 0; row < CELLS; row++) {
      const x0 = column === 0 ? 0 : trim.x + column * cellW;
      const x1 = column === CELLS - 1 ? A2.width + 2 * BLEED : trim.x + (column + 1) * cellW;
      const y0 = row === 0 ? 0 : trim.y + row * cellH;
      const y1 = row === CELLS - 1 ? A2.height + 2 * BLEED : trim.y + (row + 1) * cellH;
      const [r, g, b] = posterColorAt(x0 + 1 + (column === 0 ? BLEED : 0), y0 + 1 + (row === 0 ? BLEED : 0), trim);
      page.drawRectangle({ x: x0, y: y0, width: x1 - x0, height: y1 - y0, color: rgb(r / 255, g / 255, b / 255) });
    }
  }
  const font = await embedSubsetFont(doc, serif, [TITLE]);
  page.drawText(TITLE, { x: TITLE_BOX.x, y: TITLE_BOX.y + 10, size: 36, font, color: rgb(1, 1, 1) });
  return setPrintBoxes(await doc.save(), { bleed: BLEED });
}

/** A handout whose pages each carry a word and a coloured band. */
async function makeHandout(size: { width: number; height: number }, words: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await embedSubsetFont(doc, serif, words);
  for (const word of words) {
    const page = doc.addPage([size.width, size.height]);
    page.drawRectangle({ x: 36, y: size.height - 100, width: size.width - 72, height: 40, color: rgb(0.8, 0.1, 0.1) });
    page.drawText(word, { x: 36, y: 300, size: 20, font });
  }
  return doc.save();
}

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of the buffer it is given.
  return getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
}

async function pageText(pdf: PDFDocumentProxy, n: number): Promise<string> {
  const content = await (await pdf.getPage(n)).getTextContent();
  return content.items.map((item) => ('str' in item ? item.str : '')).join('');
}

/** Renders a page at `scale` px per pt and returns a reader of the colour at a point in PDF coordinates. */
async function renderPage(pdf: PDFDocumentProxy, n: number, scale = 1) {
  const page = await pdf.getPage(n);
  const viewport = page.getViewport({ scale });
  const factory = pdf.canvasFactory as {
    create(width: number, height: number): { canvas: unknown; context: CanvasRenderingContext2D };
  };
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context, viewport }).promise;
  const { data, width } = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
  return (x: number, y: number): [number, number, number] => {
    const i = (Math.floor(viewport.height - y * scale) * width + Math.floor(x * scale)) * 4;
    return [data[i], data[i + 1], data[i + 2]];
  };
}

function expectColor(actual: [number, number, number], expected: [number, number, number], where: string): void {
  const off = Math.max(...actual.map((value, i) => Math.abs(value - expected[i])));
  expect(off, `${where}: got rgb(${actual}), want rgb(${expected})`).toBeLessThanOrEqual(6);
}


/** The distinct edges of the tiles along one axis, in order. */
function spans(tiling: PosterTiling, axis: 'x' | 'y'): [number, number][] {
  const size = axis === 'x' ? 'width' : 'height';
  const seen = new Map<number, number>();
  for (const { source } of tiling.tiles) seen.set(source[axis], source[axis] + source[size]);
  return [...seen.entries()].sort((a, b) => a[0] - b[0]);
}

/** Points along one side of a tile to compare colours at, none within 1.5 pt of a cell edge. */
function samplePoints(start: number, length: number, gridStart: number, cell: number): number[] {
  const points = Array.from({ length: 7 }, (_, i) => start + (length * (i + 1)) / 8);
  for (let edge = gridStart + cell; edge < gridStart + CELLS * cell - 1; edge += cell) points.push(edge - 3, edge + 3);
  const offEdge = (p: number) => Math.abs(((p - gridStart) / cell - Math.round((p - gridStart) / cell)) * cell) > 1.5;
  return points.filter((p) => p > start + 1 && p < start + length - 1 && offEdge(p));
}

describe('tilePoster', () => {
  let poster: Uint8Array;
  let tiling: PosterTiling;
  const options = () => ({ sheet: A4, margin: MARGIN, overlap: OVERLAP, fonts: [serif] });

  beforeAll(async () => {
    poster = await makeGridPoster();
    tiling = await tilePoster(poster, options());
  });

  it('takes the trim from the TrimBox and picks the orientation needing fewer sheets', () => {
    expect(tiling.trim).toEqual({ x: BLEED, y: BLEED, ...A2 });
    // Artwork per A4 sheet: 841.89 - 2 x 12 margin - 2 x 24 gutter = 769.89 wide in landscape,
    // 595.28 - 24 - 24 - 62 = 485.28 high: 2 columns x 4 rows = 8 sheets; portrait needs 3 x 3 = 9.
    expect(tiling.orientation).toBe('landscape');
    expect([tiling.rows, tiling.columns]).toEqual([4, 2]);
    expect(tiling.sheet).toEqual({ width: A4.height, height: A4.width });
    expect(tiling.tiles).toHaveLength(8);
  });

  it('covers the whole trim, neighbours overlapping by exactly the stated overlap', () => {
    const { trim } = tiling;
    for (const [axis, start, length] of [['x', trim.x, trim.width], ['y', trim.y, trim.height]] as const) {
      const edges = spans(tiling, axis);
      expect(edges[0][0]).toBe(start);
      expect(edges.at(-1)![1]).toBeCloseTo(start + length, 9);
      for (let i = 1; i < edges.length; i++) expect(edges[i - 1][1] - edges[i][0]).toBeCloseTo(OVERLAP, 9);
    }
    // Any point of the trim is on some sheet.
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j <= 40; j++) {
        const x = trim.x + (trim.width * i) / 40;
        const y = trim.y + (trim.height * j) / 40;
        const on = tiling.tiles.some(({ source: s }) => x >= s.x && x <= s.x + s.width && y >= s.y && y <= s.y + s.height);
        expect(on, `(${x}, ${y})`).toBe(true);
      }
    }
  });

  it('keeps every tile on the printable part of its sheet', () => {
    for (const { source, origin } of tiling.tiles) {
      expect(origin.x).toBeGreaterThanOrEqual(MARGIN);
      expect(origin.y).toBeGreaterThanOrEqual(MARGIN);
      expect(origin.x + source.width).toBeLessThanOrEqual(tiling.sheet.width - MARGIN);
      expect(origin.y + source.height).toBeLessThanOrEqual(tiling.sheet.height - MARGIN);
    }
  });

  it('makes the tiles of one size, every inner seam a whole overlap', () => {
    const sizes = new Set(tiling.tiles.map(({ source }) => `${source.width.toFixed(6)} x ${source.height.toFixed(6)}`));
    expect([...sizes]).toHaveLength(1);
  });

  it('writes the assembly map, then one page of exactly the sheet size per tile', async () => {
    const doc = await loadPdf(tiling.bytes);
    expect(doc.getPageCount()).toBe(tiling.rows * tiling.columns + 1);
    for (const page of doc.getPages()) expect(page.getSize()).toEqual({ width: A4.height, height: A4.width });
  });

  it('shows on each sheet the poster under its tile, clipped at inner edges, with bleed at outer ones', async () => {
    const pdf = await openPdf(tiling.bytes);
    for (const tile of tiling.tiles) {
      const colorAt = await renderPage(pdf, tile.index + 1);
      const { source, origin } = tile;
      const toSheet = (x: number, y: number) => [origin.x + x - source.x, origin.y + y - source.y] as const;
      // A grid of points, plus points 3 pt either side of every cell edge, which catch an offset.
      const xs = samplePoints(source.x, source.width, tiling.trim.x, A2.width / CELLS);
      const ys = samplePoints(source.y, source.height, tiling.trim.y, A2.height / CELLS);
      for (const x of xs) {
        for (const y of ys) {
          const inTitle = x > TITLE_BOX.x - 2 && x < TITLE_BOX.x + TITLE_BOX.width && y > TITLE_BOX.y - 2 && y < TITLE_BOX.y + TITLE_BOX.height;
          if (inTitle) continue;
          expectColor(colorAt(...toSheet(x, y)), posterColorAt(x, y, tiling.trim), `sheet ${tile.index} at poster (${x}, ${y})`);
        }
      }
      const midY = source.y + source.height / 2;
      const rightX = source.x + source.width;
      if (tile.column < tiling.columns) {
        expectColor(colorAt(...toSheet(rightX + 4, midY)), [255, 255, 255], `sheet ${tile.index} right of its tile`);
      } else {
        expectColor(colorAt(...toSheet(rightX + 5, midY)), posterColorAt(rightX, midY, tiling.trim), `sheet ${tile.index} bleed`);
        expectColor(colorAt(...toSheet(rightX + 12, midY)), [255, 255, 255], `sheet ${tile.index} beyond the bleed`);
      }
    }
    await pdf.destroy();
  });

  it('labels each sheet in an embedded font, readable as text, saying what to cut and where it goes', async () => {
    const pdf = await openPdf(tiling.bytes);
    for (const tile of tiling.tiles) expect(squash(await pageText(pdf, tile.index + 1))).toContain(squash(tile.label.join('')));
    expect(tiling.tiles[0].label).toEqual(['Sheet 1 of 8 (row 1, column 1): cut nothing yet. Its neighbours are laid on its strips marked "overlap here".']);
    expect(tiling.tiles[1].label).toEqual([
      'Sheet 2 of 8 (row 1, column 2): cut off the left margin at the cut marks, then lay this sheet on the strip marked "overlap here" of sheet 1, lining up the half target marks.',
    ]);
    expect(tiling.tiles[3].label[0]).toContain('cut off the left and top margin at the cut marks, then lay this sheet on the strip marked "overlap here" of sheets 3 and 2');
    // "overlap here" beside each strip a neighbour is laid on: right, below, both or none.
    for (const tile of tiling.tiles) {
      const marks = squash(await pageText(pdf, tile.index + 1)).split('overlaphere').length - 1;
      const strips = Number(tile.column < tiling.columns) + Number(tile.row < tiling.rows);
      // The label says "overlap here" once more on every sheet.
      expect(marks, `sheet ${tile.index}`).toBe(strips + 1);
    }
    const map = await pageText(pdf, 1);
    expect(map).toContain('How to put the poster together');
    for (const n of [1, 8]) expect(map).toContain(`${n}`);
    await pdf.destroy();
    const fonts = listFonts(await loadPdf(tiling.bytes));
    expect(fonts.map((font) => font.name).sort()).toEqual([
      expect.stringMatching(/^\/[A-Z]{6}\+SourceSerif4-Regular$/), // the label font
      expect.stringMatching(/^\/[A-Z]{6}\+SourceSerif4-Regular$/), // the poster's own, inside its XObject
    ]);
    for (const font of fonts) expect(font.embedded).toBe(true);
  });

  it('embeds the poster once and draws it on every sheet', async () => {
    const pdf = await openPdf(tiling.bytes);
    for (const tile of tiling.tiles) {
      const ops = await (await pdf.getPage(tile.index + 1)).getOperatorList();
      expect(ops.fnArray.filter((fn) => fn === OPS.paintFormXObjectBegin)).toHaveLength(1);
    }
    await pdf.destroy();
    const text = Buffer.from(tiling.bytes).toString('latin1');
    expect(text.match(/\/Subtype \/Form/g)).toHaveLength(1);
  });

  it('gives the same bytes for the same input', async () => {
    const again = await tilePoster(poster, options());
    expect(Buffer.from(again.bytes).equals(Buffer.from(tiling.bytes))).toBe(true);
  });

  it('takes custom labels, and an explicit trim on a Letter sheet', async () => {
    const trim = { x: BLEED + 100, y: BLEED + 100, width: 700, height: 500 };
    const small = await tilePoster(poster, {
      ...options(),
      sheet: LETTER,
      trim,
      words: { ...DEFAULT_TILE_WORDS, label: (tile, { rows, columns }) => [`Sheet ${tile.index}/${rows * columns} (r${tile.row} c${tile.column})`] },
    });
    expect(small.trim).toEqual(trim);
    expect(small.tiles.length).toBe(small.rows * small.columns);
    const pdf = await openPdf(small.bytes);
    expect(pdf.numPages).toBe(small.tiles.length + 1);
    expect(await pageText(pdf, 2)).toContain(`Sheet 1/${small.tiles.length} (r1 c1)`);
    await pdf.destroy();
  });

  it('puts a poster that fits on one sheet on one sheet', async () => {
    const one = await tilePoster(poster, { ...options(), trim: { x: BLEED, y: BLEED, width: 400, height: 300 } });
    expect([one.rows, one.columns, one.tiles.length]).toEqual([1, 1, 1]);
    expect(one.tiles[0].label).toEqual(['Sheet 1 of 1 (row 1, column 1)']);
  });

  it('refuses a label with a character the label font lacks, naming it', async () => {
    const err = await tilePoster(poster, { ...options(), words: { ...DEFAULT_TILE_WORDS, label: (tile) => [`${tile.row}행 ${tile.column}열`] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PressError);
    expect((err as PressError).code).toBe('NO_GLYPH');
    expect((err as PressError).message).toBe(`label "1행 1열": U+D589 '행' is not in the font SourceSerif4-Regular`);
  });

  it('refuses an overlap too large for the sheet and a trim outside the page', async () => {
    await expect(tilePoster(poster, { ...options(), overlap: 600 })).rejects.toThrow(/not more than twice the overlap of 600 pt/);
    await expect(tilePoster(poster, { ...options(), trim: { x: 0, y: 0, width: 5000, height: 100 } })).rejects.toThrow(
      /trim \[0 0 5000 100\] must lie inside the poster page \[0 0 1207\.55 1700\.78\]/,
    );
    await expect(tilePoster(poster, { ...options(), page: 1 })).rejects.toThrow(/page must be an index from 0 to 0/);
  });
});

describe('placeSpans', () => {
  const widths = (spans: [number, number][]) => spans.map(([a, b]) => b - a);
  const seams = (spans: [number, number][]) => spans.slice(1).map(([a]) => a);

  it('covers a length with the fewest equal tiles, neighbours overlapping by the overlap', () => {
    const spans = placeSpans(1000, 400, 20);
    // (1000 - 20) / 380 = 2.6: three tiles of (1000 + 2 x 20) / 3.
    expect(spans).toHaveLength(3);
    for (const width of widths(spans)) expect(width).toBeCloseTo(1040 / 3, 9);
    expect(spans[0]![0]).toBe(0);
    expect(spans.at(-1)![1]).toBe(1000);
    for (let i = 1; i < spans.length; i++) expect(spans[i - 1]![1] - spans[i]![0]).toBeCloseTo(20, 9);
    expect(placeSpans(390, 400, 20)).toEqual([[0, 390]]);
  });

  it('keeps every seam clear of a part to keep whole, with the fewest tiles when it can', () => {
    // The even seams fall at 326.7 and 653.3: a part from 600 to 700 would be cut.
    const spans = placeSpans(1000, 400, 20, [[600, 700]]);
    expect(spans).toHaveLength(3);
    for (const seam of seams(spans)) expect(seam <= 600 - 5 || seam >= 700 + 5, `seam at ${seam}`).toBe(true);
    for (const width of widths(spans)) expect(width).toBeLessThanOrEqual(400 + 1e-9);
    // Whole on one tile, and no neighbour covers it.
    const holder = spans.filter(([a, b]) => a <= 600 && b >= 700);
    expect(holder).toHaveLength(1);
    const next = spans[spans.indexOf(holder[0]!) + 1];
    if (next) expect(next[0]).toBeGreaterThanOrEqual(700);
  });

  it('adds a tile only when no placement of the fewest clears the part', () => {
    // Two tiles of 400 over 780 leave one seam, forced to 380 by the cover: a part there needs three.
    expect(placeSpans(780, 400, 20)).toHaveLength(2);
    const spans = placeSpans(780, 400, 20, [[340, 420]]);
    expect(spans).toHaveLength(3);
    for (const seam of seams(spans)) expect(seam <= 340 - 5 || seam >= 420 + 5, `seam at ${seam}`).toBe(true);
  });
});

describe('imposeTwoUp', () => {
  it('puts a one-page A5 handout twice on one A4 landscape sheet with a cut mark', async () => {
    const { bytes, sheet, sheets } = await imposeTwoUp(await makeHandout(A5, ['Front']), { sheet: A4 });
    expect(sheet).toEqual({ width: A4.height, height: A4.width });
    expect(sheets).toHaveLength(1);
    const [left, right] = sheets[0];
    expect(left.page).toBe(0);
    expect(right.page).toBe(0);
    expect(left.rect.x + left.rect.width).toBeLessThanOrEqual(sheet.width / 2);
    expect(right.rect.x).toBeGreaterThanOrEqual(sheet.width / 2);
    expect(left.rect.width).toBe(A5.width);

    const doc = await loadPdf(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: A4.height, height: A4.width });
    const pdf = await openPdf(bytes);
    expect((await pageText(pdf, 1)).match(/Front/g)).toHaveLength(2);
    // The left copy is the page itself (its content, and any structure, kept); the right, a form.
    const ops = await (await pdf.getPage(1)).getOperatorList();
    expect(ops.fnArray.filter((fn) => fn === OPS.paintFormXObjectBegin)).toHaveLength(1);
    // Both copies show the red band, and the cut mark sits at the middle of the bottom edge.
    const colorAt = await renderPage(pdf, 1, 4);
    for (const { rect } of sheets[0]) expectColor(colorAt(rect.x + 100, rect.y + A5.height - 80), [204, 26, 26], 'red band');
    for (const y of [5, sheet.height - 5]) {
      expectColor(colorAt(sheet.width / 2, y), [0, 0, 0], 'cut mark');
      expectColor(colorAt(sheet.width / 2 + 3, y), [255, 255, 255], 'beside the cut mark');
    }
    await pdf.destroy();
  });

  it('makes a front/back handout into two sheets, [p1, p1] then [p2, p2], for duplex printing', async () => {
    const { bytes, sheets } = await imposeTwoUp(await makeHandout(A5, ['Front', 'Back']), { sheet: { width: A4.height, height: A4.width } });
    expect(sheets.map((placements) => placements.map((p) => p.page))).toEqual([[0, 0], [1, 1]]);
    const pdf = await openPdf(bytes);
    expect(pdf.numPages).toBe(2);
    expect((await pageText(pdf, 1)).match(/Front/g)).toHaveLength(2);
    expect(await pageText(pdf, 1)).not.toContain('Back');
    expect((await pageText(pdf, 2)).match(/Back/g)).toHaveLength(2);
    for (const n of [1, 2]) {
      const ops = await (await pdf.getPage(n)).getOperatorList();
      expect(ops.fnArray.filter((fn) => fn === OPS.paintFormXObjectBegin)).toHaveLength(1);
    }
    await pdf.destroy();
  });

  it('puts half-letter on Letter landscape edge to edge', async () => {
    const { bytes, sheet, sheets } = await imposeTwoUp(await makeHandout(HALF_LETTER, ['Front']), { sheet: LETTER });
    expect(sheet).toEqual({ width: 792, height: 612 });
    expect(sheets[0].map((p) => p.rect)).toEqual([
      { x: 0, y: 0, width: 396, height: 612 },
      { x: 396, y: 0, width: 396, height: 612 },
    ]);
    expect((await loadPdf(bytes)).getPage(0).getSize()).toEqual({ width: 792, height: 612 });
  });

  it('refuses a page too big for half the sheet', async () => {
    await expect(imposeTwoUp(await makeHandout(A4, ['Front']), { sheet: A4 })).rejects.toThrow(
      /handout page 1 is 595\.28 x 841\.89 pt; two of them do not fit side by side on a 841\.89 x 595\.28 pt sheet/,
    );
  });
});
