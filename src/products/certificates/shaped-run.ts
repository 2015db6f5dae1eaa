/**
 * What a shaped run is (shaping.ts shapes them, glyph-by-glyph.ts puts them together, the writer
 * and the font subsets read them), apart so that neither of the two imports the other.
 */
import type { Face } from '../../fonts/faces.js';

/**
 * A glyph fontkit made while shaping a run, in the order it made them, with the code points it
 * gave the glyph. fontkit keeps one glyph object per id with the code points of its first request
 * (foliojs/fontkit#154), and pdf-lib wrote a document's ToUnicode map from those objects: so a
 * glyph's code points in a document are those of the first call for its id there (see FontSubset).
 */
export interface GlyphCall {
  /** Glyph id. */
  id: number;
  /** The code points fontkit stored with it. */
  codePoints: readonly number[];
}

/** A run of one face, shaped: what a content stream and a font subset need of it. */
export interface ShapedRun {
  /** Glyph ids after substitution (ligatures, Hangul composition). */
  ids: readonly number[];
  /** Each glyph's advance after kerning, font units. */
  advances: readonly number[];
  /** Each glyph's own advance (hmtx), font units: the font's /W widths. */
  widths: readonly number[];
  /** The whole run's advance, font units (fontkit's `advanceWidth`, summed as fontkit sums it). */
  advanceWidth: number;
  /** The glyphs fontkit made, in order, with their code points. */
  calls: readonly GlyphCall[];
  /** Each glyph's UTF-16 code units in the text (a ligature's more than one): which language it is read in (structure.ts glyphLangs). */
  units: readonly number[];
}

/** A parsed face with fontkit's glyph cache and glyph maker, which shaping sets aside and watches (shaping.ts). */
export type RawFace = Face & { _glyphs: unknown[]; getGlyph(id: number, codePoints?: number[]): unknown };
