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
  // The package's own build, unpacked into the temporary folder on first use. Not its own args:
  // they are for AWS Lambda (--single-process ends the browser with its first page,
  // --disable-web-security would hide what the page's security policy forbids).
  const { default: packaged } = await import('@sparticuz/chromium');
  return { executablePath: await packaged.executablePath(), args: ['--no-zygote', ...CHROMIUM_FLAGS], source: '@sparticuz/chromium' };
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

/** Launches a headless Chromium of its own; close it when done (the verify page's tests use this name). */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, args, headless: true });
}

/** Closes the shared browser (afterAll of the last file that uses it). */
export async function closeSharedBrowser(): Promise<void> {
  const browser = await shared;
  shared = undefined;
  await browser?.close();
}
