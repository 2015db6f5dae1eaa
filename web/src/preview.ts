/**
 * Draws a PDF's first pages with pdf.js onto canvases: the preview shows the very bytes the
 * Download button saves. pdf.js parses in its own worker, served from this site.
 */
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * Starts pdf.js's worker (once). Called when the page has mounted, while the first PDF renders:
 * started with the page's script, its 1 MB was parsed at the same time as the page's and the
 * render worker's, three threads on a two-core machine, and the render worker is the one the first
 * preview waits for.
 */
export function startPdfWorker(): void {
  GlobalWorkerOptions.workerPort ??= new Worker(workerUrl, { type: 'module' });
}

/** A page drawn for the preview. */
export interface PreviewPage {
  /** The page as an image (a data URL). */
  src: string;
  /** Its width and height in pt. */
  width: number;
  /** Height in pt. */
  height: number;
}

/** Draws up to `limit` pages `width` px wide; returns them and the page count. */
export async function drawPages(bytes: Uint8Array, width: number, limit: number): Promise<{ pages: PreviewPage[]; count: number }> {
  startPdfWorker();
  // pdf.js takes the buffer over: give it a copy, the caller keeps the bytes to download.
  const document = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    // All pages asked for at once: pdf.js's worker reads the next page while this thread draws one.
    const numbers = Array.from({ length: Math.min(limit, document.numPages) }, (_, index) => index + 1);
    const pages = await Promise.all(
      numbers.map(async (number) => {
        const page = await document.getPage(number);
        const base = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: (width * (globalThis.devicePixelRatio || 1)) / base.width });
        const canvas = window.document.createElement('canvas');
        canvas.width = Math.round(viewport.width);
        canvas.height = Math.round(viewport.height);
        await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
        return { src: canvas.toDataURL('image/png'), width: base.width, height: base.height };
      }),
    );
    return { pages, count: document.numPages };
  } finally {
    await document.destroy();
  }
}
