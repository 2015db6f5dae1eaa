import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/cli.js';
import { PressError } from '../../src/core/errors.js';
import { loadPdf, readLanguage } from '../../src/render/finish.js';
import { HANDOUT_SHEETS, makeHandout } from '../../src/products/handout.js';
import { loadHandoutWords, loadTexts } from '../../src/input/data.js';
import type { HandoutWords, Texts } from '../../src/input/schema.js';
import { declarationSections } from '../../src/layout/declaration-layout.js';
import { HANDOUT_BODY_FLOOR, QR_MODULE_MIN_MM } from '../../src/layout/handout-layout.js';
import { readFonts, readPageSizes, readText, squash, type TextItem } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';
import { describeRun, longLines, overlappingRuns, readGlyphRuns, readLines, runtLines, smallRuns, wrongFaceRuns, type GlyphRun } from '../helpers/typography.js';

const A4 = { width: 595.28, height: 841.89 };
const LETTER = { width: 612, height: 792 };

let texts: Texts;
let words: HandoutWords;
type Made = 'a4' | 'letter' | 'a4-2up' | 'letter-2up';
const MADE: readonly Made[] = ['a4', 'letter', 'a4-2up', 'letter-2up'];
/** The four handouts the default manifest builds, rendered once. */
const made: Record<Made, Uint8Array> = {} as never;
/** Their glyph runs (typography.ts), read once. */
const runsOf: Record<Made, GlyphRun[]> = {} as never;

beforeAll(async () => {
  [texts, words] = await Promise.all([loadTexts(), loadHandoutWords()]);
  // The standard set's handouts, built once for the whole test run.
  for (const name of MADE) {
    made[name] = await standardFile(`handout-${name}.pdf`);
    runsOf[name] = await readGlyphRuns(made[name]);
  }
});

const MM = 72 / 25.4;
/** react-pdf breaks at ASCII spaces only; a no-break space binds the words it joins (line-breaking.ts). */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

/** Text of the items inside a region of one page, in reading order (top to bottom, left to right). */
function readRegion(items: readonly TextItem[], region: { page: number; xMin?: number; xMax?: number; yMax?: number; yMin?: number }): string {
  const { page, xMin = -Infinity, xMax = Infinity, yMin = -Infinity, yMax = Infinity } = region;
  return items
    .filter((item) => item.page === page && item.x >= xMin - 0.5 && item.x < xMax && item.y <= yMax + 0.5 && item.y >= yMin)
    .sort((a, b) => Math.round(b.y * 2) - Math.round(a.y * 2) || a.x - b.x)
    .map((item) => item.str)
    .join('');
}

const find = (items: readonly TextItem[], start: string) => {
  const item = items.find((candidate) => candidate.str.startsWith(start));
  if (!item) throw new Error(`no text item starts with "${start}"`);
  return item;
};

/** The facts the issue asks the about panel to give, in each language. */
const FACTS = {
  en: ['July 22, 2024', 'Washington', 'Young North Korean defectors', 'a rapper', 'a cartoonist', 'an IT startup founder', '(NED)', 'Ministry of Unification', 'Human Asia', '(CSIS)'],
  ko: ['2024년 7월 22일', '워싱턴', '젊은 탈북민', '래퍼', '만화가', 'IT 스타트업 창업자', '(NED)', '대한민국 통일부', '휴먼아시아', '(CSIS)'],
};

