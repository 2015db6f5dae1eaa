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
import { readFonts, readPageSizes, readText, squash, type TextItem } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';

const A4 = { width: 595.28, height: 841.89 };
const LETTER = { width: 612, height: 792 };

let texts: Texts;
let words: HandoutWords;
/** The four handouts the default manifest builds, rendered once. */
const made: Record<'a4' | 'letter' | 'a4-2up' | 'letter-2up', Uint8Array> = {} as never;

beforeAll(async () => {
  [texts, words] = await Promise.all([loadTexts(), loadHandoutWords()]);
  // The standard set's handouts, built once for the whole test run.
  for (const name of ['a4', 'letter', 'a4-2up', 'letter-2up'] as const) made[name] = await standardFile(`handout-${name}.pdf`);
});

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
    const { items } = await readText(made.a4);
    const heading = find(items, words.panel.heading.en);
    const koStart = find(items, words.panel.text.ko.slice(0, 5));
    const caption = find(items, words.qr.caption.en);
    const english = squash(readRegion(items, { page: 1, xMin: heading.x, xMax: koStart.x, yMax: heading.y - 1 }));
    const korean = squash(readRegion(items, { page: 1, xMin: koStart.x, xMax: caption.x, yMax: heading.y - 1 }));
    expect(english).toContain(squash(words.panel.text.en));
    expect(korean).toContain(squash(words.panel.text.ko));
    const page = squash(readRegion(items, { page: 1, yMax: heading.y + 1 }));
    for (const text of [words.panel.heading.ko, words.provenance.en, words.provenance.ko, words.qr.caption.ko]) expect(page).toContain(squash(text));
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
      // The panel's text column, left of the QR code's caption.
      const caption = items.find((item) => item.page === 2 && item.x < half && item.str.startsWith(words.qr.caption.en))!;
      const panel = squash(readRegion(items, { page: 2, xMax: caption.x }));
      expect(front).toContain(squash(texts.declaration.title.en));
      expect(front).toContain(squash(words.turnOver.en));
      expect(back).toContain(squash(texts.declaration.slogan.en));
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

/** Renders a page with pdf.js at `scale` px per pt and decodes the QR code found in the lower 60% of a vertical strip of it. */
async function decodeQr(bytes: Uint8Array, pageNumber: number, region: { x0: number; x1: number }): Promise<string | undefined> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  try {
    const page = await pdf.getPage(pageNumber);
    // 4 px per pt = 288 dpi: a phone camera sees about as much.
    const viewport = page.getViewport({ scale: 4 });
    const factory = pdf.canvasFactory as { create(width: number, height: number): { canvas: unknown; context: CanvasRenderingContext2D } };
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const { canvas, context } = factory.create(width, height);
    await page.render({ canvas: canvas as HTMLCanvasElement, canvasContext: context, viewport }).promise;
    const x = Math.floor(region.x0 * width);
    const w = Math.floor((region.x1 - region.x0) * width);
    const y = Math.floor(height * 0.4);
    const image = context.getImageData(x, y, w, height - y);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
  } finally {
    await pdf.destroy();
  }
}

describe('handout QR code', () => {
  it('two-up carries the fonts once for both sheets, not once a sheet', async () => {
    // Front and back share their fonts; embedding them page by page made the file twice the size.
    expect(made['a4-2up'].length).toBeLessThan(made['a4'].length * 1.4);
  });

  it('scans from the rendered page as the URL in data/handout.json', async () => {
    expect(await decodeQr(made.a4, 1, { x0: 0.5, x1: 1 })).toBe(words.qr.url);
  });

  it('scans from both halves of the back of a two-up sheet', async () => {
    expect(await decodeQr(made['letter-2up'], 2, { x0: 0, x1: 0.5 })).toBe(words.qr.url);
    expect(await decodeQr(made['letter-2up'], 2, { x0: 0.5, x1: 1 })).toBe(words.qr.url);
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
