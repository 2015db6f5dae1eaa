/**
 * The studio's figures, in a real browser (the tests' Chromium, test/helpers/browser.ts), against
 * the built site (`npm run web`) served by the CLI's static server:
 * - first preview of the declaration after the page loads (navigation start to its pages drawn);
 * - a re-render after an option changes (the change to the new pages drawn, debounce included);
 * - 1,000 certificates as a ZIP in the browser, and the CLI's time for the same list;
 * - the site's size, fonts apart.
 * `npm run bench:studio` (builds the site first).
 */
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, STUDIO_DIR } from '../src/cli/studio.js';
import { buildCertificates } from '../src/products/certificates.js';
import { closeSharedBrowser, sharedBrowser } from '../test/helpers/browser.js';

function size(path: string): number {
  const info = statSync(path);
  return info.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0) : info.size;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rows = (count: number) => `name_ko,name_en,role_ko,role_en\n${Array.from({ length: count }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`).join('\n')}\n`;

const { url, server } = await serveStatic(STUDIO_DIR);
const browser = await sharedBrowser();
const lines: string[] = [];
try {
  const firsts: number[] = [];
  const declarationFonts = new Set<string>();
  const rerenders: number[] = [];
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.on('request', (request) => {
      if (run === 0 && request.url().includes('/fonts/')) declarationFonts.add(request.url().split('/fonts/')[1]!);
    });
    await page.goto(url);
    await page.waitForSelector('.studio[data-renders="1"] .pages img', { timeout: 60_000 });
    firsts.push(await page.evaluate(() => performance.now()));
    for (const lines of ['13', '14', '15']) {
      const before = Number(await page.locator('.studio').getAttribute('data-renders'));
      const started = await page.evaluate(() => performance.now());
      await page.locator('#option-signatureLines').fill(lines);
      await page.waitForFunction((count) => Number(document.querySelector('.studio')?.getAttribute('data-renders')) > count, before, { timeout: 60_000, polling: 'raf' });
      rerenders.push((await page.evaluate(() => performance.now())) - started);
    }
    await context.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  lines.push(`first preview of the declaration after the page loads: median ${Math.round(median(firsts))} ms (runs: ${firsts.map(Math.round).join(', ')})`);
  lines.push(`re-render after an option changes (250 ms debounce included): median ${Math.round(median(rerenders))} ms (runs: ${rerenders.map(Math.round).join(', ')})`);

  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-studio-'));
  const list = join(dir, 'thousand.csv');
  writeFileSync(list, rows(1000));
  const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.studio[data-renders="1"]');
  await page.locator('input[name=product][value=certificates]').check();
  await page.locator('#cert-signatories').setInputFiles(list);
  // A warm-up batch: fonts fetched and parsed in the batch worker, as the CLI's warm-up does.
  writeFileSync(join(dir, 'two.csv'), rows(2));
  await page.locator('#cert-signatories').setInputFiles(join(dir, 'two.csv'));
  await page.getByRole('button', { name: 'Make certificates' }).click();
  await page.waitForSelector('.certificates[data-batch=done]');
  await page.locator('#cert-signatories').setInputFiles(list);
  const started = performance.now();
  await page.getByRole('button', { name: 'Make certificates' }).click();
  await page.waitForSelector('.certificates[data-batch=done]', { timeout: 300_000 });
  const browserSeconds = (performance.now() - started) / 1000;
  await context.close();
  await buildCertificates({ signatories: join(dir, 'two.csv'), out: join(dir, 'warm'), force: true });
  const cliStarted = performance.now();
  await buildCertificates({ signatories: list, out: join(dir, 'cli'), force: true });
  const cliSeconds = (performance.now() - cliStarted) / 1000;
  lines.push(`1,000 certificates: browser ${browserSeconds.toFixed(1)} s (ZIP of separate PDFs, click to ZIP ready), CLI ${cliSeconds.toFixed(1)} s (one process, separate files): ${(browserSeconds / cliSeconds).toFixed(2)}x`);

  const fonts = size(join(STUDIO_DIR, 'fonts'));
  const total = size(STUDIO_DIR);
  const used = [...declarationFonts].sort();
  lines.push(`site: ${mb(total)} (fonts ${mb(fonts)}, code ${mb(total - fonts)}); the declaration's page fetches ${used.length} fonts, ${mb(used.reduce((sum, f) => sum + size(join(STUDIO_DIR, 'fonts', f)), 0))}: ${used.join(', ')}`);
} finally {
  await closeSharedBrowser();
  server.close();
}
console.log(lines.join('\n'));
