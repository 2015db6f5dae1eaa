import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { byteCapacity, encodeBytes, encodeSymbol, type QrLevel } from '../../src/core/qr-symbol.js';

/** Bytes of a fixed pseudo-random sequence (reproducible), as random as a signature's. */
function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** The qrcode library's symbol of one byte segment: the independent reference. */
function reference(data: Uint8Array, version: number, level: QrLevel, mask: number) {
  const symbol = QRCode.create([{ data, mode: 'byte' }], { version, errorCorrectionLevel: level, maskPattern: mask as QRCode.QRCodeMaskPattern });
  return { version: symbol.version, size: symbol.modules.size, modules: Uint8Array.from(symbol.modules.data, (v) => (v ? 1 : 0)) };
}

const LEVELS = ['L', 'M', 'Q', 'H'] as const;

describe('the QR symbol encoder', () => {
  it('makes the modules the qrcode library makes, at every version, level and mask, and holds what it holds', () => {
    for (let version = 1; version <= 40; version++) {
      for (const [i, level] of LEVELS.entries()) {
        const capacity = byteCapacity(version, level);
        // The library takes as many bytes at this version and level, and not one more.
        expect(() => QRCode.create([{ data: new Uint8Array(capacity + 1), mode: 'byte' }], { version, errorCorrectionLevel: level }), `${version}-${level}`).toThrow();
        const mask = (version + i) % 8;
        const data = bytesOf(capacity, version * 4 + i);
        const ours = encodeSymbol(data, version, level, mask);
        const ref = reference(data, version, level, mask);
        expect(ours.size).toBe(ref.size);
        expect(Buffer.compare(ours.modules, ref.modules), `version ${version}-${level}, mask ${mask}`).toBe(0);
      }
    }
  });

  it('takes the fewest modules, then the strongest level they hold', () => {
    for (const length of [1, 17, 18, 150, 200, 271, 272, 1000, 2953]) {
      const data = bytesOf(length, length);
      const ours = encodeBytes(data)!;
      const version = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: 'L' }).version;
      expect(ours.version, `${length} bytes`).toBe(version);
      expect(byteCapacity(version, ours.level)).toBeGreaterThanOrEqual(length);
      const stronger = LEVELS[LEVELS.indexOf(ours.level) + 1];
      if (stronger) expect(byteCapacity(version, stronger)).toBeLessThan(length);
      expect(Buffer.compare(ours.modules, reference(data, version, ours.level, 0).modules)).toBe(0);
    }
    expect(encodeBytes(new Uint8Array(2954))).toBeUndefined();
  });
});
