import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { createElement } from 'react';
import { checkPdf } from '../../src/preflight/check-pdf.js';
import { DATA_DIR, readJson } from '../../src/core/files.js';
import { render } from '../../src/render/pipeline.js';
import { loadCertificateWording, loadTexts } from '../../src/input/data.js';
import { certificateWordingSchema, type Bilingual, type CertificateWording } from '../../src/input/schema.js';
import { PACKAGE_ROOT } from '../../src/core/files.js';
import { cliNodeArgs } from '../../src/batch/pool.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { PAPER } from '../../src/core/paper.js';
import { prepareTypeset, type Typeset } from '../../src/fonts/typeset.js';
import { CertificateDocument } from '../../templates/index.js';
import { layoutCertificate, layoutNames } from '../../src/layout/certificate-layout.js';
import { orient, type Orientation } from '../../src/core/paper.js';
import type { Box } from '../../src/layout/fit-text.js';
import { certificateTexts } from '../../src/layout/certificate-layout.js';
import { describeRun, longLines, overlappingRuns, readGlyphRuns, readLines, runtLines, smallRuns, wrongFaceRuns, type GlyphRun } from '../helpers/typography.js';
import { readText } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';


const temp = () => mkdtemp(join(tmpdir(), 'dp-cert-'));
const squash = (text: string) => text.replace(/\s+/g, '');

/** Text items with their width, in PDF points (origin bottom left). */
async function readItems(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: { str: string; x: number; y: number; width: number }[][] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(content.items.flatMap((raw) => ('str' in raw && raw.str.trim() !== '' ? [{ str: raw.str, x: raw.transform[4], y: raw.transform[5], width: raw.width }] : [])));
  }
  await doc.destroy();
  return pages;
}

const HEADER = 'name_ko,name_en,role_ko,role_en\n';
const NAMES = [
  { ko: '홍길동', en: 'Hong Gil-dong' },
  { ko: '홍길동', en: '' },
  { ko: '홍길동', en: '' },
  { ko: '', en: 'José Martínez' },
  { ko: '', en: 'Ødegård' },
  { ko: '', en: 'Kim "Danny" Lee, Jr.' },
  { ko: '', en: '../../etc/passwd' },
  { ko: '', en: 'a/b\\c' },
  { ko: '', en: 'CON' },
  { ko: '', en: '.' },
  { ko: '', en: 'kim' },
  { ko: '', en: 'KIM' },
  { ko: '남궁', en: '' },
  {
    ko: '김수한무거북이와두루미삼천갑자동방삭치치카포사리사리센타워리워리세브리깡무두셀라구름이',
    en: 'Maria Aurora Concepción de los Ángeles Fernández-Øvergaard y Santísima Trinidad',
  },
  { ko: '', en: 'Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegeundsorgfaltigkeitbeschutzen' },
];
const csvField = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const CSV = HEADER + NAMES.map((n) => [csvField(n.ko), csvField(n.en), '', ''].join(',')).join('\r\n') + '\r\n';

let typesetReady: Typeset;
let wordingReady: CertificateWording;
let titleReady: Bilingual;
beforeAll(async () => {
  registerBundledFonts();
  typesetReady = await prepareTypeset();
  wordingReady = await loadCertificateWording();
  titleReady = (await loadTexts()).declaration.title;
});

/** The layout of a certificate on a page, as the batch makes it. */
const layoutOn = (paper: 'a4' | 'letter', orientation: Orientation, sample = false) =>
  layoutCertificate(orient(PAPER[paper], orientation), typesetReady, wordingReady, titleReady, { sample });

/** Checks that every name and role item on the page lies inside the box it was fitted to. */
function expectInBoxes(items: { str: string; x: number; y: number; width: number }[], boxes: Box[], pageHeight: number, expected: string[]) {
  const found: string[] = [];
  for (const box of boxes) {
    const inside = items.filter((item) => {
      const top = pageHeight - item.y;
      return top > box.y && top <= box.y + box.height && item.x + item.width > box.x - 2 && item.x < box.x + box.width + 2;
    });
    for (const item of inside) {
      expect(item.x, `${item.str} left`).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(item.x + item.width, `${item.str} right`).toBeLessThanOrEqual(box.x + box.width + 0.5);
    }
    found.push(squash(inside.map((item) => item.str).join('')));
  }
  expect(found).toEqual(expected.map(squash));
}

