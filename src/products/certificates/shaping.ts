/**
 * Each text shaped once. A certificate's names are measured to fit their boxes (fitText) and then
 * drawn: both take the same runs from here, and so do the static layout's many measurements and
 * every certificate of a batch that repeats a text ("참가자 · Participant", "호  ·  "). A run keeps
 * what the PDF needs and nothing of fontkit's objects: glyph ids, advances, and the code points
 * fontkit would give each glyph, for the ToUnicode map (see GlyphCall).
 */
import { splitRuns, type Face, type StackFaces } from '../../fonts/faces.js';
import type { StackName } from '../../fonts/registry.js';
import type { Typeset } from '../../fonts/typeset.js';

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

type RawFace = Face & { _glyphs: unknown[]; getGlyph(id: number, codePoints?: number[]): unknown };

/**
 * Shapes runs and keeps the most recently used (`limit` per face): the texts a batch repeats stay,
 * a batch of 10,000 unique names does not keep them all.
 */
export class RunShaper {
  private readonly runs = new Map<Face, Map<string, ShapedRun>>();

  constructor(private readonly limit = 1024) {}

  /** The run of `text` in `face`, shaped by fontkit with its default features, as react-pdf shapes it. */
  shape(face: Face, text: string): ShapedRun {
    let byText = this.runs.get(face);
    if (!byText) this.runs.set(face, (byText = new Map()));
    let run = byText.get(text);
    if (run) {
      // Most recently used last: a Map keeps insertion order.
      byText.delete(text);
    } else {
      if (byText.size >= this.limit) byText.delete(byText.keys().next().value!);
      run = this.glyphByGlyph(face, text) ?? shapeFresh(face as RawFace, text);
    }
    byText.set(text, run);
    return run;
  }

  /**
   * The run of `text` made of each character's own cached run, without kerning between them: for
   * a text unique on every certificate and made of few characters (a certificate ID), which
   * fontkit would otherwise shape afresh each time (about 0.3 ms).
   */
  shapeChars(face: Face, text: string): ShapedRun {
    const ids: number[] = [];
    const advances: number[] = [];
    const widths: number[] = [];
    const calls: GlyphCall[] = [];
    const units: number[] = [];
    let advanceWidth = 0;
    for (const char of text) {
      const run = this.shape(face, char);
      ids.push(...run.ids);
      advances.push(...run.advances);
      widths.push(...run.widths);
      calls.push(...run.calls);
      units.push(...run.units);
      advanceWidth += run.advanceWidth;
    }
    return { ids, advances, widths, advanceWidth, calls, units };
  }

  /**
   * The run fontkit would make of `text`, put together from each character's run and each kerned
   * pair's adjustment, where the face's tables let nothing else happen (pairFaceOf): a Hangul name
   * in NanumMyeongjo, unique on every certificate, costs no shaping. Undefined where they do, or
   * where the text has a character outside PLAIN.
   */
  private glyphByGlyph(face: Face, text: string): ShapedRun | undefined {
    const pairs = pairFaceOf(face as RawFace);
    if (!pairs || text.length < 2) return undefined;
    for (let i = 0; i < text.length; i++) if (!PLAIN(text.charCodeAt(i))) return undefined;
    const ids: number[] = [];
    const advances: number[] = [];
    const widths: number[] = [];
    const calls: GlyphCall[] = [];
    const units: number[] = [];
    const seen = new Set<number>();
    let previous: ShapedRun | undefined;
    for (let i = 0; i < text.length; i++) {
      const run = pairs.char(text[i]!);
      const id = run.ids[0]!;
      if (pairs.marks.has(id)) return undefined;
      if (previous && pairs.kerned.has(previous.ids[0]!)) advances[i - 1]! += pairs.kern(text[i - 1]! + text[i]!, previous, run);
      ids.push(id);
      advances.push(run.advances[0]!);
      widths.push(run.widths[0]!);
      units.push(1);
      // fontkit asks for each glyph with the code points of its first character: the first call per id stands.
      if (!seen.has(id)) {
        seen.add(id);
        calls.push(run.calls[0]!);
      }
      previous = run;
    }
    // fontkit asks for the space last, whatever the text (to hide default ignorables): each character's run ends with that call.
    for (let i = 0; i < text.length; i++) {
      for (const call of pairs.char(text[i]!).calls.slice(1)) {
        if (!seen.has(call.id)) {
          seen.add(call.id);
          calls.push(call);
        }
      }
    }
    let advanceWidth = 0;
    for (const advance of advances) advanceWidth += advance;
    return { ids, advances, widths, advanceWidth, calls, units };
  }

