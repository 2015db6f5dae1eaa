import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDeclaration } from '../../src/products/declaration.js';
import { makeSigningSheet } from '../../src/products/signing-sheet.js';
import { loadTexts } from '../../src/input/data.js';
import type { Texts } from '../../src/input/schema.js';
import { PAPER } from '../../src/core/paper.js';
import { LAYOUTS, type Layout } from '../../src/layout/declaration-layout.js';
import { readColumns, readFonts, readPageSizes, readText, squash } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';

let texts: Texts;
const rendered = new Map<Layout, Uint8Array>();

beforeAll(async () => {
  texts = await loadTexts();
  // A4 parallel is the standard set's declaration-a4.pdf; the other layouts are made here.
  rendered.set('parallel', await standardFile('declaration-a4.pdf'));
  for (const layout of LAYOUTS) if (!rendered.has(layout)) rendered.set(layout, await makeDeclaration({ layout }));
});

/** Every section of the declaration in one language, as the data holds it. */
function sections(lang: 'en' | 'ko'): string[] {
  const d = texts.declaration;
  return [
    d.title[lang],
    d.dateLine[lang],
    ...d.mottos[lang],
    ...d.preamble[lang],
    ...(d.callToAction[lang] ? [d.callToAction[lang]!] : []),
    ...d.directives.map((directive) => directive[lang]),
    d.closing[lang],
    d.slogan[lang],
  ];
}

const HANGUL = /[\uAC00-\uD7A3]/;
const CLOSING = /^[.,;:!?)\]}’”»、。，」』）]/;

describe.each(LAYOUTS)('the declaration, %s layout', (layout) => {
  const langs = layout === 'parallel' || layout === 'stacked' ? (['en', 'ko'] as const) : ([layout] as const);

  it('contains every section of data/ in the languages it prints, and not the other', async () => {
    const { pages, items } = await readText(rendered.get(layout)!);
    const text = squash(layout === 'parallel' ? readColumns(items, PAPER.a4.width) : pages.join(''));
    for (const lang of langs) for (const section of sections(lang)) expect(text).toContain(squash(section));
    if (layout === 'en') expect(text).not.toContain(squash(texts.declaration.closing.ko));
    if (layout === 'ko') expect(text).not.toContain(squash(texts.declaration.closing.en));
  });

  it('numbers every page "n / pages" in its footer', async () => {
    const { pages } = await readText(rendered.get(layout)!);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => expect(page).toContain(`${i + 1} / ${pages.length}`));
  });

  it('embeds every font as a subset', async () => {
    const fonts = await readFonts(rendered.get(layout)!);
    expect(fonts.length).toBeGreaterThan(1);
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
    expect(fonts.map((font) => font.name).join(' ')).not.toMatch(/Helvetica/);
  });

  it('never hyphenates a Hangul word and never starts a line with closing punctuation', async () => {
    const { lines } = await readText(rendered.get(layout)!);
    for (const line of lines) {
      expect(line, line).not.toMatch(new RegExp(`${HANGUL.source}-$`));
      expect(line.trimStart(), line).not.toMatch(CLOSING);
    }
  });
});

