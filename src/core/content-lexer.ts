/**
 * The content-stream lexer (the preflight's walk, and imposition's copy without marked content):
 * just enough of PDF syntax (numbers, names, strings, arrays, dicts,
 * inline images, comments) to find operators and their operands.
 *
 * Why our own, when pdf.js (which the text check loads anyway) hands out every page's operators
 * through getOperatorList: to make that list pdf.js decodes every image and builds every glyph, and
 * the preflight needs neither, only the CTM at each image and which font shows text. Measured with
 * `npx tsx bench/preflight.ts walk` (Node 20, a shared 2-core machine): the time to walk every page
 * of the open file, and the peak RSS of the whole process, opening the file included.
 *
 *                                                 our walk (content.ts)   pdf.js getOperatorList
 *   24 x 36 in poster over a 300 ppi photo        0.07 s,   140 MB        2.0 s, 1,007 MB
 *   (one page, 7,275 x 10,875 px, 15 MB file)
 *   1,000 certificates (a form and a name a page) 0.25 s,   121 MB        6.0 s,   582 MB
 *
 * The photo alone, decoded to RGBA, is 316 MB; a poster with several, or at 600 ppi, costs
 * gigabytes, where our walk reads only the image's dictionary.
 */

/** An operand as the lexer reads it: numbers, booleans and null as themselves; names, strings and dicts tagged. */
export type Operand = number | boolean | null | NameOperand | StringOperand | Operand[] | DictOperand;
/** A name, `#xx` escapes decoded, without its slash. */
export interface NameOperand { kind: 'name'; value: string }
/** A literal or hex string, as bytes (their meaning depends on the font). */
export interface StringOperand { kind: 'string'; bytes: Uint8Array }
/** A dictionary operand (marked content properties), keyed by name. */
export interface DictOperand { kind: 'dict'; entries: Map<string, Operand> }

/** An operand, or an operator; BI carries the inline image's dictionary, its data already skipped. */
export type Token =
  | { kind: 'operand'; value: Operand }
  | { kind: 'op'; value: string; inline?: Map<string, Operand> };

/** Whether an operand is a name. */
export function isName(value: Operand | undefined): value is NameOperand {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'name';
}

/** Whether an operand is a string. */
export function isString(value: Operand | undefined): value is StringOperand {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'string';
}

