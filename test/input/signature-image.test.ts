import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadSignatories } from '../../src/input/load-signatories.js';
import { keepSignatureImage, prepareSignatureImage, readImageHeader, SIGNATURE_LIMITS } from '../../src/input/signature-image.js';
import { goodRows, rowErrors } from '../helpers/rows.js';

/** A real PNG of `width` x `height` pixels: black ink on a transparent ground. */
function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) image.data[i * 4 + 3] = i % 7 === 0 ? 255 : 0;
  return new Uint8Array(PNG.sync.write(image));
}

const jpg = (width: number, height: number) => new Uint8Array(jpeg.encode({ width, height, data: new Uint8Array(width * height * 4).fill(90) }, 80).data);

describe('prepareSignatureImage', () => {
  it('keeps a small PNG or JPEG as it is, with its size in pixels', () => {
    const small = png(300, 100);
    expect(prepareSignatureImage(small)).toMatchObject({ format: 'png', width: 300, height: 100, scaled: false, bytes: small });
    expect(prepareSignatureImage(jpg(40, 20))).toMatchObject({ format: 'jpeg', width: 40, height: 20, scaled: false });
  });

  it('refuses a PNG cut short, whose header alone is fine (pdf-lib spun on it forever)', () => {
    const cut = png(300, 100).subarray(0, 100);
    expect(readImageHeader(cut)).toMatchObject({ format: 'png', width: 300, height: 100 });
    expect(prepareSignatureImage(cut)).toMatch(/^is cut short or damaged: it does not decode as a PNG/);
  });

  it('refuses garbage after PNG or JPEG magic, and a damaged CRC', () => {
    const garbage = new Uint8Array(400).fill(0x41);
    expect(prepareSignatureImage(new Uint8Array([...png(2, 2).subarray(0, 8), ...garbage]))).toMatch(/is not a PNG or JPEG/);
    expect(prepareSignatureImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...garbage]))).toMatch(/is not a PNG or JPEG|is cut short or damaged/);
    const damaged = png(50, 20);
    damaged[damaged.length - 20] ^= 0xff; // inside IDAT: the CRC no longer matches
    expect(prepareSignatureImage(damaged)).toMatch(/is cut short or damaged/);
    const jpegCut = jpg(64, 64);
    expect(prepareSignatureImage(jpegCut.subarray(0, Math.floor(jpegCut.length / 2)))).toMatch(/is cut short or damaged: it does not decode as a JPEG/);
  });

  it('takes an image kept for the process (keepSignatureImage: the start-up snapshot keeps the sample signatures) by its bytes, and checks any other itself', () => {
    const kept = png(120, 40);
    const found = keepSignatureImage(kept);
    expect(found).toMatchObject({ format: 'png', width: 120, height: 40, scaled: false, bytes: kept });
    expect(prepareSignatureImage(kept.slice())).toBe(found);
    // The same length, one byte changed inside IDAT: not the kept image, and damaged.
    const damaged = kept.slice();
    damaged[damaged.length - 20] ^= 0xff;
    expect(prepareSignatureImage(damaged)).toMatch(/is cut short or damaged/);
  });

  it('refuses an image over the pixel cap from its header, before decoding it', () => {
    // 30,000 x 30,000 would take 3.6 GB to decode: the header is enough to refuse it.
    const header = png(1, 1);
    new DataView(header.buffer, header.byteOffset).setUint32(16, 30000);
    new DataView(header.buffer, header.byteOffset).setUint32(20, 30000);
    expect(prepareSignatureImage(header)).toMatch(/^is 30000 x 30000 pixels \(900\.0 megapixels\); allowed: a PNG or JPEG of at most 15 MB and 25 megapixels/);
  });

  it('scales a large signature down to what a page needs, keeping its proportions', () => {
    const scaled = prepareSignatureImage(png(4000, 1000));
    // 4,000 x 1,000: the height decides (480 / 1,000), so 1,920 x 480.
    expect(scaled).toMatchObject({ format: 'png', scaled: true, width: 1920, height: 480 });
    const { width, height } = scaled as { width: number; height: number };
    expect(height).toBeLessThanOrEqual(SIGNATURE_LIMITS.maxHeight);
    expect(width).toBeLessThanOrEqual(SIGNATURE_LIMITS.maxWidth);
    expect(width / height).toBeCloseTo(4, 1);
    expect(prepareSignatureImage((scaled as { bytes: Uint8Array }).bytes)).toMatchObject({ scaled: false, width, height });
  });
});

describe('loadSignatories with hostile signature images', () => {
  it('makes each bad image a bad row naming the file and line, and keeps the good rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-signature-'));
    await writeFile(join(dir, 'good.png'), png(200, 60));
    await writeFile(join(dir, 'cut.png'), png(300, 100).subarray(0, 100));
    await writeFile(join(dir, 'huge.png'), new Uint8Array(SIGNATURE_LIMITS.bytes + 1));
    const fifo = spawnSync('mkfifo', [join(dir, 'pipe.png')]).status === 0;
    const list = join(dir, 'list.csv');
    await writeFile(list, `name_en,signature\nGood,good.png\nCut,cut.png\nHuge,huge.png\n${fifo ? 'Pipe,pipe.png\n' : ''}Again,good.png\n`);
    const loaded = await loadSignatories(list);
    expect(goodRows(loaded).map((row) => row.nameEn)).toEqual(['Good', 'Again']);
    const messages = rowErrors(loaded).map((error) => error.message);
    expect(messages[0]).toMatch(/list\.csv:3: signature: "cut\.png" is cut short or damaged/);
    expect(messages[1]).toMatch(/list\.csv:4: signature: "huge\.png" is 15\.0 MB .*allowed: at most 15 MB/);
    if (fifo) expect(messages[2]).toMatch(/list\.csv:5: signature: "pipe\.png" is not a file/);
  }, 20_000);
});
