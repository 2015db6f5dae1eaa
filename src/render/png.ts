/**
 * PNG files written the same way every time, so the same page gives the same bytes: 8-bit RGB,
 * every row unfiltered, one zlib stream at pinned settings, the resolution (pHYs), sRGB, and the
 * document's metadata in iTXt chunks (UTF-8, so a Korean title survives; tEXt is Latin-1 only). No
 * tIME chunk: a picture carries its document's creation date as text, never the time it was made.
 *
 * Unfiltered rows deflated at level 6 were measured against the Sub and Up filters and levels 4 to 9
 * on rendered pages at 150 dpi (A4 declaration, A3 poster): the smallest files but for level 9
 * (2-6 % smaller, five to seven times slower), in about 50 ms for an A4 page. Flat colour and
 * anti-aliased type repeat whole runs of bytes, which deflate finds without a filter's help.
 */
import { crc32, deflate, deflateSync, constants } from 'node:zlib';
import { concatBytes } from '../core/bytes.js';

/** One text chunk: a keyword from the PNG specification's list (Title, Author, …) and its text. */
export interface PngText {
  /** Keyword, 1-79 Latin-1 characters: "Title", "Author", "Description", "Creation Time", "Software", "URL". */
  keyword: string;
  /** The text, any Unicode. */
  text: string;
  /** The text's language as a BCP 47 tag ("en", "ko"), or none. */
  language?: string;
}

/** An image to encode: rows of RGB bytes, top row first, no padding. */
export interface RgbImage {
  /** Width, px. */
  width: number;
  /** Height, px. */
  height: number;
  /** width x height x 3 bytes. */
  pixels: Uint8Array;
}

/** What goes into the file besides the pixels. */
export interface PngOptions {
  /** Pixels per inch, written as pixels per metre (pHYs), so a viewer or a layout program knows the size the picture stands for. */
  dpi?: number;
  /** Text chunks, in order. */
  text?: readonly PngText[];
}

/**
 * The zlib settings every PNG is deflated with, pinned so that no library default can change the
 * bytes: level 6, a 32 KB window, memLevel 8, the default strategy.
 */
export const PNG_DEFLATE = { level: 6, windowBits: 15, memLevel: 8, strategy: constants.Z_DEFAULT_STRATEGY } as const;

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const KEYWORD = /^[\x20-\x7e\xa1-\xff]{1,79}$/;

/** Encodes an RGB image as a PNG with its resolution and text chunks. */
export function encodePng(image: RgbImage, options: PngOptions = {}): Uint8Array {
  return pngFile(image, options, deflateSync(rows(checked(image)), PNG_DEFLATE));
}

/**
 * encodePng with the pixels deflated on libuv's thread pool, off this thread: the same bytes
 * (the same zlib at the same settings). Deflating is most of encoding a picture (some 30 ms for a
 * 1080 px square card on the 2-core machine), and this thread can lay out the next document
 * meanwhile (batch/build.ts).
 */
export async function encodePngSoon(image: RgbImage, options: PngOptions = {}): Promise<Uint8Array> {
  const data = rows(checked(image));
  const idat = await new Promise<Uint8Array>((resolve, reject) => deflate(data, PNG_DEFLATE, (error, result) => (error ? reject(error) : resolve(result))));
  return pngFile(image, options, idat);
}

/** The image, refused when its pixels are not width x height x 3 bytes. */
function checked(image: RgbImage): RgbImage {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 3) throw new RangeError(`encodePng: ${pixels.length} bytes for ${width} x ${height} RGB pixels (${width * height * 3} expected)`);
  return image;
}

/** The PNG file of an image whose rows (see rows) deflated to `idat`. */
function pngFile({ width, height }: RgbImage, options: PngOptions, idat: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, adaptive filtering (each row says its filter), no interlace
  const chunks = [chunk('IHDR', header), chunk('sRGB', Uint8Array.of(0))];
  if (options.dpi) {
    const perMetre = Math.round(options.dpi / 0.0254);
    const phys = new Uint8Array(9);
    new DataView(phys.buffer).setUint32(0, perMetre);
    new DataView(phys.buffer).setUint32(4, perMetre);
    phys[8] = 1; // the unit is the metre
    chunks.push(chunk('pHYs', phys));
  }
  for (const entry of options.text ?? []) chunks.push(chunk('iTXt', itxt(entry)));
  chunks.push(chunk('IDAT', idat), chunk('IEND', new Uint8Array(0)));
  return concatBytes([SIGNATURE, ...chunks]);
}

/** The text chunks (tEXt and iTXt) of a PNG, in file order. */
export function readPngText(png: Uint8Array): PngText[] {
  const found: PngText[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const decoder = new TextDecoder();
  for (let at = SIGNATURE.length; at + 8 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    const nul = data.indexOf(0);
    const keyword = String.fromCharCode(...data.subarray(0, nul));
    if (type === 'tEXt') found.push({ keyword, text: String.fromCharCode(...data.subarray(nul + 1)) });
    if (type === 'iTXt' && data[nul + 1] === 0) {
      const languageEnd = data.indexOf(0, nul + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      const language = decoder.decode(data.subarray(nul + 3, languageEnd));
      found.push({ keyword, text: decoder.decode(data.subarray(translatedEnd + 1)), ...(language ? { language } : {}) });
    }
    at += 12 + length;
  }
  return found;
}

/** The rows as PNG stores them: a filter byte (0, none) before each row of RGB bytes. */
function rows({ pixels, width, height }: RgbImage): Uint8Array {
  const stride = width * 3;
  const out = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) out.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return out;
}

/** An iTXt chunk's data: keyword, uncompressed, language tag, no translated keyword, UTF-8 text. */
function itxt({ keyword, text, language = '' }: PngText): Uint8Array {
  if (!KEYWORD.test(keyword) || keyword !== keyword.trim() || keyword.includes('  ')) throw new RangeError(`encodePng: "${keyword}" is not a PNG keyword (1-79 Latin-1 characters, no leading, trailing or double spaces)`);
  const encoder = new TextEncoder();
  return concatBytes([Uint8Array.from(keyword, (char) => char.charCodeAt(0)), Uint8Array.of(0, 0, 0), encoder.encode(language), Uint8Array.of(0, 0), encoder.encode(text)]);
}

/** A chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Uint8Array.from(type, (char) => char.charCodeAt(0)), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

