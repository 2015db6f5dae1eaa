/**
 * Signature images, checked whole before anything draws them: a PNG or JPEG whose header says it is
 * one but whose body is cut short or garbage made pdf-lib's embedPng spin forever, or killed a whole
 * batch. Each image is decoded completely (pngjs checks every chunk's CRC and the compressed data;
 * jpeg-js decodes every scan, strictly), its size is capped before decoding, and an image larger
 * than any page needs is scaled down once here.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { KeptByBytes } from '../core/bytes.js';

/** A signature image fit to draw: its bytes (the file's, or scaled down), format and size in pixels. */
export interface SignatureImage {
  /** PNG or JPEG bytes. */
  bytes: Uint8Array;
  /** The format of `bytes`. */
  format: 'png' | 'jpeg';
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** True when the file was larger than any page needs and was scaled down. */
  scaled: boolean;
}

/**
 * What a signature may be. The largest place one is drawn is a certificate's signature box, about
 * 1.3 cm high and 15 cm wide on A4: at 300 ppi, 150 x 1,800 pixels. A scan or a photo of a
 * signature (a 12-megapixel phone photo is 4,000 x 3,000) is within the caps and is scaled down to
 * at most MAX_HEIGHT x MAX_WIDTH; beyond the caps it is refused before it is decoded.
 */
export const SIGNATURE_LIMITS = {
  /** Largest file, bytes. */
  bytes: 15 * 1024 * 1024,
  /** Most pixels (width x height). */
  pixels: 25_000_000,
  /** Height it is scaled down to, pixels (over 300 ppi in the largest box). */
  maxHeight: 480,
  /** Width it is scaled down to, pixels. */
  maxWidth: 2400,
} as const;

/** The image's format and size from its header, or undefined when the header is not a PNG's or a JPEG's. */
export function readImageHeader(bytes: Uint8Array): { format: 'png' | 'jpeg'; width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && PNG_MAGIC.every((byte, i) => bytes[i] === byte) && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR') {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the markers to the first start-of-frame (SOF0-SOF15, not DHT C4, JPG C8 or DAC CC).
    for (let at = 2; at + 9 <= bytes.length; ) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1]!;
      if (marker === 0xff) {
        at++;
        continue;
      }
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
  }
  return undefined;
}

/**
 * Images checked once for the process (keepSignatureImage): the start-up snapshot's, the data's
 * sample signatures. Decoding the standard set's 900 x 300 signature took a cold build 40-200 ms
 * (pngjs maps every pixel in code not yet optimised).
 */
const keptImages = new KeptByBytes<SignatureImage | string>();

/** Checks an image as prepareSignatureImage does, keeps the result for the process by its bytes, and returns it. */
export function keepSignatureImage(bytes: Uint8Array): SignatureImage | string {
  const image = prepareSignatureImage(bytes);
  keptImages.set(bytes, image);
  return image;
}

/**
 * Checks a signature image whole and makes it fit to draw, or says what is wrong with it (words to
 * follow the file's name: "is cut short or damaged (…); allowed: …").
 */
export function prepareSignatureImage(bytes: Uint8Array): SignatureImage | string {
  const kept = keptImages.get(bytes);
  if (kept !== undefined) return kept;
  const limits = `allowed: a PNG or JPEG of at most ${SIGNATURE_LIMITS.bytes / 1024 / 1024} MB and ${SIGNATURE_LIMITS.pixels / 1e6} megapixels`;
  if (bytes.length > SIGNATURE_LIMITS.bytes) return `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; ${limits}`;
  const header = readImageHeader(bytes);
  if (!header) return `is not a PNG or JPEG image (its first bytes say otherwise); ${limits}`;
  const { format, width, height } = header;
  if (width === 0 || height === 0) return `is a ${format.toUpperCase()} of ${width} x ${height} pixels; ${limits}`;
  if (width * height > SIGNATURE_LIMITS.pixels) {
    return `is ${width} x ${height} pixels (${((width * height) / 1e6).toFixed(1)} megapixels); ${limits}; crop or scale it down`;
  }
  let pixels: { width: number; height: number; data: Uint8Array };
  try {
    pixels = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (error) {
    return `is cut short or damaged: it does not decode as a ${format.toUpperCase()} (${(error as Error).message}); ${limits}; save it again from an image editor`;
  }
  if (pixels.width <= SIGNATURE_LIMITS.maxWidth && pixels.height <= SIGNATURE_LIMITS.maxHeight) {
    return { bytes, format, width: pixels.width, height: pixels.height, scaled: false };
  }
  const scale = Math.min(SIGNATURE_LIMITS.maxWidth / pixels.width, SIGNATURE_LIMITS.maxHeight / pixels.height);
  const scaled = scaleDown(pixels, Math.max(1, Math.round(pixels.width * scale)), Math.max(1, Math.round(pixels.height * scale)));
  const png = PNG.sync.write(Object.assign(new PNG({ width: scaled.width, height: scaled.height }), { data: Buffer.from(scaled.data) }));
  return { bytes: new Uint8Array(png), format: 'png', width: scaled.width, height: scaled.height, scaled: true };
}

function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { checkCRC: true });
  return { width: png.width, height: png.height, data: png.data };
}

function decodeJpeg(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  return jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    // jpeg-js by default fills what it cannot decode and carries on: a damaged file must fail here.
    tolerantDecoding: false,
    maxResolutionInMP: SIGNATURE_LIMITS.pixels / 1e6,
    maxMemoryUsageInMB: 512,
  });
}

/**
 * Scales RGBA pixels down by averaging each target pixel's source area, colour weighted by alpha
 * (so dark ink on a transparent ground keeps no grey fringe).
 */
function scaleDown(source: { width: number; height: number; data: Uint8Array }, width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  const sx = source.width / width;
  const sy = source.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let v = y0; v < y1; v++) {
        for (let u = x0; u < x1; u++) {
          const at = (v * source.width + u) * 4;
          const alpha = source.data[at + 3]!;
          r += source.data[at]! * alpha;
          g += source.data[at + 1]! * alpha;
          b += source.data[at + 2]! * alpha;
          a += alpha;
        }
      }
      const to = (y * width + x) * 4;
      const count = (y1 - y0) * (x1 - x0);
      if (a > 0) {
        data[to] = Math.round(r / a);
        data[to + 1] = Math.round(g / a);
        data[to + 2] = Math.round(b / a);
      }
      data[to + 3] = Math.round(a / count);
    }
  }
  return { width, height, data };
}
