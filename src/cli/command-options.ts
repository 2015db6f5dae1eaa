/**
 * What every command of the CLI shares: where it writes by default, a product's options as flags
 * (from its zod schema, src/products/options.ts) and back, and --jobs.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { PressError } from '../core/errors.js';
import { describeOptions, type OptionsSchema } from '../products/options.js';

/** Where a command writes by default: output/ and the product's own name for its options. */
export const OUTPUT_DIR = 'output';

/**
 * Adds a product's options to a command, from its schema: flags, types, choices, defaults, help.
 * A value is always the next word (`nargs: 1`), so `--bleed -3mm` reaches the schema, which says
 * what is wrong with it, instead of yargs reading "-3mm" as flags; a number is not typed for yargs,
 * which would turn `--signature-lines abc` into NaN and lose what was typed.
 */
export function addOptions(command: Argv, schema: OptionsSchema): Argv {
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
export function pickOptions(schema: OptionsSchema, args: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const info of describeOptions(schema)) {
    const value = args[info.key];
    if (value === undefined) continue;
    picked[info.key] = info.meta.path && typeof value === 'string' ? resolve(value) : value;
  }
  return picked;
}

/** --jobs: 1 to 16 processes (given untyped to yargs, so a bad value is shown as typed). */
export function checkJobs(jobs: unknown): number {
  const value = typeof jobs === 'string' && /^\d+$/.test(jobs) ? Number(jobs) : jobs;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 16) {
    throw new PressError('BAD_OPTION', `--jobs: "${String(jobs)}" is not allowed; allowed: a whole number from 1 to 16`);
  }
  return value;
}
