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
import { DISTANCE_CODES, DISTANCE_WIDTHS, FIXED_CODES, FIXED_WIDTHS, LENGTH_CODES, LENGTH_WIDTHS } from './quick-deflate.js';

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
    this.bits(LENGTH_CODES[length]!, LENGTH_WIDTHS[length]!);
    this.bits(DISTANCE_CODES[distance]!, DISTANCE_WIDTHS[distance]!);
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
