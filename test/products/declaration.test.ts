import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaration, makeDeclaration } from '../../src/products/declaration.js';
import { parseOptions } from '../../src/products/options.js';
import { makeSigningSheet } from '../../src/products/signing-sheet.js';
import { loadTexts } from '../../src/input/data.js';
import type { Texts } from '../../src/input/schema.js';
import { PAPER } from '../../src/core/paper.js';
import { LAYOUTS, type Layout } from '../../src/layout/declaration-layout.js';
import { readColumns, readFonts, readPageSizes, readText, squash } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';
import { linesPerPage, readSigning, type SigningDocument } from '../helpers/signing.js';
import { readFilledBoxes } from '../helpers/rules.js';
import { describeRun, longLines, overlappingRuns, readGlyphRuns, readLines, smallRuns, wrongFaceRuns, type GlyphRun } from '../helpers/typography.js';
import { LONG_LIST, MIN_ROWS } from '../../src/layout/signing-pages.js';
import { officeMargin } from '../../src/core/paper.js';

let texts: Texts;
const rendered = new Map<Layout, Uint8Array>();

beforeAll(async () => {
  texts = await loadTexts();
  // A4 parallel is the standard set's declaration-a4.pdf; the other layouts are made here.
  rendered.set('parallel', await standardFile('declaration-a4.pdf'));
  for (const layout of LAYOUTS) if (!rendered.has(layout)) rendered.set(layout, await makeDeclaration({ layout }));
});

/**
 * A declaration on a paper in a layout, rendered once for the whole file: the page-size test and
 * the blank signing lines read the same Letter and A3 copies.
 */
const byPaper = new Map<string, Promise<Uint8Array>>();
function declarationOn(paper: 'letter' | 'a3', layout: Layout): Promise<Uint8Array> {
  const key = `${paper} ${layout}`;
  if (!byPaper.has(key)) byPaper.set(key, makeDeclaration({ paper, layout }));
  return byPaper.get(key)!;
}

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
      const bytes = paper === 'a4' ? rendered.get('parallel')! : await declarationOn(paper, 'en');
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
    // The subject's keywords, then the inputs keyword a build compares (render/inputs.ts).
    const inputs = await declaration.inputs(parseOptions(declaration.options, { layout: 'ko' }));
    expect(doc.getKeywords()).toBe([...texts.labels.document.keywords.ko, inputs].join(', '));
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

  /** The declaration of a list (one line a name: Korean, English, a signature image or nothing), its pages' text, and the page its first name is on. */
  async function listed(names: [string, string, boolean][], options: Record<string, unknown> = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'dp-declaration-'));
    const list = join(dir, 'list.csv');
    const signature = join(process.cwd(), 'data/signatures/hong-gildong.png');
    await writeFile(list, `name_ko,name_en,signature\n${names.map(([ko, en, signed]) => `${ko},${en},${signed ? signature : ''}`).join('\n')}\n`);
    const { pages } = await readText(await makeDeclaration({ ...options, signatories: list }));
    return { pages, first: pages.findIndex((page) => page.includes(names[0]![1])) };
  }

  /** The list starts under its heading on the page of its first name, and no page before has it. */
  function expectHeadedStart({ pages, first }: { pages: string[]; first: number }) {
    expect(first).toBeGreaterThan(0);
    expect(pages[first]).toContain(texts.labels.signatories.en);
    expect(pages[first]).not.toContain(texts.labels.continued.en);
    for (const page of pages.slice(0, first)) expect(page).not.toContain(texts.labels.signatories.en);
  }

  it('starts the list under its heading when only a later name has a signature (the draft keeps the room the page keeps)', async () => {
    // Korean above English on A4: the text ends where the room kept for names with signatures
    // (11.5 ems) no longer fits, but that for names alone (8.5 ems) does.
    expectHeadedStart(await listed([['박서준', 'Park Seo-jun', false], ['최민지', 'Choi Min-ji', true]], { paper: 'a4', layout: 'stacked' }));
  });

  it('starts a long list (drafted without its names) where its names start, under its heading, with signatures or without', async () => {
    const names = (signed: boolean) => Array.from({ length: LONG_LIST + 2 }, (_, i): [string, string, boolean] => [`서명자${i}`, `Signer ${i}`, signed && i > 0]);
    expectHeadedStart(await listed(names(true), { paper: 'a4', layout: 'stacked' }));
    expectHeadedStart(await listed(names(false), { paper: 'letter', layout: 'parallel' }));
  });
});

/** The labels a layout prints, as a line reads them: Korean first where both are printed. */
function label(layout: Layout, pair: { en: string; ko: string }): string {
  return layout === 'en' ? pair.en : layout === 'ko' ? pair.ko : `${pair.ko} ${pair.en}`;
}

/** The runs from the line holding `heading` down, and every page after: a block set under the text. */
function blockRuns(runs: readonly GlyphRun[], heading: string): GlyphRun[] {
  const lines = readLines(runs);
  const head = lines.find((line) => line.text.includes(heading));
  expect(head, `a line with "${heading}"`).toBeDefined();
  return runs.filter((run) => run.page > head!.page || (run.page === head!.page && run.y <= head!.y + 1));
}

