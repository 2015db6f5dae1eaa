/**
 * `verify-page`: the organiser's verify page, one self-contained HTML file (page/page.html with
 * page/main.ts bundled into it) with the issuer's public key, the declaration's title and the
 * revoked IDs built in. Hosted at `verify.url`, it checks the claim a certificate's QR code carries
 * in the address's fragment, in the visitor's browser; it loads nothing (its Content Security
 * Policy allows only its own two scripts, by hash) and works from a file:// address too.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toBase64Url } from '../core/claim.js';
import { PACKAGE_ROOT } from '../core/files.js';
import { importModule } from '../core/import-module.js';
import { keyFingerprint, rawPublicKey } from '../core/signing.js';

/** What a verify page is built with. */
export interface VerifyPageOptions {
  /** The issuer's public key. */
  key: KeyObject;
  /** The declaration's title (the QR codes leave it out; the signature covers it). */
  title: { ko: string; en: string };
  /** Who issues the certificates, shown at the foot. */
  issuer: { ko: string; en: string };
  /** Revoked IDs, shown NOT VALID. */
  revoked?: Iterable<string>;
}

/** The page's source, beside this module in the repository. */
const SOURCE = join(PACKAGE_ROOT, 'src', 'verify', 'page');
/** The page's script as `npm run build` bundles it (scripts/bundle.mjs), for the bundled CLI. */
const BUILT_SCRIPT = join(PACKAGE_ROOT, 'dist', 'verify-page.js');

/**
 * The page's script, bundled for browsers: built from page/main.ts with esbuild when running from
 * the sources (tests, tsx), read from dist/ when running from the bundle (esbuild is a development
 * tool, not installed with the package).
 */
async function pageScript(): Promise<string> {
  const fromSources = fileURLToPath(import.meta.url).endsWith('.ts') || !existsSync(BUILT_SCRIPT);
  if (!fromSources) return readFile(BUILT_SCRIPT, 'utf8');
  // At run time, never bundled: only the sources reach here.
  const { build } = await importModule<typeof import('esbuild')>('esbuild');
  const result = await build(verifyPageBuildOptions(join(SOURCE, 'main.ts')));
  return result.outputFiles![0]!.text;
}

/** How esbuild bundles the page's script (also used by scripts/bundle.mjs). */
export function verifyPageBuildOptions(entry: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife' as const,
    platform: 'browser' as const,
    // Browsers of 2020 on: BigInt, TextDecoder, optional chaining.
    target: ['es2020'],
    minify: true,
    legalComments: 'inline' as const,
    logLevel: 'warning' as const,
  };
}

/** The verify page's HTML. Reproducible: the same key, title, issuer and revocations give the same bytes. */
export async function buildVerifyPage(options: VerifyPageOptions): Promise<string> {
  const [template, script] = await Promise.all([readFile(join(SOURCE, 'page.html'), 'utf8'), pageScript()]);
  const config = {
    key: toBase64Url(rawPublicKey(options.key)),
    fingerprint: keyFingerprint(options.key),
    title: options.title,
    issuer: options.issuer,
    revoked: [...new Set(options.revoked ?? [])].sort(),
  };
  // Nothing in either script may close its <script> element early.
  const configScript = `window.VERIFY_CONFIG=${JSON.stringify(config).replace(/</g, '\\u003c')};`;
  const pageCode = script.replace(/<\/(script)/gi, '<\\/$1');
  const hash = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
  return template
    .replace("script-src 'unsafe-inline'", () => `script-src ${hash(configScript)} ${hash(pageCode)}`)
    .replace('<script>/*CONFIG*/</script>', () => `<script>${configScript}</script>`)
    .replace('<script>/*SCRIPT*/</script>', () => `<script>${pageCode}</script>`);
}