describe('handout text', () => {
  it('holds every section of the declaration in both languages, each in its own column', async () => {
    for (const paper of ['a4', 'letter'] as const) {
      const { items } = await readText(made[paper]);
      const width = paper === 'a4' ? A4.width : LETTER.width;
      const english = squash(readRegion(items, { page: 1, xMax: width / 2 }));
      const korean = squash(readRegion(items, { page: 1, xMin: width / 2 }));
      expect(english).toContain(squash(texts.declaration.title.en));
      expect(squash(readRegion(items, { page: 1 }))).toContain(squash(texts.declaration.title.ko));
      for (const section of declarationSections(texts.declaration)) {
        if (section.en) expect(english, `${paper}: ${section.en.slice(0, 40)}`).toContain(squash(section.en));
        if (section.ko) expect(korean, `${paper}: ${section.ko.slice(0, 20)}`).toContain(squash(section.ko));
      }
    }
  });

  it('has the about panel with the facts from the seed, in English and Korean, marked as not part of the declaration', async () => {
    for (const lang of ['en', 'ko'] as const) {
      for (const fact of FACTS[lang]) expect(words.panel.text[lang], `${lang}: ${fact}`).toContain(fact);
    }
    for (const paper of ['a4', 'letter'] as const) {
      const { items } = await readText(made[paper]);
      // Each language's summary runs in after its heading, side by side; the caption closes the panel under both.
      const heading = find(items, words.panel.heading.en);
      const koHeading = find(items, words.panel.heading.ko);
      const caption = find(items, words.qr.caption.en);
      expect(koHeading.y, paper).toBeCloseTo(heading.y, 0);
      const english = squash(readRegion(items, { page: 1, xMin: heading.x, xMax: koHeading.x, yMax: heading.y + 1, yMin: caption.y + 1 }));
      const korean = squash(readRegion(items, { page: 1, xMin: koHeading.x, yMax: heading.y + 1, yMin: caption.y + 1 }));
      expect(english, paper).toContain(squash(words.panel.heading.en + words.panel.text.en + words.provenance.en));
      expect(korean, paper).toContain(squash(words.panel.heading.ko + words.panel.text.ko + words.provenance.ko));
      expect(squash(readRegion(items, { page: 1, yMax: caption.y + 1, yMin: caption.y - 1 }))).toBe(squash(`${words.qr.caption.en} · ${words.qr.caption.ko} →`));
    }
  });

  it('sets everything in the bundled fonts, embedded and subset, with metadata in place', async () => {
    for (const bytes of Object.values(made)) {
      const fonts = await readFonts(bytes);
      // The two-up sheets hold their fonts inside the embedded pages: check those through the preflight below.
      for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
      const doc = await loadPdf(bytes);
      expect(doc.getTitle()).toContain(texts.declaration.title.en);
      expect(doc.getTitle()).toContain(texts.declaration.title.ko);
      expect(doc.getCreationDate()?.toISOString()).toBe('2024-07-22T00:00:00.000Z');
      expect(readLanguage(doc)).toBe('en');
    }
  });

  it('is byte-for-byte the same when made twice', async () => {
    expect(Buffer.from(await makeHandout({ paper: 'letter', nup: 2 })).equals(Buffer.from(made['letter-2up']))).toBe(true);
  });
});

describe('handout pages', () => {
  it('is one A4 or one Letter page, exactly', async () => {
    expect(await readPageSizes(made.a4)).toEqual([{ width: expect.closeTo(A4.width, 2), height: expect.closeTo(A4.height, 2) }]);
    expect(await readPageSizes(made.letter)).toEqual([{ width: 612, height: 792 }]);
  });

  it('two-up: two landscape sheets (front and back), each holding the same A5 or half-letter page twice, one per half', async () => {
    for (const [key, sheet] of [['a4-2up', A4], ['letter-2up', LETTER]] as const) {
      const sizes = await readPageSizes(made[key]);
      expect(sizes).toHaveLength(2);
      for (const size of sizes) {
        expect(size.width).toBeCloseTo(sheet.height, 2);
        expect(size.height).toBeCloseTo(sheet.width, 2);
      }
      const { items } = await readText(made[key]);
      const half = sheet.height / 2;
      const paper = key === 'a4-2up' ? 'a4' : 'letter';
      expect(HANDOUT_SHEETS[paper].half.width).toBeLessThanOrEqual(half + 0.01);
      for (const page of [1, 2]) {
        const left = squash(readRegion(items, { page, xMax: half }));
        const right = squash(readRegion(items, { page, xMin: half }));
        expect(left.length, `${key} sheet ${page}`).toBeGreaterThan(500);
        expect(right, `${key} sheet ${page}: the right half is the left half again`).toBe(left);
      }
      // The front starts the declaration and says to turn over; the back ends it with the panel.
      const front = squash(readRegion(items, { page: 1, xMax: half }));
      const back = squash(readRegion(items, { page: 2, xMax: half }));
      // The panel's text, from its heading down, in the left handout.
      const heading = items.find((item) => item.page === 2 && item.x < half && item.str.startsWith(words.panel.heading.en))!;
      const panel = squash(readRegion(items, { page: 2, xMax: half, yMax: heading.y + 1 }));
      expect(front).toContain(squash(texts.declaration.title.en));
      expect(front).toContain(squash(words.turnOver.en));
      // The English column of the back: the slogan may take two lines beside the Korean's one.
      expect(squash(readRegion(items, { page: 2, xMax: half / 2 }))).toContain(squash(texts.declaration.slogan.en));
      expect(panel).toContain(squash(words.panel.text.en));
      expect(panel).toContain(squash(words.panel.text.ko));
      expect(back).not.toContain(squash(words.turnOver.en));
      // Every section is there, English in the left column of the handout, Korean in the right, across front and back.
      const column = (xMin: number, xMax: number) => [1, 2].map((page) => squash(readRegion(items, { page, xMin, xMax }))).join('');
      const english = column(0, half / 2);
      const korean = column(half / 2, half);
      for (const section of declarationSections(texts.declaration)) {
        if (section.en) expect(english, section.en.slice(0, 40)).toContain(squash(section.en));
        if (section.ko) expect(korean, section.ko.slice(0, 20)).toContain(squash(section.ko));
      }
    }
  });
});