describe('typesetting', () => {
  it('sets each directive number on the same baseline in both columns of the parallel layout', async () => {
    const { items } = await readText(rendered.get('parallel')!);
    const pageWidth = PAPER.a4.width;
    for (let n = 1; n <= 7; n += 1) {
      const numerals = items.filter((item) => item.str.trim() === `${n}.`);
      const left = numerals.find((item) => item.x < pageWidth / 2);
      const right = numerals.find((item) => item.x > pageWidth / 2);
      expect(left, `directive ${n} left`).toBeDefined();
      expect(right, `directive ${n} right`).toBeDefined();
      expect(right!.page).toBe(left!.page);
      expect(Math.abs(right!.y - left!.y), `directive ${n}`).toBeLessThan(0.05);
      // The text of the directive starts on its numeral's baseline in each column.
      for (const numeral of [left!, right!]) {
        const first = items.find((item) => item.page === numeral.page && item.x > numeral.x + 2 && item.x < numeral.x + 40 && Math.abs(item.y - numeral.y) < 0.05);
        expect(first, `directive ${n} text beside its numeral`).toBeDefined();
      }
    }
  });

  it('gives exact page sizes for A4, Letter and A3', async () => {
    for (const paper of ['a4', 'letter', 'a3'] as const) {
      const bytes = paper === 'a4' ? rendered.get('parallel')! : await makeDeclaration({ paper, layout: 'en' });
      const sizes = await readPageSizes(bytes);
      for (const size of sizes) {
        expect(size.width).toBeCloseTo(PAPER[paper].width, 2);
        expect(size.height).toBeCloseTo(PAPER[paper].height, 2);
      }
    }
    expect(PAPER.letter).toMatchObject({ width: 612, height: 792 });
  });

  it('labels the blank signing lines in both languages and numbers every line', async () => {
    const { pages } = await readText(await makeDeclaration({ layout: 'parallel', signatureLines: 20 }));
    const text = pages.join('\n');
    for (const label of ['성명 Name', '서명 Signature', '날짜 Date']) expect(text).toContain(label);
    const numbers = text.split('\n').filter((line) => /^\d+$/.test(line.trim())).map(Number);
    expect(Math.max(...numbers)).toBe(20);
  });

  it('keeps at least three signing lines with their heading on its page', async () => {
    for (const options of [{ paper: 'letter', layout: 'en' }, { paper: 'a4', layout: 'parallel' }, { paper: 'a4', layout: 'stacked' }] as const) {
      const { pages } = await readText(await makeDeclaration(options));
      const page = pages.find((text) => text.includes(texts.labels.signingSheet.en))!;
      const numbers = page.split('\n').filter((line) => /^\d+$/.test(line.trim()));
      expect(numbers.length, `${options.paper} ${options.layout}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('makes a signing sheet with as many numbered lines as asked, over several pages', async () => {
    const bytes = await makeSigningSheet({ signatureLines: 45 });
    const { pages } = await readText(bytes);
    expect(pages.length).toBeGreaterThan(1);
    const numbers = pages.join('\n').split('\n').filter((line) => /^\d+$/.test(line.trim())).map(Number);
    expect(new Set(numbers).size).toBe(45);
    expect(squash(pages[0]!)).toContain(squash(texts.declaration.title.ko));
  });
});

describe('metadata and reproducibility', () => {
  it('carries title, author, subject, keywords and language', async () => {
    const doc = await PDFDocument.load(rendered.get('ko')!, { updateMetadata: false });
    expect(doc.getTitle()).toBe(texts.declaration.title.ko);
    expect(doc.getAuthor()).toBe(texts.labels.document.author.ko);
    expect(doc.getSubject()).toBe(texts.labels.document.subject.ko);
    expect(doc.getKeywords()).toBe(texts.labels.document.keywords.ko.join(', '));
    expect(String(doc.catalog.get(PDFName.of('Lang')))).toContain('ko');
  });

  it('gives byte-identical PDFs for the same inputs, and honours SOURCE_DATE_EPOCH', async () => {
    const again = await makeDeclaration({ layout: 'parallel' });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(rendered.get('parallel')!))).toBe(0);
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const dated = await makeDeclaration({ layout: 'en' });
      const doc = await PDFDocument.load(dated, { updateMetadata: false });
      expect(doc.getCreationDate()?.getTime()).toBe(1_700_000_000_000);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });
});

describe('signatories', () => {
  it('prints all of 500 signatories, in columns over continuation pages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-500-'));
    const family = ['김', '이', '박', '최', '정'];
    const rows = Array.from({ length: 500 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      return `${family[i % 5]}서명${n},Signer ${n},,`;
    });
    const csv = join(dir, 'many.csv');
    await writeFile(csv, `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`);
    const bytes = await makeDeclaration({ signatories: csv });
    const { pages } = await readText(bytes);
    const text = squash(pages.join('\n'));
    for (let i = 1; i <= 500; i += 1) {
      const n = String(i).padStart(3, '0');
      expect(text).toContain(`Signer${n}`);
      expect(text).toContain(`${family[(i - 1) % 5]}서명${n}`);
    }
    // Columns: far fewer pages than one name per line would need.
    expect(pages.length).toBeLessThan(16);
  });

  it('marks a sample and prints a signature image above its name', async () => {
    const bytes = await makeDeclaration({ signatories: 'data/signatories.sample.csv', sample: true });
    const { pages } = await readText(bytes);
    const text = pages.join('\n');
    for (const name of ['홍길동', 'Hong Gil-dong', '김철수', '이영희']) expect(text).toContain(name);
    for (const page of pages) expect(page).toContain(texts.labels.sample.en);
    expect((await readFile('data/signatures/hong-gildong.png')).length).toBeGreaterThan(0);
    const doc = await PDFDocument.load(bytes);
    const images = doc.context.enumerateIndirectObjects().filter(([, object]) => String((object as { dict?: { get(n: PDFName): unknown } }).dict?.get(PDFName.of('Subtype'))) === '/Image');
    expect(images.length).toBeGreaterThan(0);
  });
});
