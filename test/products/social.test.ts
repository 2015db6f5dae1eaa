import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PressError } from '../../src/core/errors.js';
import { DATA_DIR } from '../../src/core/files.js';
import { loadPosterData, loadSocialWords, loadTexts } from '../../src/input/data.js';
import { CARD_FLOOR, CARD_SIZES, CARD_SIZE_NAMES, type CardContent, type CardSizeName } from '../../src/layout/social-layout.js';
import type { PosterLang } from '../../src/layout/poster-layout.js';
import { parseOptions } from '../../src/products/options.js';
import { makeSocialCard, social } from '../../src/products/social.js';
import { readPngText } from '../../src/render/png.js';
import { rasterizePdf } from '../../src/render/raster.js';
import { cli } from '../helpers/cli.js';
import { readColumns, readFonts, readPageSizes, readText, squash } from '../helpers/pdf.js';
import { decodePng, pngSize, scanQr } from '../helpers/raster.js';
import { standardFile } from '../helpers/standard-set.js';
import { describeRun, longLines, overlappingRuns, readGlyphRuns, readLines, runtLines, smallRuns, wrongFaceRuns, type GlyphRun } from '../helpers/typography.js';

/** The standard set's cards (data/manifest.json): one of each size. */
const STANDARD: Record<CardSizeName, string> = {
  square: 'social/social-square-mottos-both.png',
  portrait: 'social/social-portrait-directive-1-both.png',
  story: 'social/social-story-slogan-ko.png',
  link: 'social/social-link-call-both.png',
};

/** The cards whose PDFs are read: every content on the square and the (low, wide) link card, the longest directive and the call on every size, one language alone on the link card. */
const CONTENTS: CardContent[] = ['mottos', 'directive-1', 'directive-2', 'directive-3', 'directive-4', 'directive-5', 'directive-6', 'directive-7', 'slogan', 'call'];
const MATRIX: { size: CardSizeName; content: CardContent; lang: PosterLang }[] = [
  ...(['square', 'link'] as const).flatMap((size) => CONTENTS.map((content) => ({ size, content, lang: 'both' as const }))),
  ...(['portrait', 'story'] as const).flatMap((size) => (['mottos', 'directive-6', 'call'] as const).map((content) => ({ size, content, lang: 'both' as const }))),
  ...(['ko', 'en'] as const).flatMap((lang) => (['mottos', 'directive-3', 'call'] as const).map((content) => ({ size: 'link' as const, content, lang }))),
];
const key = ({ size, content, lang }: (typeof MATRIX)[number]) => `${size} ${content} ${lang}`;

const pdfs = new Map<string, Uint8Array>();
const runs = new Map<string, GlyphRun[]>();
let paragraphs: string[];
let declarationUrl: string;

beforeAll(async () => {
  const [texts, poster, words] = await Promise.all([loadTexts(), loadPosterData(), loadSocialWords()]);
  declarationUrl = poster.qr.url;
  const d = texts.declaration;
  paragraphs = [...d.directives.flatMap((x) => [x.en, x.ko]), words.call.text.en, words.call.text.ko, d.slogan.en, d.slogan.ko, ...(poster.event ? [poster.event.en, poster.event.ko] : [])];
  for (const card of MATRIX) {
    const pdf = await social.make(parseOptions(social.options, card));
    pdfs.set(key(card), pdf);
    runs.set(key(card), await readGlyphRuns(pdf));
  }
});