/** What decodeQr finds: the text, and the module's width on the page. */
interface ScannedQr {
  data: string;
  /** Modules per side of the symbol. */
  modules: number;
  /** One module's width, mm. */
  moduleMm: number;
}

/**
 * Renders a page with pdf.js once and decodes the QR code found in the lower 60% of each vertical
 * strip of it (one result a strip, in order).
 */
async function decodeQrs(bytes: Uint8Array, pageNumber: number, regions: readonly { x0: number; x1: number }[]): Promise<(ScannedQr | undefined)[]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  try {
    const page = await pdf.getPage(pageNumber);
    // 2 px per pt = 144 dpi, about 5 px a module: less than a phone camera sees, so a code that
    // scans here scans there, and the module's width is still read to a few thousandths of a mm.
    // Only the lower 60% of the page, where the codes are, is drawn (4 px per pt, the whole page,
    // cost three times as much).
    const scale = 2;
    const whole = page.getViewport({ scale });
    const width = Math.ceil(whole.width);
    const height = Math.ceil(whole.height);
    const y = Math.floor(height * 0.4);
    const viewport = page.getViewport({ scale, offsetY: -y });
    const factory = pdf.canvasFactory as { create(width: number, height: number): { canvas: unknown; context: CanvasRenderingContext2D } };
    const { canvas, context } = factory.create(width, height - y);
    await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context, viewport }).promise;
    return regions.map((region) => {
      const x = Math.floor(region.x0 * width);
      const w = Math.floor((region.x1 - region.x0) * width);
      const image = context.getImageData(x, 0, w, height - y);
      const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      if (!code) return undefined;
      // The finder patterns' centres lie 3.5 modules in from the symbol's edges: size - 7 modules apart.
      const modules = 17 + 4 * code.version;
      const { topLeftFinderPattern: a, topRightFinderPattern: b } = code.location;
      const modulePx = Math.hypot(b.x - a.x, b.y - a.y) / (modules - 7);
      return { data: code.data, modules, moduleMm: modulePx / scale / MM };
    });
  } finally {
    await pdf.destroy();
  }
}

/** Renders a page with pdf.js and decodes the QR code found in the lower 60% of a vertical strip of it. */
async function decodeQr(bytes: Uint8Array, pageNumber: number, region: { x0: number; x1: number }): Promise<ScannedQr | undefined> {
  return (await decodeQrs(bytes, pageNumber, [region]))[0];
}

