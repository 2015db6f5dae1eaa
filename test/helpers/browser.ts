/**
 * A real Chromium for tests, driven by playwright-core: the one named by DECLARATION_PRESS_CHROMIUM,
 * else one found on the system, else the one @sparticuz/chromium ships inside its npm package
 * (unpacked to /tmp on first use), so `npm test` runs on a fresh machine with no browser
 * installed. Shared by every test that needs a browser (the verify page, the studio).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where a system Chromium or Chrome is usually installed. */
const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

/**
 * Flags for a headless browser on a closed network in a container: no sandbox (tests run as
 * root), no GPU, and nothing that reaches out (updates, background requests, first-run pages).
 */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

/** The executable to launch and the extra flags it needs. */
async function findBrowser(): Promise<{ executablePath: string; args: string[] }> {
  const named = process.env.DECLARATION_PRESS_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`DECLARATION_PRESS_CHROMIUM: ${named}: no such file`);
    return { executablePath: named, args: [] };
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: [] };
  const packaged = (await import('@sparticuz/chromium')).default;
  // Not its own args: they are for AWS Lambda, and --single-process ends the browser with the
  // first page closed, --disable-web-security would hide what a page's security policy forbids.
  return { executablePath: await packaged.executablePath(), args: ['--no-zygote'] };
}

/** Launches a headless Chromium; close it when done. */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await findBrowser();
  return chromium.launch({ executablePath, args: [...new Set([...args, ...FLAGS])], headless: true });
}
