/**
 * Text set with pdf-lib in a stack of faces (a tiled poster's labels and map): each character in
 * the face react-pdf would give it (fonts/faces.ts splitRuns), each face embedded once as a subset
 * of what it sets, lines balanced by line-breaking.ts.
 */
import { grayscale, type Color, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { codePoint, fail } from '../core/errors.js';
import { embedSubsetFont } from '../fonts/embed.js';
import { faceOfBytes, splitRuns, type Face } from '../fonts/faces.js';
import type { Typeset } from '../fonts/typeset.js';
import { balanceLines } from '../layout/line-breaking.js';

/** Text is black unless asked otherwise. */
const BLACK = grayscale(0);

/**
 * Sets text in pdf-lib with a stack of faces: each character in the first face that has it
 * (splitRuns, as react-pdf chooses), each face embedded once as a subset of what it sets.
 */
export class TextSetter {
  // Widths at 1 pt by weight and word: wrapping measures many runs of words at a few sizes, and
  // each width is a fontkit layout. pdf-lib sets glyphs at their advances, without kerning, so a
  // text's width is its words' and spaces' widths added up. Bounded by the tiling's words.
  private readonly widths = new Map<string, number>();

  private constructor(
    private readonly stacks: { regular: Face[]; bold: Face[] },
    private readonly fonts: Map<Face, PDFFont>,
  ) {}

  /** Checks every text against its stack and embeds each face with the characters it sets. */
  static async create(doc: PDFDocument, stacks: { regular: readonly Uint8Array[]; bold: readonly Uint8Array[] }, texts: { regular: string[]; bold: string[] }): Promise<TextSetter> {
    const faces = { regular: stacks.regular.map(openFace), bold: stacks.bold.map(openFace) };
    const byFace = new Map<Face, { bytes: Uint8Array; texts: string[] }>();
    for (const weight of ['regular', 'bold'] as const) {
      stacks[weight].forEach((bytes, i) => byFace.set(faces[weight][i]!, byFace.get(faces[weight][i]!) ?? { bytes, texts: [] }));
      for (const text of texts[weight]) {
        for (const char of text) {
          if (faces[weight].some((face) => face.hasGlyphForCodePoint(char.codePointAt(0)!))) continue;
          const names = faces[weight].map((face) => face.postscriptName);
          fail('NO_GLYPH', `${codePoint(char)} '${char}' is ${names.length === 1 ? `not in the font ${names[0]}` : `in none of the fonts ${names.join(', ')}`}`, `label "${text}"`);
        }
        for (const run of splitRuns(text, faces[weight])) byFace.get(run.face)!.texts.push(run.text);
      }
    }
    const fonts = new Map<Face, PDFFont>();
    for (const [face, { bytes, texts: used }] of byFace) if (used.length > 0) fonts.set(face, await embedSubsetFont(doc, bytes, used));
    return new TextSetter(faces, fonts);
  }

  /** The advance width of a text at a size, pt. */
  width(text: string, size: number, bold = false): number {
    const unit = (word: string) => {
      const key = `${bold ? '+' : '-'}${word}`;
      let width = this.widths.get(key);
      if (width === undefined) {
        width = splitRuns(word, this.stack(bold)).reduce((sum, run) => sum + this.fonts.get(run.face)!.widthOfTextAtSize(run.text, 1), 0);
        this.widths.set(key, width);
      }
      return width;
    };
    const words = text.split(' ');
    return (words.reduce((sum, word) => sum + unit(word), 0) + (words.length - 1) * unit(' ')) * size;
  }

  /** Draws a text with its left end at (x, baseline y). */
  draw(page: PDFPage, text: string, x: number, y: number, size: number, bold = false, color: Color = BLACK): void {
    let at = x;
    for (const run of splitRuns(text, this.stack(bold))) {
      const font = this.fonts.get(run.face)!;
      page.drawText(run.text, { x: at, y, size, font, color });
      at += font.widthOfTextAtSize(run.text, size);
    }
  }

  /** A text broken into balanced lines no wider than `width` (line-breaking.ts's balanceLines, measured with these faces). */
  wrap(text: string, size: number, width: number, bold = false): string[] {
    const typeset: Typeset = { measure: (value, _stack, at) => this.width(value, at, bold), ascent: () => size };
    return balanceLines(typeset, text, { stack: 'sans', size, bold }, width);
  }

  private stack(bold: boolean): Face[] {
    return bold ? this.stacks.bold : this.stacks.regular;
  }
}

function openFace(bytes: Uint8Array): Face {
  try {
    return faceOfBytes(bytes);
  } catch (error) {
    fail('BAD_OPTION', `not a TrueType or OpenType font (${bytes.length} bytes): ${(error as Error).message}`);
  }
}
