import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeQuickQrMatrix } from '../../../src/core/qr.js';
import { mm } from '../../../src/core/units.js';
import { joinParts } from '../../../src/products/certificates/pdf-syntax.js';
import { qrMask } from '../../../src/products/certificates/qr-image.js';

/** The mask's bits drawn the plain way: each module a square of `scale` pixels, rows padded to bytes. */
function bitmap(modules: boolean[][], scale: number): Uint8Array {
  const size = modules.length * scale;
  const stride = Math.ceil(size / 8);
  const bits = new Uint8Array(stride * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (modules[Math.floor(y / scale)]![Math.floor(x / scale)]) bits[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
  return bits;
}

/** The stream's dictionary and data, from the object body qrMask makes. */
function streamOf(body: ReturnType<typeof qrMask>) {
  const bytes = joinParts(typeof body === 'string' || body instanceof Uint8Array ? [body] : body);
  const text = Buffer.from(bytes).toString('latin1');
  const start = text.indexOf('stream\n') + 'stream\n'.length;
  const length = Number(/\/Length (\d+)/.exec(text)![1]);
  return { dict: text.slice(0, start), data: bytes.subarray(start, start + length), rest: text.slice(start + length) };
}

describe('the QR code image mask', () => {
  it('inflates (zlib, checksum checked) to each module as a square of pixels at 300 ppi or more', () => {
    const cases: [string, number][] = [
      ['https://example.org/verify#' + 'A'.repeat(40), mm(0.5)],
      ['https://example.org/verify#' + 'Zq-9_x'.repeat(45), mm(0.5)],
      ['https://example.org/verify#' + 'Zq-9_x'.repeat(45), mm(0.62)],
      ['https://example.org/verify#' + 'b7'.repeat(900), mm(0.5)],
    ];
    for (const [url, module] of cases) {
      const { modules, size } = makeQuickQrMatrix(url);
      const scale = Math.ceil((300 * module) / 72 - 1e-9);
      const { dict, data, rest } = streamOf(qrMask(modules, module));
      expect(dict).toContain(`/Width ${size * scale}\n/Height ${size * scale}\n/ImageMask true\n/BitsPerComponent 1`);
      expect(rest).toBe('\nendstream');
      const inflated = inflateSync(data);
      expect(Buffer.compare(inflated, bitmap(modules, scale)), `${size} modules, ${scale} px`).toBe(0);
      expect((size * scale) / ((size * module) / 72)).toBeGreaterThanOrEqual(300);
      // Smaller than the bits themselves by far.
      expect(data.length).toBeLessThan(inflated.length / 4);
    }
  });
});
