/**
 * One face's subset in one certificate document, and the four objects that embed it (a Type 0
 * font over a CIDFontType2, its descriptor, the TrueType program, the ToUnicode map; ISO 32000-1
 * 9.7, 9.10.3), written as pdf-lib's CustomFontSubsetEmbedder wrote them: glyphs numbered in the
 * order the text first uses them, widths from the font's own metrics, code points as fontkit kept
 * them (see GlyphCall). The program is copied as bytes (subset-truetype.ts) and named by its
 * glyphs (subsetTag): the same glyphs make the same program, so a batch deflates it once.
 */
import { subsetTag } from '../../fonts/embed.js';
import type { Face } from '../../fonts/faces.js';
import { TrueTypeSubset, type RawTrueType } from '../../fonts/subset-truetype.js';
import { deflate, flateStreamBody, hex4, pdfName, pdfNumber, type Body } from './pdf-syntax.js';
import type { ShapedRun } from './shaping.js';

/** What every subset of a face shares: its descriptor's numbers, its space glyph. */
interface FaceFacts {
  postscriptName: string;
  /** The descriptor's entries after FontName, up to FontFile2. */
  descriptor: string;
  /** The glyph of U+0020, which every document asks for first (fonts/faces.ts freshGlyphs). */
  space: number;
  /** Deflated programs and ToUnicode maps, by glyph list: see programOf. */
  programs: Map<string, Uint8Array>;
  maps: Map<string, Uint8Array>;
}

// Per face, for the process: bounded by the faces parsed (the bundled ones).
const facts = new WeakMap<Face, FaceFacts>();
/**
 * Deflated programs and maps kept per face, the most recently used: a batch's subsets repeat (a
 * Latin-only name's Korean subset is the number line's; a role's is the same on every row).
 */
const KEPT = 64;

type MetricFace = Face & RawTrueType & {
  italicAngle: number;
  capHeight: number;
  xHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  post: { isFixedPitch: number | boolean };
  head: { macStyle: { italic: boolean } };
  'OS/2'?: { sFamilyClass: number };
  _variationProcessor?: unknown;
};

