/**
 * The command line: parses argv with yargs, calls the library, turns the result into an exit code.
 * It prints; the library (src/index.ts) only returns or throws.
 */
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { PRODUCTS } from '../templates/index.js';
import cliProgress from 'cli-progress';
import { buildManifest, DEFAULT_JOBS, DEFAULT_MANIFEST, encodeResult } from './build.js';
import { buildCertificatesInProcesses, CERTIFICATE_JOBS } from './certificate-jobs.js';
import { buildDeclaration, DECLARATION_DEFAULTS, makeSigningSheet } from './declaration.js';
import { buildPoster, POSTER_DEFAULTS, posterFileName, type TileSheet } from './poster.js';
import type { PosterSizeName } from './poster-sizes.js';
import type { PosterLang } from '../templates/index.js';
import { buildCertificates, CERTIFICATE_DEFAULTS, parseShard, type CertificateOptions, type CertificatePaper } from './certificates.js';
import type { Orientation } from '../templates/Certificate.js';
import { displayPath } from './files.js';
import { buildHandout, HANDOUT_DEFAULTS, handoutOutputPath, type HandoutPaper } from './handout.js';
import { findPdfs, formatPreflight, preflightFiles, preflightJson, type FilePreflight, type PreflightOptions } from './preflight/preflight.js';
import { parseLength } from './core/units.js';
import { write } from './pipeline.js';
import { PressError } from './error.js';
import type { PaperName } from './paper.js';
import type { Layout } from '../templates/index.js';

/** Where the CLI writes: injectable so tests run it in-process. */
export interface CliIo {
  /** Data (JSON summaries, paths written). */
  stdout: (text: string) => void;
  /** Messages for people: progress, errors. */
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function declarationCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'declaration',
    PRODUCTS.declaration.describe,
    (command) =>
      command
        .option('paper', { choices: PRODUCTS.declaration.papers, default: DECLARATION_DEFAULTS.paper, describe: 'Paper size' })
        .option('layout', {
          choices: PRODUCTS.declaration.layouts,
          default: DECLARATION_DEFAULTS.layout,
          describe: 'parallel: side by side; stacked: Korean then English; en, ko: one language',
        })
        .option('signatories', { type: 'string', describe: 'CSV or XLSX list of signatories (name_ko,name_en,role_ko,role_en,signature)' })
        .option('signature-lines', { type: 'number', default: DECLARATION_DEFAULTS.signatureLines, describe: 'Blank signing lines when no --signatories' })
        .option('sample', { type: 'boolean', default: false, describe: 'Mark every page as a sample (placeholder names)' })
        .option('out', { type: 'string', describe: 'Output PDF [default: output/declaration-<paper>-<layout>.pdf]' })
        .example('$0 declaration --paper letter --layout stacked', 'Letter paper, Korean above English, 12 blank signing lines')
        .example('$0 declaration --signatories data/signatories.sample.csv --sample --out output/signed.pdf', 'A copy with the names')
        .strictOptions(),
    async (args) => {
      const paper = args.paper as PaperName;
      const layout = args.layout as Layout;
      const written = await buildDeclaration({
        paper,
        layout,
        signatories: args.signatories,
        signatureLines: args['signature-lines'],
        sample: args.sample,
        out: resolve(args.out ?? `output/declaration-${paper}-${layout}.pdf`),
      });
      io.stderr(`wrote ${written}\n`);
    },
  );
}

function signingSheetCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'signing-sheet',
    PRODUCTS['signing-sheet'].describe,
    (command) =>
      command
        .option('paper', { choices: PRODUCTS['signing-sheet'].papers, default: 'a4', describe: 'Paper size' })
        .option('signature-lines', { type: 'number', default: 30, describe: 'Numbered signing lines' })
        .option('out', { type: 'string', describe: 'Output PDF [default: output/signing-sheet-<paper>.pdf]' })
        .example('$0 signing-sheet --paper letter --signature-lines 60', 'Two Letter pages of lines')
        .strictOptions(),
    async (args) => {
      const paper = args.paper as PaperName;
      const bytes = await makeSigningSheet({ paper, signatureLines: args['signature-lines'] });
      io.stderr(`wrote ${await write(resolve(args.out ?? `output/signing-sheet-${paper}.pdf`), bytes)}\n`);
    },
  );
}

function certificatesCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'certificates',
    PRODUCTS.certificates.describe,
    (command) =>
      command
        .option('signatories', { type: 'string', demandOption: true, describe: 'CSV (UTF-8 or CP949) or XLSX list: name_ko,name_en,role_ko,role_en,signature' })
        .option('paper', { choices: PRODUCTS.certificates.papers, default: CERTIFICATE_DEFAULTS.paper, describe: 'Paper size' })
        .option('orientation', { choices: PRODUCTS.certificates.orientations, default: CERTIFICATE_DEFAULTS.orientation, describe: 'Which way the paper lies' })
        .option('out', { type: 'string', describe: `Folder for one PDF per signatory [default: ${CERTIFICATE_DEFAULTS.out}/ unless only --combined is given]` })
        .option('combined', { type: 'string', describe: 'One PDF with a page per signatory, to print in one go' })
        .option('shard', { type: 'string', describe: 'Build only the I-th of N slices of the rows (1-based), e.g. 2/4' })
        .option('force', { type: 'boolean', default: false, describe: 'Rebuild certificates whose inputs are unchanged' })
        .option('jobs', { type: 'number', default: CERTIFICATE_JOBS, describe: 'Worker processes for the separate PDFs (each recycled after 2,500 certificates)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a machine-readable summary on stdout' })
        .option('part', { type: 'string', hidden: true, describe: 'Build only the k-th of n parts of the shard: what a --jobs worker does' })
        .option('json-lines', { type: 'boolean', hidden: true, default: false, describe: 'Print each certificate as a JSON line on stdout' })
        .example('$0 certificates --signatories data/signatories.sample.csv', 'One PDF per signatory in output/certificates/')
        .example('$0 certificates --signatories list.xlsx --paper letter --combined print.pdf', 'One Letter PDF to print, no separate files')
        .example('$0 certificates --signatories big.csv --shard 3/8', 'The third of eight slices, for a job runner')
        .strictOptions(),
    async (args) => {
      const started = Date.now();
      let progress: ReturnType<typeof makeProgress> | undefined;
      const combined = args.combined && resolve(args.combined);
      const jobs = args.jobs;
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new PressError('BAD_OPTION', `--jobs: "${jobs}" is not allowed; allowed: a whole number from 1 to 16`);
      const options: CertificateOptions = {
        signatories: resolve(args.signatories),
        paper: args.paper as CertificatePaper,
        orientation: args.orientation as Orientation,
        out: args.out !== undefined || !combined ? resolve(args.out ?? CERTIFICATE_DEFAULTS.out) : undefined,
        combined,
        shard: args.shard === undefined ? undefined : parseShard(args.shard),
        part: args.part === undefined ? undefined : parseShard(args.part),
        force: args.force,
        onItem: (item, done, total) => {
          if (args['json-lines']) return io.stdout(`${JSON.stringify(item)}\n`);
          progress ??= makeProgress(io, total);
          progress.tick(item.status === 'failed' ? `failed ${item.origin}` : `${item.status} ${item.file}`);
        },
      };
      const summary = jobs > 1 && options.out ? await buildCertificatesInProcesses(options, jobs) : await buildCertificates(options);
      if (args['json-lines']) return;
      progress?.stop();
      const failures = summary.items.filter((item) => item.status === 'failed');
      for (const item of failures) io.stderr(`  ${item.error}\n`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.stderr(`certificates: ${summary.made} made, ${summary.skipped} skipped (unchanged), ${summary.failed} failed, ${seconds} s${summary.shard === '1/1' ? '' : ` (shard ${summary.shard})`}\n`);
      if (args.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      if (summary.failed > 0) throw new PressError('BATCH_FAILED', `${summary.failed} of ${summary.items.length} certificate(s) failed; the others were written`);
    },
  );
}

function posterCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'poster',
    PRODUCTS.poster.describe,
    (command) =>
      command
        .option('size', { choices: PRODUCTS.poster.sizes, default: POSTER_DEFAULTS.size, describe: 'Trim size (a3, a2, a1: ISO; tabloid 11x17, 18x24, 24x36: inches)' })
        .option('lang', { choices: PRODUCTS.poster.langs, default: POSTER_DEFAULTS.lang, describe: 'both: Korean with English; ko, en: one language' })
        .option('bleed', { type: 'string', describe: 'Bleed beyond the trim, e.g. 3mm, 0.125in, 0 [default: 3mm for ISO sizes, 0.125in for US sizes]' })
        .option('marks', { type: 'boolean', default: false, describe: 'Crop marks in a slug outside the bleed' })
        .option('qr', { type: 'string', describe: 'Where the QR code leads [default: qr.url in data/poster.json]' })
        .option('tile', { choices: PRODUCTS.poster.tiles, describe: 'Split onto A4 or Letter sheets, with overlap, marks and labels, to print on an office printer' })
        .option('out', { type: 'string', describe: 'Output PDF [default: output/poster-<size>-<lang>[-marks][-tiled-<sheet>].pdf]' })
        .example('$0 poster --size 24x36 --marks', 'A 24 x 36 in bilingual poster with 0.125 in bleed and crop marks, for a print shop')
        .example('$0 poster --size a2 --lang ko --tile a4 --qr https://example.org/sign', 'A Korean A2 poster on A4 sheets to assemble')
        .strictOptions(),
    async (args) => {
      const options = {
        size: args.size as PosterSizeName,
        lang: args.lang as PosterLang,
        bleed: args.bleed,
        marks: args.marks,
        qr: args.qr,
        tile: args.tile as TileSheet | undefined,
      };
      const written = await buildPoster({ ...options, out: resolve(args.out ?? `output/${posterFileName(options)}`) });
      io.stderr(`wrote ${written}\n`);
    },
  );
}

function handoutCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'handout',
    PRODUCTS.handout.describe,
    (command) =>
      command
        .option('paper', { choices: PRODUCTS.handout.papers, default: HANDOUT_DEFAULTS.paper, describe: 'The sheet printed on' })
        .option('nup', {
          type: 'number',
          choices: PRODUCTS.handout.nups,
          default: HANDOUT_DEFAULTS.nup,
          describe: '1: one handout on the sheet; 2: two A5 (half-letter) handouts side by side, to cut apart',
        })
        .option('out', { type: 'string', describe: 'Output PDF [default: output/handout-<paper>[-2up].pdf]' })
        .example('$0 handout --paper letter', 'One Letter sheet: the declaration, the about panel and the QR code')
        .example('$0 handout --nup 2', 'Two A5 handouts on A4 landscape, front and back: print duplex (flip on short edge), cut once')
        .strictOptions(),
    async (args) => {
      const paper = args.paper as HandoutPaper;
      const nup = args.nup as 1 | 2;
      const written = await buildHandout({ paper, nup, out: resolve(args.out ?? handoutOutputPath(paper, nup)) });
      io.stderr(`wrote ${written}\n`);
    },
  );
}

