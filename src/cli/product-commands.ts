/**
 * The product commands: one per document product (declaration, signing-sheet, poster, handout,
 * social), its flags from the product's record, and certificates, a batch with its own flags
 * (--shard, --jobs, --combined) and its summary.
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { Argv } from 'yargs';
import { PressError } from '../core/errors.js';
import { buildCertificatesInProcesses, CERTIFICATE_JOBS } from '../batch/certificate-jobs.js';
import { buildCertificates } from '../products/certificates.js';
import { batchFailed, parseShard, type CertificateOptions, type CertificateSummary } from '../products/certificates/batch.js';
import { PRODUCTS } from '../products/index.js';
import { parseOptions, type OptionsSchema } from '../products/options.js';
import type { DocumentProduct } from '../products/record.js';
import { formatOptions, makeFiles, outputName, outputOptions, pictureFiles, pictureWritten, type OutputOptions } from '../products/formats.js';
import { loadSignatories } from '../input/load-signatories.js';
import { write } from '../render/pipeline.js';
import { addOptions, checkJobs, OUTPUT_DIR, pickOptions } from './command-options.js';
import { displayMessage, displayPath } from './paths.js';
import { makeProgress, type CliIo } from './progress.js';
import { shardFromEnvironment } from './shard.js';

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
export function documentCommand(cli: Argv, product: DocumentProduct, io: CliIo): Argv {
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

export function certificatesCommand(cli: Argv, io: CliIo): Argv {
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