describe.each([
  ['a4', 'landscape'],
  ['letter', 'portrait'],
] as const)('certificates on %s, %s', (paper, orientation) => {
  let dir: string;
  let result: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    dir = await temp();
    await writeFile(join(dir, 'list.csv'), CSV);
    result = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--paper', paper, '--orientation', orientation, '--out', join(dir, 'out'), '--combined', join(dir, 'all.pdf'), '--json');
  });

  it('makes one safe, uniquely named PDF per row inside --out, and nothing outside it', async () => {
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ made: NAMES.length, skipped: 0, failed: 0, total: NAMES.length, combined: { status: 'made', combined: { certificates: NAMES.length } } });
    const files = await readdir(join(dir, 'out'));
    expect(files).toHaveLength(NAMES.length);
    expect(new Set(files.map((file) => file.toLowerCase())).size).toBe(NAMES.length);
    expect(files).toEqual(expect.arrayContaining(['홍길동.pdf', '홍길동-2.pdf', 'Hong-Gil-dong.pdf', 'etc-passwd.pdf', '_CON.pdf', 'kim.pdf', 'KIM-2.pdf', 'José-Martínez.pdf']));
    expect((await readdir(dir)).sort()).toEqual(['all.pdf', 'list.csv', 'out']);
  });

  it('prints every name, whole, inside its box, on the right page size', async () => {
    const page = orient(PAPER[paper], orientation);
    const geometry = layoutOn(paper, orientation);
    const summary = JSON.parse(result.stdout) as { items: { file: string; origin: string }[] };
    const combined = await readItems(await readFile(join(dir, 'all.pdf')));
    expect(combined).toHaveLength(NAMES.length);
    for (const [i, name] of NAMES.entries()) {
      const entry = { nameKo: name.ko || undefined, nameEn: name.en || undefined };
      const layout = layoutNames(typesetReady, geometry, entry);
      const file = summary.items[i]!.file;
      const bytes = await readFile(file);
      const [items] = await readItems(bytes);
      const text = squash(items!.map((item) => item.str).join(''));
      for (const part of [name.ko, name.en]) if (part) expect(text, file).toContain(squash(part));
      expectInBoxes(items!, layout.lines.map((line) => line.box), page.height, layout.lines.map((line) => line.text));
      expectInBoxes(combined[i]!, layout.lines.map((line) => line.box), page.height, layout.lines.map((line) => line.text));
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(doc.getPage(0).getSize().width).toBeCloseTo(page.width, 1);
      expect(doc.getPage(0).getSize().height).toBeCloseTo(page.height, 1);
    }
  });

  it('shrinks long names, breaks them only at a space, never inside a word nor below 6 pt', () => {
    const geometry = layoutOn(paper, orientation);
    const long = layoutNames(typesetReady, geometry, { nameKo: NAMES[13]!.ko, nameEn: NAMES[13]!.en });
    // A Korean name is one word (어절): it shrinks on its line rather than break.
    expect(long.lines[0]!.fit.lines).toEqual([NAMES[13]!.ko]);
    // A Latin name past the measure goes onto two lines, broken at a space.
    expect(long.lines[1]!.fit.lines).toHaveLength(2);
    expect(long.lines[1]!.fit.lines.join(' ')).toBe(NAMES[13]!.en);
    const short = layoutNames(typesetReady, geometry, { nameKo: '홍길동' });
    expect(short.lines[0]!.fit.lines).toEqual(['홍길동']);
    expect(short.lines[0]!.fit.size).toBeGreaterThan(long.lines[0]!.fit.size);
    for (const name of NAMES) {
      for (const { fit, text, spec, box } of layoutNames(typesetReady, geometry, { nameKo: name.ko || undefined, nameEn: name.en || undefined }).lines) {
        expect(fit.size, text).toBeGreaterThanOrEqual(6);
        if (/\s/.test(text)) expect(fit.lines.join(' '), text).toBe(text);
        // One unbroken word is broken between letters only when one line would fall under 6 pt.
        else if (fit.lines.length > 1) expect(typesetReady.measure(text, spec.stack, 6, spec.bold), text).toBeGreaterThan(box.width * 0.97);
      }
    }
  });
});

