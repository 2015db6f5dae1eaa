import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { PressError } from '../../src/core/errors.js';
import { makeQrMatrix, type QrMatrix } from '../../src/core/qr.js';

const QUIET_ZONE = 4; // modules, as ISO/IEC 18004 requires around a symbol
const SCALE = 6; // px per module

/** Paints the matrix black on white into RGBA pixels, as a camera would see the printed code. */
function paintMatrix({ size, modules }: QrMatrix): { data: Uint8ClampedArray; width: number } {
  const width = (size + 2 * QUIET_ZONE) * SCALE;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!modules[row][col]) continue;
      for (let dy = 0; dy < SCALE; dy++) {
        const y = (row + QUIET_ZONE) * SCALE + dy;
        for (let dx = 0; dx < SCALE; dx++) {
          const x = (col + QUIET_ZONE) * SCALE + dx;
          data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
        }
      }
    }
  }
  return { data, width };
}

function decodeMatrix(matrix: QrMatrix): string | undefined {
  const { data, width } = paintMatrix(matrix);
  return jsQR(data, width, width, { inversionAttempts: 'dontInvert' })?.data;
}

describe('makeQrMatrix', () => {
  it('with fewestModules, takes the smallest version, then the strongest error correction it holds', () => {
    // The NED press release's address: 109 bytes, version 7-M (45 modules) by default.
    const url = 'https://www.ned.org/dignity-hope-freedom-young-north-korean-defectors-sign-declaration-on-fundamental-rights/';
    expect(makeQrMatrix(url)).toMatchObject({ size: 45, level: 'M' });
    const fewest = makeQrMatrix(url, { fewestModules: true });
    expect(fewest).toMatchObject({ size: 41, level: 'L' });
    expect(decodeMatrix(fewest)).toBe(url);
    // 24 bytes: version 2 holds them at M (26 bytes) but not at Q (20 bytes).
    expect(makeQrMatrix('https://example.org/sign', { fewestModules: true })).toMatchObject({ size: 25, level: 'M' });
    // 11 bytes: version 1 holds them at Q (11 bytes), not at H (7 bytes).
    expect(makeQrMatrix('http://a.b/', { fewestModules: true })).toMatchObject({ size: 21, level: 'Q' });
  });

  it('makes a code once for the same address and options, and hands out the same frozen matrix', () => {
    const url = 'https://example.org/sign/once';
    const first = makeQrMatrix(url);
    expect(makeQrMatrix(`  ${url}`)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.modules) && first.modules.every((row) => Object.isFrozen(row))).toBe(true);
    expect(() => {
      (first.modules[0] as boolean[])[0] = !first.modules[0]![0];
    }).toThrow();
    const fewest = makeQrMatrix(url, { fewestModules: true });
    expect(fewest).not.toBe(first);
    expect(decodeMatrix(fewest)).toBe(url);
    expect(decodeMatrix(first)).toBe(url);
    // Past the kept few, an address is encoded again, the same.
    for (let i = 0; i < 20; i++) makeQrMatrix(`https://example.org/${i}`);
    expect(makeQrMatrix(url)).not.toBe(first);
    expect(makeQrMatrix(url)).toEqual(first);
  });

  it('round-trips a short URL through a decoder', () => {
    const url = 'https://example.org/washington-declaration/sign';
    const matrix = makeQrMatrix(url);
    expect(matrix.text).toBe(url);
    expect(decodeMatrix(matrix)).toBe(url);
  });

  it('is a square grid whose side matches a QR version (21 + 4n) with finder patterns', () => {
    const { size, modules } = makeQrMatrix('https://example.org/');
    expect((size - 21) % 4).toBe(0);
    expect(modules).toHaveLength(size);
    for (const row of modules) expect(row).toHaveLength(size);
    // The top-left finder pattern: a dark 7x7 ring with a light ring inside it.
    expect(modules[0].slice(0, 7)).toEqual([true, true, true, true, true, true, true]);
    expect(modules[1].slice(0, 7)).toEqual([true, false, false, false, false, false, true]);
    expect(modules[3].slice(0, 7)).toEqual([true, false, true, true, true, false, true]);
  });

  it('round-trips a long URL in a larger symbol', () => {
    const query = Array.from({ length: 40 }, (_, i) => `signatory${i}=${'x'.repeat(i % 7)}`).join('&');
    const url = `https://example.org/washington-declaration/sign?${query}`;
    expect(url.length).toBeGreaterThan(500);
    const matrix = makeQrMatrix(url);
    expect(matrix.size).toBeGreaterThan(57); // beyond version 10
    expect(decodeMatrix(matrix)).toBe(url);
  });

  it('encodes a raw Korean URL as its percent-encoded form, which decodes back to the same address', () => {
    const raw = 'https://example.org/선언/서명?이름=김민준';
    const encoded = 'https://example.org/%EC%84%A0%EC%96%B8/%EC%84%9C%EB%AA%85?%EC%9D%B4%EB%A6%84=%EA%B9%80%EB%AF%BC%EC%A4%80';
    const fromRaw = makeQrMatrix(raw);
    const fromEncoded = makeQrMatrix(encoded);
    expect(decodeMatrix(fromRaw)).toBe(encoded);
    expect(decodeURI(decodeMatrix(fromRaw)!)).toBe(raw);
    // Either spelling in the data gives the same symbol.
    expect(fromEncoded.modules).toEqual(fromRaw.modules);
  });

  it('encodes a Korean host name as punycode', () => {
    const matrix = makeQrMatrix('https://선언.한국/');
    expect(matrix.text).toMatch(/^https:\/\/xn--[a-z0-9-]+\.xn--[a-z0-9-]+\/$/);
    expect(decodeMatrix(matrix)).toBe(matrix.text);
  });

  it('refuses a URL too long for any QR version, saying how long it was', () => {
    const url = `https://example.org/?q=${'a'.repeat(3000)}`;
    expect(() => makeQrMatrix(url)).toThrow(PressError);
    expect(() => makeQrMatrix(url)).toThrow(/too long: 3023 characters/);
  });

  it('refuses something that is not an absolute http(s) URL', () => {
    expect(() => makeQrMatrix('example.org/sign')).toThrow(/^QR code URL "example.org\/sign" is not an absolute URL; allowed: an http\(s\) address/);
    expect(() => makeQrMatrix('javascript:alert(1)')).toThrow(/https: or http:/);
  });
});
