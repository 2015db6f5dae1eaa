/**
 * The text check: what a page draws must read back as text, as a reader (or a screen reader, or a
 * search) would extract it. pdf.js extracts it; the fonts' ToUnicode maps say whether it can.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PDFDict } from 'pdf-lib';
import { PressError } from '../core/errors.js';
import type { FontFact } from './fonts.js';
import { messageOf } from './pdf-objects.js';
import { loadPdfjs } from './pdfjs.js';
import { formatPages, type PdfCheck } from './verdict.js';

/** What text one page draws and what can be read back. */
export interface PageTextFact {
  /** Page number, 1-based. */
  page: number;
  /** Whether the content streams show any glyph (Tj, TJ, ', "). */
  drawsText: boolean;
  /** Non-whitespace characters pdf.js extracts from the page. */
  extractedChars: number;
}

/** What pdf.js read back from every page. */
export interface ExtractedText {
  /** Non-whitespace characters a page, in page order. */
  chars: number[];
  /** Pages whose text pdf.js could not extract, and why. */
  errors: string[];
}

/** Where pdf.js finds its CMaps and standard-font data: beside its own module, on disk. */
function resolvePdfjsData(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const entry = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs');
    const root = new URL('../../', pathToFileURL(entry));
    return {
      cMapUrl: fileURLToPath(new URL('cmaps/', root)),
      standardFontDataUrl: fileURLToPath(new URL('standard_fonts/', root)),
    };
  } catch {
    // Without them pdf.js still reads Identity-H text (all we produce); only predefined CJK CMaps need the files.
    return {};
  }
}

/**
 * Counts, with pdf.js, the characters each of the first `pageCount` pages yields. pdf.js takes over
 * (detaches) `bytes`: pass a copy (page-tree.ts makes one). Throws BAD_PDF if pdf.js cannot open the file.
 */
export async function extractText(bytes: Uint8Array, file: string, pageCount: number): Promise<ExtractedText> {
  // Loaded on demand: only the check command needs pdf.js, and it is large.
  const pdfjs = await loadPdfjs();
  const data = resolvePdfjsData();
  const task = pdfjs.getDocument({
    data: bytes,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    cMapPacked: true,
    ...data,
  });
  const chars: number[] = [];
  const errors: string[] = [];
  try {
    const pdf = await task.promise.catch((error: unknown) => {
      throw new PressError('BAD_PDF', `pdf.js cannot read it: ${messageOf(error)}`, file);
    });
    for (let i = 1; i <= Math.min(pdf.numPages, pageCount); i++) {
      try {
        const page = await pdf.getPage(i);
        const content = await page.getTextContent();
        let count = 0;
        for (const item of content.items) {
          if ('str' in item) count += item.str.replace(/\s/gu, '').length;
        }
        chars.push(count);
        page.cleanup();
      } catch (error) {
        chars.push(0);
        errors.push(`page ${i}: text cannot be extracted (${messageOf(error)})`);
      }
    }
  } finally {
    await task.destroy();
  }
  return { chars, errors };
}

/** Fails pages that draw text nothing can be read back from, and fonts whose text would read as garbage. */
export function judgeText(
  text: PageTextFact[],
  textFonts: Map<PDFDict, Set<number>>,
  fonts: Map<PDFDict, FontFact>,
  extractErrors: string[],
  problems: string[],
): PdfCheck {
  const detail: string[] = [...extractErrors, ...new Set(problems)];
  for (const page of text) {
    if (page.drawsText && page.extractedChars === 0) detail.push(`page ${page.page} draws text but none can be extracted`);
  }
  for (const [font, pages] of textFonts) {
    const fact = fonts.get(font);
    if (fact && !fact.extractable) {
      detail.push(`${fact.name} (${formatPages([...pages])}) has no ToUnicode map: its text extracts as garbage`);
    }
  }
  if (detail.length > 0) return { name: 'text', ok: false, detail };
  const drawing = text.filter((p) => p.drawsText);
  if (drawing.length === 0) return { name: 'text', ok: true, detail: ['no page draws text'] };
  const total = drawing.reduce((sum, p) => sum + p.extractedChars, 0);
  return {
    name: 'text',
    ok: true,
    detail: [`text extracts from ${drawing.length} of ${text.length} ${text.length === 1 ? 'page' : 'pages'} (${total} characters)`],
  };
}