describe('handout QR code', () => {
  it('two-up carries the fonts once for both sheets, not once a sheet', async () => {
    // Front and back share their fonts; embedding them page by page made the file twice the size.
    expect(made['a4-2up'].length).toBeLessThan(made['a4'].length * 1.4);
  });

  it(`scans from the rendered page as the URL in data/handout.json, its modules ${QR_MODULE_MIN_MM} mm or wider`, async () => {
    // 0.59 mm before: version 7-M (45 modules) in a 31 mm square.
    for (const paper of ['a4', 'letter'] as const) {
      const code = await decodeQr(made[paper], 1, { x0: 0.5, x1: 1 });
      expect(code?.data, paper).toBe(words.qr.url);
      expect(code!.moduleMm, paper).toBeGreaterThanOrEqual(QR_MODULE_MIN_MM - 0.01);
    }
  });

  it('scans from both halves of the back of a two-up sheet, its modules as wide', async () => {
    for (const key of ['a4-2up', 'letter-2up'] as const) {
      // The back rendered once, each half scanned alone.
      const codes = await decodeQrs(made[key], 2, [{ x0: 0, x1: 0.5 }, { x0: 0.5, x1: 1 }]);
      expect(codes).toHaveLength(2);
      for (const code of codes) {
        expect(code?.data, key).toBe(words.qr.url);
        expect(code!.moduleMm, key).toBeGreaterThanOrEqual(QR_MODULE_MIN_MM - 0.01);
      }
    }
  });
});

/** The paragraphs the handout sets: the declaration's sections, the panel's summary and its small print. */
function paragraphs(): { declaration: string[]; panel: string[] } {
  const declaration = declarationSections(texts.declaration).flatMap((section) => [section.en, section.ko]).filter((text): text is string => text !== null);
  return { declaration, panel: [words.panel.text.en, words.panel.text.ko, words.provenance.en, words.provenance.ko] };
}

/** The lines of a handout's pages, columns apart (the gutter is an em or more; a word space a quarter). */
const linesOf = (name: Made) => readLines(runsOf[name], 0.8);

describe('handout typography', () => {
  it('sets nothing under 6 pt, on any page of any size', () => {
    // Before: the date line at 5.8 pt, the provenance and the QR caption at 5.0-5.3 pt.
    for (const name of MADE) expect(smallRuns(runsOf[name]).map(describeRun), name).toEqual([]);
  });

  it(`sets the body at ${HANDOUT_BODY_FLOOR.onePage} pt or more on one side, ${HANDOUT_BODY_FLOOR.twoPages} pt two-up, the Korean at the house ratio to it`, () => {
    // Before: 7.4 pt (English) and 6.96 pt (Korean) everywhere.
    const body = declarationSections(texts.declaration).filter((section) => section.kind === 'paragraph' || section.kind === 'directive');
    for (const name of MADE) {
      const floor = name.endsWith('2up') ? HANDOUT_BODY_FLOOR.twoPages : HANDOUT_BODY_FLOOR.onePage;
      const sizes = (lang: 'en' | 'ko', face: RegExp) => {
        const runs = runsOf[name].filter((run) => face.test(run.font) && run.str.trim().length >= 8 && body.some((section) => plain(section[lang] ?? '').includes(plain(run.str).trim())));
        return [...new Set(runs.map((run) => Math.round(run.size * 100) / 100))];
      };
      const en = sizes('en', /^SourceSerif4-Regular$/);
      const ko = sizes('ko', /^NanumMyeongjo$/);
      // One size for each language's body, the English at the floor or above.
      expect(en, name).toHaveLength(1);
      expect(ko, name).toHaveLength(1);
      expect(en[0]!, name).toBeGreaterThanOrEqual(floor - 0.005);
      // Hangul looks larger than Latin at one size: set at 0.94 of it, it looks as large (theme.ts).
      expect(ko[0]! / en[0]!, name).toBeCloseTo(0.94, 2);
    }
  });

  it('fills the page: the panel at the foot, close under the declaration', () => {
    // Before: 35 mm from the slogan to the panel's first line on A4, 36 mm on the A5's back.
    for (const name of MADE) {
      const runs = runsOf[name];
      const lastPage = Math.max(...runs.map((run) => run.page));
      // Two-up: the left handout of the sheet.
      const half = name === 'a4-2up' ? A4.height / 2 : LETTER.height / 2;
      const left = (run: GlyphRun) => run.page === lastPage && (!name.endsWith('2up') || run.x < half);
      const heading = runs.find((run) => left(run) && run.str.startsWith(words.panel.heading.en))!;
      // The declaration's last line: the slogan's.
      const last = Math.min(...runs.filter((run) => left(run) && run.y > heading.y + 1).map((run) => run.y));
      // The spaces between them (the section's, the panel's own) take 8-9 mm; the rest is air. The
      // size is fitted to lines filled at natural word spacing; react-pdf 4.9's breaker also
      // squeezes spaces by up to a third, setting a paragraph a line shorter here and there, which
      // leaves up to 12 mm of air. (A two-up back also keeps what the front's page break leaves.)
      const limit = name.endsWith('2up') ? 26 : 22;
      expect((last - heading.y) / MM, `${name}: last line at ${last.toFixed(1)} pt, panel heading at ${heading.y.toFixed(1)} pt`).toBeLessThanOrEqual(limit);
    }
  });

  it('sets no text over text', () => {
    for (const name of MADE) expect(overlappingRuns(runsOf[name]).map(([a, b]) => `${describeRun(a)} / ${describeRun(b)}`), name).toEqual([]);
  });

  it('keeps every line of a column to 75 characters or fewer', () => {
    // Before: the provenance line ran 101 characters across the panel, a body line 77.
    for (const name of MADE) expect(longLines(linesOf(name)).map((line) => line.text), name).toEqual([]);
  });

  it('ends no paragraph of its own (the panel\'s summary and small print) on a runt', () => {
    for (const name of MADE) expect(runtLines(linesOf(name), paragraphs().panel).map((line) => line.text), name).toEqual([]);
  });

  it('ends no paragraph on a runt, the declaration\'s included', () => {
    const all = [...paragraphs().declaration, ...paragraphs().panel];
    for (const name of MADE) expect(runtLines(linesOf(name), all).map((line) => line.text), name).toEqual([]);
  });

  it('sets Latin letters and digits in Source Serif, Hangul in NanumMyeongjo', () => {
    for (const name of MADE) expect(wrongFaceRuns(runsOf[name]).map(describeRun), name).toEqual([]);
  });
});