  /**
   * A Typeset that measures with these runs: the same sums as fonts/typeset.ts (a run's advance
   * over units per em, times the size, run after run), so every fit comes out the same to the bit.
   */
  typeset(base: Typeset, stackFaces: StackFaces): Typeset {
    return {
      ascent: (text, stack, size) => base.ascent(text, stack, size),
      measure: (text: string, stack: StackName, size: number, bold = false) => {
        let width = 0;
        for (const run of splitRuns(text, stackFaces(stack, bold))) width += (this.shape(run.face, run.text).advanceWidth / run.face.unitsPerEm) * size;
        return width;
      },
    };
  }
}

/** Characters a run may be put together from glyph by glyph: printable ASCII, the middle dot, Hangul syllables (none a mark, none ignorable). */
const PLAIN = (code: number) => (code >= 0x20 && code <= 0x7e) || code === 0xb7 || (code >= 0xac00 && code <= 0xd7a3);

type Coverage = { version: 1; glyphs: ArrayLike<number> } | { version: 2; rangeRecords: ArrayLike<{ start: number; end: number }> };
type ClassDef = { version: 1; startGlyph: number; classValueArray: ArrayLike<number> } | { version: 2; classRangeRecord: ArrayLike<{ start: number; end: number; class: number }> };
type ValueFormat = Record<string, boolean>;
type LayoutTable = {
  scriptList: { tag: string }[];
  lookupList: { length: number; get(index: number): { lookupType: number; subTables: { version: number; coverage: Coverage; valueFormat2: ValueFormat; extension?: unknown; lookupType?: number }[] } };
};
type TableFace = RawFace & { GSUB?: LayoutTable; GPOS?: LayoutTable; GDEF?: { glyphClassDef?: ClassDef }; kern?: unknown; morx?: unknown };

/** What lets a face's runs be put together glyph by glyph, and the parts they are put together from. */
interface PairFace {
  /** Glyphs a pair adjustment may start at (the first coverage of every pair lookup). */
  kerned: Set<number>;
  /** Glyphs GDEF calls marks: fontkit zeroes their advances; a run with one is shaped whole. */
  marks: Set<number>;
  /** A character's own run. */
  char(char: string): ShapedRun;
  /** What the pair of two characters adds to the first's advance, as fontkit shapes the pair. */
  kern(pair: string, first: ShapedRun, second: ShapedRun): number;
}

const pairFaces = new WeakMap<Face, PairFace | null>();

/**
 * Whether fontkit can do nothing to a run of this face but map each character to its glyph and
 * adjust the advance of a glyph by the one after it: no substitution lookups (GSUB empty), only
 * pair adjustments that leave the second glyph alone (GPOS lookup type 2, valueFormat2 empty), one
 * script in both tables (so every text gets the same lookups and fontkit's default shaper), no
 * AAT or old kern table. NanumMyeongjo is such a face; Source Serif 4 (ligatures, marks,
 * contextual kerning) is not. Then a run is its characters' runs, each pair's adjustment added
 * (the pair shaped once by fontkit), to the bit: test/products/certificates/shaping.test.ts checks it
 * against fontkit on many names.
 */
function pairFaceOf(face: TableFace): PairFace | null {
  let known = pairFaces.get(face);
  if (known !== undefined) return known;
  known = null;
  const gsub = face.GSUB;
  const gpos = face.GPOS;
  const scripts = new Set([...(gsub?.scriptList ?? []), ...(gpos?.scriptList ?? [])].map((script) => script.tag));
  const kerned = new Set<number>();
  let plain = !face.kern && !face.morx && (!gsub || gsub.lookupList.length === 0) && scripts.size <= 1;
  for (let i = 0; plain && gpos && i < gpos.lookupList.length; i++) {
    const lookup = gpos.lookupList.get(i);
    for (const table of lookup.subTables) {
      const pair = lookup.lookupType === 9 ? (table.lookupType === 2 ? (table.extension as typeof table) : undefined) : lookup.lookupType === 2 ? table : undefined;
      if (!pair || Object.values(pair.valueFormat2).some(Boolean)) {
        plain = false;
        break;
      }
      for (const id of coverageGlyphs(pair.coverage)) kerned.add(id);
    }
  }
  if (plain) {
    const chars = new Map<string, ShapedRun>();
    const kerns = new Map<string, number>();
    known = {
      kerned,
      marks: markGlyphs(face.GDEF?.glyphClassDef),
      char: (char) => {
        let run = chars.get(char);
        if (!run) chars.set(char, (run = shapeFresh(face, char)));
        return run;
      },
      kern: (pair, first, second) => {
        let kern = kerns.get(pair);
        if (kern === undefined) {
          const run = shapeFresh(face, pair);
          if (run.ids.length !== 2 || run.advances[1] !== second.advances[0]) throw new Error(`certificate shaping: ${face.postscriptName} shaped "${pair}" other than glyph by glyph`);
          kerns.set(pair, (kern = run.advances[0]! - first.advances[0]!));
        }
        return kern;
      },
    };
  }
  pairFaces.set(face, known);
  return known;
}

