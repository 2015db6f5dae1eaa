import QRCode from 'qrcode';
import { fail } from './errors.js';
import { encodeBytes } from './qr-symbol.js';

/** A QR symbol as a grid of dark/light modules, ready to draw with any renderer. */
export interface QrMatrix {
  /** Modules per side (21 for version 1, +4 per version); the quiet zone is not included. */
  size: number;
  /** `modules[row][col]` is true for a dark module; row 0 is the top. */
  modules: boolean[][];
  /** The exact string encoded: the URL normalised to ASCII (percent-encoded path, punycode host). */
  text: string;
  /** Error correction: L, M, Q or H (about 7, 15, 25 and 30 % of the symbol may be lost). */
  level: 'L' | 'M' | 'Q' | 'H';
}

/** How makeQrMatrix chooses the symbol. */
export interface QrOptions {
  /**
   * The fewest modules the URL fits in (so the largest modules for a given side), with the
   * strongest error correction that symbol still holds, instead of error correction M: for a code
   * with little room to grow (a handout's). A 109-character address is then version 6-L (41
   * modules) instead of 7-M (45).
   */
  fewestModules?: boolean;
}

/**
 * The mask every signed certificate's code uses (see makeQuickQrMatrix): pattern 0, the checkerboard
 * (i + j) mod 2.
 */
const QUICK_MASK = 0;

const encoder = new TextEncoder();

/**
 * A URL as a QR matrix in the fewest modules, the strongest error correction that symbol holds, for
 * a batch that makes one code per certificate: encoded by qr-symbol.ts, about a twentieth of the
 * qrcode library's time. The URL is one byte-mode segment (a base64url fragment gains nothing from
 * the search for numeric and alphanumeric runs, which cost most of the library's time) and the mask
 * is fixed (QUICK_MASK) instead of the best of eight by ISO/IEC 18004's penalty rules: the mask only
 * keeps the symbol clear of large blocks and finder-like runs, which data as random as a
 * signature's bytes does not make, and any mask decodes alike (the tests scan every certificate
 * they make).
 */
export function makeQuickQrMatrix(url: string): QrMatrix {
  const text = normaliseUrl(url);
  const symbol = encodeBytes(encoder.encode(text), QUICK_MASK);
  if (!symbol) fail('BAD_DATA', `QR code URL ${tooLong(text.length)}`);
  const { size, modules: data } = symbol;
  const modules: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const line: boolean[] = new Array(size);
    for (let col = 0; col < size; col++) line[col] = data[row * size + col] === 1;
    modules.push(line);
  }
  return { size, modules, text, level: symbol.level };
}

/**
 * Encodes a URL as a QR matrix (error correction M: survives ~15% damage, such as a fold; or see
 * QrOptions.fewestModules).
 *
 * The URL is normalised with the WHATWG URL parser first, so `https://예시.kr/선언` is encoded
 * as `https://xn--vv4b11d.kr/%EC%84%A0%EC%96%B8`: ISO/IEC 18004 reads byte mode as
 * ISO-8859-1 unless an ECI header says otherwise, and the qrcode library writes raw UTF-8 with
 * no ECI, so an all-ASCII payload is the one every phone camera decodes the same way.
 */
export function makeQrMatrix(url: string, options: QrOptions = {}): QrMatrix {
  const text = normaliseUrl(url);
  const key = `${options.fewestModules ? 'fewest' : 'M'} ${text}`;
  let matrix = made.get(key);
  if (!matrix) {
    if (made.size >= MADE_KEPT) made.clear();
    matrix = deepFreeze(encodeMatrix(text, options));
    made.set(key, matrix);
  }
  return matrix;
}

/**
 * The codes made lately, by what was encoded and how: a build draws the same address on every
 * poster and handout (some twenty-five encodings of two symbols by the qrcode library, which
 * tries eight masks each: 100 ms of a cold build, 2026-12-02). Frozen, as every caller gets the
 * same matrix; at most MADE_KEPT (a studio's edited addresses come and go).
 */
const made = new Map<string, QrMatrix>();
const MADE_KEPT = 16;

function deepFreeze(matrix: QrMatrix): QrMatrix {
  for (const row of matrix.modules) Object.freeze(row);
  Object.freeze(matrix.modules);
  return Object.freeze(matrix);
}

function encodeMatrix(text: string, options: QrOptions): QrMatrix {
  let symbol: QRCode.QRCode;
  let level: QrMatrix['level'] = 'M';
  try {
    symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  } catch (error) {
    // The largest symbol (version 40-M) holds 2331 bytes.
    fail('BAD_DATA', `QR code URL ${tooLong(text.length)}`);
  }
  if (options.fewestModules) {
    // The smallest version any level holds, then the strongest level that version still holds.
    const { version } = QRCode.create(text, { errorCorrectionLevel: 'L' });
    for (const strongest of ['H', 'Q', 'M', 'L'] as const) {
      try {
        symbol = QRCode.create(text, { errorCorrectionLevel: strongest, version });
        level = strongest;
        break;
      } catch {
        // too long for this level at this version: try the next weaker one
      }
    }
  }
  return { ...matrixOf(symbol), text, level };
}

function matrixOf(symbol: QRCode.QRCode): Pick<QrMatrix, 'size' | 'modules'> {
  const { size, data } = symbol.modules;
  const modules: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const line: boolean[] = new Array(size);
    for (let col = 0; col < size; col++) line[col] = data[row * size + col] === 1;
    modules.push(line);
  }
  return { size, modules };
}

/** The words for an address too long for the largest QR symbol. */
function tooLong(length: number): string {
  return `is too long: ${length} characters after encoding; allowed: at most 2331 at error correction M`;
}

function normaliseUrl(url: string): string {
  const problem = qrUrlProblem(url);
  if (problem) fail('BAD_DATA', `QR code URL "${url}" ${problem}`);
  return new URL(url.trim()).href;
}

/**
 * What is wrong with an address for a QR code, worded to follow it ("is not an absolute URL;
 * allowed: …"), or undefined when it will do.
 */
export function qrUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'is not an absolute URL; allowed: an http(s) address such as https://example.org/sign';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `uses ${parsed.protocol}; allowed: https: or http:, such as https://example.org/sign`;
  // Version 40-M, the largest symbol, holds 2331 bytes.
  if (parsed.href.length > 2331) return tooLong(parsed.href.length);
  return undefined;
}
