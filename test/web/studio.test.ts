/**
 * The studio in a real browser (test/helpers/browser.ts): the built site (dist-studio/, see
 * build-studio.ts) served by the CLI's own static server, each product made through the page's
 * controls and downloaded, and compared with what the CLI made of the same options (the standard
 * set). One browser and one page for the whole file: the fonts load once.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../src/cli/studio.js';
import { buildCertificates } from '../../src/products/certificates.js';
import { makeDeclaration } from '../../src/products/declaration.js';
import { closeSharedBrowser, sharedBrowser } from '../helpers/browser.js';
import { readFonts, readPageSizes, readText } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';
import { STUDIO_BUILD } from './build-studio.js';

let server: StaticServer;
let page: Page;
/** Every request the page made, to check none left its origin. */
const requests: string[] = [];

beforeAll(async () => {
  server = await serveStatic(STUDIO_BUILD);
  const browser = await sharedBrowser();
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(server.url);
  await settled(0);
  // Evaluated through the DevTools protocol: the page's own policy allows no inline script.
  await page.evaluate(`${await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')}\n;undefined`);
});

/** What axe-core finds wrong on the page as it is (its rules for WCAG 2 A and AA, and best practice). */
async function axeViolations(): Promise<string[]> {
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } };
    return (await axe.run()).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
}

afterAll(async () => {
  await page?.context().close();
  await closeSharedBrowser();
  await new Promise((resolve) => server?.server.close(resolve));
});

/** Waits until the page has finished more renders than `before`, and returns how many. */
async function settled(before: number): Promise<number> {
  await page.waitForFunction(
    (count) => {
      const studio = document.querySelector('.studio');
      return Number(studio?.getAttribute('data-renders')) > count && studio?.getAttribute('data-state') !== 'rendering';
    },
    before,
    { timeout: 90_000, polling: 100 },
  );
  return renders();
}

async function renders(): Promise<number> {
  return Number(await page.locator('.studio').getAttribute('data-renders'));
}

/**
 * Picks a product and sets options through the controls (selects, checkboxes, fields) one after
 * the other, as fast as a user could, then waits for the render: the studio renders the latest
 * state once the render running when they changed ends, not once a change.
 */
async function choose(product: string, options: Record<string, string | boolean>): Promise<void> {
  const before = await renders();
  let changed = false;
  const radio = page.locator(`input[name=product][value="${product}"]`);
  if (!(await radio.isChecked())) {
    await radio.check();
    changed = true;
  }
  for (const [key, value] of Object.entries(options)) {
    const control = page.locator(`#option-${key}`);
    const tag = await control.evaluate((element) => `${element.tagName}:${(element as HTMLInputElement).type}`);
    if (tag === 'SELECT:select-one') {
      if ((await control.inputValue()) === value) continue;
      await control.selectOption(String(value));
    } else if (tag === 'INPUT:checkbox') {
      if ((await control.isChecked()) === value) continue;
      await control.setChecked(value as boolean);
    } else {
      if ((await control.inputValue()) === value) continue;
      await control.fill(String(value));
    }
    changed = true;
  }
  if (changed) await settled(before);
}

/** Clicks Download and returns the file's name and bytes. */
async function download(): Promise<{ name: string; bytes: Uint8Array }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('button.download:visible').click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

/** The CLI's PDF and the studio's have the same pages: count, sizes, fonts embedded, text. */
async function expectSamePdf(studio: Uint8Array, cli: Uint8Array): Promise<void> {
  expect(await readPageSizes(studio)).toEqual(await readPageSizes(cli));
  const [studioFonts, cliFonts] = await Promise.all([readFonts(studio), readFonts(cli)]);
  expect(studioFonts.sort((a, b) => a.name.localeCompare(b.name))).toEqual(cliFonts.sort((a, b) => a.name.localeCompare(b.name)));
  expect(studioFonts.every((font) => font.embedded)).toBe(true);
  expect((await readText(studio)).pages).toEqual((await readText(cli)).pages);
}

