import QRCode from 'qrcode';
import { fail } from './errors.js';

/** A QR symbol as a grid of dark/light modules, ready to draw with any renderer. */
export interface QrMatrix {
  /** Modules per side (21 for version 1, +4 per version); the quiet zone is not included. */
  size: number;
  /** `modules[row][col]` is true for a dark module; row 0 is the top. */
  modules: boolean[][];
  /** The exact string encoded: the URL normalised to ASCII (percent-encoded path, punycode host). */
  text: string;
}

/**
 * Encodes a URL as a QR matrix (error correction M: survives ~15% damage, such as a fold).
 *
 * The URL is normalised with the WHATWG URL parser first, so `https://예시.kr/선언` is encoded
 * as `https://xn--vv4b11d.kr/%EC%84%A0%EC%96%B8`: ISO/IEC 18004 reads byte mode as
 * ISO-8859-1 unless an ECI header says otherwise, and the qrcode library writes raw UTF-8 with
 * no ECI, so an all-ASCII payload is the one every phone camera decodes the same way.
 */
export function makeQrMatrix(url: string): QrMatrix {
  const text = normaliseUrl(url);
  let symbol: QRCode.QRCode;
  try {
    symbol = QRCode.create(text, { errorCorrectionLevel: 'M' });
  } catch (error) {
    // The largest symbol (version 40-M) holds 2331 bytes.
    fail(
      'BAD_DATA',
      `QR code URL is too long: ${text.length} characters after encoding; allowed: at most 2331 ` +
        `at error correction M (${(error as Error).message})`,
    );
  }
  const { size, data } = symbol.modules;
  const modules: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const line: boolean[] = new Array(size);
    for (let col = 0; col < size; col++) line[col] = data[row * size + col] === 1;
    modules.push(line);
  }
  return { size, modules, text };
}

function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    fail('BAD_DATA', `QR code URL is not an absolute URL; allowed: e.g. "https://example.org/sign". Received: "${url}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    fail('BAD_DATA', `QR code URL must use https: or http:. Received: "${url}"`);
  }
  return parsed.href;
}
