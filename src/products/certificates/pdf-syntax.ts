/**
 * PDF syntax as pdf-lib 1.17 writes it, for the certificates' writer (writer.ts), which writes
 * each certificate's few objects, the cross-reference table and the trailer itself, byte for byte
 * what pdf-lib's writer made of the same objects (ISO 32000-1 7.3, 7.5): numbers without
 * exponents, dictionaries one entry a line, `N 0 obj … endobj` separated by blank lines.
 */
import { zlibLevel6 } from './deflate.js';
import { zlibQuick } from './quick-deflate.js';

const ascii = new TextEncoder();

/** A number as pdf-lib writes it (its numberToString): JavaScript's shortest form, never an exponent. */
export function pdfNumber(num: number): string {
  let text = String(num);
  // Without an exponent, JavaScript's form is pdf-lib's.
  if (!text.includes('e')) return text;
  if (Math.abs(num) < 1) {
    const e = Number.parseInt(text.split('e-')[1] ?? '', 10);
    if (e) {
      const negative = num < 0;
      let value = negative ? -num : num;
      value *= 10 ** (e - 1);
      text = `0.${'0'.repeat(e - 1)}${value.toString().substring(2)}`;
      if (negative) text = `-${text}`;
    }
  } else {
    let e = Number.parseInt(text.split('+')[1] ?? '', 10);
    if (e > 20) {
      e -= 20;
      text = `${num / 10 ** e}${'0'.repeat(e)}`;
    }
  }
  return text;
}

// Each 16-bit value's four digits, made when first asked for: a combined file writes a glyph id
// thousands of times. Bounded by the 65,536 values.
const HEX4 = new Array<string | undefined>(0x10000);

/** Four upper-case hex digits (more when needed): glyph ids in text, code units in strings. */
export function hex4(value: number): string {
  if (value === (value & 0xffff)) return (HEX4[value] ??= value.toString(16).padStart(4, '0').toUpperCase());
  return value.toString(16).padStart(4, '0').toUpperCase();
}

/** A text string as pdf-lib's PDFHexString.fromText writes it: UTF-16BE with its byte order mark. */
export function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += hex4(text.charCodeAt(i));
  return `<${hex}>`;
}

/** A date as pdf-lib writes it (PDFString.fromDate): `(D:YYYYMMDDHHmmSSZ)`, in UTC. */
export function pdfDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `(D:${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z)`;
}

