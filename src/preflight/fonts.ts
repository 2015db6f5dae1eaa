/**
 * The fonts check: every font the pages use, in page resources, forms, patterns and Type3 glyph
 * procedures, must be embedded and subset, as a print shop's RIP would otherwise substitute it.
 */
import { PDFArray, PDFDict, PDFName } from 'pdf-lib';
import type { PDFContext } from 'pdf-lib';
import { asDict, entry, nameOf, resolve } from './pdf-objects.js';
import { formatPages, plural, type PdfCheck } from './verdict.js';

/** One font dictionary as the preflight saw it. */
export interface FontFact {
  /** BaseFont as written, subset tag included (`ABCDEF+SourceSerif4-Regular`). */
  name: string;
  /** Font subtype: Type0, TrueType, Type1, Type3, … */
  subtype: string;
  /** Whether the font program is in the file (FontFile, FontFile2 or FontFile3). */
  embedded: boolean;
  /** Whether BaseFont carries a six-letter subset tag (Type3 fonts count as subset). */
  subset: boolean;
  /** Whether the font has a ToUnicode map. */
  toUnicode: boolean;
  /** Whether its text extracts as Unicode: a ToUnicode map, or a simple font whose encoding names its glyphs. */
  extractable: boolean;
  /** Pages (1-based) whose resources, or whose forms' resources, hold the font. */
  pages: number[];
}

const SUBSET_TAG = /^[A-Z]{6}\+/;

/** Adds the fonts reachable from a page's resources to `fonts`, noting the page on each; call it for pages in order. */
export function collectFonts(
  context: PDFContext,
  resources: PDFDict | undefined,
  page: number,
  fonts: Map<PDFDict, FontFact>,
  seen: Set<PDFDict>,
): void {
  if (!resources || seen.has(resources)) return;
  seen.add(resources);
  const fontDict = asDict(context, resources.get(PDFName.of('Font')));
  for (const [, value] of fontDict?.entries() ?? []) {
    const font = asDict(context, value);
    if (!font) continue;
    const known = fonts.get(font);
    if (known) {
      // Pages are collected in order, so the page is new unless it was the last one added; a search
      // of the list instead made a font on every page cost N²/2 steps.
      if (known.pages[known.pages.length - 1] !== page) known.pages.push(page);
    } else {
      fonts.set(font, { ...describeFont(context, font), pages: [page] });
    }
    // Type3 glyph procedures may use fonts of their own.
    collectFonts(context, asDict(context, font.get(PDFName.of('Resources'))), page, fonts, seen);
  }
  // Fonts inside forms (embedPage, react-pdf's SVG) and tiling patterns live in their own resources.
  for (const key of ['XObject', 'Pattern']) {
    const dict = asDict(context, resources.get(PDFName.of(key)));
    for (const [, value] of dict?.entries() ?? []) {
      const child = asDict(context, value);
      collectFonts(context, asDict(context, child?.get(PDFName.of('Resources'))), page, fonts, seen);
    }
  }
}

function describeFont(context: PDFContext, font: PDFDict): Omit<FontFact, 'pages'> {
  const subtype = nameOf(context, font, 'Subtype') ?? 'unknown';
  const name = nameOf(context, font, 'BaseFont') ?? nameOf(context, font, 'Name') ?? '(unnamed font)';
  const toUnicode = entry(context, font, 'ToUnicode') !== undefined;
  const extractable = toUnicode || !needsToUnicode(context, font);
  // Type3 glyphs are content streams inside the file: embedded by nature, and no tag applies.
  if (subtype === 'Type3') return { name, subtype, embedded: true, subset: true, toUnicode, extractable };
  let descriptorOwner: PDFDict | undefined = font;
  let descendantName: string | undefined;
  if (subtype === 'Type0') {
    const descendants = resolve(context, font.get(PDFName.of('DescendantFonts')));
    descriptorOwner = descendants instanceof PDFArray && descendants.size() > 0
      ? asDict(context, descendants.get(0))
      : undefined;
    descendantName = nameOf(context, descriptorOwner, 'BaseFont');
  }
  const descriptor = asDict(context, entry(context, descriptorOwner, 'FontDescriptor'));
  const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => entry(context, descriptor, key) !== undefined);
  const subset = SUBSET_TAG.test(name) || (descendantName !== undefined && SUBSET_TAG.test(descendantName));
  return { name, subtype, embedded, subset, toUnicode, extractable };
}

/** Whether text in this font reads back as garbage without a ToUnicode map. */
function needsToUnicode(context: PDFContext, font: PDFDict): boolean {
  const subtype = nameOf(context, font, 'Subtype');
  const encoding = entry(context, font, 'Encoding');
  if (subtype === 'Type0') {
    // Identity-H codes are glyph ids, meaningless outside the font; a predefined CJK CMap (UniKS-UCS2-H) maps to Unicode.
    if (!(encoding instanceof PDFName)) return true;
    return /^Identity-[HV]$/.test(encoding.decodeText());
  }
  // Simple fonts: an encoding (WinAnsi, MacRoman, Differences) names each glyph, and names map to Unicode;
  // a Type1 font without one falls back to its built-in encoding, which has glyph names too.
  if (encoding !== undefined) return false;
  return subtype === 'TrueType' || subtype === 'Type3';
}

/** Fails every font that is not embedded, or embedded whole. */
export function judgeFonts(fonts: FontFact[]): PdfCheck {
  const detail: string[] = [];
  for (const font of fonts) {
    if (!font.embedded) detail.push(`${font.name} (${formatPages(font.pages)}) is not embedded`);
    else if (!font.subset) detail.push(`${font.name} (${formatPages(font.pages)}) is embedded but not subset`);
  }
  if (detail.length > 0) return { name: 'fonts', ok: false, detail };
  if (fonts.length === 0) return { name: 'fonts', ok: true, detail: ['no fonts'] };
  return { name: 'fonts', ok: true, detail: [`${plural(fonts.length, 'font')}, all embedded and subset`] };
}
