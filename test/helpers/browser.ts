/**
 * One real browser for the tests that need one (the studio's, and any other): playwright-core
 * driving Chromium. Which Chromium: DECLARATION_PRESS_CHROMIUM when set, else the system's
 * (/usr/bin/chromium and its usual names), else the one @sparticuz/chromium ships in its package,
 * so `npm install` alone brings a browser and `npm test` runs on a fresh machine.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags for a closed network and a shared machine: no GPU, no background traffic, no first-run work. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium the tests launch, and where it was found. */
export async function findChromium(): Promise<{ executablePath: string; args: string[]; source: string }> {
  const named = process.env.DECLARATION_PRESS_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`DECLARATION_PRESS_CHROMIUM: "${named}" does not exist; allowed: the path of a Chromium or Chrome executable`);
    return { executablePath: named, args: CHROMIUM_FLAGS, source: 'DECLARATION_PRESS_CHROMIUM' };
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: CHROMIUM_FLAGS, source: 'system' };
  // The package's own build, unpacked into the temporary folder on first use.
  const { default: packaged } = await import('@sparticuz/chromium');
  const args = [...new Set([...packaged.args.filter((arg) => !arg.startsWith('--headless') && !arg.startsWith('--single-process')), ...CHROMIUM_FLAGS])];
  return { executablePath: await packaged.executablePath(), args, source: '@sparticuz/chromium' };
}

let shared: Promise<Browser> | undefined;

/** The one browser of this test process, launched on first use and closed when the process ends. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= (async () => {
    const { executablePath, args } = await findChromium();
    const browser = await chromium.launch({ executablePath, args, headless: true });
    process.once('exit', () => void browser.close().catch(() => {}));
    return browser;
  })();
  return shared;
}

/** Closes the shared browser (afterAll of the last file that uses it). */
export async function closeSharedBrowser(): Promise<void> {
  const browser = await shared;
  shared = undefined;
  await browser?.close();
}