/** PDF white space: NUL, tab, LF, FF, CR, space. */
export function isWhite(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

function isDelimiter(byte: number): boolean {
  // ( ) < > [ ] { } / %
  return byte === 0x28 || byte === 0x29 || byte === 0x3c || byte === 0x3e || byte === 0x5b || byte === 0x5d
    || byte === 0x7b || byte === 0x7d || byte === 0x2f || byte === 0x25;
}

const END_ARRAY = Symbol('end array');
const END_DICT = Symbol('end dict');
/** An operator word, as readValue returns it; next() turns it into a token. */
interface Word { op: string }
type Value = Operand | Word | typeof END_ARRAY | typeof END_DICT;

/**
 * Arrays and dictionaries nest a level or two in real content (TJ arrays, marked-content
 * properties); the cap keeps a hostile `[[[[…` from overflowing the stack. Openers past it are
 * skipped, as noise.
 */
const MAX_NESTING = 64;

function isWord(value: Value | undefined): value is Word {
  return typeof value === 'object' && value !== null && 'op' in value;
}

/** Reads a content stream token by token; it never throws and always ends, however broken the stream. */
export class ContentLexer {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Where the next token starts looking: the byte after the last one read. */
  get offset(): number {
    return this.pos;
  }

  /** The next operator or operand, or undefined at the end. */
  next(): Token | undefined {
    for (;;) {
      const value = this.readValue(0);
      if (value === undefined) return undefined;
      if (value === END_ARRAY || value === END_DICT) continue; // stray closer: skip, as readers do
      if (isWord(value)) {
        if (value.op === 'BI') return { kind: 'op', value: 'BI', inline: this.readInlineImage() };
        return { kind: 'op', value: value.op };
      }
      return { kind: 'operand', value };
    }
  }

  private readValue(depth: number): Value | undefined {
    const { bytes } = this;
    for (;;) {
      this.skipSpace();
      if (this.pos >= bytes.length) return undefined;
      const c = bytes[this.pos]!;
      if (c === 0x28) return { kind: 'string', bytes: this.readLiteral() };
      if (c === 0x3c) {
        if (bytes[this.pos + 1] !== 0x3c) return { kind: 'string', bytes: this.readHex() };
        this.pos += 2;
        if (depth < MAX_NESTING) return this.readDict(depth + 1);
        continue;
      }
      if (c === 0x3e && bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return END_DICT;
      }
      if (c === 0x5b) {
        this.pos++;
        if (depth < MAX_NESTING) return this.readArray(depth + 1);
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return END_ARRAY;
      }
      if (c === 0x2f) {
        this.pos++;
        return { kind: 'name', value: this.readName() };
      }
      const word = this.readRegular();
      if (word === '') {
        this.pos++; // a stray ) > { }: skip it (the delimiters above never get here)
        continue;
      }
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      return { op: word };
    }
  }

  private skipSpace(): void {
    const { bytes } = this;
    while (this.pos < bytes.length) {
      const c = bytes[this.pos]!;
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < bytes.length && bytes[this.pos] !== 0x0a && bytes[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  private readRegular(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && !isWhite(this.bytes[this.pos]!) && !isDelimiter(this.bytes[this.pos]!)) this.pos++;
    return latin1(this.bytes.subarray(start, this.pos));
  }

  private readName(): string {
    const raw = this.readRegular();
    return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }

  private readLiteral(): Uint8Array {
    const { bytes } = this;
    const out: number[] = [];
    let depth = 0;
    this.pos++; // (
    while (this.pos < bytes.length) {
      const c = bytes[this.pos++]!;
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (depth === 0) break;
        depth--;
      } else if (c === 0x5c) {
        const e = bytes[this.pos++];
        if (e === undefined) break;
        if (e >= 0x30 && e <= 0x37) {
          let code = e - 0x30;
          for (let i = 0; i < 2 && bytes[this.pos]! >= 0x30 && bytes[this.pos]! <= 0x37; i++) code = code * 8 + bytes[this.pos++]! - 0x30;
          out.push(code & 0xff);
        } else if (e === 0x0d) {
          if (bytes[this.pos] === 0x0a) this.pos++; // line continuation
        } else if (e !== 0x0a) {
          out.push(ESCAPES[e] ?? e);
        }
        continue;
      } else if (c === 0x0d) {
        // An unescaped end of line, CR, LF or CRLF, is one LF in the string (ISO 32000-1, 7.3.4.2).
        if (bytes[this.pos] === 0x0a) this.pos++;
        out.push(0x0a);
        continue;
      }
      out.push(c);
    }
    return Uint8Array.from(out);
  }

  private readHex(): Uint8Array {
    const { bytes } = this;
    this.pos++; // <
    const out: number[] = [];
    let high = -1;
    while (this.pos < bytes.length && bytes[this.pos] !== 0x3e) {
      const digit = hexValue(bytes[this.pos++]!);
      if (digit < 0) continue; // white space, or noise a reader skips too
      if (high < 0) high = digit;
      else {
        out.push(high * 16 + digit);
        high = -1;
      }
    }
    this.pos++; // >
    if (high >= 0) out.push(high * 16); // an odd last digit is followed by an implied 0
    return Uint8Array.from(out);
  }

  private readArray(depth: number): Operand[] {
    const items: Operand[] = [];
    for (;;) {
      const item = this.readValue(depth);
      if (item === undefined || item === END_ARRAY) return items;
      if (item === END_DICT || isWord(item)) continue;
      items.push(item);
    }
  }

  private readDict(depth: number): DictOperand {
    const entries = new Map<string, Operand>();
    for (;;) {
      const key = this.readValue(depth);
      if (key === undefined || key === END_DICT) break;
      if (key === END_ARRAY || isWord(key) || !isName(key)) continue;
      const value = this.readValue(depth);
      if (value === undefined || value === END_DICT) break;
      if (value === END_ARRAY || isWord(value)) continue;
      entries.set(key.value, value);
    }
    return { kind: 'dict', entries };
  }

  /** After BI: the image dictionary up to ID, then the binary data up to EI, which is skipped. */
  private readInlineImage(): Map<string, Operand> {
    const entries = new Map<string, Operand>();
    for (;;) {
      const key = this.readValue(1);
      if (key === undefined) return entries;
      if (isWord(key)) {
        if (key.op === 'ID') break;
        continue;
      }
      if (key === END_ARRAY || key === END_DICT || !isName(key)) continue;
      const value = this.readValue(1);
      if (value === undefined) return entries;
      if (isWord(value)) {
        if (value.op === 'ID') break;
        continue;
      }
      if (value !== END_ARRAY && value !== END_DICT) entries.set(key.value, value);
    }
    // One whitespace byte separates ID from the data; the data ends at whitespace, "EI", whitespace or end.
    const { bytes } = this;
    let i = this.pos + 1;
    while (i + 1 < bytes.length) {
      if (bytes[i] === 0x45 && bytes[i + 1] === 0x49 && isWhite(bytes[i - 1]!)
        && (i + 2 >= bytes.length || isWhite(bytes[i + 2]!) || isDelimiter(bytes[i + 2]!))) break;
      i++;
    }
    this.pos = Math.min(i + 2, bytes.length);
    return entries;
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}
