/**
 * A QR code symbol (ISO/IEC 18004) of one byte-mode segment with a fixed mask, encoded here rather
 * than by the qrcode library: a signed certificate batch makes one code per certificate, and the
 * library's general path (its segment search, its symbol built once per level it probes, its
 * polynomial arithmetic on arrays) cost about 0.45 ms a code; this costs a few hundredths. The
 * modules are those the library makes of the same segment, version, level and mask
 * (test/core/qr-symbol.test.ts compares the two over every version and level), and the tests scan
 * every signed certificate's code.
 */

/** Error correction levels, weakest first. */
export type QrLevel = 'L' | 'M' | 'Q' | 'H';

/** The strongest level first: the order a symbol's level is chosen in, once its version is. */
const STRONGEST_FIRST: readonly QrLevel[] = ['H', 'Q', 'M', 'L'];

/** Each level's two bits in the format information (ISO/IEC 18004 table 12). */
const FORMAT_BITS: Record<QrLevel, number> = { L: 1, M: 0, Q: 3, H: 2 };

// Error correction codewords per block and blocks per symbol, by level and version (1-40; index 0 unused): ISO/IEC 18004 table 9.
const ECC_PER_BLOCK: Record<QrLevel, readonly number[]> = {
  L: [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  M: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  Q: [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  H: [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
};
const BLOCKS: Record<QrLevel, readonly number[]> = {
  L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  Q: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  H: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
};

/** A symbol: its version, level and modules (row-major, 1 dark, 0 light; no quiet zone). */
export interface QrSymbol {
  /** 1-40. */
  version: number;
  /** The error correction level. */
  level: QrLevel;
  /** Modules per side: 17 + 4 × version. */
  size: number;
  /** `modules[row * size + col]`, 1 for dark. */
  modules: Uint8Array;
}

/** The modules a version's data and error correction codewords fill (all but the function patterns), in bits. */
function rawDataModules(version: number): number {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

/** The data codewords a version holds at a level. */
function dataCodewords(version: number, level: QrLevel): number {
  return Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[level][version]! * BLOCKS[level][version]!;
}

/** The bits a byte-mode segment of `length` bytes takes: mode, character count, data. */
function segmentBits(version: number, length: number): number {
  return 4 + (version <= 9 ? 8 : 16) + 8 * length;
}

/** Whether `length` bytes fit a version at a level. */
function fits(version: number, level: QrLevel, length: number): boolean {
  return segmentBits(version, length) <= dataCodewords(version, level) * 8 && length < (version <= 9 ? 256 : 65536);
}

/** The most bytes one byte-mode segment holds at a version and level. */
export function byteCapacity(version: number, level: QrLevel): number {
  return Math.floor((dataCodewords(version, level) * 8 - segmentBits(version, 0)) / 8);
}

/**
 * `data` as the symbol of the fewest modules (the smallest version that holds it at level L), at
 * the strongest level that version still holds, with the data masked by `mask` (0-7); undefined
 * when no version holds it.
 */
export function encodeBytes(data: Uint8Array, mask = 0): QrSymbol | undefined {
  let version = 1;
  while (version <= 40 && !fits(version, 'L', data.length)) version++;
  if (version > 40) return undefined;
  const level = STRONGEST_FIRST.find((candidate) => fits(version, candidate, data.length))!;
  return encodeSymbol(data, version, level, mask);
}

/** `data` (at most byteCapacity(version, level) bytes) as the symbol of that version and level, masked by `mask` (0-7). */
export function encodeSymbol(data: Uint8Array, version: number, level: QrLevel, mask = 0): QrSymbol {
  if (!fits(version, level, data.length)) throw new RangeError(`QR symbol: ${data.length} bytes do not fit version ${version}-${level}`);
  return { version, level, size: 17 + 4 * version, modules: drawSymbol(version, level, mask, codewords(data, version, level)) };
}

// GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d), as exponent and log tables.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

// Reed-Solomon generator polynomials by degree (coefficients after the leading 1), made once each.
const generators = new Map<number, Uint8Array>();
function generator(degree: number): Uint8Array {
  let poly = generators.get(degree);
  if (poly) return poly;
  // The product of (x - α^i) for i in 0..degree-1, highest power first.
  poly = new Uint8Array(degree);
  poly[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      poly[j] = multiply(poly[j]!, root);
      if (j + 1 < degree) poly[j] ^= poly[j + 1]!;
    }
    root = multiply(root, 2);
  }
  generators.set(degree, poly);
  return poly;
}

function multiply(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** The error correction codewords of one block: the remainder of its data divided by the generator. */
function errorCorrection(data: Uint8Array, degree: number): Uint8Array {
  let logs = generatorLogs.get(degree);
  if (!logs) generatorLogs.set(degree, (logs = Uint8Array.from(generator(degree), (coefficient) => LOG[coefficient]!)));
  const rest = new Uint8Array(degree);
  const last = degree - 1;
  for (let d = 0; d < data.length; d++) {
    const factor = data[d]! ^ rest[0]!;
    if (factor === 0) {
      rest.copyWithin(0, 1);
      rest[last] = 0;
      continue;
    }
    const log = LOG[factor]!;
    // Shifted one place and the generator times the factor added, in one pass; a generator's
    // coefficients are never 0: each is α to the power of its log.
    for (let i = 0; i < last; i++) rest[i] = rest[i + 1]! ^ EXP[logs[i]! + log]!;
    rest[last] = EXP[logs[last]! + log]!;
  }
  return rest;
}

// The generators' coefficients as logs, by degree.
const generatorLogs = new Map<number, Uint8Array>();

/** The segment, terminated and padded, split into blocks, each with its error correction, interleaved. */
function codewords(data: Uint8Array, version: number, level: QrLevel): Uint8Array {
  const capacity = dataCodewords(version, level);
  const bytes = new Uint8Array(capacity);
  // Mode 0100 (byte), the count (8 or 16 bits), the data, the terminator 0000: an even number of
  // nibbles (the header's are odd, the terminator one), so the data bytes are written shifted by
  // four bits. What is left after the terminator is whole bytes: the segment's bits are 4 mod 8.
  const length = data.length;
  let at = 0;
  let carry: number;
  if (version <= 9) {
    bytes[at++] = 0x40 | (length >> 4);
    carry = length & 15;
  } else {
    bytes[at++] = 0x40 | (length >> 12);
    bytes[at++] = (length >> 4) & 0xff;
    carry = length & 15;
  }
  for (let i = 0; i < length; i++) {
    bytes[at++] = (carry << 4) | (data[i]! >> 4);
    carry = data[i]! & 15;
  }
  bytes[at++] = carry << 4;
  for (let pad = 0xec; at < capacity; pad ^= 0xec ^ 0x11) bytes[at++] = pad;

  const blocks = BLOCKS[level][version]!;
  const ecc = ECC_PER_BLOCK[level][version]!;
  const total = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (total % blocks);
  const shortData = Math.floor(total / blocks) - ecc;
  const dataBlocks: Uint8Array[] = [];
  const eccBlocks: Uint8Array[] = [];
  for (let b = 0, from = 0; b < blocks; b++) {
    const length = shortData + (b < shortBlocks ? 0 : 1);
    const block = bytes.subarray(from, (from += length));
    dataBlocks.push(block);
    eccBlocks.push(errorCorrection(block, ecc));
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (let i = 0; i <= shortData; i++) for (const block of dataBlocks) if (i < block.length) out[o++] = block[i]!;
  for (let i = 0; i < ecc; i++) for (const block of eccBlocks) out[o++] = block[i]!;
  return out;
}

/** The alignment patterns' centres along each axis. */
function alignmentPositions(version: number, size: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const positions = [6];
  for (let pos = size - 7; positions.length < count; pos -= step) positions.splice(1, 0, pos);
  return positions;
}

/** Whether module (row, col) is dark under a mask pattern (ISO/IEC 18004 table 10). */
function masked(mask: number, row: number, col: number): boolean {
  switch (mask) {
    case 0: return (row + col) % 2 === 0;
    case 1: return row % 2 === 0;
    case 2: return col % 3 === 0;
    case 3: return (row + col) % 3 === 0;
    case 4: return (Math.floor(row / 2) + Math.floor(col / 3)) % 2 === 0;
    case 5: return ((row * col) % 2) + ((row * col) % 3) === 0;
    case 6: return (((row * col) % 2) + ((row * col) % 3)) % 2 === 0;
    default: return (((row + col) % 2) + ((row * col) % 3)) % 2 === 0;
  }
}

/** A version, level and mask's symbol without its codewords: made once, filled for every symbol of the three. */
interface Frame {
  /** The function patterns, format and version information; 0 where the codewords go. */
  modules: Uint8Array;
  /** The codewords' modules in placement order (two-module columns from the right, up and down in turn). */
  order: Uint32Array;
  /** The mask's value at each of them. */
  mask: Uint8Array;
}

const frames = new Map<string, Frame>();

/** The symbol's modules: its frame, with the codewords placed and masked. */
function drawSymbol(version: number, level: QrLevel, mask: number, data: Uint8Array): Uint8Array {
  const key = `${version}${level}${mask}`;
  let frame = frames.get(key);
  if (!frame) frames.set(key, (frame = makeFrame(version, level, mask)));
  const modules = frame.modules.slice();
  const { order } = frame;
  const bits = Math.min(order.length, data.length * 8);
  for (let i = 0; i < bits; i++) modules[order[i]!] = ((data[i >>> 3]! >>> (7 - (i & 7))) & 1) ^ frame.mask[i]!;
  // The remainder bits (none or a few) are light, masked.
  for (let i = bits; i < order.length; i++) modules[order[i]!] = frame.mask[i]!;
  return modules;
}

/** A frame (see Frame): function patterns, format and version information, where the codewords go. */
function makeFrame(version: number, level: QrLevel, mask: number): Frame {
  const size = 17 + 4 * version;
  const modules = new Uint8Array(size * size);
  const reserved = new Uint8Array(size * size);
  const set = (row: number, col: number, dark: boolean) => {
    modules[row * size + col] = dark ? 1 : 0;
    reserved[row * size + col] = 1;
  };
  // Timing patterns.
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  // Finder patterns with their separators.
  for (const [top, left] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
    for (let dr = -1; dr <= 7; dr++) {
      for (let dc = -1; dc <= 7; dc++) {
        const row = top + dr;
        const col = left + dc;
        if (row < 0 || row >= size || col < 0 || col >= size) continue;
        const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
        set(row, col, ring !== 2 && ring !== 4);
      }
    }
  }
  // Alignment patterns, except where a finder is.
  const align = alignmentPositions(version, size);
  for (const [i, row] of align.entries()) {
    for (const [j, col] of align.entries()) {
      if ((i === 0 && j === 0) || (i === 0 && j === align.length - 1) || (i === align.length - 1 && j === 0)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) set(row + dr, col + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  }
  // Format information: level and mask, BCH(15,5), masked with 101010000010010.
  const format = (FORMAT_BITS[level] << 3) | mask;
  let rem = format;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const formatBits = ((format << 10) | rem) ^ 0x5412;
  const bit = (value: number, i: number) => ((value >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) set(i, 8, bit(formatBits, i));
  set(7, 8, bit(formatBits, 6));
  set(8, 8, bit(formatBits, 7));
  set(8, 7, bit(formatBits, 8));
  for (let i = 9; i < 15; i++) set(8, 14 - i, bit(formatBits, i));
  for (let i = 0; i < 8; i++) set(8, size - 1 - i, bit(formatBits, i));
  for (let i = 8; i < 15; i++) set(size - 15 + i, 8, bit(formatBits, i));
  set(size - 8, 8, true);
  // Version information (version 7 and up): BCH(18,6).
  if (version >= 7) {
    let v = version;
    for (let i = 0; i < 12; i++) v = (v << 1) ^ ((v >>> 11) * 0x1f25);
    const versionBits = (version << 12) | v;
    for (let i = 0; i < 18; i++) {
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(b, a, bit(versionBits, i));
      set(a, b, bit(versionBits, i));
    }
  }
  // Where the codewords go, in two-module columns from the right, up and down in turn, skipping the vertical timing pattern.
  const order: number[] = [];
  const maskBits: number[] = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < size; vert++) {
      const row = upward ? size - 1 - vert : vert;
      for (let j = 0; j < 2; j++) {
        const col = right - j;
        if (reserved[row * size + col]) continue;
        order.push(row * size + col);
        maskBits.push(masked(mask, row, col) ? 1 : 0);
      }
    }
  }
  return { modules, order: Uint32Array.from(order), mask: Uint8Array.from(maskBits) };
}
