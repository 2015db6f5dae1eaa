/** The commands over many files: check (the preflight a print shop runs) and build (a manifest's outputs). */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { PressError } from '../core/errors.js';
import { parseLength } from '../core/units.js';
import { buildManifest, DEFAULT_MANIFEST, encodeResult } from '../batch/build.js';
import { findPdfs, formatPreflight, preflightFiles, preflightJson, type FilePreflight, type PreflightOptions } from '../preflight/preflight.js';
import { checkJobs } from './command-options.js';
import { displayMessage, displayPath } from './paths.js';
import { makeProgress, type CliIo } from './progress.js';

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

export function checkCommand(cli: Argv, io: CliIo): Argv {
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

export function buildCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'build [manifest]',
    'Build every output a JSON manifest lists (default: the standard set in data/manifest.json); an output already made from the same inputs is up to date and kept',
    (command) =>
      command
        .positional('manifest', { type: 'string', describe: 'Manifest file', default: displayPath(DEFAULT_MANIFEST) })
        .option('out-dir', { type: 'string', describe: "Write outputs here instead of the manifest's outDir" })
        .option('force', { type: 'boolean', default: false, describe: 'Make every output again, even those up to date' })
        .option('check', { type: 'boolean', default: false, describe: 'Preflight every file of the set, made or up to date (as the check command does); a failing file fails the build' })
        .option('jobs', { nargs: 1, describe: "Processes to build in, 1 to 16, each product's entries in one (1: this process only; default 2 where there are two cores or more)" })
        .option('entries', { type: 'string', hidden: true, describe: 'Build only these entries (1-based, comma-separated): what a --jobs worker does' })
        .option('json', { type: 'boolean', hidden: true, default: false, describe: "Print each entry's result as a JSON line on stdout" })
        .example('$0 build', 'The standard set into output/ (only what changed since the last build)')
        .example('$0 build campaign.json --out-dir print/', 'A campaign of your own')
        .example('$0 build --force --check', 'The standard set made again, then the preflight of every file')
        .strictOptions(),
    async (args) => {
      const started = Date.now();
      let progress: ReturnType<typeof makeProgress> | undefined;
      const jobs = args.jobs === undefined ? 'auto' : checkJobs(args.jobs);
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
