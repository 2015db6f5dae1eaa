/**
 * Fonts in pdf-lib documents (the certificates' own layer, tiled posters' labels): embedded as
 * subsets, from the faces react-pdf already parsed (faces.ts), with a subset tag derived from the
 * glyphs, as react-pdf's are (subsetTag). TrueType outlines are copied as bytes by subset-truetype.ts; CFF faces (Pretendard) go
 * through fontkit's subsetter.
 */
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { codePoint, fail } from '../core/errors.js';
import { sha256 } from '../core/sha256.js';
import { documentGlyphs, faceOfBytes, freshGlyphs, type Face, type GlyphRun } from './faces.js';
import { streamOnce, TrueTypeSubset, type RawTrueType } from './subset-truetype.js';

/**
 * Embeds a font as a subset tagged by the glyphs it ends up holding (subsetTag), after checking it has every character of
 * `texts` (a missing glyph would print as nothing, without an error). `shaped` holds texts the
 * caller has already laid out with these bytes for this document: pdf-lib's encodeText takes
 * those runs instead of shaping each text again.
 */
export async function embedSubsetFont(doc: PDFDocument, fontBytes: Uint8Array, texts: string[], shaped?: ReadonlyMap<string, GlyphRun>): Promise<PDFFont> {
  const face = openFont(fontBytes);
  const chars = new Set<string>();
  for (const text of texts) {
    for (const char of text) {
      if (chars.has(char)) continue;
      if (!face.hasGlyphForCodePoint(char.codePointAt(0)!)) {
        fail('NO_GLYPH', `${codePoint(char)} '${char}' is not in the font ${face.postscriptName}`, `label "${text}"`);
      }
      chars.add(char);
    }
  }
  doc.registerFontkit(shaped ? fontkitWith(shaped) : FONTKIT_FOR_PDF_LIB);
  const font = await doc.embedFont(fontBytes, { subset: true, customName: face.postscriptName });
  nameBySubset(font, face.postscriptName);
  return font;
}

/** What embedSubsetFont reaches inside pdf-lib's PDFFont: its subset embedder. */
interface SubsetEmbedder {
  /** The name pdf-lib writes as BaseFont and FontName when it embeds the font (at save). */
  customName: string;
  /** The subset being built: glyph ids in subset order (fontkit's subsets and TrueTypeSubset alike). */
  subset: { glyphs: readonly number[] };
}

/**
 * Names a pdf-lib subset font "ABCDEF+Name" (ISO 32000-1 9.6.4) with the tag of the glyphs it
 * holds when it is written, not when it is made: pdf-lib adds glyphs as text is drawn and writes
 * the font at save, reading the name then (CustomFontEmbedder.embedIntoContext). pdf-lib 1.17
 * keeps the embedder private; the getter is the one place that reaches in.
 */
function nameBySubset(font: PDFFont, postscriptName: string): void {
  const embedder = (font as unknown as { embedder: SubsetEmbedder }).embedder;
  Object.defineProperty(embedder, 'customName', { get: () => `${subsetTag(postscriptName, embedder.subset.glyphs)}+${postscriptName}` });
}

interface FontkitSubset {
  encode(): Uint8Array;
  encodeStream?: unknown;
}
type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type SubsettingFace = Face & { createSubset(): FontkitSubset };

function openFont(bytes: Uint8Array): Face {
  try {
    return faceOfBytes(bytes);
  } catch (error) {
    fail('BAD_OPTION', `not a TrueType or OpenType font (${bytes.length} bytes): ${(error as Error).message}`);
  }
}

// The view pdf-lib gets of each face, made once per face (bounded by the faces parsed).
const views = new WeakMap<Face, SubsettingFace>();

/**
 * A face as pdf-lib wants it: the parsed face itself (its tables, layout engine and glyph cache
 * shared), seen through an object whose createSubset makes the subsets pdf-lib can read. The face
 * is react-pdf's own, so it is not changed, only viewed.
 */
function subsettingView(face: Face): SubsettingFace {
  let view = views.get(face);
  if (!view) {
    const raw = face as unknown as RawTrueType & { _variationProcessor?: unknown; createSubset(): FontkitSubset };
    // TrueType outlines are copied as bytes (fast); CFF faces (Pretendard) go through fontkit.
    const createSubset = raw.directory.tables.glyf && !raw._variationProcessor
      ? () => new TrueTypeSubset(raw)
      : () => Object.assign(raw.createSubset(), { encodeStream: encodeStreamOf });
    view = Object.create(face, { createSubset: { value: createSubset } }) as SubsettingFace;
    views.set(face, view);
  }
  return view;
}

