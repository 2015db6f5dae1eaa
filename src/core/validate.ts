import type { z } from 'zod';
import { PressError } from './errors.js';

/**
 * Validates parsed JSON against a schema, or throws a PressError that names the file, the field
 * (as a JSON path), what was found and what is allowed.
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '') || '(top level)';
  const found = describe(issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], value));
  throw new PressError('BAD_DATA', `${path}: ${issue.message} (found ${found})`, file);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}