describe('the fast path (static layer once, names drawn with pdf-lib)', () => {
  it('puts every text where react-pdf puts it on the whole page, in embedded subset fonts with Unicode', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), CSV);
    expect((await cli('certificates', '--signatories', join(dir, 'list.csv'), '--combined', join(dir, 'all.pdf'), '--sample')).code).toBe(0);
    const [texts, wording] = await Promise.all([loadTexts(), readJson(join(DATA_DIR, 'certificate.json'), certificateWordingSchema)]);
    const entries = NAMES.map((name, i) => ({ nameKo: name.ko || undefined, nameEn: name.en || undefined, number: String(i + 1).padStart(4, '0') }));
    const reference = await render(createElement(CertificateDocument, {
      wording, declarationTitle: texts.declaration.title, alt: texts.labels.alt, page: orient(PAPER.a4, 'landscape'), certificates: entries, sample: true, typeset: typesetReady,
      meta: { title: 't', author: 'a', subject: 's', keywords: ['k'], language: 'ko', creator: 'c', producer: 'p', creationDate: new Date(0) },
    }));
    const fast = await readFile(join(dir, 'all.pdf'));
    // The same lines: by baseline, each with its text, left and right edges (pdf.js splits a line
    // into items differently for the two files, and orders them by content stream).
    const key = (page: { str: string; x: number; y: number; width: number }[]) => {
      const lines = new Map<string, typeof page>();
      for (const item of page) lines.set(item.y.toFixed(2), [...(lines.get(item.y.toFixed(2)) ?? []), item]);
      return [...lines].map(([y, items]) => {
        const sorted = items.sort((a, b) => a.x - b.x);
        const right = Math.max(...sorted.map((item) => item.x + item.width));
        return { text: `${squash(sorted.map((item) => item.str).join(''))} @ ${y}`, left: sorted[0]!.x, right };
      }).sort((a, b) => (a.text < b.text ? -1 : 1));
    };
    const [expected, actual] = [(await readItems(reference)).map(key), (await readItems(fast)).map(key)];
    expect(actual.map((page) => page.map((line) => line.text))).toEqual(expected.map((page) => page.map((line) => line.text)));
    // Within 0.6 pt: react-pdf centres "../../etc/passwd" 0.54 pt further right than its glyphs'
    // advances say (it measures the pieces it may break at "/" apart); every other line matches to 0.01 pt.
    for (const [p, page] of actual.entries()) {
      for (const [l, line] of page.entries()) {
        expect(Math.abs(line.left - expected[p]![l]!.left), line.text).toBeLessThan(0.6);
        expect(Math.abs(line.right - expected[p]![l]!.right), line.text).toBeLessThan(0.6);
      }
    }
    const report = await checkPdf(new Uint8Array(fast), { file: 'all.pdf', requireBoxes: false });
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });
});

