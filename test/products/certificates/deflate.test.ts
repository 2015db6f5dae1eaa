import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../../src/core/files.js';
import { zlibLevel6 } from '../../../src/products/certificates/deflate.js';
import { zlibQuick } from '../../../src/products/certificates/quick-deflate.js';

describe('the certificates writer\'s deflate', () => {
  it('writes the bytes fflate writes at level 6, call after call: text, binary, empty, long, one block and several', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const text = (length: number) => new TextEncoder().encode(Array.from({ length }, () => ['q', 'BT', '0.1058 rg', '/F-1 9 Tf', '[ <0001> 20 <0002> ] TJ', 'ET', 'Q', String(Math.floor(random() * 1000))][Math.floor(random() * 8)]).join('\n'));
    const noise = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));
    const font = readFileSync(join(FONTS_DIR, 'SourceSerif4-Regular.ttf')).subarray(0, 90_000);
    // text(90_000), some 600 KB (a signature image's pixels), is past what the work arrays are kept for: arrays of its own.
    const inputs = [new Uint8Array(0), new Uint8Array([7]), new Uint8Array([1, 2]), text(3), text(300), noise(5000), text(20), new Uint8Array(70_000), text(9000), font, text(90_000), text(40), noise(100)];
    for (const [i, input] of inputs.entries()) expect(Buffer.from(zlibLevel6(input)).equals(Buffer.from(zlibSync(input, { level: 6 }))), `input ${i} (${input.length} bytes)`).toBe(true);
  });

  it('writes with zlibQuick zlib any inflater reads, call after call: text in one block of fixed codes, noise stored', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const text = (length: number) => new TextEncoder().encode(Array.from({ length }, () => ['q', 'BT', '0.1058 rg', '/F-1 9 Tf', '[ <0001> 20 <0002> ] TJ', 'EMC', 'Q', String(Math.floor(random() * 1000))][Math.floor(random() * 8)]).join('\n'));
    const noise = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));
    // Matches as long as DEFLATE allows (258) and as far back (32 KB), and just past that.
    const far = new Uint8Array(40_000);
    far.set(noise(300), 0);
    far.set(far.subarray(0, 300), 32_768);
    far.set(far.subarray(0, 300), 33_000);
    // The first block's type (RFC 1951 3.2.3): bits 1-2 of the byte after the two of the zlib header.
    const firstBlock = (zlib: Uint8Array) => (zlib[2]! >> 1) & 3;
    const inputs = [new Uint8Array(0), new Uint8Array([7]), new Uint8Array([1, 2, 3, 4, 1, 2, 3, 4]), text(3), text(300), text(20), text(9000), noise(5000), noise(70_000), new Uint8Array(70_000), far, text(40)];
    for (const input of inputs) {
      const quick = zlibQuick(input);
      expect(Buffer.from(inflateSync(quick)).equals(Buffer.from(input)), `${input.length} bytes`).toBe(true);
      if (input.length > 0) expect(firstBlock(quick), `${input.length} bytes`).toBe(input.length === 5000 || input.length === 70_000 && input[0] !== 0 ? 0 : 1);
      // Fixed codes cost some bytes on text, never more than the stored size on noise.
      expect(quick.length, `${input.length} bytes`).toBeLessThanOrEqual(Math.max(zlibLevel6(input).length * 1.35, input.length + 11));
    }
  });
});
