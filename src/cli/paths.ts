/**
 * Paths as a person at a terminal reads them. The library reports absolute paths; the CLI, where
 * it prints, makes those inside the working directory relative to it.
 */
import { sep } from 'node:path';

/** A path relative to the working directory when inside it, else as it is. */
export function displayPath(file: string): string {
  const cwd = process.cwd() + sep;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

/** A message with every absolute path inside the working directory made relative. */
export function displayMessage(text: string): string {
  return text.replaceAll(process.cwd() + sep, '');
}