/** The typographer's checks on some runs: sizes, text over text, faces, measures; failures named. */
function expectGoodType(runs: readonly GlyphRun[]) {
  expect(smallRuns(runs).map(describeRun)).toEqual([]);
  expect(overlappingRuns(runs).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
  expect(wrongFaceRuns(runs).map(describeRun)).toEqual([]);
  expect(longLines(readLines(runs)).map((line) => line.text)).toEqual([]);
}

describe('blank signing lines', () => {
  const PAPERS = ['a4', 'letter', 'a3'] as const;
  const CASES = PAPERS.flatMap((paper) => LAYOUTS.map((layout) => ({ paper, layout, name: `${paper} ${layout}` })));
  const made = new Map<string, SigningDocument>();

  beforeAll(async () => {
    for (const { paper, layout, name } of CASES) {
      // The standard set's declaration-a4.pdf and declaration-letter.pdf are the parallel layout.
      const bytes =
        paper === 'a4' ? rendered.get(layout)! : paper === 'letter' && layout === 'parallel' ? await standardFile('declaration-letter.pdf') : await declarationOn(paper, layout);
      made.set(name, await readSigning(bytes));
    }
  });

  it.each(CASES)('keeps all 12 lines together, numbered, on their rules, under their labels ($name)', ({ layout, name }) => {
    const doc = made.get(name)!;
    expect(doc.signing.map((line) => line.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // No page with 1–3 lines: the issue saw line 12 alone on page 3 of the Letter copy.
    for (const rows of linesPerPage(doc).filter((n) => n > 0)) expect(rows, linesPerPage(doc).join(' ')).toBeGreaterThanOrEqual(MIN_ROWS);
    for (const line of doc.signing) expect(Math.abs(line.run.y - line.rule.top), `line ${line.number}`).toBeLessThan(0.35);
    const first = doc.signing[0]!;
    const above = doc.lines.filter((line) => line.page === first.run.page && line.y > first.run.y).map((line) => line.text);
    for (const key of ['name', 'signature', 'date'] as const) expect(above).toContain(label(layout, texts.labels[key]));
    expectGoodType(blockRuns(doc.runs, label(layout, texts.labels.signingSheet)));
  });

  it('heads every further page of lines with a running title and the column labels (Letter, 60 lines)', async () => {
    const doc = await readSigning(await makeDeclaration({ paper: 'letter', signatureLines: 60, sample: true }));
    expect(doc.signing.map((line) => line.number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const perPage = linesPerPage(doc);
    const pages = perPage.flatMap((rows, i) => (rows > 0 ? [i + 1] : []));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(perPage[page - 1]).toBeGreaterThanOrEqual(MIN_ROWS);
      const first = doc.signing.find((line) => line.run.page === page)!;
      const above = doc.lines.filter((line) => line.page === page && line.y > first.run.y).map((line) => line.text);
      for (const key of ['name', 'signature', 'date'] as const) expect(above, `page ${page}`).toContain(label('parallel', texts.labels[key]));
      const title = page === pages[0] ? texts.labels.signingSheet : texts.labels.signingContinued;
      expect(above.join('\n'), `page ${page}`).toContain(label('parallel', title));
    }
    expectGoodType(blockRuns(doc.runs, texts.labels.signingSheet.en));
  });
});

describe('the sample mark', () => {
  const mark = (lang: 'en' | 'ko') => texts.labels.sample[lang];

  it.each([
    ['the standard set\'s signed sample (A4)', () => standardFile('declaration-signed-sample.pdf'), 'a4'],
    ['Letter, stacked, blank lines', () => makeDeclaration({ paper: 'letter', layout: 'stacked', signatureLines: 60, sample: true }), 'letter'],
    ['A3, English', () => makeDeclaration({ paper: 'a3', layout: 'en', sample: true }), 'a3'],
  ] as const)('is a band with SAMPLE large on every page, above the text block (%s)', async (_name, make, paper) => {
    const bytes = await make();
    const [runs, boxes] = await Promise.all([readGlyphRuns(bytes), readFilledBoxes(bytes)]);
    const { width, height } = PAPER[paper];
    const pages = Math.max(...runs.map((run) => run.page));
    const langs = (_name.includes('English') ? ['en'] : ['en', 'ko']) as ('en' | 'ko')[];
    for (let page = 1; page <= pages; page++) {
      const on = runs.filter((run) => run.page === page);
      for (const lang of langs) {
        const big = on.find((run) => run.str.replace(/\s/g, '').includes(mark(lang)));
        expect(big, `page ${page}: ${mark(lang)}`).toBeDefined();
        // Seen across a room: at least twice the body size.
        expect(big!.size, `page ${page}: ${mark(lang)}`).toBeGreaterThanOrEqual(18 * (width / PAPER.a4.width));
        expect(on.map((run) => run.str).join('').replace(/\s/g, ''), `page ${page}`).toContain(texts.labels.sampleNote[lang].replace(/\s/g, '').slice(0, 10));
      }
      // A tinted band, most of the text width, in the top margin, holding the mark.
      const band = boxes.find((box) => box.page === page && box.right - box.left > width * 0.6 && box.top - box.bottom > 20 && box.bottom > height * 0.85);
      expect(band, `page ${page}: the band`).toBeDefined();
      const inBand = (run: GlyphRun) => run.y > band!.bottom && run.y < band!.top;
      const marked = on.filter(inBand);
      const rest = on.filter((run) => !inBand(run));
      expect(marked.length, `page ${page}`).toBeGreaterThan(0);
      // The band sits above the text block: everything else stays clear under it.
      expect(Math.max(...rest.map((run) => run.y + 0.75 * run.size)), `page ${page}`).toBeLessThan(band!.bottom - 5);
      expectGoodType(marked);
      expect(overlappingRuns(on).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
    }
  });
});

describe('signatory names', () => {
  it('never hyphenates a name: a long one shrinks or takes more columns, and breaks only at a space', async () => {
    const bytes = await makeDeclaration({ signatories: 'test/fixtures/signatories/long-names.csv', layout: 'parallel' });
    const runs = await readGlyphRuns(bytes);
    const block = blockRuns(runs, texts.labels.signatories.en);
    const lines = readLines(block).map((line) => line.text);
    const csv = (await readFile('test/fixtures/signatories/long-names.csv', 'utf8')).trim().split('\n').slice(1);
    const names = csv.flatMap((row) => row.split(',').slice(0, 2)).filter(Boolean);
    for (const name of names) {
      // Every word of a name stands whole on one line: broken, if at all, only at its spaces.
      for (const word of name.split(' ')) expect(lines.some((line) => line.includes(word)), `${word} whole (lines: ${lines.join(' | ')})`).toBe(true);
    }
    for (const line of lines) expect(line, line).not.toMatch(/-$/);
    expectGoodType(block);
  });

  it('sets a hundred names with long roles in columns, headed on every page, within the measures', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-100-'));
    // Korean names have no digits: count in syllables (박가나, 박가다, …), in English in digits.
    const syllables = [...'가나다라마바사아자차'];
    const rows = Array.from({ length: 100 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      const ko = `박${syllables[Math.floor(i / 10)]}${syllables[i % 10]}`;
      const role = i % 7 === 0 ? ',국제관계학과 교수,"Professor of International Relations, Georgetown University"' : i % 3 === 0 ? ',북한인권단체 대표,"Director, North Korean human rights group"' : ',,';
      return `${ko},Park Signer ${n}${role}`;
    });
    const csv = join(dir, 'hundred.csv');
    await writeFile(csv, `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`);
    for (const layout of ['parallel', 'stacked', 'en'] as const) {
      const runs = await readGlyphRuns(await makeDeclaration({ signatories: csv, layout, paper: 'letter' }));
      const block = blockRuns(runs, texts.labels.signatories.en);
      expectGoodType(block);
      const lines = readLines(block);
      const pages = [...new Set(block.map((run) => run.page))];
      expect(pages.length, layout).toBeGreaterThan(1);
      // The list starts with a whole row of four names, not one name alone at the foot of the text.
      const names = (page: number) => lines.filter((line) => line.page === page && /^Park Signer \d{3}$/.test(line.text)).length;
      expect(names(pages[0]!), `${layout}: names on page ${pages[0]}`).toBeGreaterThanOrEqual(4);
      // Each page of names carries the heading, "continued" after the first.
      for (const page of pages.slice(1)) expect(lines.filter((line) => line.page === page).map((line) => line.text), `${layout} page ${page}`).toContain(label(layout, texts.labels.continued));
    }
  });
});

describe('the page footer', () => {
  it('sits clear under the text on every page', async () => {
    for (const bytes of [rendered.get('parallel')!, await standardFile('declaration-signed-sample.pdf'), await standardFile('declaration-letter.pdf')]) {
      const runs = await readGlyphRuns(bytes);
      const size = (await readPageSizes(bytes))[0]!;
      // The text block ends this far above the page's foot (the page's bottom padding).
      const foot = officeMargin(size) * 1.15;
      for (const page of new Set(runs.map((run) => run.page))) {
        const on = runs.filter((run) => run.page === page);
        const footer = on.filter((run) => run.y < foot * 0.7);
        expect(footer.length, `page ${page}`).toBeGreaterThan(0);
        const top = Math.max(...footer.map((run) => run.y + 0.75 * run.size));
        const lowest = Math.min(...on.filter((run) => run.y >= foot * 0.7).map((run) => run.y - 0.25 * run.size));
        expect(lowest - top, `page ${page}`).toBeGreaterThan(12);
        expect(smallRuns(footer).map(describeRun)).toEqual([]);
      }
    }
  });
});
