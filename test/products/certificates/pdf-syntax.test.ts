import { describe, expect, it } from 'vitest';
import { joinParts, PackedPdfFile, PdfFile, type Body } from '../../../src/products/certificates/pdf-syntax.js';

describe('the certificates writer\'s files', () => {
  it('writes a packed file byte for byte as a file of parts joined, whatever order its objects come in and across its blocks', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    // Small objects by the thousand, a stream, Latin-1 past ASCII, and objects larger than a block (1 MB).
    const bodies = new Map<number, Body>();
    for (let number = 1; number <= 3000; number++) {
      const kind = number % 500 === 0 ? 'large' : number % 7 === 0 ? 'stream' : number % 11 === 0 ? 'latin1' : 'text';
      const text = `<</Type /StructElem/K [${Array.from({ length: Math.floor(random() * 40) }, (_, i) => i).join(' ')}]>>`;
      bodies.set(
        number,
        kind === 'large'
          ? [`<</Length ${1_200_000}>>\nstream\n`, Uint8Array.from({ length: 1_200_000 }, () => Math.floor(random() * 256)), '\nendstream']
          : kind === 'stream'
            ? [`<</Length 5>>\nstream\n`, new Uint8Array([0, 255, 10, 13, 128]), '\nendstream']
            : kind === 'latin1'
              ? `(caf\u00e9 \u00ff\u0081) ${text}`
              : text,
      );
    }
    const framed = new Uint8Array([...'3000 0 obj\n<<>>\nendobj\n\n'].map((char) => char.charCodeAt(0)));
    bodies.delete(3000);
    const numbers = [...bodies.keys()].sort(() => random() - 0.5);
    const [parts, packed] = [new PdfFile(), new PackedPdfFile()];
    for (const number of numbers) {
      parts.add(number, bodies.get(number)!);
      packed.add(number, bodies.get(number)!);
    }
    parts.addFramed(3000, framed);
    packed.addFramed(3000, framed);
    const [expected, made] = [joinParts(parts.parts(2, 1)), packed.bytes(2, 1)];
    expect(made.length).toBe(expected.length);
    expect(Buffer.compare(Buffer.from(made), Buffer.from(expected))).toBe(0);
  });

  it('refuses an object added twice, and writes no file with an object missing', () => {
    const file = new PackedPdfFile();
    file.add(1, '<<>>');
    expect(() => file.add(1, '<<>>')).toThrow(/added twice/);
    file.add(3, '<<>>');
    expect(() => file.bytes(1, 3)).toThrow(/object 2 is missing/);
  });
});