describe('handout options and data', () => {
  it('refuses a paper or n-up it does not make, naming the allowed values', async () => {
    await expect(makeHandout({ paper: 'a3' as never })).rejects.toThrow(/--paper: "a3" is not allowed; allowed: a4, letter/);
    await expect(makeHandout({ nup: 4 as never })).rejects.toThrow(/--nup: "4" is not allowed; allowed: 1, 2/);
  });

  it('refuses a handout.json with a bad QR URL, naming the file and the field', async () => {
    const { mkdir, writeFile, copyFile } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'dp-handout-'));
    await mkdir(dir, { recursive: true });
    for (const file of ['declaration.json', 'labels.json']) await copyFile(join('data', file), join(dir, file));
    await writeFile(join(dir, 'handout.json'), JSON.stringify({ ...words, qr: { ...words.qr, url: 'ned.org' } }));
    const error = await makeHandout({ dataDir: dir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).message).toMatch(/handout\.json: qr\.url: is not an absolute URL; allowed: an http\(s\) address.*\(found "ned\.org"\)/);
  });

  it('refuses a panel too long for the body to keep its floor, naming the file and what to shorten', async () => {
    const { writeFile, copyFile } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'dp-handout-'));
    for (const file of ['declaration.json', 'labels.json']) await copyFile(join('data', file), join(dir, file));
    const long = { en: Array(5).fill(words.panel.text.en).join(' '), ko: Array(5).fill(words.panel.text.ko).join(' ') };
    await writeFile(join(dir, 'handout.json'), JSON.stringify({ ...words, panel: { ...words.panel, text: long } }));
    const error = await makeHandout({ dataDir: dir, paper: 'letter' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PressError);
    expect((error as PressError).message).toMatch(/handout\.json: panel: the handout fits letter only with its body at [\d.]+ pt; allowed: 8\.5 pt or more: shorten panel\.text/);
  });

  it('writes through the CLI where --out says', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'dp-handout-')), 'h.pdf');
    let stderr = '';
    const code = await run(['handout', '--paper', 'letter', '--nup', '2', '--out', out], { stdout: () => {}, stderr: (text) => (stderr += text) });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('h.pdf');
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(made['letter-2up']))).toBe(true);
    const bad = await run(['handout', '--nup', '3'], { stdout: () => {}, stderr: () => {} });
    expect(bad).toBe(2);
  });
});