/** Signatories to look at a page with: a signature, the longest names, a one-word Latin name, a short one. */
const LOOK = [
  ['홍길동', 'Hong Gil-dong', '견본 서명자', 'Sample signatory', 'hong.png'],
  [NAMES[13]!.ko, NAMES[13]!.en, '공동 대표', 'Co-chair of the International Coalition for North Korean Human Rights', ''],
  ['', NAMES[14]!.en, '', '', ''],
  ['남궁', '', '', '', ''],
  ['', 'Kim "Danny" Lee, Jr.', '', 'Observer', ''],
];
const LOOK_CSV = `${HEADER.trim()},signature\n${LOOK.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
const PAGES = [
  ['a4', 'landscape'],
  ['a4', 'portrait'],
  ['letter', 'landscape'],
  ['letter', 'portrait'],
] as const;
const LATIN = /[\p{Script=Latin}0-9]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** The point of a run's box (level runs: from the descender to the capitals) nearest to (x, y). */
function distanceTo(run: GlyphRun, x: number, y: number): number {
  const nx = Math.min(Math.max(x, run.x), run.x + run.width);
  const ny = Math.min(Math.max(y, run.y - 0.2 * run.size), run.y + 0.75 * run.size);
  return Math.hypot(x - nx, y - ny);
}

describe.each(PAGES)('a certificate on %s, %s, as a typographer sets it', (paper, orientation) => {
  let files: { name: string; runs: GlyphRun[] }[];
  let layout: ReturnType<typeof layoutOn>;
  let pageHeight: number;
  beforeAll(async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), LOOK_CSV);
    await copyFile(join(DATA_DIR, 'signatures/hong-gildong.png'), join(dir, 'hong.png'));
    const { code, stderr } = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--paper', paper, '--orientation', orientation, '--sample', '--out', join(dir, 'out'), '--combined', join(dir, 'all.pdf'));
    expect(code, stderr).toBe(0);
    const names = ['all.pdf', ...(await readdir(join(dir, 'out'))).map((file) => join('out', file))];
    files = [];
    for (const name of names) files.push({ name, runs: await readGlyphRuns(new Uint8Array(await readFile(join(dir, name)))) });
    layout = layoutOn(paper, orientation, true);
    pageHeight = layout.page.height;
  });
  /** Every page of every file, as runs. */
  const pages = () => files.flatMap(({ name, runs }) => [...new Set(runs.map((run) => run.page))].map((page) => ({ where: `${name} p${page}`, runs: runs.filter((run) => run.page === page) })));
  /** The seal in PDF points (origin bottom left). */
  const seal = () => ({ x: layout.seal.x, y: pageHeight - layout.seal.y, r: layout.seal.diameter / 2 });
  /** The seal's own letters: inside it, and of its words. */
  const ofSeal = (run: GlyphRun) => {
    const { x, y, r } = seal();
    const letters = new Set(squash(wordingReady.seal.ko + wordingReady.seal.en));
    return Math.hypot(run.x - x, run.y - y) < r && [...squash(run.str)].every((char) => letters.has(char));
  };
  const isIssuerKo = (run: GlyphRun) => HANGUL.test(run.str) && squash(wordingReady.issuer.ko).includes(squash(run.str)) && !ofSeal(run);

  it('prints the whole static layer on every page: title, label, body, date, issuer, seal', () => {
    expect(pages()).toHaveLength(2 * LOOK.length);
    const texts = certificateTexts(wordingReady, titleReady, '');
    const expected = [wordingReady.title.ko, wordingReady.title.en, wordingReady.nameLabel.en, texts.body.ko, texts.body.en, texts.date.en, wordingReady.issuer.ko, wordingReady.issuer.en, wordingReady.seal.ko];
    for (const { where, runs } of pages()) {
      const text = squash(readLines(runs).map((line) => line.text).join(''));
      for (const part of expected) expect(text, `${where}: ${part}`).toContain(squash(part));
    }
  });

  it('sets nothing under 6 pt', () => {
    for (const { where, runs } of pages()) expect(smallRuns(runs).map(describeRun), where).toEqual([]);
  });

  it('prints no text over text, except the seal over the Korean issuer', () => {
    for (const { where, runs } of pages()) {
      const over = overlappingRuns(runs).filter(([a, b]) => !((ofSeal(a) && isIssuerKo(b)) || (ofSeal(b) && isIssuerKo(a))));
      expect(over.map(([a, b]) => `${describeRun(a)} / ${describeRun(b)}`), where).toEqual([]);
    }
  });

  it('stamps the seal over the last syllable of the Korean issuer, and over no Latin text', () => {
    const { x, y, r } = seal();
    for (const { where, runs } of pages()) {
      const covered = runs.filter((run) => !ofSeal(run) && LATIN.test(run.str) && distanceTo(run, x, y) < r);
      expect(covered.map(describeRun), where).toEqual([]);
      const issuer = runs.find((run) => isIssuerKo(run) && squash(run.str) === squash(wordingReady.issuer.ko))!;
      expect(issuer, where).toBeDefined();
      // Its letters are spaced: the last syllable ends one letter space before the run does.
      const end = issuer.x + issuer.width - (layout.issuer.tracking ?? 0);
      const start = end - issuer.size * 0.95;
      expect(x - r, `${where}: the seal's left edge crosses the last syllable`).toBeGreaterThan(start);
      expect(x - r, where).toBeLessThan(end - issuer.size * 0.2);
      expect(Math.abs(y - (issuer.y + 0.35 * issuer.size)), where).toBeLessThan(r * 0.6);
    }
    // The ring's Latin line is legible: 6 pt or more (smallRuns checks the page).
    expect(layout.seal.ring.size).toBeGreaterThanOrEqual(6);
  });

  it('keeps every line within 75 characters, balanced, and ends no paragraph on a runt', () => {
    const texts = certificateTexts(wordingReady, titleReady, '');
    for (const { where, runs } of pages()) {
      const lines = readLines(runs);
      // A one-word name longer than the measure (NAMES[14]) cannot be shortened without breaking the word.
      expect(longLines(lines).filter((line) => /\s/.test(line.text)).map((line) => line.text), where).toEqual([]);
      expect(runtLines(lines, [texts.body.en, texts.body.ko, wordingReady.issuer.en]).map((line) => line.text), where).toEqual([]);
      for (const paragraph of [texts.body.en, texts.body.ko]) {
        const own = lines.filter((line) => squash(paragraph).includes(squash(line.text)) && squash(line.text).length > 8);
        expect(own.length, `${where}: ${paragraph}`).toBeGreaterThanOrEqual(2);
        expect(squash(own.map((line) => line.text).join('')), where).toBe(squash(paragraph));
        const lengths = own.map((line) => [...line.text].length);
        expect(Math.min(...lengths) / Math.max(...lengths), `${where}: ${lengths.join(', ')} characters`).toBeGreaterThan(0.75);
      }
    }
  });

  it('says SAMPLE in both languages, large, on every page of separate and combined files, covering nothing', () => {
    const mark = layout.sample!;
    const box = { left: mark.box.x, right: mark.box.x + mark.box.width, top: pageHeight - mark.box.y, bottom: pageHeight - mark.box.y - mark.box.height };
    const own = new Set(mark.lines.map((line) => squash(line.text)));
    for (const { where, runs } of pages()) {
      for (const word of [wordingReady.sample.en, wordingReady.sample.ko]) {
        const run = runs.find((candidate) => squash(candidate.str) === squash(word));
        expect(run, `${where}: ${word}`).toBeDefined();
        expect(run!.size, where).toBeGreaterThanOrEqual(14);
      }
      const inside = runs.filter((run) => run.x + run.width > box.left && run.x < box.right && run.y + 0.75 * run.size > box.bottom && run.y - 0.2 * run.size < box.top);
      expect(inside.filter((run) => !own.has(squash(run.str))).map(describeRun), where).toEqual([]);
    }
  });

  it('sets Latin in Source Serif 4 and Hangul in NanumMyeongjo, inside Korean strings too ("No. 0001", "2024년")', () => {
    for (const { where, runs } of pages()) expect(wrongFaceRuns(runs).map(describeRun), where).toEqual([]);
  });
});

