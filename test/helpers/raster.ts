/**
 * Pictures read back for tests: PNGs decoded (pngjs), PDF pages rendered a second, independent
 * way (pdf.js on its Node canvas, @napi-rs/canvas) to compare a picture with its page, and QR codes
 * scanned from pixels (jsQR).
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A decoded picture: RGBA, top row first. */
export interface Pixels {
  /** Width, px. */
  width: number;
  /** Height, px. */
  height: number;
  /** width x height x 4 bytes. */
  data: Uint8Array;
}

/** Decodes a PNG. */
export function decodePng(bytes: Uint8Array): Pixels {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** The size a PNG says it is (IHDR), without decoding it. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Renders one page of a PDF with pdf.js at `dpi`, cut to its TrimBox (the MediaBox without one),
 * on white: the page as another renderer sees it.
 */
export async function renderWithPdfjs(pdf: Uint8Array, pageNumber: number, dpi: number): Promise<Pixels> {
  const doc = await getDocument({ data: pdf.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const page = await doc.getPage(pageNumber);
    const scale = dpi / 72;
    const view = page.view as [number, number, number, number];
    const [mx0, , , my1] = view;
    const [x0, y0, x1, y1] = (await trimBox(pdf, pageNumber)) ?? view;
    const width = Math.round((x1! - x0!) * scale);
    const height = Math.round((y1! - y0!) * scale);
    const viewport = page.getViewport({ scale, offsetX: -(x0! - mx0) * scale, offsetY: -(my1 - y1!) * scale });
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } } }).canvasFactory;
    const { canvas, context } = factory.create(width, height);
    await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement, background: '#ffffff' }).promise;
    const image = context.getImageData(0, 0, width, height);
    return { width, height, data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
  } finally {
    await doc.destroy();
  }
}

/** A page's TrimBox as [x0, y0, x1, y1], read with pdf-lib, or undefined without one. */
async function trimBox(pdf: Uint8Array, pageNumber: number): Promise<number[] | undefined> {
  const { PDFDocument, PDFName } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(pageNumber - 1);
  if (!page.node.get(PDFName.of('TrimBox'))) return undefined;
  const { x, y, width, height } = page.getTrimBox();
  return [x, y, x + width, y + height];
}

/**
 * How far two pictures of one size differ, seen at a distance: each averaged over blocks of
 * `block` x `block` pixels (so that two renderers' anti-aliasing of an edge, a pixel apart, does not
 * count), the mean and the largest difference of the blocks' grey levels (0-255).
 */
export function difference(a: Pixels, b: Pixels, block = 8): { mean: number; worst: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width} x ${a.height} and ${b.width} x ${b.height}`);
  const grey = (p: Pixels, x: number, y: number) => {
    const i = (y * p.width + x) * 4;
    return 0.299 * p.data[i]! + 0.587 * p.data[i + 1]! + 0.114 * p.data[i + 2]!;
  };
  let sum = 0;
  let worst = 0;
  let count = 0;
  for (let by = 0; by + block <= a.height; by += block) {
    for (let bx = 0; bx + block <= a.width; bx += block) {
      let da = 0;
      let db = 0;
      for (let y = by; y < by + block; y++) for (let x = bx; x < bx + block; x++) {
        da += grey(a, x, y);
        db += grey(b, x, y);
      }
      const d = Math.abs(da - db) / (block * block);
      sum += d;
      worst = Math.max(worst, d);
      count++;
    }
  }
  return { mean: sum / count, worst };
}

/** Decodes the QR code in a picture (jsQR), or undefined: what a phone's camera would read. */
export function scanQr(pixels: Pixels): string | undefined {
  const found = jsQR(new Uint8ClampedArray(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength), pixels.width, pixels.height, { inversionAttempts: 'dontInvert' });
  return found?.data;
}
