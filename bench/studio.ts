/**
 * The studio's figures, in a real browser (the tests' Chromium, test/helpers/browser.ts), against
 * the built site (`npm run web`) served by the CLI's static server:
 * - first preview of the declaration after the page loads (navigation start to its pages drawn);
 * - a re-render after an option changes (the change to the new pages drawn): a checkbox (rendered
 *   at once) and a text field (the typing pause included);
 * - 1,000 certificates as a ZIP in the browser, and the CLI's time for the same list;
 * - the site's size, fonts apart.
 * `npm run bench:studio` (builds the site first). `npx tsx bench/studio.ts DIR...` measures other
 * builds of the site (e.g. main's and a branch's: `vite build --config web/vite.config.ts --outDir
 * DIR`) in alternation, round by round, so that a loaded machine weighs on each alike; ROUNDS=N
 * (default 3) rounds, NO_BATCH=1 leaves out the certificates.
 */
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { serveStatic, STUDIO_DIR } from '../src/cli/studio.js';
import { buildCertificates } from '../src/products/certificates.js';
import { closeSharedBrowser, sharedBrowser } from '../test/helpers/browser.js';

function size(path: string): number {
  const info = statSync(path);
  return info.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0) : info.size;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rows = (count: number) => `name_ko,name_en,role_ko,role_en\n${Array.from({ length: count }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`).join('\n')}\n`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

const sites = process.argv.slice(2).map((dir) => resolve(dir));
if (sites.length === 0) sites.push(STUDIO_DIR);
const rounds = Number(process.env.ROUNDS ?? 3);
const servers = await Promise.all(sites.map((site) => serveStatic(site)));
const browser = await sharedBrowser();
const lines: string[] = [`load average at the start: ${load()}`];

/** Changes an option through its control and returns the time to the new pages drawn. */
async function rerender(page: Page, change: () => Promise<void>): Promise<number> {
  const before = Number(await page.locator('.studio').getAttribute('data-renders'));
  const started = await page.evaluate(() => performance.now());
  await change();
  await page.waitForFunction((count) => Number(document.querySelector('.studio')?.getAttribute('data-renders')) > count, before, { timeout: 60_000, polling: 'raf' });
  return (await page.evaluate(() => performance.now())) - started;
}

try {
  const figures = sites.map(() => ({ firsts: [] as number[], checks: [] as number[], typed: [] as number[] }));
  const declarationFonts = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    for (const [index, { url }] of servers.entries()) {
      const figure = figures[index]!;
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      page.on('request', (request) => {
        if (round === 0 && index === 0 && request.url().includes('/fonts/')) declarationFonts.add(request.url().split('/fonts/')[1]!);
      });
      await page.goto(url);
      await page.waitForSelector('.studio[data-renders="1"] .pages img', { timeout: 60_000 });
      figure.firsts.push(await page.evaluate(() => performance.now()));
      // A checkbox (the sample mark), on and off: rendered at once.
      for (let toggle = 0; toggle < 2; toggle++) figure.checks.push(await rerender(page, () => page.locator('#option-sample').click()));
      // Signing lines typed into a text field (one input event each): the typing pause included.
      for (const count of ['13', '14', '15']) figure.typed.push(await rerender(page, () => page.locator('#option-signatureLines').fill(count)));
      await context.close();
    }
  }
  const runs = (values: number[]) => `median ${Math.round(median(values))} ms (runs: ${values.map(Math.round).join(', ')})`;
  for (const [index, figure] of figures.entries()) {
    if (sites.length > 1) lines.push(`site ${sites[index]}:`);
    lines.push(`first preview of the declaration after the page loads: ${runs(figure.firsts)}`);
    lines.push(`re-render after a checkbox changes (sample): ${runs(figure.checks)}`);
    lines.push(`re-render after a text field changes (signing lines, typing pause included): ${runs(figure.typed)}`);
    if (index > 0) {
      const ratio = (key: keyof typeof figure) => (median(figure[key]) / median(figures[0]![key])).toFixed(2);
      lines.push(`against the first site: first preview ${ratio('firsts')}x, checkbox ${ratio('checks')}x, text field ${ratio('typed')}x`);
    }
  }
  lines.push(`load average after the previews: ${load()}`);

  if (!process.env.NO_BATCH) {
    const dir = mkdtempSync(join(tmpdir(), 'dp-bench-studio-'));
    const list = join(dir, 'thousand.csv');
    writeFileSync(list, rows(1000));
    const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(servers[servers.length - 1]!.url);
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
  }

  const site = sites[sites.length - 1]!;
  const fonts = size(join(site, 'fonts'));
  const total = size(site);
  const used = [...declarationFonts].sort();
  lines.push(`site: ${mb(total)} (fonts ${mb(fonts)}, code ${mb(total - fonts)}); the declaration's page fetches ${used.length} fonts, ${mb(used.reduce((sum, f) => sum + size(join(site, 'fonts', f)), 0))}: ${used.join(', ')}`);
  lines.push(`load average at the end: ${load()}`);
} finally {
  await closeSharedBrowser();
  for (const { server } of servers) server.close();
}
console.log(lines.join('\n'));