const NAME_REGULAR = /^[!-~]$/;
const NAME_DELIMITER = /[()<>[\]{}/%#]/;
const PLAIN_NAME = /^[A-Za-z0-9_.+-]*$/;

/** A name object, `/Name`, escaped as pdf-lib escapes it (#xx for delimiters and bytes outside ! to ~). */
export function pdfName(name: string): string {
  // Most names (fonts' PostScript names and pdf-lib's suffixes) need no escape: written as they are.
  if (PLAIN_NAME.test(name)) return `/${name}`;
  let out = '/';
  for (const char of name) {
    const code = char.charCodeAt(0);
    out += NAME_REGULAR.test(char) && !NAME_DELIMITER.test(char) ? char : `#${code.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

/** A stream's dictionary and data, as pdf-lib writes a flate stream it made: `/Filter`, then `/Length`. */
export function flateStreamBody(data: Uint8Array, entries = ''): FilePart[] {
  return [`<<\n${entries}/Filter /FlateDecode\n/Length ${data.length}\n>>\nstream\n`, data, STREAM_END];
}

/**
 * Deflates a stream (zlib format, level 6): fflate's compressor (deflate.ts), in plain JavaScript, so the CLI and the browser
 * studio write the same bytes from the same certificate (Node's zlib is Node's alone).
 */
export function deflate(data: string | Uint8Array): Uint8Array {
  return zlibLevel6(typeof data === 'string' ? latin1(data) : data);
}

/**
 * Deflates a combined file's page's own content (zlib: greedy matches in fixed codes, see
 * quick-deflate.ts): a third of `deflate`'s time on its 1.8 KB, some 180 bytes more. The same
 * bytes in the CLI and the studio.
 */
export function deflateFast(text: string): Uint8Array {
  if (scratch.length < text.length) scratch = new Uint8Array(Math.max(text.length, 2 * scratch.length));
  const bytes = scratch.subarray(0, text.length);
  if (ascii.encodeInto(text, bytes).read !== text.length) for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return zlibQuick(bytes);
}
// deflateFast's input as bytes, grown to the longest page: read by the deflater and let go.
let scratch = new Uint8Array(1 << 12);

/** Text as Latin-1 bytes (one byte a character: PDF syntax is ASCII, names and strings escaped). */
export function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  // ASCII (all of PDF syntax) the engine writes natively as UTF-8, the same bytes (see joinParts).
  if (ascii.encodeInto(text, bytes).read !== text.length) for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Bytes as Latin-1 text (the inverse of latin1). */
export function fromLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

const STREAM_END = '\nendstream';
const HEADER = latin1('%PDF-1.7\n%\x81\x81\x81\x81\n\n');

/** An object's body: text (Latin-1: the syntax is ASCII) or bytes, or parts of either. */
export type Body = string | Uint8Array | readonly (string | Uint8Array)[];

/** A part of a file: bytes, or ASCII text written as Latin-1 (one byte a character). */
export type FilePart = string | Uint8Array;

/**
 * A PDF file being written: objects by number, then written in number order with a classic
 * cross-reference table and a trailer naming the catalog and the document information, as pdf-lib
 * writes a document saved without object streams. An object already framed (`N 0 obj` … `endobj`,
 * the same in every document of a batch) is taken as bytes. Text stays text until it is written:
 * a certificate's own objects then cost no buffers at all.
 */
export class PdfFile {
  // Each object's parts, by its number: a combined file's pages add some twenty small objects each,
  // and the numbers index them (no sort, no record per object).
  private readonly objects: (FilePart | FilePart[])[] = [];

  /** Adds object `number` with its body. */
  add(number: number, body: Body): void {
    // Text is one part.
    if (typeof body === 'string') return this.put(number, `${number} 0 obj\n${body}${OBJECT_END}`);
    const parts: FilePart[] = [`${number} 0 obj\n`];
    for (const part of body instanceof Uint8Array ? [body] : body) parts.push(part);
    parts.push(OBJECT_END);
    this.put(number, parts);
  }

  /** Adds an object framed once for many files (see frameObject). */
  addFramed(number: number, framed: Uint8Array): void {
    this.put(number, framed);
  }

  private put(number: number, parts: FilePart | FilePart[]): void {
    if (!(number >= 1 && Number.isInteger(number)) || this.objects[number] !== undefined) throw new Error(`certificate writer: object ${number} added twice or not a number`);
    this.objects[number] = parts;
  }

  /**
   * The file as the parts it is made of, in order (header, objects in number order, xref,
   * trailer), to be written without joining them: most parts are the same bytes in every file of
   * a batch. Text that follows text is one part: each part is a system call when written (a
   * tagged certificate's structure tree alone is some twenty small objects). Numbers must run
   * 1…N without a gap.
   */
  parts(root: number, info: number): FilePart[] {
    const size = Math.max(this.objects.length, 1);
    const chunks: FilePart[] = [HEADER];
    let offset = HEADER.length;
    let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
    let text = '';
    const add = (part: FilePart) => {
      offset += part.length;
      if (typeof part === 'string') text += part;
      else {
        if (text) chunks.push(text);
        text = '';
        chunks.push(part);
      }
    };
    for (let number = 1; number < size; number++) {
      const object = this.objects[number];
      if (object === undefined) throw new Error(`certificate writer: object ${number} is missing`);
      xref += `${String(offset).padStart(10, '0')} 00000 n \n`;
      if (Array.isArray(object)) for (const part of object) add(part);
      else add(object);
    }
    chunks.push(`${text}${xref}\ntrailer\n<<\n/Size ${size}\n/Root ${root} 0 R\n/Info ${info} 0 R\n>>\n\nstartxref\n${offset}\n%%EOF`);
    return chunks;
  }
}


/**
 * A PDF file whose objects are copied into bytes as they are added, and joined by `bytes`: the
 * same bytes as PdfFile's parts joined. For a combined file, whose pages add some twenty small
 * objects each (a dictionary, structure elements): kept as text until the file was joined, all of
 * them were alive at once, and each garbage collection copied them again (2026-12-02, 1,000 pages:
 * the finish, 165 ms of a 960 ms batch, of it 60 in the structure tree, 30 joining the text, 30
 * in the parts and the cross-reference table).
 */
export class PackedPdfFile {
  private readonly blocks: Uint8Array[] = [];
  private block = new Uint8Array(0);
  private at = 0;
  // Each object's block, start and end, by its number (an end of 0: no object yet).
  private places = new Int32Array(3 * 1024);
  private size = 1;

  /** Adds object `number` with its body. */
  add(number: number, body: Body): void {
    // Written as `N 0 obj\n`, the body's parts, `\nendobj\n\n`, without a string or list of them: most are a few dozen bytes.
    const digits = String(number).length;
    let length = digits + OBJECT_HEAD.length + OBJECT_END.length;
    const single = typeof body === 'string' || body instanceof Uint8Array;
    if (single) length += body.length;
    else for (const part of body) length += part.length;
    let at = this.reserve(number, length);
    const start = at;
    for (let digit = digits - 1, value = number; digit >= 0; digit--, value = Math.floor(value / 10)) this.block[at + digit] = 48 + (value % 10);
    at = writeLatin1(OBJECT_HEAD, this.block, at + digits);
    if (single) at = writeLatin1(body, this.block, at);
    else for (const part of body) at = writeLatin1(part, this.block, at);
    this.placed(number, start, writeLatin1(OBJECT_END, this.block, at));
  }

  /** Adds an object framed once for many files (see frameObject). */
  addFramed(number: number, framed: Uint8Array): void {
    const at = this.reserve(number, framed.length);
    this.placed(number, at, writeLatin1(framed, this.block, at));
  }

  /** Room for `length` bytes of object `number` in the current block (or a new one); returns where. */
  private reserve(number: number, length: number): number {
    if (!(number >= 1 && Number.isInteger(number)) || (3 * number < this.places.length && this.places[3 * number + 2] !== 0)) throw new Error(`certificate writer: object ${number} added twice or not a number`);
    if (this.at + length > this.block.length) {
      this.block = new Uint8Array(Math.max(BLOCK, length));
      this.blocks.push(this.block);
      this.at = 0;
    }
    return this.at;
  }

  private placed(number: number, start: number, end: number): void {
    while (3 * number + 2 >= this.places.length) {
      const grown = new Int32Array(2 * this.places.length);
      grown.set(this.places);
      this.places = grown;
    }
    this.places[3 * number] = this.blocks.length - 1;
    this.places[3 * number + 1] = start;
    this.places[3 * number + 2] = end;
    this.at = end;
    this.size = Math.max(this.size, number + 1);
  }

  /** The file (header, objects in number order, xref, trailer). Numbers must run 1…N without a gap. */
  bytes(root: number, info: number): Uint8Array {
    const { size, places, blocks } = this;
    let offset = HEADER.length;
    for (let number = 1; number < size; number++) {
      if (places[3 * number + 2] === 0) throw new Error(`certificate writer: object ${number} is missing`);
      offset += places[3 * number + 2]! - places[3 * number + 1]!;
    }
    const xrefHead = `xref\n0 ${size}\n0000000000 65535 f \n`;
    const trailer = `\ntrailer\n<<\n/Size ${size}\n/Root ${root} 0 R\n/Info ${info} 0 R\n>>\n\nstartxref\n${offset}\n%%EOF`;
    const file = new Uint8Array(offset + xrefHead.length + 20 * (size - 1) + trailer.length);
    file.set(HEADER);
    let at = HEADER.length;
    let xref = writeLatin1(xrefHead, file, offset);
    for (let number = 1; number < size; number++) {
      // Ten digits of the object's offset, then ` 00000 n \n` (ISO 32000-1 7.5.4).
      for (let digit = 9, value = at; digit >= 0; digit--, value = Math.floor(value / 10)) file[xref + digit] = 48 + (value % 10);
      xref = writeLatin1(' 00000 n \n', file, xref + 10);
      const [block, start, end] = [places[3 * number]!, places[3 * number + 1]!, places[3 * number + 2]!];
      file.set(blocks[block]!.subarray(start, end), at);
      at += end - start;
    }
    writeLatin1(trailer, file, xref);
    return file;
  }
}

// PackedPdfFile's blocks: a combined file of 1,000 pages is some 4 MB.
const BLOCK = 1 << 20;

/** Writes a part into `bytes` at `at` (text as Latin-1, a byte a character); returns where it ends. */
function writeLatin1(part: FilePart, bytes: Uint8Array, at: number): number {
  if (typeof part !== 'string') {
    bytes.set(part, at);
    return at + part.length;
  }
  // Short text is copied character by character; longer, by the engine as UTF-8 (the same bytes for ASCII, see joinParts).
  if (part.length > 32 && ascii.encodeInto(part, bytes.subarray(at, at + part.length)).read === part.length) return at + part.length;
  for (let i = 0; i < part.length; i++) bytes[at + i] = part.charCodeAt(i);
  return at + part.length;
}

/** The parts of a file joined into its bytes: one buffer, each part copied in once (text as Latin-1, a byte a character). */
export function joinParts(parts: readonly FilePart[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      // ASCII text is the same bytes in UTF-8, which the engine writes natively: all of it fits in as
      // many bytes as characters only when it is all ASCII. Else Latin-1, a byte a character.
      if (ascii.encodeInto(part, joined.subarray(at, at + part.length)).read !== part.length) {
        for (let i = 0; i < part.length; i++) joined[at + i] = part.charCodeAt(i);
      }
    } else joined.set(part, at);
    at += part.length;
  }
  return joined;
}

const OBJECT_END = '\nendobj\n\n';
const OBJECT_HEAD = ' 0 obj\n';

/** An object framed as `N 0 obj\n…\nendobj\n\n`, for addFramed. */
export function frameObject(number: number, body: Uint8Array): Uint8Array {
  return joinParts([`${number} 0 obj\n`, body, OBJECT_END]);
}

/**
 * pdf-lib's resource names: `<tag>-<10 digits>` from a generator seeded with 1 in every document
 * (SimpleRNG): the n-th name a document asks for has the n-th number. Memoised: a combined file of
 * 10,000 pages asks for about 50,000.
 */
const suffixes: number[] = [];
function suffix(n: number): number {
  for (let seed = suffixes.length + 1; seed <= n; seed++) {
    const x = Math.sin(seed) * 10000;
    suffixes.push(Math.floor((x - Math.floor(x)) * 10 ** 10));
  }
  return suffixes[n - 1]!;
}

/** A document's resource names, drawn in pdf-lib's order; a name already in the dictionary is drawn again, as pdf-lib does. */
export class Names {
  private drawn = 0;
  next(tag: string, taken: ReadonlySet<string>): string {
    let name: string;
    do name = `${tag}-${suffix(++this.drawn)}`;
    while (taken.has(name));
    return name;
  }
}

// Colours as pdf-lib writes `r g b rg`, by #rrggbb: bounded by the few colours of the layout.
const fills = new Map<string, string>();
export function fillColor(hex: string): string {
  let fill = fills.get(hex);
  if (!fill) {
    const value = Number.parseInt(hex.slice(1), 16);
    fill = `${[(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => pdfNumber(c / 255)).join(' ')} rg`;
    fills.set(hex, fill);
  }
  return fill;
}
