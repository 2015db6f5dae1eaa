/**
 * The poster product: the declaration's mottos, directives and slogan as display typography on
 * A3 to 24 x 36 in, with bleed, optional crop marks, a QR code, print boxes and reproducible
 * metadata; optionally tiled onto office sheets. The same pipeline steps as the declaration, plus
 * the finish step (pdf-lib) that react-pdf cannot do.
 */
import { join } from 'node:path';
import { createElement } from 'react';
import { PosterDocument, POSTER_LANGS, PRODUCTS, type PosterLang } from '../../templates/index.js';
import { documentMeta } from './declaration.js';
import { PressError } from '../core/errors.js';
import { FONTS_DIR, DATA_DIR, displayPath, readInput } from '../core/files.js';
import { finishPdf, setMetadata, type DocumentMetadata } from '../render/finish.js';
import { tilePoster, type PosterTiling, type TileGeometry, type TileGrid } from '../render/impose.js';
import { mm, PAPER } from '../core/paper.js';
import { loadPosterData, type PosterData } from '../input/poster-data.js';
import { defaultBleed, parseBleed, POSTER_SIZES, type PosterSizeName } from '../core/poster-sizes.js';
import { dataTexts, loadTexts, render, textsOf, typeset, write } from '../render/pipeline.js';
import { makeQrMatrix } from '../core/qr.js';

/** The sheets a poster can be tiled onto. */
export type TileSheet = 'a4' | 'letter';

/** Options of the poster product; every field has a default. */
export interface PosterOptions {
  /** Trim size: a3, a2 (default), a1, tabloid, 18x24, 24x36. */
  size?: PosterSizeName;
  /** both (default: Korean leading, English beside it), ko or en. */
  lang?: PosterLang;
  /** Bleed: `3mm`, `0.125in`, `9pt`, `0`, or a number of pt; default 3 mm (ISO) or 0.125 in (US). */
  bleed?: string | number;
  /** Draw crop marks in a slug outside the bleed. */
  marks?: boolean;
  /** Where the QR code leads; default the `qr.url` of data/poster.json. */
  qr?: string;
  /** Split the poster onto A4 or Letter sheets (the result is the sheets, not the poster). */
  tile?: TileSheet;
  /** A folder with declaration.json, labels.json and poster.json instead of the bundled data/. */
  dataDir?: string;
}

/**
 * Finished posters of this process, by everything that goes into them (options, data, date): a
 * build that lists a poster and the same poster tiled renders it once. Bounded to the last few, as
 * a campaign manifest lists each poster once or twice (a poster is 15-200 KB).
 */
const finished = new Map<string, Uint8Array>();
const FINISHED_POSTERS = 4;

/** The default options, for the CLI and the README. */
export const POSTER_DEFAULTS = { size: 'a2', lang: 'both' } as const;

/** The slug around the bleed that holds crop marks: 9 mm, room for a 6 mm mark and its gap. */
export const MARKS_SLUG = mm(9);
/** Tiles overlap by 10 mm for gluing. */
export const TILE_OVERLAP = mm(10);
/** What an office printer leaves unprinted at each edge (most leave 4-6 mm). */
export const TILE_MARGIN = mm(5);

function checkChoice<T extends string>(name: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value)) throw new PressError('BAD_OPTION', `${name}: "${value}" is not allowed; allowed: ${allowed.join(', ')}`);
  return value;
}

/** A default output path for a poster: `poster-a2-both.pdf`, `poster-18x24-en-marks.pdf`, `poster-a2-both-tiled-a4.pdf`. */
export function posterFileName(options: PosterOptions): string {
  const size = options.size ?? POSTER_DEFAULTS.size;
  const lang = options.lang ?? POSTER_DEFAULTS.lang;
  return `poster-${size}-${lang}${options.marks ? '-marks' : ''}${options.tile ? `-tiled-${options.tile}` : ''}.pdf`;
}

function checkQr(url: string, from: string) {
  try {
    return makeQrMatrix(url);
  } catch (error) {
    if (error instanceof PressError) throw new PressError('BAD_OPTION', `${from}: ${error.message}`);
    throw error;
  }
}