/** The glyphs a coverage table lists. */
function coverageGlyphs(coverage: Coverage): number[] {
  const ids: number[] = [];
  if (coverage.version === 1) for (let i = 0; i < coverage.glyphs.length; i++) ids.push(coverage.glyphs[i]!);
  else for (let i = 0; i < coverage.rangeRecords.length; i++) for (let id = coverage.rangeRecords[i]!.start; id <= coverage.rangeRecords[i]!.end; id++) ids.push(id);
  return ids;
}

/** The glyphs a GDEF class definition calls marks (class 3). */
function markGlyphs(classes: ClassDef | undefined): Set<number> {
  const marks = new Set<number>();
  if (!classes) return marks;
  if (classes.version === 1) {
    for (let i = 0; i < classes.classValueArray.length; i++) if (classes.classValueArray[i] === 3) marks.add(classes.startGlyph + i);
  } else {
    for (let i = 0; i < classes.classRangeRecord.length; i++) {
      const range = classes.classRangeRecord[i]!;
      if (range.class === 3) for (let id = range.start; id <= range.end; id++) marks.add(id);
    }
  }
  return marks;
}

/** @internal Whether a face's runs are put together glyph by glyph (see pairFaceOf): for the tests. */
export const setGlyphByGlyph = (face: Face) => pairFaceOf(face as TableFace) !== null;

/** @internal A run shaped whole by fontkit, as RunShaper shapes a text it cannot put together: for the tests. */
export const shapeWhole = (face: Face, text: string) => shapeFresh(face as RawFace, text);

/**
 * Shapes a run as the first run of a fresh document: fontkit's glyph cache is set aside for the
 * call (and put back), so the code points recorded are this text's own, whatever was shaped
 * before; every glyph fontkit makes is recorded through its getGlyph. The glyphs it makes meanwhile
 * stand on the cached ones (prototypes carrying their metrics, which fontkit works out from each
 * glyph's outline), with the code points of this call: a fresh cache would cost that work again.
 */
function shapeFresh(face: RawFace, text: string): ShapedRun {
  const calls: GlyphCall[] = [];
  const cache = face._glyphs as ({ advanceWidth: number } | undefined)[];
  const fresh: unknown[] = [];
  const own = Object.getOwnPropertyDescriptor(face, 'getGlyph');
  const getGlyph = face.getGlyph;
  face._glyphs = fresh;
  face.getGlyph = function (id: number, codePoints: number[] = []) {
    let glyph = fresh[id];
    if (!glyph) {
      calls.push({ id, codePoints: [...codePoints] });
      let cached = cache[id];
      if (!cached) {
        face._glyphs = cache;
        cached = getGlyph.call(this, id, codePoints) as { advanceWidth: number };
        face._glyphs = fresh;
      }
      // Its metrics worked out once, on the cached glyph the fresh one stands on.
      void cached.advanceWidth;
      fresh[id] = glyph = Object.create(cached, { codePoints: { value: codePoints, writable: true, enumerable: true } });
    }
    return glyph;
  };
  try {
    const layout = face.layout(text);
    const ids = layout.glyphs.map((glyph) => glyph.id);
    const widths = layout.glyphs.map((glyph) => glyph.advanceWidth);
    const advances = layout.positions.map((position) => position.xAdvance);
    const units = layout.glyphs.map((glyph) => {
      let count = 0;
      for (const codePoint of glyph.codePoints) count += codePoint > 0xffff ? 2 : 1;
      return count;
    });
    return { ids, advances, widths, advanceWidth: layout.advanceWidth, calls, units };
  } finally {
    if (own) Object.defineProperty(face, 'getGlyph', own);
    else delete (face as Partial<RawFace>).getGlyph;
    face._glyphs = cache;
  }
}
