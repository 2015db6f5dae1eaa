/**
 * The command line: parses argv with yargs, calls the library, turns the result into an exit code.
 * Each product's command and its flags are built from the product's record (src/products/); the
 * CLI adds only what running from a terminal needs (--out, --json, --jobs, --shard). It prints;
 * the library only returns or throws. The commands live by group: product-commands.ts (one per
 * product, and certificates), set-commands.ts (check, build), signing-commands.ts (keys, verify,
 * verify-page), and here the studio's; command-options.ts has what they share.
 */
import yargs, { type Argv } from 'yargs';
import { version } from '../../package.json';
import { PressError } from '../core/errors.js';
import { PRODUCTS } from '../products/index.js';
import type { DocumentProduct } from '../products/record.js';
import { displayMessage } from './paths.js';
import type { CliIo } from './progress.js';
import { certificatesCommand, documentCommand } from './product-commands.js';
import { buildCommand, checkCommand } from './set-commands.js';
import { keysCommand, verifyCommand, verifyPageCommand } from './signing-commands.js';
import { serveStatic, STUDIO_DIR } from './studio.js';

export type { CliIo } from './progress.js';

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

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
    .version(version)
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