describe('the studio', () => {
  it('opens on the declaration and shows its pages (the screenshot in the README, docs/studio.png)', async () => {
    expect(await page.locator('input[name=product][value=declaration]').isChecked()).toBe(true);
    expect(await page.locator('.pages img').count()).toBe(2);
    expect(await page.getByRole('status').textContent()).toMatch(/^Ready: 2 pages/);
    // Made again when asked (DECLARATION_PRESS_SCREENSHOT=1) or missing: a test run leaves the worktree as it was.
    const shot = new URL('../../docs/studio.png', import.meta.url);
    if (process.env.DECLARATION_PRESS_SCREENSHOT || !existsSync(shot)) await page.screenshot({ path: shot.pathname });
  });

  // Each case: the product and options set in the page, and the standard set's file the CLI made of the same options.
  const cases = [
    { product: 'declaration', options: { paper: 'letter' }, name: 'declaration-letter-parallel.pdf', cli: 'declaration-letter.pdf' },
    { product: 'signing-sheet', options: { paper: 'a4', signatureLines: '30' }, name: 'signing-sheet-a4.pdf', cli: 'signing-sheet-a4.pdf' },
    { product: 'handout', options: { paper: 'letter', nup: '2' }, name: 'handout-letter-2up.pdf', cli: 'handout-letter-2up.pdf' },
    { product: 'poster', options: { size: '18x24', lang: 'en', marks: true }, name: 'poster-18x24-en-marks.pdf', cli: 'posters/poster-18x24-en-marks.pdf' },
    { product: 'poster', options: { size: 'a2', lang: 'both', marks: false, tile: 'a4' }, name: 'poster-a2-both-tiled-a4.pdf', cli: 'posters/poster-a2-both-tiled-a4.pdf' },
  ] as const;

  it.each(cases)('$product $name: downloads the PDF the CLI makes of the same options', async ({ product, options, name, cli }) => {
    await choose(product, options);
    const file = await download();
    expect(file.name).toBe(name);
    await expectSamePdf(file.bytes, await standardFile(cli));
    expect(await axeViolations()).toEqual([]);
  });

  it('says what is wrong with an option as the CLI does, and offers no download', async () => {
    await choose('signing-sheet', { signatureLines: 'abc' });
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('--signature-lines: "abc" is not allowed; allowed: a whole number from 0 to 1000');
    expect(await page.getByRole('button', { name: 'Download PDF' }).isDisabled()).toBe(true);
    await choose('signing-sheet', { signatureLines: '30' });
  });

  it('follows the language of the browser, switches to Korean and back, and axe-core finds nothing in Korean', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Language').selectOption('ko');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('h1').textContent()).toBe('선언문 인쇄 스튜디오');
    expect(await page.getByRole('button', { name: 'PDF 내려받기' }).count()).toBe(1);
    expect(await axeViolations()).toEqual([]);
    await page.getByLabel('언어').selectOption('en');
  });

  it('sets the names of a signatory list in the declaration, as the CLI does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-studio-names-'));
    try {
      const list = join(dir, 'names.csv');
      await writeFile(list, 'name_ko,name_en,role_ko,role_en\n홍길동,Hong Gil-dong,견본 서명자,Sample signatory\n김철수,Kim Cheol-su,,\n,José Ødegård,,Observer\n');
      await choose('declaration', { paper: 'a4', layout: 'parallel', sample: true });
      const before = await renders();
      await page.locator('#option-signatories').setInputFiles(list);
      await settled(before);
      const file = await download();
      expect(file.name).toBe('declaration-a4-parallel.pdf');
      await expectSamePdf(file.bytes, await makeDeclaration({ signatories: list, sample: true }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads an XLSX list in the browser as the CLI does: the same rows made, the same rows refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-studio-xlsx-'));
    try {
      const { default: Excel } = await import('exceljs');
      const workbook = new Excel.Workbook();
      const sheet = workbook.addWorksheet('Signatories');
      for (const row of [['name_ko', 'name_en', 'role_ko', 'role_en'], ['홍길동', 'Hong Gil-dong', '참가자', 'Participant'], ['', '', '참가자', 'Participant'], ['이영희', 'Lee Young-hee', '', '']]) sheet.addRow(row);
      const list = join(dir, 'list.xlsx');
      await workbook.xlsx.writeFile(list);
      await page.locator('input[name=product][value=certificates]').check();
      await page.locator('#cert-signatories').setInputFiles(list);
      await page.getByRole('button', { name: 'Make certificates' }).click();
      await page.waitForSelector('.certificates[data-batch=done]', { timeout: 60_000 });
      const lines = await page.locator('.row-errors tbody tr td:first-child').allTextContents();
      const summary = await buildCertificates({ signatories: list, out: join(dir, 'cli'), force: true });
      expect(lines).toEqual(summary.items.filter((item) => item.status === 'failed').map((item) => item.origin.split(':').at(-1)));
      expect(lines).toEqual(['3']);
      const zip = unzipSync((await download()).bytes);
      expect(Object.keys(zip).sort()).toEqual((await readdir(join(dir, 'cli'))).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes the good certificates of a list with a bad row and an emoji name, and lists both errors by line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-studio-certs-'));
    try {
      const list = join(dir, 'list.csv');
      await writeFile(list, 'name_ko,name_en,role_ko,role_en\n홍길동,Hong Gil-dong,참가자,Participant\n,,참가자,Participant\n김철수,Kim 😀 Cheol-su,참가자,Participant\n이영희,Lee Young-hee,참가자,Participant\n');
      await page.locator('input[name=product][value=certificates]').check();
      await page.locator('#cert-signatories').setInputFiles(list);
      await page.getByRole('button', { name: 'Make certificates' }).click();
      await page.waitForSelector('.certificates[data-batch=done]', { timeout: 60_000 });
      const rows = await page.locator('.row-errors tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rows).toHaveLength(2);
      expect(rows[0]!.slice(0, 2)).toEqual(['3', 'name_ko and name_en']);
      expect(rows[0]![2]).toContain('name_ko and name_en are both empty; each row needs a name');
      expect(rows[1]).toEqual(['4', 'name_en', "U+1F600 '😀' is in no bundled font (serif: Source Serif 4, NanumMyeongjo)"]);
      const file = await download();
      expect(file.name).toBe('certificates.zip');
      const zip = unzipSync(file.bytes);
      // The CLI's certificates of the same list: the same files, the same pages.
      const summary = await buildCertificates({ signatories: list, out: join(dir, 'cli'), force: true });
      expect(summary.failed).toBe(2);
      const names = (await readdir(join(dir, 'cli'))).sort();
      expect(Object.keys(zip).sort()).toEqual(names);
      for (const name of names) await expectSamePdf(zip[name]!, new Uint8Array(await readFile(join(dir, 'cli', name))));
      expect(await axeViolations()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('makes a ZIP of 1,000 certificates while the previews and controls answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-studio-1000-'));
    try {
      const list = join(dir, 'thousand.csv');
      const rows = Array.from({ length: 1000 }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`);
      await writeFile(list, `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`);
      await page.locator('input[name=product][value=certificates]').check();
      await page.locator('#cert-signatories').setInputFiles(list);
      await page.getByRole('button', { name: 'Make certificates' }).click();
      await page.waitForFunction(() => Number(document.querySelector('#batch-progress')?.getAttribute('value')) > 0, null, { timeout: 60_000 });
      // While it runs, a preview is made (counted only when it finishes before the batch does: a
      // fast machine must not pass or fail by luck) and the page's thread answers (no timer late
      // by more than a frame or so).
      await page.evaluate(() => {
        const studio = document.querySelector('.studio')!;
        const state = window as unknown as { rendersDuringBatch: number };
        state.rendersDuringBatch = 0;
        new MutationObserver(() => {
          if (document.querySelector('.certificates')?.getAttribute('data-batch') === 'running') state.rendersDuringBatch++;
        }).observe(studio, { attributeFilter: ['data-renders'] });
      });
      const before = await renders();
      await page.locator('input[name=product][value="signing-sheet"]').check();
      await page.locator('#option-signatureLines').fill('40');
      const lag = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let worst = 0;
            let last = performance.now();
            const timer = setInterval(() => {
              const now = performance.now();
              worst = Math.max(worst, now - last - 20);
              last = now;
            }, 20);
            setTimeout(() => {
              clearInterval(timer);
              resolve(worst);
            }, 1000);
          }),
      );
      expect(lag).toBeLessThan(250);
      await settled(before);
      expect(await page.evaluate(() => (window as unknown as { rendersDuringBatch: number }).rendersDuringBatch)).toBeGreaterThan(0);
      await page.locator('input[name=product][value=certificates]').check();
      await page.waitForSelector('.certificates[data-batch=done]', { timeout: 120_000 });
      const file = await download();
      const zip = unzipSync(file.bytes);
      expect(Object.keys(zip)).toHaveLength(1000);
      expect(Object.values(zip).every((bytes) => new TextDecoder().decode(bytes.subarray(0, 8)) === '%PDF-1.7')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("decodes CP949 with the browser's TextDecoder as the CLI does with iconv-lite, every two-byte code", async () => {
    const codes: number[][] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x41; trail <= 0xfe; trail++) codes.push([lead, trail]);
    const decoded = await page.evaluate((all) => all.map((code) => new TextDecoder('euc-kr').decode(new Uint8Array(code))), codes);
    let compared = 0;
    const differ: string[] = [];
    for (const [i, code] of codes.entries()) {
      const cli = iconv.decode(Buffer.from(code), 'cp949');
      if (cli.includes('\uFFFD')) continue;
      if (decoded[i] !== cli) differ.push(`${code.map((byte) => byte.toString(16)).join(' ')}: browser ${decoded[i]}, CLI ${cli}`);
      compared++;
    }
    expect(differ).toEqual([]);
    // UHC's 8,822 extra syllables, KS X 1001's Hangul, symbols and Hanja.
    expect(compared).toBeGreaterThan(17_000);
  });

  it('makes nothing but requests to its own origin', () => {
    const origin = new URL(server.url).origin;
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
  });
});
