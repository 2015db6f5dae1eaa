/**
 * The command line: parses argv with yargs, calls the library, turns the result into an exit code.
 * Each product's command and its flags are built from the product's record (src/products/); this
 * module adds only what running from a terminal needs (--out, --json, --jobs, --shard). It prints;
 * the library only returns or throws.
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import yargs, { type Argv } from 'yargs';
import { PressError } from '../core/errors.js';
import { buildManifest, DEFAULT_JOBS, DEFAULT_MANIFEST, encodeResult } from '../batch/build.js';
import { buildCertificatesInProcesses, CERTIFICATE_JOBS } from '../batch/certificate-jobs.js';
import { buildCertificates } from '../products/certificates.js';
import { batchFailed, parseShard, type CertificateOptions, type CertificateSummary } from '../products/certificates/batch.js';
import { PRODUCTS } from '../products/index.js';
import { describeOptions, parseOptions, type OptionsSchema } from '../products/options.js';
import type { DocumentProduct } from '../products/record.js';
import { formatOptions, makeFiles, outputName, outputOptions, pictureFiles, pictureWritten, type OutputOptions } from '../products/formats.js';
import { loadSignatories } from '../input/load-signatories.js';
import { write } from '../render/pipeline.js';
import { parseLength } from '../core/units.js';
import { findPdfs, formatPreflight, preflightFiles, preflightJson, type FilePreflight, type PreflightOptions } from '../preflight/preflight.js';
import { KEY_FILES, initKeys, loadPublicKey } from '../core/signing.js';
import { writeAtomic } from '../core/files.js';
import { loadCertificateWording, loadTexts } from '../input/data.js';
import { formatResult, loadRevoked, verifyLink, verifyPdf, type VerifyResult } from '../verify/verify.js';
import { buildVerifyPage } from '../verify/verify-page.js';
import { displayMessage, displayPath } from './paths.js';
import { makeProgress, type CliIo } from './progress.js';
import { shardFromEnvironment } from './shard.js';
import { serveStatic, STUDIO_DIR } from './studio.js';

export type { CliIo } from './progress.js';

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Where a command writes by default: output/ and the product's own name for its options. */
const OUTPUT_DIR = 'output';

/**
 * Adds a product's options to a command, from its schema: flags, types, choices, defaults, help.
 * A value is always the next word (`nargs: 1`), so `--bleed -3mm` reaches the schema, which says
 * what is wrong with it, instead of yargs reading "-3mm" as flags; a number is not typed for yargs,
 * which would turn `--signature-lines abc` into NaN and lose what was typed.
 */
function addOptions(command: Argv, schema: OptionsSchema): Argv {
  for (const info of describeOptions(schema)) {
    const valued = info.type !== 'boolean';
    command = command.option(info.flag.slice(2), {
      type: info.type === 'number' ? undefined : info.type,
      nargs: valued ? 1 : undefined,
      choices: info.choices as (string | number)[] | undefined,
      default: info.default,
      describe: info.type === 'number' && info.meta.allowed ? `${info.meta.description} (${info.meta.allowed})` : info.meta.description,
      hidden: info.meta.hidden,
      demandOption: info.required ? `${info.flag} is required` : undefined,
    });
  }
  return command;
}

/** The options of a product from yargs' arguments (camelCase keys), paths resolved from the working directory. */
function pickOptions(schema: OptionsSchema, args: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const info of describeOptions(schema)) {
    const value = args[info.key];
    if (value === undefined) continue;
    picked[info.key] = info.meta.path && typeof value === 'string' ? resolve(value) : value;
  }
  return picked;
}

// Each document product's output schema and example name, made once per process: building the
// zod schemas and compiling their parsers took 50 ms of every command (the parser is made for every
// command), and made here they are in the start-up snapshot (src/cli/snapshot.ts makes the parser).
// Bounded by the products.
const commandSchemas = new WeakMap<DocumentProduct, { schema: OptionsSchema; example: string }>();

/** A document product's options with --format and --dpi, and its default output name. */
function commandSchema(product: DocumentProduct): { schema: OptionsSchema; example: string } {
  let known = commandSchemas.get(product);
  if (!known) {
    const schema = outputOptions(product);
    known = { schema, example: outputName(product, parseOptions(schema, {}) as OutputOptions) };
    commandSchemas.set(product, known);
  }
  return known;
}

