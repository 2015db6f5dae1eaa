/** The signing commands: keys (the issuer's key pair), verify (certificates or scanned codes), verify-page (the page that verifies in a browser). */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { PressError } from '../core/errors.js';
import { writeAtomic } from '../core/files.js';
import { KEY_FILES, initKeys, loadPublicKey } from '../core/signing.js';
import { loadCertificateWording, loadTexts } from '../input/data.js';
import { formatResult, loadRevoked, verifyLink, verifyPdf, type VerifyResult } from '../verify/verify.js';
import { buildVerifyPage } from '../verify/verify-page.js';
import { displayMessage, displayPath } from './paths.js';
import type { CliIo } from './progress.js';

export function keysCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'keys <action>',
    "The issuer's key for signed certificates: keys init makes an Ed25519 key pair",
    (command) =>
      command
        .positional('action', { type: 'string', choices: ['init'], describe: 'init: make a key pair' })
        .option('out', { type: 'string', nargs: 1, default: 'keys', describe: `Folder for ${KEY_FILES.private} (private, mode 0600: keep it safe) and ${KEY_FILES.public} (public: give it to verifiers)` })
        .option('force', { type: 'boolean', default: false, describe: 'Replace a key pair already there (certificates signed with the old key then fail on a page built with the new one)' })
        .example('$0 keys init', `keys/${KEY_FILES.private} and keys/${KEY_FILES.public}`)
        .strictOptions(),
    async (args) => {
      const made = await initKeys(resolve(args.out), args.force);
      io.stderr(`wrote ${displayPath(made.privateKey)} (private: keep it safe, never share it) and ${displayPath(made.publicKey)} (public)\nkey fingerprint: ${made.fingerprint}\n`);
    },
  );
}

/** The declaration's title and the certificates' wording, from --data-dir or the bundled data/. */
async function verifierData(dataDir: string | undefined) {
  const dir = dataDir === undefined ? undefined : resolve(dataDir);
  const [texts, wording] = await Promise.all([loadTexts(dir), loadCertificateWording(dir)]);
  return { title: texts.declaration.title, issuer: wording.issuer };
}

export function verifyCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'verify [files..]',
    "Check signed certificates against the issuer's public key: the signature, the names and role on the page, the revocation list",
    (command) =>
      command
        .positional('files', { type: 'string', array: true, describe: 'Certificate PDFs' })
        .option('key', { type: 'string', nargs: 1, demandOption: '--key is required', describe: "The issuer's public key (issuer.pub)" })
        .option('url', { type: 'string', nargs: 1, array: true, describe: "A scanned QR code's address (https://…#…), instead of or beside files" })
        .option('revoked', { type: 'string', nargs: 1, describe: 'Revoked IDs: one a line, or lines of register.csv' })
        .option('data-dir', { type: 'string', nargs: 1, describe: "With --url: the folder whose declaration.json has the declaration's title (default: the bundled data/)" })
        .option('json', { type: 'boolean', default: false, describe: 'Print the results as JSON on stdout' })
        .example('$0 verify output/certificates/*.pdf --key keys/issuer.pub', 'One line per certificate: VALID, or INVALID and why')
        .example('$0 verify --url "https://example.org/verify#AQ…" --key issuer.pub --revoked revoked.txt', 'A scanned code')
        .strictOptions(),
    async (args) => {
      const files = (args.files ?? []).map(String);
      const urls = (args.url ?? []).map(String);
      if (files.length === 0 && urls.length === 0) throw new PressError('BAD_OPTION', 'nothing to verify: give certificate PDFs, or --url with a scanned address');
      const key = await loadPublicKey(resolve(args.key!));
      const revoked = args.revoked === undefined ? new Set<string>() : await loadRevoked(resolve(args.revoked));
      const results: VerifyResult[] = [];
      for (const file of files) results.push(await verifyPdf(resolve(file), key, revoked));
      if (urls.length > 0) {
        const { title } = await verifierData(args['data-dir']);
        for (const url of urls) results.push(verifyLink(url, key, title, revoked));
      }
      if (args.json) io.stdout(`${displayMessage(JSON.stringify(results.map((result) => ({ ...result, source: result.source })), null, 2))}\n`);
      else for (const result of results) io.stdout(`${displayMessage(formatResult({ ...result, source: files.includes(result.source) ? result.source : displayPath(result.source) }))}\n`);
      const bad = results.filter((result) => !result.valid);
      if (bad.length > 0) throw new PressError('BATCH_FAILED', `${bad.length} of ${results.length} certificate(s) are not valid`);
    },
  );
}

export function verifyPageCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'verify-page',
    "The verify page to host at verify.url: one HTML file that checks a certificate's QR code in the visitor's browser",
    (command) =>
      command
        .option('key', { type: 'string', nargs: 1, demandOption: '--key is required', describe: "The issuer's public key (issuer.pub)" })
        .option('out', { type: 'string', nargs: 1, default: 'verify.html', describe: 'The HTML file to write' })
        .option('revoked', { type: 'string', nargs: 1, describe: 'Revoked IDs to build in (one a line, or lines of register.csv): the page shows them NOT VALID' })
        .option('data-dir', { type: 'string', nargs: 1, describe: "The folder with declaration.json and certificate.json (default: the bundled data/)" })
        .example('$0 verify-page --key keys/issuer.pub --out verify.html', 'Host verify.html at the address in data/certificate.json (verify.url)')
        .strictOptions(),
    async (args) => {
      const key = await loadPublicKey(resolve(args.key!));
      const revoked = args.revoked === undefined ? [] : await loadRevoked(resolve(args.revoked));
      const html = await buildVerifyPage({ key, ...(await verifierData(args['data-dir'])), revoked });
      const out = resolve(args.out);
      await writeAtomic(out, new TextEncoder().encode(html));
      io.stderr(`wrote ${displayPath(out)}: host it at the address of verify.url in certificate.json\n`);
    },
  );
}