/**
 * Upstream fontkit 2 for pdf-lib. pdf-lib 1.17 asks a subset for `encodeStream()`, which fontkit 2
 * replaced with `encode()`; pdf-lib's own fork, @pdf-lib/fontkit 1.1.1, still has the stream but
 * writes corrupt TrueType subsets (short loca without padding, fixed upstream in foliojs/fontkit#191;
 * see Hopding/pdf-lib#1232). So: fontkit 2, with `encodeStream()` put back on its subsets.
 */
const FONTKIT_FOR_PDF_LIB = {
  create: (bytes: Uint8Array) => documentFont(bytes),
} as unknown as PdfLibFontkit;

/** fontkit's positioning features, turned off: what a text pdf-lib draws is shaped with. */
const UNPOSITIONED = { kern: false, mark: false, mkmk: false, curs: false, dist: false };

/**
 * The face pdf-lib gets for one document: the subsetting view, whose layout() hands out the
 * document's glyphs (faces.ts documentGlyphs: pdf-lib writes ToUnicode from them), taking a run
 * from `shaped` when the caller has laid the text out already.
 */
function documentFont(bytes: Uint8Array, shaped?: ReadonlyMap<string, GlyphRun>) {
  const face = faceOfBytes(bytes);
  // pdf-lib writes ToUnicode from the glyphs' code points: each text's own (see freshGlyphs), each glyph as the document first used it.
  freshGlyphs(face);
  const view = subsettingView(face) as SubsettingFace & { layout(text: string, features?: unknown): GlyphRun };
  const glyphs = documentGlyphs(face);
  // pdf-lib shapes a text again for every drawText and every widthOfTextAtSize (a tiled poster's
  // labels: half of its tiling): each text is shaped once per document here. Shaping is a pure
  // function of the face and the text, so the runs are what shaping again would give. Bounded by
  // the document's texts.
  // pdf-lib writes each run's glyph ids and measures its glyphs' advance widths, never a run's
  // positions: the text is shaped without the positioning features (GPOS), the same glyphs in
  // less time (the tiled poster, whose labels are the only such texts, built alone: 1.57 s against
  // 1.68 s, 9 alternated rounds, 2026-12-03; the same bytes).
  const runs = new Map<string, GlyphRun>();
  const shape = (text: string) => {
    let run = shaped?.get(text) ?? runs.get(text);
    if (!run) runs.set(text, (run = view.layout(text, UNPOSITIONED)));
    return run;
  };
  const layout = (text: string, features?: unknown) => glyphs(features === undefined ? shape(text) : view.layout(text, features));
  return Object.create(view, { layout: { value: layout } }) as SubsettingFace;
}

/**
 * FONTKIT_FOR_PDF_LIB for one document whose texts are already shaped: pdf-lib's layout() returns
 * those runs instead of shaping each text again.
 */
function fontkitWith(shaped: ReadonlyMap<string, GlyphRun>): PdfLibFontkit {
  return { create: (bytes: Uint8Array) => documentFont(bytes, shaped) } as unknown as PdfLibFontkit;
}

/** The stream pdf-lib reads a subset from (see streamOnce). */
function encodeStreamOf(this: FontkitSubset) {
  return streamOnce(() => this.encode());
}

/**
 * The six capitals that tag a font subset, from what it holds: SHA-256 of "<PostScript name>\n<glyph
 * ids in subset order, comma-separated>" (UTF-8), one capital per byte of the first six (A + byte
 * mod 26). pdfTeX and Typst tag a subset by its glyphs alike, so one tag names one font program
 * across files, and a print shop merging files never takes one subset for another. The glyph
 * order counts, not only the set: it is the subset's glyph numbering, so it decides the program's
 * bytes. react-pdf's pdfkit derives its tags the same way (patches/pdfkit+0.20.1.patch).
 */
export function subsetTag(postscriptName: string, glyphIds: readonly number[]): string {
  const digest = sha256(`${postscriptName}\n${glyphIds.join(',')}`);
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i]! % 26));
  return tag;
}