/** A command for a product that makes one document: its record's options, --format and --dpi (formats.ts), plus --out. */
function documentCommand(cli: Argv, product: DocumentProduct, io: CliIo): Argv {
  const { schema, example } = commandSchema(product);
  return cli.command(
    product.name,
    product.describe,
    (command) => {
      let built = addOptions(command, schema).option('out', { type: 'string', nargs: 1, describe: `Output file [default: ${OUTPUT_DIR}/ and a name from the options, e.g. ${example}]` });
      for (const [line, what] of product.examples) built = built.example(line, what);
      return built.strictOptions();
    },
    async (args) => {
      const options = parseOptions(schema, pickOptions(schema, args)) as OutputOptions;
      const out = resolve((args.out as string | undefined) ?? join(OUTPUT_DIR, outputName(product, options)));
      for (const { file, bytes } of await makeFiles(product, options, out)) io.stderr(`wrote ${displayPath(await write(file, bytes))}\n`);
    },
  );
}

function certificatesCommand(cli: Argv, io: CliIo): Argv {
  const product = PRODUCTS.find((candidate) => candidate.kind === 'batch')!;
  return cli.command(
    product.name,
    product.describe,
    (command) => {
      let built: Argv = addOptions(command, product.options)
        .option('out', { type: 'string', nargs: 1, describe: `Folder for one PDF per signatory [default: ${OUTPUT_DIR}/${product.output()}/ unless only --combined is given]` })
        .option('shard', {
          type: 'string',
          nargs: 1,
          describe: 'Build only the I-th of N slices of the rows (1-based), e.g. 2/4; auto: the slice of this pod of a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, JOB_COMPLETIONS)',
        })
        .option('jobs', { nargs: 1, default: CERTIFICATE_JOBS, describe: 'Worker processes for the separate PDFs, 1 to 16 (each recycled after 2,500 certificates)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable summary on stdout' });
      built = addOptions(built, z.object(formatOptions({})))
        .option('part', { type: 'string', hidden: true, describe: 'Build only the k-th of n parts of the shard: what a --jobs worker does' })
        .option('json-lines', { type: 'boolean', hidden: true, default: false, describe: 'Print each certificate as a JSON line on stdout' });
      for (const [line, what] of product.examples) built = built.example(line, what);
      return built.strictOptions();
    },
    async (args) => {
      const started = Date.now();
      let progress: ReturnType<typeof makeProgress> | undefined;
      const jobs = checkJobs(args.jobs as number);
      const picked = pickOptions(product.options, args) as Parameters<typeof buildCertificates>[0];
      const out = args.out !== undefined || !picked.combined ? resolve((args.out as string | undefined) ?? join(OUTPUT_DIR, product.output())) : undefined;
      // --format png: the PDFs are made in a temporary folder, then pictured where they were asked for.
      const { format, dpi } = parseOptions(z.object(formatOptions({})), { format: args.format, dpi: args.dpi });
      const asked = { out, combined: picked.combined };
      // The batch refuses a --combined over its inputs, but sees only the scratch file: the pictures
      // are kept off the list and the signature images here, the combined one before anything is made.
      const inputs = format === 'png' ? await batchInputs(picked.signatories) : undefined;
      if (inputs && asked.combined && inputs.has(await realFile(pictureFiles(asked.combined, 1)[0]!))) {
        throw new PressError('BAD_OPTION', `--combined: "${asked.combined}" is an input of this batch (its picture would be written over it); allowed: a file that is not the list or a signature image`);
      }
      const scratch = format === 'png' ? await mkdtemp(join(tmpdir(), 'dp-certificates-')) : undefined;
      const made = scratch ? { out: asked.out && join(scratch, 'each'), combined: asked.combined && join(scratch, 'combined.pdf') } : asked;
      const pictureOf = (file: string) => (file === made.combined ? asked.combined! : join(asked.out!, relative(made.out!, file).replace(/\.pdf$/i, '.png')));
      const options: CertificateOptions = {
        ...parseOptions(product.options, picked),
        ...made,
        force: scratch ? true : picked.force,
        shard: args.shard === undefined ? undefined : args.shard === 'auto' ? shardFromEnvironment(process.env) : parseShard(String(args.shard)),
        part: args.part === undefined ? undefined : parseShard(String(args.part)),
        onItem: (item, _done, total) => {
          if (args.jsonLines) return io.stdout(`${JSON.stringify(item)}\n`);
          progress ??= makeProgress(io, total);
          progress.tick(item.status === 'failed' ? `failed ${displayMessage(item.origin)}` : `${item.status} ${displayPath(scratch ? pictureOf(item.file!) : item.file!)}`);
        },
      };
      let summary: Awaited<ReturnType<typeof buildCertificates>>;
      try {
        summary = jobs > 1 && options.out ? await buildCertificatesInProcesses(options, jobs) : await buildCertificates(options);
        if (scratch) {
          const pictured = summary.items.filter((item) => item.status === 'made' && item.file).map((item) => ({ pdf: item.file!, png: pictureOf(item.file!) }));
          await pictureWritten(pictured, dpi, async ({ file, bytes }) => {
            if (inputs!.has(await realFile(file))) throw new PressError('BAD_OPTION', `--format png: the picture "${file}" would be written over an input of this batch; allowed: --out and --combined away from the list and the signature images`);
            await write(file, bytes);
          });
          for (const item of summary.items) if (item.file) item.file = pictureOf(item.file);
        }
      } finally {
        if (scratch) await rm(scratch, { recursive: true, force: true });
      }
      if (args.jsonLines) return;
      progress?.stop();
      const failures = summary.items.filter((item) => item.status === 'failed');
      for (const item of failures) io.stderr(`  ${displayMessage(item.error ?? '')}\n`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.stderr(`certificates: ${describeSummary(summary)}, ${seconds} s${summary.shard === '1/1' ? '' : ` (shard ${summary.shard})`}\n`);
      if (args.json) io.stdout(`${displayMessage(JSON.stringify(summary, null, 2))}\n`);
      if (batchFailed(summary)) throw new PressError('BATCH_FAILED', failureOf(summary));
    },
  );
}

/**
 * A path to compare with another: its links followed where it exists (else resolved), without case
 * (on a case-insensitive file system, Hong-Gil-dong.png is hong-gil-dong.png).
 */
const realFile = async (file: string) => (await realpath(file).catch(() => resolve(file))).toLowerCase();

/** The real paths of a certificate batch's inputs: its list and the signature images it names. */
async function batchInputs(list: string): Promise<Set<string>> {
  const { rows } = await loadSignatories(list);
  const signatures = rows.flatMap((row) => ('signatory' in row && row.signatory.signature ? [row.signatory.signature] : []));
  return new Set(await Promise.all([list, ...signatures].map(realFile)));
}

/** A batch's counts in words: rows, then separate files, then the combined file, never mixed. */
function describeSummary(summary: CertificateSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`${plural(summary.total, 'row')}, ${summary.failed} failed`];
  if (summary.made + summary.skipped > 0 || !summary.combined) parts.push(`files: ${summary.made} made, ${summary.skipped} skipped (unchanged)`);
  const { combined } = summary;
  if (combined) parts.push(`combined file ${combined.status}${combined.status === 'failed' ? '' : ` (${plural(combined.combined!.certificates, 'certificate')})`}`);
  return parts.join('; ');
}