function factsOf(face: Face): FaceFacts {
  let known = facts.get(face);
  if (known) return known;
  const f = face as MetricFace;
  if (!f.directory.tables.glyf || f._variationProcessor) throw new Error(`certificate writer: ${face.postscriptName} is not a static TrueType face`);
  const scale = 1000 / f.unitsPerEm;
  // pdf-lib's deriveFontFlags (from pdfkit): symbolic always, serif and script by the family class.
  const familyClass = f['OS/2'] ? f['OS/2'].sFamilyClass : 0;
  let flags = 1 << 2;
  if (f.post.isFixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (familyClass === 10) flags |= 1 << 3;
  if (f.head.macStyle.italic) flags |= 1 << 6;
  const { minX, minY, maxX, maxY } = f.bbox;
  const descriptor =
    `/Flags ${flags}\n/FontBBox [ ${[minX, minY, maxX, maxY].map((v) => pdfNumber(v * scale)).join(' ')} ]\n/ItalicAngle ${pdfNumber(f.italicAngle)}\n` +
    `/Ascent ${pdfNumber(f.ascent * scale)}\n/Descent ${pdfNumber(f.descent * scale)}\n/CapHeight ${pdfNumber((f.capHeight || f.ascent) * scale)}\n` +
    `/XHeight ${pdfNumber((f.xHeight || 0) * scale)}\n/StemV 0\n`;
  known = { postscriptName: face.postscriptName, descriptor, space: face.glyphForCodePoint(0x20).id, programs: new Map(), maps: new Map() };
  facts.set(face, known);
  return known;
}

/** A cache entry, or a new one made by `make`, kept as the most recently used. */
function kept(cache: Map<string, Uint8Array>, key: string, make: () => Uint8Array): Uint8Array {
  let value = cache.get(key);
  if (value) cache.delete(key);
  else {
    if (cache.size >= KEPT) cache.delete(cache.keys().next().value!);
    value = make();
  }
  cache.set(key, value);
  return value;
}

/** One face's subset in one document. */
export class FontSubset {
  private readonly facts: FaceFacts;
  private readonly subset: TrueTypeSubset;
  /** Glyph ids in subset order (the subset's glyph 1, 2, …), and each one's own advance. */
  private readonly glyphs: number[] = [];
  private readonly widths: number[] = [];
  /** The code points fontkit's glyph cache would hold for each glyph in this document. */
  private readonly codePoints = new Map<number, readonly number[]>();

  constructor(readonly face: Face) {
    this.facts = factsOf(face);
    this.subset = new TrueTypeSubset(face as MetricFace);
    // A document starts from fresh glyphs, the space asked for first (fonts/faces.ts freshGlyphs).
    this.codePoints.set(this.facts.space, [0x20]);
  }

  /** Takes note of a run shaped for this document, in the order the document shapes its runs. */
  note(run: ShapedRun): void {
    for (const { id, codePoints } of run.calls) if (!this.codePoints.has(id)) this.codePoints.set(id, codePoints);
  }

  /** The run as a hex string of subset glyph ids, adding its glyphs to the subset. */
  encode(run: ShapedRun): string[] {
    const hex: string[] = [];
    for (let i = 0; i < run.ids.length; i++) {
      const id = run.ids[i]!;
      const before = this.subset.glyphs.length;
      const mapped = this.subset.includeGlyph(id);
      if (this.subset.glyphs.length > before) {
        this.glyphs.push(id);
        this.widths.push(run.widths[i]!);
      }
      hex.push(hex4(mapped));
    }
    return hex;
  }

  /**
   * The four objects, numbered from `first` (program, descriptor, CID font, ToUnicode), and the
   * Type 0 font's body (its number was given when the document first used the face).
   */
  objects(first: number): { type0: string; objects: [number, Body][] } {
    const { facts } = this;
    const key = this.subset.glyphs.join(',');
    const name = `${subsetTag(facts.postscriptName, this.subset.glyphs)}+${facts.postscriptName}`;
    const program = kept(facts.programs, key, () => deflate(this.subset.encode()));
    const scale = 1000 / this.face.unitsPerEm;
    const widths = this.widths.map((width) => pdfNumber(width * scale)).join(' ');
    const lines = this.glyphs.map((id, i) => `<${hex4(i + 1)}> <${(this.codePoints.get(id) ?? []).map(codePointHex).join('')}>`);
    const cmap = kept(facts.maps, lines.join('\n'), () => deflate(toUnicodeMap(lines)));
    const [fontFile, descriptor, cidFont, toUnicode] = [first, first + 1, first + 2, first + 3];
    const font = pdfName(name);
    return {
      type0: `<<\n/Type /Font\n/Subtype /Type0\n/BaseFont ${font}\n/Encoding /Identity-H\n/DescendantFonts [ ${cidFont} 0 R ]\n/ToUnicode ${toUnicode} 0 R\n>>`,
      objects: [
        [fontFile, flateStreamBody(program)],
        [descriptor, `<<\n/Type /FontDescriptor\n/FontName ${font}\n${facts.descriptor}/FontFile2 ${fontFile} 0 R\n>>`],
        [
          cidFont,
          `<<\n/Type /Font\n/Subtype /CIDFontType2\n/CIDToGIDMap /Identity\n/BaseFont ${font}\n/CIDSystemInfo <<\n/Registry (Adobe)\n/Ordering (Identity)\n/Supplement 0\n>>\n` +
            `/FontDescriptor ${descriptor} 0 R\n/W [ 1 [ ${widths} ] ]\n>>`,
        ],
        [toUnicode, flateStreamBody(cmap)],
      ],
    };
  }
}

/** A code point in a ToUnicode map: UTF-16BE hex, a surrogate pair beyond the BMP. */
function codePointHex(codePoint: number): string {
  if (codePoint < 0x10000) return hex4(codePoint);
  const offset = codePoint - 0x10000;
  return hex4(0xd800 + (offset >> 10)) + hex4(0xdc00 + (offset & 0x3ff));
}

/** pdf-lib's ToUnicode CMap, with one bfchar line per glyph. */
function toUnicodeMap(lines: readonly string[]): string {
  return (
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <<\n  /Registry (Adobe)\n  /Ordering (UCS)\n  /Supplement 0\n>> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><ffff>\nendcodespacerange\n' +
    `${lines.length} beginbfchar\n${lines.join('\n')}\nendbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`
  );
}
