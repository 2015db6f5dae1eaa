/**
 * The poster: the declaration's mottos, directives and slogan as display typography on A3 to
 * 24 x 36 in, with bleed, optional crop marks, a QR code, print boxes and reproducible metadata;
 * optionally tiled onto office sheets.
 */
import { join } from 'node:path';
import { createElement } from 'react';
import { z } from 'zod';
import { BLEED_LIMITS, PAPER, POSTER_SIZE_NAMES, POSTER_SIZES, defaultBleed, parseBleed, type PosterSizeName } from '../core/paper.js';
import { makeQrMatrix, qrUrlProblem, type QrMatrix } from '../core/qr.js';
import { lengthProblem, mm } from '../core/units.js';
import { loadFace } from '../fonts/faces.js';
import { dataTexts, loadPosterData, loadTexts, textFiles, textsOf } from '../input/data.js';
import type { PosterData, Texts, TileWording } from '../input/schema.js';
import { composePoster, POSTER_LANGS, posterLangs, type ComposeInput, type PosterLang } from '../layout/poster-layout.js';
import type { Typeset } from '../fonts/typeset.js';
import { finishPdf, setMetadata } from '../render/finish.js';
import { formatMm, sheetsUnder, tilePoster, type PosterTiling, type Rect, type TileWords } from '../render/tile-poster.js';
import { documentMetadata } from '../render/metadata.js';
import { documentInputs, makeDocument, typeset, type DocumentSteps, type MakeContext } from '../render/pipeline.js';
import { PosterDocument } from '../../templates/Poster.js';
import { checkedBy, option, parseOptions } from './options.js';
import type { DocumentProduct } from './record.js';

/** The slug around the bleed that holds crop marks: 9 mm, room for a 6 mm mark and its gap. */
export const MARKS_SLUG = mm(9);
/** Tiles overlap by 10 mm for gluing. */
export const TILE_OVERLAP = mm(10);
/** What an office printer leaves unprinted at each edge (most leave 4-6 mm). */
export const TILE_MARGIN = mm(5);
/** The sheets a poster can be tiled onto. */
export const TILE_SHEETS = ['a4', 'letter'] as const;
/** A sheet a poster is tiled onto. */
export type TileSheet = (typeof TILE_SHEETS)[number];

const options = z
  .object({
    size: option(z.enum(POSTER_SIZE_NAMES as [PosterSizeName, ...PosterSizeName[]]).default('a2'), {
      description: 'Trim size (a3, a2, a1: ISO; tabloid 11x17, 18x24, 24x36: inches)',
    }),
    lang: option(z.enum(POSTER_LANGS as [PosterLang, ...PosterLang[]]).default('both'), { description: 'both: Korean with English; ko, en: one language' }),
    bleed: option(
      checkedBy(z.union([z.string(), z.number()]).optional(), (value) => (value === undefined ? undefined : lengthProblem(value, BLEED_LIMITS))),
      { description: 'Bleed beyond the trim, e.g. 3mm, 0.125in, 0 [default: 3mm for ISO sizes, 0.125in for US sizes]' },
    ),
    marks: option(z.boolean().default(false), { description: 'Crop marks in a slug outside the bleed' }),
    qr: option(checkedBy(z.string().optional(), (value) => (value === undefined ? undefined : qrUrlProblem(value))), {
      description: 'Where the QR code leads [default: qr.url in data/poster.json]',
    }),
    tile: option(z.enum(TILE_SHEETS).optional(), { description: 'Cut onto A4 or Letter sheets to print on an office printer and glue together: an assembly map, then the sheets with overlap strips, marks and labels' }),
  })
  .strict();

/** The poster's options, parsed. */
export type PosterOptions = z.output<typeof options>;

interface PosterInput {
  texts: Texts;
  words: PosterData;
  qr: QrMatrix;
  dataDir: string;
}