/** Why a batch ends non-zero, saying truly what was written despite it. */
function failureOf(summary: CertificateSummary): string {
  const written = summary.made + summary.skipped + (summary.combined && summary.combined.status !== 'failed' ? 1 : 0);
  const rows = summary.failed > 0 ? `${summary.failed} of ${summary.total} row(s) failed` : 'the combined file was not written';
  return written > 0 ? `${rows}; the other certificates were written` : `${rows}; nothing was written`;
}

/** --jobs: 1 to 16 processes (given untyped to yargs, so a bad value is shown as typed). */
function checkJobs(jobs: unknown): number {
  const value = typeof jobs === 'string' && /^\d+$/.test(jobs) ? Number(jobs) : jobs;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 16) {
    throw new PressError('BAD_OPTION', `--jobs: "${String(jobs)}" is not allowed; allowed: a whole number from 1 to 16`);
  }
  return value;
}

/** Prints preflight results (reports to stderr, or JSON to stdout) and throws if any file failed. */
function reportPreflight(io: CliIo, results: readonly FilePreflight[], json: boolean): void {
  if (json) io.stdout(`${displayMessage(JSON.stringify(results.map(preflightJson), null, 2))}\n`);
  else for (const result of results) io.stderr(`${displayMessage(formatPreflight(result))}\n`);
  const failed = results.filter((result) => !result.ok);
  if (!json) io.stderr(`check: ${results.length - failed.length} of ${results.length} file(s) pass\n`);
  if (failed.length > 0) {
    throw new PressError('BATCH_FAILED', `${failed.length} of ${results.length} file(s) fail the preflight: ${failed.map((result) => result.file).join(', ')}`);
  }
}

function checkCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'check <paths..>',
    'Preflight PDFs as a print shop would: fonts embedded and subset, TrimBox/BleedBox, images >= 300 ppi, text extractable',
    (command) =>
      command
        .positional('paths', {
          type: 'string',
          array: true,
          describe: 'PDF files, and folders: every *.pdf in a folder and its subfolders is checked, in name order (hidden files are skipped)',
        })
        .option('boxes', {
          type: 'boolean',
          describe:
            'Require TrimBox and BleedBox on every page (a print-shop file). Default: required only of a file that has them ' +
            '(posters); office documents (declaration, certificates, handouts) need none. --no-boxes: never required',
        })
        .option('bleed', { type: 'string', nargs: 1, describe: 'Bleed every page must have, e.g. 3mm, 0.125in, 9pt, 0 (implies --boxes)' })
        .option('min-ppi', { nargs: 1, default: 300, describe: 'Lowest image resolution at its placed size, pixels per inch (a positive number)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the reports with their measurements as JSON on stdout' })
        .example('$0 check output', 'Every PDF npm start built, in output/ and its subfolders')
        .example('$0 check poster.pdf --bleed 3mm', 'A poster for a print shop: boxes and a 3 mm bleed on every page')
        .strictOptions(),
    async (args) => {
      const options: PreflightOptions = {
        boxes: args.boxes ?? 'auto',
        bleed: args.bleed === undefined ? undefined : parseLength(args.bleed, '--bleed'),
        minPpi: Number(args['min-ppi']),
      };
      if (!(options.minPpi! > 0)) throw new PressError('BAD_OPTION', `--min-ppi: "${String(args['min-ppi'])}" is not allowed; allowed: a positive number`);
      const files = await findPdfs((args.paths ?? []).map((path) => resolve(String(path))));
      reportPreflight(io, await preflightFiles(files, options), args.json);
    },
  );
}

function buildCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'build [manifest]',
    'Build every output a JSON manifest lists (default: the standard set in data/manifest.json); an output already made from the same inputs is up to date and kept',
    (command) =>
      command
        .positional('manifest', { type: 'string', describe: 'Manifest file', default: displayPath(DEFAULT_MANIFEST) })
        .option('out-dir', { type: 'string', describe: "Write outputs here instead of the manifest's outDir" })
        .option('force', { type: 'boolean', default: false, describe: 'Make every output again, even those up to date' })
        .option('check', { type: 'boolean', default: false, describe: 'Preflight every file of the set, made or up to date (as the check command does); a failing file fails the build' })
        .option('jobs', { nargs: 1, default: DEFAULT_JOBS, describe: 'Processes to build in, 1 to 16, sharing out the entries (1: this process only)' })
        .option('entries', { type: 'string', hidden: true, describe: 'Build only these entries (1-based, comma-separated): what a --jobs worker does' })
        .option('json', { type: 'boolean', hidden: true, default: false, describe: "Print each entry's result as a JSON line on stdout" })
        .example('$0 build', 'The standard set into output/ (only what changed since the last build)')
        .example('$0 build campaign.json --out-dir print/', 'A campaign of your own')
        .example('$0 build --force --check', 'The standard set made again, then the preflight of every file')
        .strictOptions(),
    async (args) => {
      const started = Date.now();
      let progress: ReturnType<typeof makeProgress> | undefined;
      const jobs = checkJobs(args.jobs);
      const only = args.entries?.split(',').map(Number);
      if (only?.some((index) => !Number.isInteger(index) || index < 1)) throw new PressError('BAD_OPTION', `--entries: "${args.entries}" is not allowed; allowed: entry numbers such as 1,4,7`);
      const results = await buildManifest(resolve(args.manifest!), {
        outDir: args['out-dir'] && resolve(args['out-dir']),
        jobs,
        only,
        force: args.force,
        onStart: (total) => {
          if (!args.json) progress = makeProgress(io, total);
        },
        onEntry: (result, _done, total) => {
          if (args.json) return io.stdout(`${encodeResult(result)}\n`);
          progress ??= makeProgress(io, total);
          const files = [...result.written.map(displayPath), ...result.skipped.map((file) => `${displayPath(file)} (up to date)`)];
          progress.tick(result.error ? `failed ${result.product} #${result.index}` : files.join(', '));
        },
      });
      if (args.json) {
        if (results.some((result) => result.error)) throw new PressError('BATCH_FAILED', 'some entries failed');
        return;
      }
      progress?.stop();
      const failed = results.filter((result) => result.error);
      const made = results.reduce((sum, result) => sum + result.written.length, 0);
      const upToDate = results.reduce((sum, result) => sum + result.skipped.length, 0);
      for (const result of failed) io.stderr(`failed: entry ${result.index} of ${results.length} (${result.product}): ${displayMessage(result.error!.message)}\n`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.stderr(
        made === 0 && failed.length === 0
          ? `build: ${upToDate} file${upToDate === 1 ? '' : 's'} up to date, nothing to make, ${seconds} s\n`
          : `build: ${made} file(s) made, ${upToDate} up to date, ${failed.length} entr${failed.length === 1 ? 'y' : 'ies'} failed, ${seconds} s\n`,
      );
      if (args.check) {
        // The preflight is a print shop's: it reads the PDFs, made or up to date (a picture is checked by looking at it).
        const checked = await preflightFiles(results.flatMap((result) => [...result.written, ...result.skipped]).filter((file) => file.toLowerCase().endsWith('.pdf')));
        const bad = checked.filter((result) => !result.ok);
        for (const result of bad) io.stderr(`${displayMessage(formatPreflight(result))}\n`);
        io.stderr(`check: ${checked.length - bad.length} of ${checked.length} file(s) pass\n`);
        if (bad.length > 0) {
          throw new PressError('BATCH_FAILED', `${failed.length} of ${results.length} entries failed; ${bad.length} file(s) fail the preflight: ${bad.map((r) => r.file).join(', ')}`);
        }
      }
      if (failed.length > 0) throw new PressError('BATCH_FAILED', `${failed.length} of ${results.length} entries failed`);
    },
  );
}

function studioCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'studio',
    'Serve the studio on this computer (127.0.0.1): every product made in a web browser, nothing uploaded',
    (command) =>
      command
        .option('port', { nargs: 1, default: 5178, describe: 'Port to serve on, 1 to 65535 (0: any free port)' })
        .example('$0 studio', 'Serve the studio and print its address; open it in a browser')
        .strictOptions(),
    async (args) => {
      const port = Number(args.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PressError('BAD_OPTION', `--port: "${String(args.port)}" is not allowed; allowed: a whole number from 0 to 65535`);
      const { url, server } = await serveStatic(STUDIO_DIR, port);
      io.stdout(`studio: ${url}\n`);
      io.stderr('Serving on this computer only; press Ctrl+C to stop.\n');
      await new Promise<void>((done) => {
        const stop = () => server.close(() => done());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  );
}

function keysCommand(cli: Argv, io: CliIo): Argv {
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

function verifyCommand(cli: Argv, io: CliIo): Argv {
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

function verifyPageCommand(cli: Argv, io: CliIo): Argv {
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

/** Builds the yargs parser: one command per product (from its record), then check and build. */
export function makeParser(argv: readonly string[], io: CliIo = defaultIo): Argv {
  let cli = yargs([...argv])
    .scriptName('declaration-press')
    .usage('$0 <command> [options]\n\nPrint-ready PDFs of the Washington Declaration for the Dignity, Hope, and Freedom of North Koreans, in English and Korean.')
    .strict()
    .demandCommand(1, 'Name a command')
    .example('$0 build', 'Build the standard set into output/ (what npm start does)')
    .example('$0 declaration --paper letter', 'The declaration on US Letter')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .help()
    .version(false)
    .fail((message, error) => {
      throw error ?? new PressError('BAD_OPTION', message);
    });
  for (const product of PRODUCTS) cli = product.kind === 'batch' ? certificatesCommand(cli, io) : documentCommand(cli, product as DocumentProduct, io);
  cli = checkCommand(cli, io);
  cli = buildCommand(cli, io);
  cli = keysCommand(cli, io);
  cli = verifyCommand(cli, io);
  cli = verifyPageCommand(cli, io);
  cli = studioCommand(cli, io);
  return cli;
}

/** Runs the CLI on argv (without node and script) and returns the exit code; never exits itself. */
export async function run(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let output = '';
  try {
    await makeParser(argv, io).parseAsync([...argv], {}, (_error, _args, text) => {
      output = text;
    });
    if (output) io.stdout(`${output}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PressError) {
      io.stderr(`declaration-press: ${displayMessage(error.message)}\n`);
      if (error.code === 'BAD_OPTION' && output === '') io.stderr(`Run 'declaration-press --help' for the commands and options.\n`);
      return error.code === 'BAD_OPTION' ? 2 : 1;
    }
    io.stderr(`declaration-press: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}