describe('the issuer beside the seal, whatever the wording', () => {
  it.each([
    ['the bundled wording', undefined, 2],
    ['a long English issuer, set below the seal', 'The Campaign for the Washington Declaration for the Dignity, Hope, and Freedom of North Koreans', 2],
  ])('keeps every English issuer line clear of the seal, balanced and within the measure (%s)', (_case, en, expected) => {
    for (const [paper, orientation] of PAGES) {
      const wording = en ? { ...wordingReady, issuer: { ...wordingReady.issuer, en } } : wordingReady;
      const layout = layoutCertificate(orient(PAPER[paper], orientation), typesetReady, wording, titleReady);
      const { x, y, diameter } = layout.seal;
      const own = layout.lines.filter((line) => line.stack === 'serif' && line.box.y > layout.issuer.box.y);
      expect(own.map((line) => line.text).join(' ')).toBe(wording.issuer.en);
      expect(own).toHaveLength(expected);
      for (const line of own) {
        const width = typesetReady.measure(line.text, line.stack, line.size);
        const left = line.box.x + (line.box.width - width) / 2;
        const nx = Math.min(Math.max(x, left), left + width);
        const ny = Math.min(Math.max(y, line.box.y), line.box.y + line.box.height);
        expect(Math.hypot(x - nx, y - ny), `${paper} ${orientation}: ${line.text}`).toBeGreaterThan(diameter / 2);
        expect([...line.text].length).toBeLessThanOrEqual(75);
      }
      // The seal stays on the page's content, inside the border.
      expect(y + diameter / 2).toBeLessThanOrEqual(layout.content.y + layout.content.height + 0.01);
    }
  });
});

