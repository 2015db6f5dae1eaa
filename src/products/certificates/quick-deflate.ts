/**
 * zlib for a combined file's pages: each match found with one look into a table of where each
 * four bytes were last seen (the longest there, greedily, as LZ4 and zlib's level 1 find them),
 * written with DEFLATE's fixed codes in one block, or stored when that is shorter (noise).
 *
 * Why our own: a combined file of 1,000 certificates deflates 1,000 page contents of some 1.8 KB
 * each, and no library does that quickly. Measured 2026-12-02 on the 2-core machine, per page
 * (the pages of a real 1,000-row combined file): this 21 us and 775 bytes; deflate.ts's level-6
 * matches in fixed codes 70 us and 716 bytes (fewer matches looked at: 50-60 us; none at all,
 * still 58 us: its per-byte work is the cost, not its search); Node's zlib level 1 64 us (most of
 * it the call); fflate level 1 194 us and pako level 1 244 us (each call allocates its window and
 * tables). Some 60 bytes more a page, of about 3,800.
 * test/products/certificates/deflate.test.ts inflates what it writes.
 */

/**
 * The fixed literal/length codes (RFC 1951 3.2.6), bit-reversed as they are written, and their
 * lengths; with the match tables below, shared with the QR codes' masks (qr-image.ts).
 */
export const FIXED_CODES = new Uint16Array(288);
export const FIXED_WIDTHS = new Uint8Array(288);
for (let symbol = 0; symbol < 288; symbol++) {
  const [code, length] = symbol < 144 ? [0x30 + symbol, 8] : symbol < 256 ? [0x190 + symbol - 144, 9] : symbol < 280 ? [symbol - 256, 7] : [0xc0 + symbol - 280, 8];
  FIXED_CODES[symbol] = reverse(code, length);
  FIXED_WIDTHS[symbol] = length;
}

/** The low `length` bits of `code` in reverse order: Huffman codes are written from their top bit. */
function reverse(code: number, length: number): number {
  let reversed = 0;
  for (let i = 0; i < length; i++, code >>= 1) reversed = (reversed << 1) | (code & 1);
  return reversed;
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258, 259];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577, 32769];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const WINDOW = 32768;

/** Each match length's (3-258) and distance's (1-32768) whole code (its symbol's code, then its extra bits) and its length in bits. */
export const LENGTH_CODES = new Uint32Array(259);
export const LENGTH_WIDTHS = new Uint8Array(259);
for (let c = 0; c < 29; c++) {
  const symbol = 257 + c;
  for (let length = LENGTH_BASE[c]!; length < LENGTH_BASE[c + 1]!; length++) {
    LENGTH_CODES[length] = FIXED_CODES[symbol]! | ((length - LENGTH_BASE[c]!) << FIXED_WIDTHS[symbol]!);
    LENGTH_WIDTHS[length] = FIXED_WIDTHS[symbol]! + LENGTH_EXTRA[c]!;
  }
}
export const DISTANCE_CODES = new Uint32Array(WINDOW + 1);
export const DISTANCE_WIDTHS = new Uint8Array(WINDOW + 1);
for (let c = 0; c < 30; c++) {
  for (let distance = DISTANCE_BASE[c]!; distance < DISTANCE_BASE[c + 1]!; distance++) {
    DISTANCE_CODES[distance] = reverse(c, 5) | ((distance - DISTANCE_BASE[c]!) << 5);
    DISTANCE_WIDTHS[distance] = 5 + DISTANCE_EXTRA[c]!;
  }
}

// Where each four bytes' hash was last seen; and the output's room, grown to the largest asked for (each call's bytes are copied out).
const HASH_BITS = 12;
const last = new Int32Array(1 << HASH_BITS);
let room = new Uint8Array(1 << 12);

/** The hash of the four bytes at `i`. */
function hash(data: Uint8Array, i: number): number {
  return Math.imul(data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24), 2654435761) >>> (32 - HASH_BITS);
}