/** The poster's page as the pipeline makes it: one page, boxes set; tiling is done after (see makePosterResult). */
const steps: DocumentSteps<PosterOptions, PosterInput> = {
  product: 'poster',
  stacks: ['sans', 'serif', 'myeongjo'],
  reads: (_o, dataDir) => [...textFiles(dataDir), join(dataDir, 'poster.json')],
  async load(o, dataDir) {
    const [texts, words] = await Promise.all([loadTexts(dataDir), loadPosterData(dataDir)]);
    return { texts, words, qr: makeQrMatrix(o.qr ?? words.qr.url), dataDir };
  },
  // Every word the poster prints (not the URL, which is drawn as a code).
  texts: (d) => [...dataTexts(d.texts, d.dataDir), ...textsOf({ event: d.words.event, caption: d.words.qr.caption, tiles: d.words.tiles }, join(d.dataDir, 'poster.json'))],
  element: (d, o, ts, inputs) => createElement(PosterDocument, { ...composeInput(d.texts, d.words, o, ts), qr: d.qr.modules, meta: posterMetadata(d.texts, o, inputs) }),
  finish: (rendered, d, o, inputs) =>
    finishPdf(rendered, { boxes: { bleed: bleedOf(o), slug: o.marks ? MARKS_SLUG : 0, trim: POSTER_SIZES[o.size] }, metadata: posterMetadata(d.texts, o, inputs) }),
};

/** What the poster is composed from: the template and the tiling (to keep the QR code whole) compose it alike. */
function composeInput(texts: Texts, words: PosterData, o: PosterOptions, ts: Typeset): ComposeInput {
  return {
    declaration: texts.declaration,
    labels: texts.labels,
    words: { event: words.event, caption: words.qr.caption },
    trim: POSTER_SIZES[o.size],
    bleed: bleedOf(o),
    slug: o.marks ? MARKS_SLUG : 0,
    lang: o.lang,
    typeset: ts,
  };
}

function bleedOf(o: PosterOptions): number {
  return o.bleed === undefined ? defaultBleed(o.size) : parseBleed(o.bleed);
}

/** A poster's document information, with its inputs keyword; `tile`: the sheets it is cut onto. */
function posterMetadata(texts: Texts, o: PosterOptions, inputs: string, tile?: TileSheet) {
  const what = tile ? `${POSTER_SIZES[o.size].label} poster on ${PAPER[tile].label} sheets` : `${POSTER_SIZES[o.size].label} poster`;
  const { first, second } = posterLangs(o.lang);
  return documentMetadata(texts, second ? [first, second] : [first], { subjectSuffix: what, producer: 'react-pdf, pdf-lib', keywords: [inputs] });
}

/**
 * Finished posters of this process, by everything that goes into them (options, data, date): a
 * build that lists a poster and the same poster tiled renders it once. Bounded to the last few, as
 * a campaign manifest lists each poster once or twice (a poster is 15-200 KB).
 */
const finished = new Map<string, Uint8Array>();
const FINISHED_POSTERS = 4;

/** A rendered poster and, when tiled, its sheets with the tiling's geometry. */
export interface PosterResult {
  /** The finished poster: one page, TrimBox and BleedBox set. */
  poster: Uint8Array;
  /** The office sheets when `tile` was given (their `bytes` carry the document information). */
  tiling?: PosterTiling;
}

/** Renders and finishes a poster, and tiles it when asked; the geometry is returned for callers that check it. */
export async function makePosterResult(o: PosterOptions, context: MakeContext = {}): Promise<PosterResult> {
  const { tile, ...page } = o;
  const texts = await loadTexts(context.dataDir);
  const words = await loadPosterData(context.dataDir);
  const key = JSON.stringify({ page, texts, words, epoch: process.env.SOURCE_DATE_EPOCH ?? null });
  let poster = finished.get(key);
  if (!poster) {
    poster = await makeDocument(steps, { ...page, tile: undefined }, context);
    finished.set(key, poster);
    if (finished.size > FINISHED_POSTERS) finished.delete(finished.keys().next().value!);
  }
  if (!tile) return { poster };

  // impose: the rendered page cut onto office sheets (embedded once, never rendered again), no
  // seam crossing the QR code, so it scans from one sheet alone.
  const c = composePoster(composeInput(texts, words, o, await typeset([], steps.stacks)));
  const qr: Rect = { x: c.qr.x, y: c.page.height - c.qr.y - c.qr.side, width: c.qr.side, height: c.qr.side };
  const [regular, bold] = await Promise.all([loadFace('Pretendard', 400), loadFace('Pretendard', 700)]);
  const tiled = await tilePoster(poster, {
    sheet: PAPER[tile],
    margin: TILE_MARGIN,
    overlap: TILE_OVERLAP,
    fonts: [regular.stream.buffer],
    boldFonts: [bold.stream.buffer],
    keepWhole: [qr],
    words: tileWords(words.tiles, o.lang),
  });
  return { poster, tiling: { ...tiled, bytes: await setMetadata(tiled.bytes, posterMetadata(texts, o, await documentInputs(steps, o, context), tile)) } };
}