describe('social cards', () => {
  it.each(CARD_SIZE_NAMES)('the %s card is exactly its size in pixels, and its PDF page that size in points', async (size) => {
    const { width, height } = CARD_SIZES[size];
    expect(pngSize(await standardFile(STANDARD[size]))).toEqual({ width, height });
    const card = MATRIX.find((entry) => entry.size === size)!;
    expect(await readPageSizes(pdfs.get(key(card))!)).toEqual([{ width, height }]);
  });

  it('is twice the pixels each way at --dpi 144', async () => {
    const [png] = await rasterizePdf(pdfs.get('square mottos both')!, { dpi: 144 });
    expect(pngSize(png!)).toEqual({ width: 2160, height: 2160 });
  });

  it.each(MATRIX.map((card) => [key(card), card] as const))('%s: nothing under the floor (28 px at 1080 wide), no text over text, every script in its face, no runt, measures of 75 or fewer', (name) => {
    const cardRuns = runs.get(name)!;
    const size = CARD_SIZES[MATRIX.find((card) => key(card) === name)!.size];
    expect(cardRuns.length).toBeGreaterThan(3);
    expect(smallRuns(cardRuns, size.width * CARD_FLOOR).map(describeRun)).toEqual([]);
    expect(overlappingRuns(cardRuns).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
    expect(wrongFaceRuns(cardRuns).map(describeRun)).toEqual([]);
    const lines = readLines(cardRuns);
    expect(runtLines(lines, paragraphs).map((line) => line.text)).toEqual([]);
    expect(longLines(lines).map((line) => line.text)).toEqual([]);
  });

  it.each(MATRIX.map((card) => [key(card), card] as const))('%s: every letter inside the safe area, 5 percent in from each edge', (name, card) => {
    const { width: W, height: H } = CARD_SIZES[card.size];
    const outside = runs.get(name)!.filter((run) => run.x < W * 0.05 || run.x + run.width > W * 0.95 || run.y - run.size * 0.2 < H * 0.05 || run.y + run.size * 0.8 > H * 0.95);
    expect(outside.map(describeRun)).toEqual([]);
  });

  it('prints its words: the mottos, a directive in both languages, the call', async () => {
    const texts = await loadTexts();
    const words = await loadSocialWords();
    // Row by row, and column by column (the link card's QR caption stands beside the call).
    const read = async (name: string) => {
      const { pages, items } = await readText(pdfs.get(name)!);
      const [{ width }] = await readPageSizes(pdfs.get(name)!);
      return `${squash(pages.join(''))}\n${squash(readColumns(items, width!))}`;
    };
    const mottos = await read('square mottos both');
    for (const motto of [...texts.declaration.mottos.ko, ...texts.declaration.mottos.en]) expect(mottos).toContain(squash(motto));
    const directive = await read('square directive-6 both');
    expect(directive).toContain(squash(texts.declaration.directives[5]!.ko));
    expect(directive).toContain(squash(texts.declaration.directives[5]!.en));
    const call = await read('link call both');
    for (const text of [words.call.heading.ko, words.call.heading.en, words.call.text.ko, words.call.text.en]) expect(call).toContain(squash(text));
  });

  it('embeds every font as a subset, in the posters\u2019 faces', async () => {
    const fonts = await readFonts(pdfs.get('square call both')!);
    expect(fonts.every((font) => font.embedded && font.subset)).toBe(true);
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NanumMyeongjo', 'Pretendard-Bold', 'Pretendard-Regular', 'SourceSerif4-Regular']);
  });

  it("the call card's QR code scans from its PNG to the declaration, or to --qr", async () => {
    expect(scanQr(decodePng(await standardFile(STANDARD.link)))).toBe(declarationUrl);
    const url = 'https://example.org/sign?campaign=seoul';
    expect(scanQr(decodePng(await makeSocialCard({ content: 'call', qr: url })))).toBe(url);
  });

  it('gives the same bytes for the same card, in this process as in the build that made the standard set', async () => {
    const square = await makeSocialCard();
    expect(Buffer.from(square).equals(Buffer.from(await standardFile(STANDARD.square)))).toBe(true);
    expect(Buffer.from(await makeSocialCard()).equals(Buffer.from(square))).toBe(true);
  });

  it('carries its title, its content and the declaration\u2019s address in the PNG', async () => {
    const text = Object.fromEntries(readPngText(await standardFile(STANDARD.portrait)).map((entry) => [entry.keyword, entry.text]));
    expect(text.Title).toContain('Washington Declaration');
    expect(text.Description).toContain('social card, directive-1, portrait, 1080 x 1350 px');
    expect(text.URL).toBe(declarationUrl);
  });

  it('is a PNG named from its options by default, and its PDF with --format pdf', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-social-'));
    const made = await cli('social', '--size', 'link', '--content', 'call', '--format', 'pdf', '--out', join(dir, 'link.pdf'));
    expect(made.code, made.stderr).toBe(0);
    const pdf = new Uint8Array(await readFile(join(dir, 'link.pdf')));
    expect(await readPageSizes(pdf)).toEqual([{ width: 1200, height: 630 }]);
    const help = await cli('social', '--help');
    expect(help.stdout).toContain('social-square-mottos-both.png');
  });

  it('refuses words too long for a card at the floor, naming the file and the way out', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dp-social-data-'));
    await cp(DATA_DIR, dataDir, { recursive: true });
    const file = join(dataDir, 'declaration.json');
    const declaration = JSON.parse(await readFile(file, 'utf8'));
    declaration.directives[2].en = Array.from({ length: 60 }, () => 'We will work to advance human rights.').join(' ');
    await writeFile(file, JSON.stringify(declaration));
    const error = await social.make(parseOptions(social.options, { size: 'link', content: 'directive-3' }), { dataDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).message).toBe(
      `${file}: directive-3 does not fit a link card (1200 x 630 px) in both languages with no text under 31 px; allowed: shorter words, a taller --size, or one --lang`,
    );
  });
});
