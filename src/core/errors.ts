/** What went wrong, as a stable code a program can switch on. */
export type PressErrorCode =
  | 'BAD_OPTION' // an option value the command does not allow
  | 'MISSING_FILE' // an input file that does not exist or cannot be read
  | 'BAD_DATA' // a data file whose content breaks its schema (JSON, CSV, XLSX, manifest)
  | 'BAD_ENCODING' // a text file whose encoding cannot be told with confidence
  | 'NO_GLYPH' // a character that no bundled font has
  | 'WRITE_FAILED' // an output path that cannot be written
  | 'BAD_PDF' // a PDF that cannot be read (preflight)
  | 'BATCH_FAILED'; // a batch in which one or more items failed

/** The one error type: lower layers throw it, only the CLI prints it. */
export class PressError extends Error {
  /** Stable code for programs. */
  readonly code: PressErrorCode;
  /** Where: a file, optionally with `:line` and a field, as the user would look it up. */
  readonly where?: string;

  constructor(code: PressErrorCode, message: string, where?: string) {
    super(printable(where ? `${where}: ${message}` : message));
    this.name = 'PressError';
    this.code = code;
    this.where = where;
  }
}

/** Throws a PressError; a `never` so callers can use it in expressions. */
export function fail(code: PressErrorCode, message: string, where?: string): never {
  throw new PressError(code, message, where);
}

/**
 * Control and text-direction characters (NUL, BEL, ESC, U+202E…) that a list or a file name may
 * carry, written as `U+XXXX`: echoed raw, they would ring the terminal, move its cursor, or show a
 * message right to left. Line breaks between a message's lines are kept.
 */
const UNPRINTABLE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** A text as a terminal may print it: every control and direction character as `U+XXXX`, except line breaks. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => (char === '\n' ? char : codePoint(char)));
}

/** Formats a code point as U+XXXX. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
