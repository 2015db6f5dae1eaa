/**
 * The poster (browser-safe half): the declaration's mottos, directives and slogan as display typography on A3 to
 * 24 x 36 in, with bleed, optional crop marks, a QR code, print boxes and reproducible metadata;
 * optionally tiled onto office sheets.
 */
import { createElement } from 'react';
import { z } from 'zod';
import { BLEED_LIMITS, PAPER, POSTER_SIZE_NAMES, POSTER_SIZES, defaultBleed, parseBleed, type PosterSizeName } from '../../core/paper.js';
import { makeQrMatrix, qrUrlProblem, type QrMatrix } from '../../core/qr.js';
import { lengthProblem, mm } from '../../core/units.js';
import { loadFace } from '../../fonts/faces.js';
import { dataFile, dataTexts, textsOf } from '../../input/data-texts.js';
import type { PosterData, Texts, TileWording } from '../../input/schema.js';
import { composePoster, POSTER_LANGS, posterLangs, type ComposeInput, type PosterLang } from '../../layout/poster-layout.js';
import type { Typeset } from '../../fonts/typeset.js';
import { finishPdf, setMetadata } from '../../render/finish.js';
import { formatMm, sheetsUnder, tilePoster, type PosterTiling, type Rect, type TileWords } from '../../render/tile-poster.js';
import { documentMetadata } from '../../render/metadata.js';
import { composeDocument, inputsKeywords, typesetRegistered, type ComposeSteps } from '../../render/compose.js';
import { PosterDocument } from '../../../templates/Poster.js';
import { checkedBy, option } from '../options.js';
import type { DocumentSpec } from './spec.js';

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

/** What the poster prints. */
export interface PosterInput {
  /** The declaration and labels. */
  texts: Texts;
  /** The posters' own words (poster.json). */
  words: PosterData;
  /** Where the data came from, for messages. */
  dataDir: string;
}

/** The data with the QR code made from the options. */
type PosterWithQr = PosterInput & { qr: QrMatrix };

/** The poster's page as the pipeline makes it (exported for the Node record's input hash): one page, boxes set; tiling is done after (see makePosterResult). */
export const posterSteps: ComposeSteps<PosterOptions, PosterWithQr> = {
  stacks: ['sans', 'serif', 'myeongjo'],
  // Every word the poster prints (not the URL, which is drawn as a code).
  texts: (d) => [...dataTexts(d.texts, d.dataDir), ...textsOf({ event: d.words.event, caption: d.words.qr.caption, tiles: d.words.tiles }, dataFile(d.dataDir, 'poster.json'))],
  element: (d, o, ts, inputs) => createElement(PosterDocument, { ...composeInput(d.texts, d.words, o, ts), qr: d.qr.modules, qrUrl: d.qr.text, meta: posterMetadata(d.texts, o, inputs) }),
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
function posterMetadata(texts: Texts, o: PosterOptions, inputs?: string, tile?: TileSheet) {
  const what = tile ? `${POSTER_SIZES[o.size].label} poster on ${PAPER[tile].label} sheets` : `${POSTER_SIZES[o.size].label} poster`;
  const { first, second } = posterLangs(o.lang);
  return documentMetadata(texts, second ? [first, second] : [first], { subjectSuffix: what, producer: 'react-pdf, pdf-lib', keywords: inputsKeywords(inputs) });
}

/** A rendered poster and, when tiled, its sheets with the tiling's geometry. */
export interface PosterResult {
  /** The finished poster: one page, TrimBox and BleedBox set. */
  poster: Uint8Array;
  /** The office sheets when `tile` was given (their `bytes` carry the document information). */
  tiling?: PosterTiling;
}

/** Renders and finishes the poster's one page (the options' `tile` is not looked at). */
export function renderPosterPage(data: PosterInput, o: PosterOptions, inputs?: string): Promise<Uint8Array> {
  return composeDocument(posterSteps, { ...data, qr: makeQrMatrix(o.qr ?? data.words.qr.url) }, { ...o, tile: undefined }, inputs);
}

/**
 * Cuts a rendered poster onto office sheets (embedded once, never rendered again), no seam
 * crossing the QR code, so it scans from one sheet alone.
 */
export async function tileRenderedPoster(poster: Uint8Array, data: PosterInput, o: PosterOptions & { tile: TileSheet }, inputs?: string): Promise<PosterTiling> {
  const { texts, words } = data;
  const c = composePoster(composeInput(texts, words, o, await typesetRegistered([], posterSteps.stacks)));
  const qr: Rect = { x: c.qr.x, y: c.page.height - c.qr.y - c.qr.side, width: c.qr.side, height: c.qr.side };
  const [regular, bold] = await Promise.all([loadFace('Pretendard', 400), loadFace('Pretendard', 700)]);
  const tiled = await tilePoster(poster, {
    sheet: PAPER[o.tile],
    margin: TILE_MARGIN,
    overlap: TILE_OVERLAP,
    fonts: [regular.stream.buffer],
    boldFonts: [bold.stream.buffer],
    keepWhole: [qr],
    words: tileWords(words.tiles, o.lang),
  });
  return { ...tiled, bytes: await setMetadata(tiled.bytes, posterMetadata(texts, o, inputs, o.tile)) };
}

/** Renders a poster, and tiles it when asked. */
export async function composePosterResult(data: PosterInput, o: PosterOptions): Promise<PosterResult> {
  const poster = await renderPosterPage(data, o);
  return o.tile ? { poster, tiling: await tileRenderedPoster(poster, data, { ...o, tile: o.tile }) } : { poster };
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
        lang: l,
      })),
    // Described in the poster's first language, the tiled file's /Lang.
    map: (grid) => {
      const { first } = posterLangs(lang);
      return { text: fill(words.map[first], { count: grid.rows * grid.columns, rows: grid.rows, columns: grid.columns }), lang: first };
    },
  };
}

/** Fills a wording's {placeholders} (the schema allows only known ones). */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/** The poster, without its loading. */
export const posterSpec: DocumentSpec<typeof options, PosterInput> = {
  kind: 'document',
  name: 'poster',
  describe: 'A poster of the mottos, directives and slogan (A3 to 24x36 in) with bleed, crop marks, a QR code, or tiled on office sheets',
  options,
  examples: [
    ['$0 poster --size 24x36 --marks', 'A 24 x 36 in bilingual poster with 0.125 in bleed and crop marks, for a print shop'],
    ['$0 poster --size a2 --lang ko --tile a4 --qr https://example.org/sign', 'A Korean A2 poster on A4 sheets to assemble'],
  ],
  output: (o) => `poster-${o.size}-${o.lang}${o.marks ? '-marks' : ''}${o.tile ? `-tiled-${o.tile}` : ''}.pdf`,
  weight: (o) => (o.tile ? 4 : 2),
  async compose(data, o) {
    const result = await composePosterResult(data, o);
    return result.tiling?.bytes ?? result.poster;
  },
};
