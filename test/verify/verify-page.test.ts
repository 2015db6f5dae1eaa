/**
 * The verify page in a real browser (test/helpers/browser.ts): opened from a file:// address with a
 * certificate's link fragment, it shows VALID with the names, NOT VALID for a link with one byte
 * changed, cut short, or revoked, with WebCrypto's Ed25519 and with the JavaScript fallback, and it
 * asks the network for nothing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyUrl, type Claim } from '../../src/core/claim.js';
import { certificateId, signClaim } from '../../src/core/signing.js';
import { loadTexts } from '../../src/input/data.js';
import { launchBrowser } from '../helpers/browser.js';
import { cli } from '../helpers/cli.js';

let browser: Browser;
let pageFile: string;
let link: string;
let revokedLink: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dp-verify-page-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await writeFile(join(dir, 'issuer.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  const { declaration } = await loadTexts();
  const claimOf = (nameKo: string, nameEn: string): Claim => {
    const content = { nameKo, nameEn, roleKo: '견본 서명자', roleEn: 'Sample signatory', eventKo: '2024년 7월 22일 워싱턴', eventEn: 'on July 22, 2024, in Washington', date: '2024-07-22', titleKo: declaration.title.ko, titleEn: declaration.title.en };
    return { id: certificateId(content), ...content };
  };
  const valid = claimOf('홍길동', 'Hong Gil-dong');
  const revoked = claimOf('김철수', 'Kim Cheol-su');
  await writeFile(join(dir, 'revoked.txt'), `${revoked.id}\n`);
  pageFile = join(dir, 'verify.html');
  const made = await cli('verify-page', '--key', join(dir, 'issuer.pub'), '--out', pageFile, '--revoked', join(dir, 'revoked.txt'));
  expect(made.code, made.stderr).toBe(0);
  const base = pathToFileURL(pageFile).href;
  link = verifyUrl(base, signClaim(valid, privateKey));
  revokedLink = verifyUrl(base, signClaim(revoked, privateKey));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a link in a fresh page; returns the verdict, the page's text, how it verified, and every request it made. */
async function open(url: string, options: { noWebCrypto?: boolean } = {}) {
  const page: Page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  if (options.noWebCrypto) await page.addInitScript(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined }));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('verdict')?.textContent !== '' || !document.getElementById('empty')?.hidden);
  const result = {
    verdict: (await page.textContent('#verdict')) ?? '',
    text: await page.innerText('main'),
    with: await page.evaluate(() => window.verifiedWith),
    requests: requests.filter((request) => request.split('#')[0] !== url.split('#')[0]),
  };
  await page.close();
  return result;
}

describe('the verify page', () => {
  it('is one file that loads nothing', async () => {
    const html = await readFile(pageFile, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  it('shows VALID with the names, role, event and date for a valid link (WebCrypto)', async () => {
    const result = await open(link);
    expect(result.verdict).toBe('VALID · 유효');
    expect(result.text).toContain('홍길동 · Hong Gil-dong');
    expect(result.text).toContain('견본 서명자 · Sample signatory');
    expect(result.text).toContain('on July 22, 2024, in Washington');
    expect(result.text).toContain('2024년 7월 22일 · July 22, 2024');
    expect(result.with).toBe('webcrypto');
    expect(result.requests).toEqual([]);
  });

  it('shows VALID with the JavaScript Ed25519 where the browser has no WebCrypto', async () => {
    const result = await open(link, { noWebCrypto: true });
    expect(result.verdict).toBe('VALID · 유효');
    expect(result.with).toBe('noble');
  });

  it('shows NOT VALID for a link with one byte changed, a link cut short, and a revoked certificate', async () => {
    const hash = link.indexOf('#');
    // A character in the name's bytes: still a readable claim, no longer the one signed.
    const at = hash + 20;
    const changed = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
    // A character of the signature.
    const end = link.length - 10;
    const forged = link.slice(0, end) + (link[end] === 'A' ? 'B' : 'A') + link.slice(end + 1);
    for (const options of [{}, { noWebCrypto: true }]) {
      const result = await open(changed, options);
      expect(result.verdict).toBe('NOT VALID · 무효');
      expect(result.text).toMatch(/signature does not match|does not carry a readable certificate/);
      const signature = await open(forged, options);
      expect(signature.verdict).toBe('NOT VALID · 무효');
      expect(signature.text).toContain('The signature does not match');
      expect(signature.text).toContain('홍길동 · Hong Gil-dong');
    }
    const cut = await open(link.slice(0, link.length - 20));
    expect(cut.verdict).toBe('NOT VALID · 무효');
    expect(cut.text).toContain('does not carry a readable certificate');
    const revoked = await open(revokedLink);
    expect(revoked.verdict).toBe('NOT VALID · 무효');
    expect(revoked.text).toContain('revoked');
  });
});