/** A tiled poster's words from data/poster.json, in the poster's languages (English first with both, as the labels read left to right). */
export function tileWords(words: TileWording, lang: PosterLang): TileWords {
  const langs: ('en' | 'ko')[] = lang === 'both' ? ['en', 'ko'] : [lang];
  return {
    label: (tile, grid) =>
      langs.map((l) => {
        const sheet = fill(words.sheet[l], { index: tile.index, count: grid.rows * grid.columns, row: tile.row, column: tile.column });
        if (grid.rows * grid.columns === 1) return sheet;
        const under = sheetsUnder(tile, grid.columns);
        if (under.length === 0) return fill(words.first[l], { sheet, here: words.here[l] });
        const edges = words.edges[tile.column > 1 && tile.row > 1 ? 'both' : tile.column > 1 ? 'left' : 'top'][l];
        const on = under.length === 1 ? fill(words.under.one[l], { a: under[0]! }) : fill(words.under.two[l], { a: under[0]!, b: under[1]! });
        return fill(words.next[l], { sheet, edges, under: on, here: words.here[l] });
      }),
    overlap: langs.map((l) => words.here[l]).join(' · '),
    guide: (grid) =>
      langs.map((l) => ({
        title: words.guide.title[l],
        steps: words.guide.steps[l].map((step) => fill(step, { count: grid.rows * grid.columns, overlap: formatMm(grid.overlap), here: words.here[l] })),
      })),
  };
}

/** Fills a wording's {placeholders} (the schema allows only known ones). */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/** The poster product. */
export const poster: DocumentProduct<typeof options> = {
  kind: 'document',
  name: 'poster',
  describe: 'A poster of the mottos, directives and slogan (A3 to 24x36 in) with bleed, crop marks, a QR code, or tiled on office sheets',
  options,
  examples: [
    ['$0 poster --size 24x36 --marks', 'A 24 x 36 in bilingual poster with 0.125 in bleed and crop marks, for a print shop'],
    ['$0 poster --size a2 --lang ko --tile a4 --qr https://example.org/sign', 'A Korean A2 poster on A4 sheets to assemble'],
  ],
  output: (o) => `poster-${o.size}-${o.lang}${o.marks ? '-marks' : ''}${o.tile ? `-tiled-${o.tile}` : ''}.pdf`,
  weight: (o) => (o.tile ? 4 : 3),
  make: async (o, context) => {
    const result = await makePosterResult(o, context);
    return result.tiling?.bytes ?? result.poster;
  },
  inputs: (o, context) => documentInputs(steps, o, context),
};

/** Makes a poster PDF and returns its bytes (library API); with `tile`, the office sheets. */
export async function makePoster(input: z.input<typeof options> & MakeContext = {}): Promise<Uint8Array> {
  const { dataDir, ...raw } = input;
  return poster.make(parseOptions(options, raw), { dataDir });
}

/** Renders a poster and returns it with its tiling's geometry (library API, for callers that check it). */
export async function renderPoster(input: z.input<typeof options> & MakeContext = {}): Promise<PosterResult> {
  const { dataDir, ...raw } = input;
  return makePosterResult(parseOptions(options, raw), { dataDir });
}