/** Prints preflight results (reports to stderr, or JSON to stdout) and throws if any file failed. */
function reportPreflight(io: CliIo, results: readonly FilePreflight[], json: boolean): void {
  if (json) io.stdout(`${JSON.stringify(results.map(preflightJson), null, 2)}\n`);
  else for (const result of results) io.stderr(`${formatPreflight(result)}\n`);
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
        .option('bleed', { type: 'string', describe: 'Bleed every page must have, e.g. 3mm, 0.125in, 9pt, 0 (implies --boxes)' })
        .option('min-ppi', { type: 'number', default: 300, describe: 'Lowest image resolution at its placed size, pixels per inch' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the reports with their measurements as JSON on stdout' })
        .example('$0 check output', 'Every PDF npm start built, in output/ and its subfolders')
        .example('$0 check poster.pdf --bleed 3mm', 'A poster for a print shop: boxes and a 3 mm bleed on every page')
        .strictOptions(),
    async (args) => {
      const options: PreflightOptions = {
        boxes: args.boxes ?? 'auto',
        bleed: args.bleed === undefined ? undefined : parseLength(args.bleed, '--bleed'),
        minPpi: args['min-ppi'],
      };
      if (!(options.minPpi! > 0)) throw new PressError('BAD_OPTION', `--min-ppi: "${args['min-ppi']}" is not allowed; allowed: a positive number`);
      const files = await findPdfs((args.paths ?? []).map((path) => resolve(String(path))));
      reportPreflight(io, await preflightFiles(files, options), args.json);
    },
  );
}

/** A progress bar on a terminal, one plain line per item elsewhere (logs, CI). */
export function makeProgress(io: CliIo, total: number, tty = Boolean(process.stderr.isTTY)) {
  if (!tty) return { tick: (line: string) => io.stderr(`${line}\n`), stop: () => {} };
  const bar = new cliProgress.SingleBar({ format: '{bar} {value}/{total} {item}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { item: '' });
  return { tick: (line: string) => bar.increment({ item: line }), stop: () => bar.stop() };
}

function buildCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'build [manifest]',
    'Build every output a JSON manifest lists (default: the standard set in data/manifest.json)',
    (command) =>
      command
        .positional('manifest', { type: 'string', describe: 'Manifest file', default: displayPath(DEFAULT_MANIFEST) })
        .option('out-dir', { type: 'string', describe: "Write outputs here instead of the manifest's outDir" })
        .option('check', { type: 'boolean', default: false, describe: 'Preflight every file built (as the check command does); a failing file fails the build' })
        .option('jobs', { type: 'number', default: DEFAULT_JOBS, describe: 'Processes to build in, sharing out the entries (1: this process only)' })
        .option('entries', { type: 'string', hidden: true, describe: 'Build only these entries (1-based, comma-separated): what a --jobs worker does' })
        .option('json', { type: 'boolean', hidden: true, default: false, describe: "Print each entry's result as a JSON line on stdout" })
        .example('$0 build', 'The standard set into output/')
        .example('$0 build campaign.json --out-dir print/', 'A campaign of your own')
        .example('$0 build --check', 'The standard set, then the preflight of every file')
        .strictOptions(),
    async (args) => {
      const started = Date.now();
      let progress: ReturnType<typeof makeProgress> | undefined;
      const jobs = args.jobs;
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new PressError('BAD_OPTION', `--jobs: "${jobs}" is not allowed; allowed: a whole number from 1 to 16`);
      const only = args.entries?.split(',').map(Number);
      if (only?.some((index) => !Number.isInteger(index) || index < 1)) throw new PressError('BAD_OPTION', `--entries: "${args.entries}" is not allowed; allowed: entry numbers such as 1,4,7`);
      const results = await buildManifest(resolve(args.manifest!), {
        outDir: args['out-dir'] && resolve(args['out-dir']),
        jobs,
        only,
        onStart: (total) => {
          if (!args.json) progress = makeProgress(io, total);
        },
        onEntry: (result, done, total) => {
          if (args.json) return io.stdout(`${encodeResult(result)}\n`);
          progress ??= makeProgress(io, total);
          progress.tick(result.error ? `failed ${result.product} #${result.index}` : `${result.written.join(', ')}`);
        },
      });
      if (args.json) {
        if (results.some((result) => result.error)) throw new PressError('BATCH_FAILED', 'some entries failed');
        return;
      }
      progress?.stop();
      const failed = results.filter((result) => result.error);
      const made = results.reduce((sum, result) => sum + result.written.length, 0);
      for (const result of failed) io.stderr(`failed: entry ${result.index} of ${results.length} (${result.product}): ${result.error!.message}\n`);
      io.stderr(`build: ${made} file(s) made, ${failed.length} entr${failed.length === 1 ? 'y' : 'ies'} failed, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (args.check) {
        const checked = await preflightFiles(results.flatMap((result) => result.written).map((file) => resolve(file)));
        const bad = checked.filter((result) => !result.ok);
        for (const result of bad) io.stderr(`${formatPreflight(result)}\n`);
        io.stderr(`check: ${checked.length - bad.length} of ${checked.length} file(s) pass\n`);
        if (bad.length > 0) {
          throw new PressError('BATCH_FAILED', `${failed.length} of ${results.length} entries failed; ${bad.length} file(s) fail the preflight: ${bad.map((r) => r.file).join(', ')}`);
        }
      }
      if (failed.length > 0) throw new PressError('BATCH_FAILED', `${failed.length} of ${results.length} entries failed`);
    },
  );
}

/** Builds the yargs parser: one command per product, choices from the product registry. */
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
  cli = declarationCommand(cli, io);
  cli = signingSheetCommand(cli, io);
  cli = posterCommand(cli, io);
  cli = certificatesCommand(cli, io);
  cli = handoutCommand(cli, io);
  cli = checkCommand(cli, io);
  cli = buildCommand(cli, io);
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
      io.stderr(`declaration-press: ${error.message}\n`);
      if (error.code === 'BAD_OPTION' && output === '') io.stderr(`Run 'declaration-press --help' for the commands and options.\n`);
      return error.code === 'BAD_OPTION' ? 2 : 1;
    }
    io.stderr(`declaration-press: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}