describe('sample certificates', () => {
  const rows = `${HEADER}홍길동,Hong Gil-dong,,\n김철수,Kim Cheol-su,,\n`;
  const says = async (file: string) => squash((await readText(new Uint8Array(await readFile(file)))).pages.join('')).includes('SAMPLE');

  it('are marked only with --sample, and a rerun with --sample rebuilds every certificate (the mark is in the input hash)', async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, rows);
    const args = ['certificates', '--signatories', list, '--out', join(dir, 'out'), '--combined', join(dir, 'all.pdf'), '--json'];
    expect(JSON.parse((await cli(...args)).stdout)).toMatchObject({ made: 2, combined: { status: 'made' } });
    expect(await says(join(dir, 'all.pdf'))).toBe(false);
    expect(await says(join(dir, 'out', 'Hong-Gil-dong.pdf'))).toBe(false);
    expect(JSON.parse((await cli(...args, '--sample')).stdout)).toMatchObject({ made: 2, skipped: 0, combined: { status: 'made' } });
    expect(await says(join(dir, 'all.pdf'))).toBe(true);
    expect(await says(join(dir, 'out', 'Hong-Gil-dong.pdf'))).toBe(true);
    expect(JSON.parse((await cli(...args, '--sample')).stdout)).toMatchObject({ made: 0, skipped: 2, combined: { status: 'skipped' } });
  });

  it('are always marked when made from the bundled sample list', async () => {
    const dir = await temp();
    const { code, stderr } = await cli('certificates', '--signatories', join(DATA_DIR, 'signatories.sample.csv'), '--combined', join(dir, 'all.pdf'));
    expect(code, stderr).toBe(0);
    expect(await says(join(dir, 'all.pdf'))).toBe(true);
  });

  it('in the standard set say SAMPLE, separate and combined', async () => {
    for (const file of ['certificates-sample.pdf', 'certificates/Hong-Gil-dong.pdf', 'certificates/Lee-Young-hee.pdf']) {
      const text = squash((await readText(await standardFile(file))).pages.join(''));
      expect(text, file).toContain('SAMPLE');
      expect(text, file).toContain('Notarealcertificate');
    }
  });
});

describe('certificate inputs', () => {
  it('reads a CP949 CSV saved by Excel on Korean Windows', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), iconv.encode('name_ko,name_en,role_ko,role_en\r\n홍길동,Hong Gil-dong,공동 대표,Co-chair\r\n김철수,,,\r\n', 'cp949'));
    const { code, stderr } = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'));
    expect(code, stderr).toBe(0);
    const [items] = await readItems(await readFile(join(dir, 'out', '김철수.pdf')));
    expect(squash(items!.map((item) => item.str).join(''))).toContain('김철수');
  });

  it('reads an XLSX workbook', async () => {
    const dir = await temp();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('서명자');
    sheet.addRows([['name_ko', 'name_en', 'role_ko', 'role_en'], ['이영희', 'Lee Young-hee', '', 'Observer'], ['', 'Åsa Ødegård', '', '']]);
    await workbook.xlsx.writeFile(join(dir, 'list.xlsx'));
    const { code, stderr } = await cli('certificates', '--signatories', join(dir, 'list.xlsx'), '--out', join(dir, 'out'));
    expect(code, stderr).toBe(0);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['Lee-Young-hee.pdf', 'Åsa-Ødegård.pdf']);
  });

  it.each([
    ['unterminated quote in the header', '"name_ko,name_en\n홍길동,Hong\n', /list\.csv:1: a quoted field opens on this line and is never closed/],
    ['no name column', 'role_ko,role_en\n견본,Sample\n', /list\.csv:1: no name column/],
    ['empty file', '', /list\.csv: the file is empty/],
  ])('stops on a whole-file problem (%s) with the file and line, writing nothing', async (_kind, csv, message) => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), csv);
    const { code, stderr } = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(await readdir(dir)).toEqual(['list.csv']);
  });

  it('builds the rows before an unterminated quote, and reports the rest as one failure at its line', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), 'name_ko,name_en\n홍길동,Hong\n김철수,"Kim Cheol-su\n이영희,Lee\n');
    const { code, stderr } = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/list\.csv:3: a quoted field opens on this line and is never closed, so this line and every line after it are not read/);
    expect(await readdir(join(dir, 'out'))).toEqual(['Hong.pdf']);
  });

  it('builds the good rows, reports each bad row with file, line and column, and exits non-zero', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), 'name_ko,name_en,role_ko,role_en\n홍길동,Hong Gil-dong,,\n,Kim,Jr.,Adviser,Adviser\n,Smiley 🙂,,\n김철수,,,\n');
    const { code, stderr, stdout } = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'), '--json');
    expect(code).toBe(1);
    expect(stderr).toMatch(/list\.csv:3: the row has 5 fields, the header has 4/);
    expect(stderr).toMatch(/list\.csv:4: name_en: U\+1F642 '🙂' is in no bundled font/);
    expect(stderr).toMatch(/certificates: 4 rows, 2 failed; files: 2 made, 0 skipped \(unchanged\),/);
    expect(stderr).toMatch(/2 of 4 row\(s\) failed; the other certificates were written/);
    expect(JSON.parse(stdout)).toMatchObject({ made: 2, failed: 2, total: 4 });
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['Hong-Gil-dong.pdf', '김철수.pdf']);
  });

  it('refuses a bad --shard and an unknown paper with exit code 2', async () => {
    expect((await cli('certificates', '--signatories', 'x.csv', '--shard', '3/2')).code).toBe(2);
    expect((await cli('certificates', '--signatories', 'x.csv', '--paper', 'a3')).code).toBe(2);
  });
});

