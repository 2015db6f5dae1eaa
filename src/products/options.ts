/**
 * Product options as zod schemas: one schema per product is the one list of what it accepts (values,
 * defaults, help). The CLI builds its flags from it (src/cli/), a manifest entry is validated with it
 * (src/batch/build.ts), and the library parses with it. This module reads the schemas; it knows no
 * product.
 */
import { z } from 'zod';
import { PressError } from '../core/errors.js';

/** What an option says about itself beyond its type: help and how it is given. */
export interface OptionMeta {
  /** One line of help (--help, the README). */
  description: string;
  /** How the allowed values read in a message when they are not a list: "a whole number from 0 to 1000". */
  allowed?: string;
  /** A file the option names: an input (resolved against the manifest's folder) or an output (against outDir). */
  path?: 'input' | 'output';
  /** Left out of --help: an option for the press's own worker processes. */
  hidden?: boolean;
}

/** A schema with its option's meta attached (zod's registry keeps it; see `optionMeta`). */
export function option<T extends z.ZodType>(schema: T, meta: OptionMeta): T {
  return schema.meta(meta as unknown as Record<string, unknown>) as T;
}

/** The options of a product: an object schema of options. */
export type OptionsSchema = z.ZodObject<Record<string, z.ZodType>>;

/** What a reader of the schema needs to know of one option. */
export interface OptionInfo {
  /** The option's key (camelCase, as in a manifest and the library). */
  key: string;
  /** Its flag on the command line: --signature-lines. */
  flag: string;
  /** The value's type. */
  type: 'string' | 'number' | 'boolean';
  /** The values allowed, when they are a list. */
  choices?: readonly (string | number)[];
  /** The default, when there is one. */
  default?: unknown;
  /** Must it be given? */
  required: boolean;
  /** Its meta. */
  meta: OptionMeta;
}

/** --signature-lines for signatureLines. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Every option of a schema, in its order, read from the schema itself. */
export function describeOptions(schema: OptionsSchema): OptionInfo[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const meta = (field.meta() ?? { description: '' }) as unknown as OptionMeta;
    let inner = field as z.ZodType;
    let required = true;
    let fallback: unknown;
    for (;;) {
      const def = inner.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
      if (def.type === 'default') {
        required = false;
        fallback = def.defaultValue;
      } else if (def.type === 'optional') {
        required = false;
      } else break;
      inner = def.innerType!;
    }
    const def = inner.def as { type: string; entries?: Record<string, string>; values?: unknown[] };
    let type: OptionInfo['type'] = 'string';
    let choices: OptionInfo['choices'];
    if (def.type === 'enum') choices = Object.values(def.entries!);
    else if (def.type === 'literal') {
      choices = def.values as (string | number)[];
      type = typeof choices[0] === 'number' ? 'number' : 'string';
    } else if (def.type === 'number') type = 'number';
    else if (def.type === 'boolean') type = 'boolean';
    return { key, flag: flagOf(key), type, choices, default: fallback, required, meta };
  });
}

/** How an option is named in a message: `--paper` on the command line, `options.paper` in a manifest. */
export type OptionNaming = (key: string) => string;

/**
 * Parses options with a product's schema, or throws one PressError that names the option, what was
 * found and what is allowed: `--paper: "b5" is not allowed; allowed: a4, letter, a3`.
 */
export function parseOptions<S extends OptionsSchema>(
  schema: S,
  raw: unknown,
  name: OptionNaming = flagOf,
  where?: string,
  code: 'BAD_OPTION' | 'BAD_DATA' = 'BAD_OPTION',
): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const known = describeOptions(schema);
  if (issue.code === 'unrecognized_keys') {
    const names = known.filter((info) => !info.meta.hidden).map((info) => name(info.key));
    throw new PressError(code, `${issue.keys.map((key) => `"${key}"`).join(', ')} is not an option; allowed: ${names.join(', ')}`, where);
  }
  const key = String(issue.path[0] ?? '');
  const info = known.find((candidate) => candidate.key === key);
  const found = (raw as Record<string, unknown> | null | undefined)?.[key];
  if (found === undefined) throw new PressError(code, `${name(key)}: is required; allowed: ${info?.meta.allowed ?? info?.meta.description}`, where);
  const shown = typeof found === 'object' ? JSON.stringify(found) : `"${String(found)}"`;
  // A refinement says itself what is wrong ("is not a length; allowed: …").
  if (issue.code === 'custom') throw new PressError(code, `${name(key)}: ${shown} ${issue.message}`, where);
  const allowed = info?.choices ? info.choices.join(', ') : (info?.meta.allowed ?? issue.message);
  throw new PressError(code, `${name(key)}: ${shown} is not allowed; allowed: ${allowed}`, where);
}

/**
 * A value that `problem` checks: it returns what is wrong, worded to follow the value ("is not a
 * length; allowed: …"), or undefined. Shares one check between the schema and the code that uses
 * the value (parseLength, makeQrMatrix), so both say the same.
 */
export function checkedBy<T extends z.ZodType>(schema: T, problem: (value: z.output<T>) => string | undefined): T {
  return schema.superRefine((value, context) => {
    const message = problem(value);
    if (message) context.addIssue({ code: 'custom', message });
  }) as unknown as T;
}

/** A whole number from `min` to `max`, with the message that says so. */
export function wholeNumber(min: number, max: number) {
  return { schema: z.number().int().min(min).max(max), allowed: `a whole number from ${min} to ${max}` };
}

/** What every product record says (src/products/record.ts), and a document's browser-safe half (documents/spec.ts). */
export interface ProductBase<S extends OptionsSchema> {
  /** The command, and the manifest's `product`. */
  name: string;
  /** One line for --help. */
  describe: string;
  /** Its options: values, defaults and help (see options.ts). */
  options: S;
  /** Command lines for --help, each with what it makes. */
  examples: readonly (readonly [string, string])[];
  /** The default output, relative to output/: a file, or a folder for a batch. */
  output(options: z.output<S>): string;
  /**
   * Rough cost in tenths of a second, to share a build's entries out between processes (measured
   * per entry in a cold build of the standard set, the 2-core machine, 2026-12-02: a declaration
   * 0.2-0.4 s, a handout 0.1-0.4, a two-up handout 0.2-0.3, a poster 0.1-0.3, a tiled poster 0.4,
   * a social card 0.1-0.2, the three sample certificates 0.5).
   */
  weight(options: z.output<S>): number;
}