/** Fills a sheet label's {placeholders}. */
function fillSheetLabel(template: string, tile: TileGeometry, grid: TileGrid): string {
  const values: Record<string, string> = {
    row: String(tile.row),
    column: String(tile.column),
    index: String(tile.index),
    count: String(grid.rows * grid.columns),
    overlap: `${Math.round((grid.overlap / 72) * 25.4 * 10) / 10} mm`,
  };
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`);
}

/** The document information of a poster: the declaration's, with the poster's size in the subject. */
function posterMetadata(meta: ReturnType<typeof documentMeta>, size: PosterSizeName, tile?: TileSheet): DocumentMetadata {
  const what = tile ? `${POSTER_SIZES[size].label} poster on ${tile === 'a4' ? 'A4' : 'Letter'} sheets` : `${POSTER_SIZES[size].label} poster`;
  return {
    title: meta.title,
    author: meta.author,
    subject: `${meta.subject} (${what})`,
    keywords: meta.keywords.split(/\s*,\s*|\s*\/\s*/).filter(Boolean),
    language: meta.language,
    creator: 'declaration-press',
    producer: 'declaration-press (react-pdf, pdf-lib)',
    creationDate: meta.creationDate,
  };
}

/** A rendered poster and, when tiled, its sheets with the tiling's geometry. */
export interface PosterResult {
  /** The finished poster: one page, TrimBox and BleedBox set. */
  poster: Uint8Array;
  /** The office sheets when `tile` was given (their `bytes` carry the document information). */
  tiling?: PosterTiling;
}

/**
 * Makes a poster PDF and returns its bytes (library API: throws PressError, prints nothing). With
 * `tile`, the bytes are the office sheets, cut from the one rendered poster page.
 */
export async function makePoster(options: PosterOptions = {}): Promise<Uint8Array> {
  const result = await renderPoster(options);
  return result.tiling?.bytes ?? result.poster;
}

/** Renders and finishes a poster, and tiles it when asked; the geometry is returned for callers that check it. */
export async function renderPoster(options: PosterOptions = {}): Promise<PosterResult> {
  const size = checkChoice('--size', options.size ?? POSTER_DEFAULTS.size, PRODUCTS.poster.sizes);
  const lang = checkChoice('--lang', options.lang ?? POSTER_DEFAULTS.lang, POSTER_LANGS);
  const tile = options.tile === undefined ? undefined : checkChoice('--tile', options.tile, PRODUCTS.poster.tiles);
  const bleed = options.bleed === undefined ? defaultBleed(size) : parseBleed(options.bleed);
  const slug = options.marks ? MARKS_SLUG : 0;
  const trim = POSTER_SIZES[size];
  const dataDir = options.dataDir ?? DATA_DIR;

  // load + validate
  const [texts, words] = await Promise.all([loadTexts(dataDir), loadPosterData(dataDir)]);
  const qr = options.qr !== undefined ? checkQr(options.qr, '--qr') : makeQrMatrix(words.qr.url);
  // typeset: every word the poster prints, checked against every stack it may be set in
  const ts = await typeset(
    [...dataTexts(texts, dataDir), ...textsOf(posterWords(words), displayPath(join(dataDir, 'poster.json')))],
    ['sans', 'serif', 'myeongjo'],
  );
  // template
  const meta = documentMeta(texts, lang === 'en' ? 'en' : lang === 'ko' ? 'ko' : 'stacked');
  const element = createElement(PosterDocument, {
    declaration: texts.declaration,
    labels: texts.labels,
    words: { event: words.event, caption: words.qr.caption },
    trim,
    bleed,
    slug,
    lang,
    qr: qr.modules,
    typeset: ts,
    meta,
  });
  // render, then finish: print boxes and reproducible metadata (once per poster: a tiled entry of a
  // build reuses the poster an earlier entry rendered)
  const key = JSON.stringify({ size, lang, bleed, slug, qr: qr.text, texts, words, date: meta.creationDate.getTime() });
  let poster = finished.get(key);
  if (!poster) {
    const rendered = await render(element);
    poster = await finishPdf(rendered, { boxes: { bleed, slug, trim }, metadata: posterMetadata(meta, size) });
    finished.set(key, poster);
    if (finished.size > FINISHED_POSTERS) finished.delete(finished.keys().next().value!);
  }
  if (!tile) return { poster };

  // impose: the rendered page cut onto office sheets (embedded once, never rendered again)
  const labelFont = await readInput(join(FONTS_DIR, lang === 'en' ? 'SourceSerif4-Regular.ttf' : 'NanumMyeongjo-Regular.ttf'));
  const label = (g: TileGeometry, grid: TileGrid) =>
    lang === 'both' ? `${fillSheetLabel(words.sheet.en, g, grid)}  ·  ${fillSheetLabel(words.sheet.ko, g, grid)}` : fillSheetLabel(words.sheet[lang], g, grid);
  const tiled = await tilePoster(poster, { sheet: PAPER[tile], margin: TILE_MARGIN, overlap: TILE_OVERLAP, labelFont, labels: label });
  return { poster, tiling: { ...tiled, bytes: await setMetadata(tiled.bytes, posterMetadata(meta, size, tile)) } };
}

/** The words of poster.json that get printed (not the URL, which is drawn as a QR code). */
function posterWords(words: PosterData) {
  return { event: words.event, caption: words.qr.caption, sheet: words.sheet };
}

/** Makes a poster and writes it atomically to `out`; returns the path written. */
export async function buildPoster(options: PosterOptions & { out: string }): Promise<string> {
  return write(options.out, await makePoster(options));
}