describe('batches', () => {
  const rows = Array.from({ length: 7 }, (_, i) => `서명자${i},Signer ${i},,`).join('\n');

  it('splits into shards whose union equals one whole run, byte for byte', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), `${HEADER}${rows}\n`);
    const list = join(dir, 'list.csv');
    expect((await cli('certificates', '--signatories', list, '--out', join(dir, 'whole'))).code).toBe(0);
    const shards = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      expect((await cli('certificates', '--signatories', list, '--out', join(dir, `s${shard[0]}`), '--shard', shard)).code).toBe(0);
      shards.push(await readdir(join(dir, `s${shard[0]}`)));
    }
    const whole = (await readdir(join(dir, 'whole'))).sort();
    expect(shards.flat().sort()).toEqual(whole);
    expect(shards.every((files) => files.length >= 2)).toBe(true);
    for (const [i, files] of shards.entries()) {
      for (const file of files) expect(Buffer.compare(await readFile(join(dir, `s${i + 1}`, file)), await readFile(join(dir, 'whole', file))), file).toBe(0);
    }
  });

  it('builds the same files with --jobs 2 (worker processes), failed rows reported once, in row order', async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, `${HEADER}${rows}\n,Smiley 🙂,,\n`);
    const one = await cli('certificates', '--signatories', list, '--out', join(dir, 'one'), '--combined', join(dir, 'one.pdf'), '--sample', '--json');
    const two = await cli('certificates', '--signatories', list, '--out', join(dir, 'two'), '--combined', join(dir, 'two.pdf'), '--sample', '--jobs', '2', '--json');
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b).toMatchObject({ made: a.made, failed: 1, skipped: 0 });
    const origins = (summary: { items: { origin: string }[] }) => summary.items.map((item) => item.origin.replace(/(one|two)\.pdf$/, 'combined'));
    expect(origins(b)).toEqual(origins(a));
    const files = (await readdir(join(dir, 'one'))).sort();
    expect(files).toHaveLength(7);
    expect((await readdir(join(dir, 'two'))).sort()).toEqual(files);
    for (const file of files) expect(Buffer.compare(await readFile(join(dir, 'one', file)), await readFile(join(dir, 'two', file))), file).toBe(0);
    expect(Buffer.compare(await readFile(join(dir, 'one.pdf')), await readFile(join(dir, 'two.pdf')))).toBe(0);
    // The workers were told: their certificates are samples too.
    expect((await readText(new Uint8Array(await readFile(join(dir, 'two', files[0]!))))).pages.join('')).toContain('SAMPLE');
    expect((await cli('certificates', '--signatories', list, '--jobs', '0')).code).toBe(2);
  });

  it('skips unchanged certificates on a rerun, rebuilds a changed row, and rebuilds all with --force', async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, `${HEADER}${rows}\n`);
    const args = ['certificates', '--signatories', list, '--out', join(dir, 'out'), '--combined', join(dir, 'all.pdf'), '--json'];
    expect(JSON.parse((await cli(...args)).stdout)).toMatchObject({ made: 7, skipped: 0, combined: { status: 'made' } });
    expect(JSON.parse((await cli(...args)).stdout)).toMatchObject({ made: 0, skipped: 7, combined: { status: 'skipped' } });
    await writeFile(list, `${HEADER}${rows.replace('Signer 3,,', 'Signer 3,,Observer')}\n`);
    const changed = JSON.parse((await cli(...args)).stdout);
    expect(changed).toMatchObject({ made: 1, skipped: 6, combined: { status: 'made' } });
    expect(changed.items.filter((item: { status: string }) => item.status === 'made').map((item: { file: string }) => item.file.split('/').pop())).toEqual(['Signer-3.pdf', 'all.pdf']);
    // The rerun drew its combined file's pages after the last row (a file was there), --force each as its row was done: the same bytes.
    const rebuilt = await readFile(join(dir, 'all.pdf'));
    expect(JSON.parse((await cli(...args, '--force')).stdout)).toMatchObject({ made: 7, skipped: 0, combined: { status: 'made' } });
    expect(Buffer.compare(await readFile(join(dir, 'all.pdf')), rebuilt)).toBe(0);
  });

  it('leaves no partial PDF when killed mid-batch, and a rerun resumes', async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    // 30 rows: enough that the kill, after the third file, lands mid-batch; the rerun makes the rest.
    const total = 30;
    await writeFile(list, `${HEADER}${Array.from({ length: total }, (_, i) => `,Signer ${i},,`).join('\n')}\n`);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, cliNodeArgs(['certificates', '--signatories', list, '--out', out]), { cwd: PACKAGE_ROOT, stdio: 'ignore' });
    const exited = new Promise((done) => child.on('exit', done));
    for (let tries = 0; tries < 600; tries++) {
      const files = await readdir(out).catch(() => []);
      if (files.filter((file) => file.endsWith('.pdf')).length >= 3) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const files = await readdir(out);
    const pdfs = files.filter((file) => file.endsWith('.pdf') && !file.startsWith('.'));
    expect(pdfs.length).toBeGreaterThanOrEqual(3);
    expect(pdfs.length).toBeLessThan(total);
    for (const file of pdfs) await expect(PDFDocument.load(await readFile(join(out, file)))).resolves.toBeInstanceOf(PDFDocument);
    // A temporary file never has a real name: it is hidden and marked.
    for (const file of files.filter((file) => !pdfs.includes(file))) expect(file).toMatch(/^\..*\.tmp-/);
    const rerun = JSON.parse((await cli('certificates', '--signatories', list, '--out', out, '--json')).stdout);
    expect(rerun.skipped).toBe(pdfs.length);
    expect(rerun.made).toBe(total - pdfs.length);
  });
});

describe('build manifest', () => {
  it('builds the sample certificates from a manifest entry', async () => {
    const dir = await temp();
    await copyFile(join(PACKAGE_ROOT, 'data/signatories.sample.csv'), join(dir, 'list.csv'));
    await writeFile(join(dir, 'list.csv'), (await readFile(join(dir, 'list.csv'), 'utf8')).replace('signatures/hong-gildong.png', ''));
    await writeFile(join(dir, 'm.json'), JSON.stringify({ outDir: 'o', outputs: [{ product: 'certificates', out: 'certificates', options: { signatories: 'list.csv', combined: 'all.pdf' } }] }));
    const { code, stderr } = await cli('build', join(dir, 'm.json'));
    expect(code, stderr).toBe(0);
    expect((await readdir(join(dir, 'o'))).sort()).toEqual(['all.pdf', 'certificates']);
    expect(await readdir(join(dir, 'o', 'certificates'))).toHaveLength(3);
  });
});

