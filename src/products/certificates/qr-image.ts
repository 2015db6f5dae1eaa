/**
 * A signed certificate's QR code as an image mask, deflated here rather than by fflate: a 300 ppi
 * mask is some 17 KB of bits, and fflate's level 6 spent about 0.7 ms a certificate searching it
 * for matches this code knows beforehand. Each module is a square of `scale` pixels, so a mask's
 * rows come in runs of `scale` equal rows: each module row is written once as literal bytes (runs
 * of one byte as matches at distance 1) and its other pixel rows as one match at the distance of
 * a row (RFC 1951, fixed Huffman codes), in a zlib stream (RFC 1950). About 3 KB a code instead of
 * fflate's 1 KB, made in a few hundredths of a millisecond; browser-safe, and the same bytes
 * everywhere.
 */
import { flateStreamBody, type Body } from './pdf-syntax.js';

/** The resolution a print shop's preflight asks of every image (src/preflight/images.ts). */
const PRINT_PPI = 300;

/**
 * A QR code as an image mask: one bit a pixel, dark modules painted in the fill colour (ISO
 * 32000-1 8.9.6.2), not interpolated, so a viewer or a printer's RIP draws each module as a hard
 * square. Each module is a square of pixels, as many as make the mask 300 ppi or more where it is
 * placed (6 at 0.5 mm), so the preflight passes it as it passes every image. Vector squares (a
 * rectangle per run of dark modules, some 900 of them) made the content stream 11 KB of text and
 * cost the certificate about 0.6 ms to write and deflate.
 */
export function qrMask(modules: readonly (readonly boolean[])[], module: number): Body {
  const scale = Math.ceil((PRINT_PPI * module) / 72 - 1e-9);
  const size = modules.length * scale;
  const stride = Math.ceil(size / 8);
  const row = new Uint8Array(stride);
  const out = new BitWriter(64 + modules.length * (stride * 2 + 8));
  out.bytes(0x78, 0x01); // zlib: deflate with a 32 KB window, no dictionary
  out.bits(1, 1); // the final block
  out.bits(1, 2); // fixed Huffman codes
  let a = 1;
  let b = 0;
  const { start, spans } = spansOf(modules.length, scale);
  for (const line of modules) {
    row.fill(0);
    for (let x = 0; x < line.length; x++) {
      if (!line[x]) continue;
      for (let k = start[x]!; k < start[x + 1]!; k++) row[spans[k]! >> 8]! |= spans[k]! & 0xff;
    }
    // The row's bytes: a literal, and a run of the same byte after it as a match at distance 1.
    for (let i = 0; i < stride; ) {
      out.code(row[i]!);
      let run = 0;
      while (i + 1 + run < stride && row[i + 1 + run] === row[i] && run < 258) run++;
      if (run >= 3) {
        out.match(run, 1);
        i += 1 + run;
      } else i++;
    }
    // Its other pixel rows: copies of the row before, at the distance of one row.
    for (let rest = (scale - 1) * stride; rest > 0; ) {
      const length = rest <= 258 ? rest : rest - 258 < 3 ? rest - 3 : 258;
      out.match(length, stride);
      rest -= length;
    }
    // Adler-32 of the row, as many times as it is written: each copy adds the row's sum to a, and
    // to b a row's worth of a before it plus each byte weighted by the bytes from it to the row's end.
    let sum = 0;
    let weighted = 0;
    for (let i = 0; i < stride; i++) {
      sum += row[i]!;
      weighted += (stride - i) * row[i]!;
    }
    for (let copy = 0; copy < scale; copy++) {
      b = (b + stride * a + weighted) % 65521;
      a = (a + sum) % 65521;
    }
  }
  out.code(256); // end of block
  out.align();
  out.bytes(b >> 8, b & 0xff, a >> 8, a & 0xff);
  return flateStreamBody(out.finish(), `/Type /XObject\n/Subtype /Image\n/Width ${size}\n/Height ${size}\n/ImageMask true\n/BitsPerComponent 1\n/Decode [ 1 0 ]\n`);
}