/** `data` in zlib format: one fixed-code block of greedy matches, or stored blocks when those are shorter. */
export function zlibQuick(data: Uint8Array): Uint8Array {
  const n = data.length;
  const stored = 2 + n + 5 * Math.max(1, Math.ceil(n / 65535)) + 4;
  // A fixed code is at most 9 bits a byte, and the block's ends fit in 8 bytes.
  const size = Math.max(stored, 2 + Math.ceil((n * 9) / 8) + 8 + 4);
  if (room.length < size) room = new Uint8Array(Math.max(size, 2 * room.length));
  const out = room;
  last.fill(-1);
  // The header: deflate, 32 KB window, the fastest level's flag, the check bits (0x7801 % 31 = 0).
  out[0] = 0x78;
  out[1] = 0x01;
  let p = 2;
  // Bits not yet written, from the lowest: the block's header first (final, fixed codes).
  let bits = 0b011;
  let count = 3;
  const end = n - 4;
  for (let i = 0; i < n; ) {
    let length = 0;
    let distance = 0;
    if (i <= end) {
      const h = hash(data, i);
      const at = last[h]!;
      last[h] = i;
      if (at >= 0 && i - at <= WINDOW && data[at] === data[i] && data[at + 1] === data[i + 1] && data[at + 2] === data[i + 2] && data[at + 3] === data[i + 3]) {
        const most = Math.min(258, n - i);
        length = 4;
        while (length < most && data[at + length] === data[i + length]) length++;
        distance = i - at;
      }
    }
    if (length > 0) {
      bits |= LENGTH_CODES[length]! << count;
      count += LENGTH_WIDTHS[length]!;
      for (; count >= 8; count -= 8, bits >>>= 8) out[p++] = bits;
      bits |= DISTANCE_CODES[distance]! << count;
      count += DISTANCE_WIDTHS[distance]!;
      for (; count >= 8; count -= 8, bits >>>= 8) out[p++] = bits;
      // The places inside the match are remembered too: the next match may start at any of them.
      const next = Math.min(i + length, end + 1);
      // The four bytes at j, kept as the window moves on a byte (the hash inlined: this loop is half the work).
      let four = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
      for (let j = i + 1; j < next; j++) {
        four = (four >>> 8) | (data[j + 3]! << 24);
        last[Math.imul(four, 2654435761) >>> (32 - HASH_BITS)] = j;
      }
      i += length;
    } else {
      const symbol = data[i++]!;
      bits |= FIXED_CODES[symbol]! << count;
      count += FIXED_WIDTHS[symbol]!;
      for (; count >= 8; count -= 8, bits >>>= 8) out[p++] = bits;
    }
  }
  // The end of the block, and the last byte's bits.
  bits |= FIXED_CODES[256]! << count;
  count += FIXED_WIDTHS[256]!;
  for (; count > 0; count -= 8, bits >>>= 8) out[p++] = bits;
  if (p + 4 > stored) p = storedBlocks(data, out);
  const check = adler32(data);
  out[p++] = check >>> 24;
  out[p++] = check >>> 16;
  out[p++] = check >>> 8;
  out[p++] = check;
  return out.slice(0, p);
}

/** `data` as stored blocks after the zlib header in `out` (at most 65,535 bytes each); returns where they end. */
function storedBlocks(data: Uint8Array, out: Uint8Array): number {
  let p = 2;
  let i = 0;
  do {
    const length = Math.min(65535, data.length - i);
    out[p++] = i + length === data.length ? 1 : 0;
    out[p++] = length & 255;
    out[p++] = length >> 8;
    out[p++] = ~length & 255;
    out[p++] = (~length >> 8) & 255;
    out.set(data.subarray(i, i + length), p);
    p += length;
    i += length;
  } while (i < data.length);
  return p;
}

/** Adler-32 of the data, as the zlib trailer has it (RFC 1950). */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // Reduced every 2,655 bytes, as fflate does: the sums stay exact integers.
    const stop = Math.min(i + 2655, data.length);
    for (; i < stop; i++) b += a += data[i]!;
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