// Where each module of a row falls in the row's bytes, by modules a row and pixels a module: a
// batch's codes come in a few sizes, so a few entries.
const spanCache = new Map<string, { start: Uint32Array; spans: Uint32Array }>();

/** Module x's pixels as spans[start[x]] … spans[start[x + 1] - 1]: each a byte's index (above 8 bits) and the bits it sets there. */
function spansOf(count: number, scale: number): { start: Uint32Array; spans: Uint32Array } {
  const key = `${count}/${scale}`;
  let cached = spanCache.get(key);
  if (cached) return cached;
  const start = new Uint32Array(count + 1);
  const spans: number[] = [];
  for (let x = 0; x < count; x++) {
    start[x] = spans.length;
    for (let px = x * scale; px < (x + 1) * scale; px++) {
      const byte = px >> 3;
      const bit = 0x80 >> (px & 7);
      if (spans.length > start[x]! && spans.at(-1)! >> 8 === byte) spans[spans.length - 1]! |= bit;
      else spans.push((byte << 8) | bit);
    }
  }
  start[count] = spans.length;
  spanCache.set(key, (cached = { start, spans: Uint32Array.from(spans) }));
  return cached;
}

// Length symbols 257-285: their base lengths and extra bits (RFC 1951 3.2.5).
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
// Distance symbols 0-29.
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** The last index whose base is at most `value`. */
function symbolOf(bases: readonly number[], value: number): number {
  let i = bases.length - 1;
  while (bases[i]! > value) i--;
  return i;
}

/** A Huffman code's bits in the order they are written: most significant first. */
function reverse(code: number, width: number): number {
  let reversed = 0;
  for (let i = 0; i < width; i++) reversed |= ((code >> i) & 1) << (width - 1 - i);
  return reversed;
}

// The fixed literal/length code (RFC 1951 3.2.6), each symbol's code reversed for writing, and its width.
const FIXED_CODES = new Uint16Array(288);
const FIXED_WIDTHS = new Uint8Array(288);
for (let symbol = 0; symbol < 288; symbol++) {
  const [code, width] = symbol < 144 ? [0x30 + symbol, 8] : symbol < 256 ? [0x190 + symbol - 144, 9] : symbol < 280 ? [symbol - 256, 7] : [0xc0 + symbol - 280, 8];
  FIXED_CODES[symbol] = reverse(code, width);
  FIXED_WIDTHS[symbol] = width;
}

/** Bits written least significant first, Huffman codes most significant first (RFC 1951 3.1.1). */
class BitWriter {
  private buffer: Uint8Array;
  private at = 0;
  private acc = 0;
  private count = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  /** `width` bits of `value`, least significant first. */
  bits(value: number, width: number): void {
    this.acc |= value << this.count;
    this.count += width;
    while (this.count >= 8) {
      this.push(this.acc & 0xff);
      this.acc >>>= 8;
      this.count -= 8;
    }
  }

  /** Whole bytes (after align). */
  bytes(...values: number[]): void {
    for (const value of values) this.push(value);
  }

  /** A literal/length symbol in the fixed code (RFC 1951 3.2.6). */
  code(symbol: number): void {
    this.bits(FIXED_CODES[symbol]!, FIXED_WIDTHS[symbol]!);
  }

  /** A match: copy `length` (3-258) bytes from `distance` (1-32768) back. */
  match(length: number, distance: number): void {
    const l = symbolOf(LENGTH_BASE, length);
    this.code(257 + l);
    if (LENGTH_EXTRA[l]) this.bits(length - LENGTH_BASE[l]!, LENGTH_EXTRA[l]!);
    const d = symbolOf(DISTANCE_BASE, distance);
    this.bits(reverse(d, 5), 5);
    if (DISTANCE_EXTRA[d]) this.bits(distance - DISTANCE_BASE[d]!, DISTANCE_EXTRA[d]!);
  }

  /** To the next byte boundary. */
  align(): void {
    if (this.count > 0) this.bits(0, 8 - this.count);
  }

  finish(): Uint8Array {
    return this.buffer.subarray(0, this.at);
  }

  private push(byte: number): void {
    if (this.at === this.buffer.length) {
      const larger = new Uint8Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.at++] = byte;
  }
}
