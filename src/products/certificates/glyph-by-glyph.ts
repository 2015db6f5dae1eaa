/**
 * Runs put together glyph by glyph: where a face's layout tables let fontkit do nothing to a run
 * but map its characters to glyphs and adjust advances, a run is its characters' runs with each
 * pair's adjustments added, each character and pair shaped once by fontkit (shaping.ts passes
 * its shaper in). A certificate's number, a Hangul name or most Latin names then cost no shaping.
 */
import type { Face } from '../../fonts/faces.js';
import type { GlyphCall, RawFace, ShapedRun } from './shaped-run.js';

/** How a run is shaped whole: shaping.ts's fontkit call, with its glyph cache set aside. */
type ShapeWhole = (face: Face, text: string) => ShapedRun;

/** Characters a run may be put together from glyph by glyph: printable ASCII, the middle dot, Hangul syllables (none a mark, none ignorable, no fraction slash). */
const PLAIN = (code: number) => (code >= 0x20 && code <= 0x7e) || code === 0xb7 || (code >= 0xac00 && code <= 0xd7a3);

/**
 * The features fontkit's default shaper applies to every glyph of a left-to-right run (its
 * VARIATION, DIRECTIONAL, COMMON and HORIZONTAL features); frac, numr and dnom only around a
 * fraction slash, which PLAIN leaves out.
 */
const GLOBAL_FEATURES = new Set(['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern']);
/** The scripts fontkit picks for a PLAIN text where the face has no hang or zzzz: latn for Latin letters, else its defaults (DEFAULT_SCRIPTS); each picks its default shaper. */
const PLAIN_SCRIPTS = ['DFLT', 'dflt', 'latn'];

type Coverage = { version: 1; glyphs: ArrayLike<number> } | { version: 2; rangeRecords: ArrayLike<{ start: number; end: number }> };
type ClassDef = { version: 1; startGlyph: number; classValueArray: ArrayLike<number> } | { version: 2; classRangeRecord: ArrayLike<{ start: number; end: number; class: number }> };
type SubTable = { version: number; lookupType?: number; extension?: SubTable } & Record<string, unknown>;
type LayoutTable = {
  scriptList: { tag: string; script: { defaultLangSys?: { featureIndexes: ArrayLike<number> } | null } }[];
  featureList: { tag: string; feature: { lookupListIndexes: ArrayLike<number> } }[];
  lookupList: { length: number; get(index: number): { lookupType: number; flags?: { flags?: Record<string, boolean> }; subTables: ArrayLike<SubTable> } };
};
type TableFace = RawFace & { GSUB?: LayoutTable; GPOS?: LayoutTable; GDEF?: { glyphClassDef?: ClassDef }; kern?: unknown; morx?: unknown; fvar?: unknown };

/** What lets a face's runs be put together glyph by glyph, and the parts they are put together from. */
interface PairFace {
  /**
   * Glyphs at which a lookup fontkit applies to a PLAIN run may do more than adjust the glyph's
   * own advance or a pair's (a substitution, a contextual or mark lookup), and marks: a run with
   * one is shaped whole.
   */
  whole: Set<number>;
  /** Glyphs a pair adjustment may start at. */
  kerned: Set<number>;
  /** A character's own run. */
  char(char: string): ShapedRun;
  /** What fontkit adds to the advances of two characters' glyphs when it shapes them together. */
  pair(pair: string, first: ShapedRun, second: ShapedRun): [number, number];
}

const pairFaces = new WeakMap<Face, PairFace | null>();

/**
 * The run fontkit would make of `text`, put together from each character's run and each adjacent
 * pair's adjustments (the pair shaped once by fontkit), where nothing else can happen in it: every
 * glyph is one that no substitution, contextual, cursive or mark lookup of the face starts at
 * (pairFaceOf), so fontkit does no more than map each character to its glyph, adjust a glyph's
 * own advance (single adjustment) and adjust a pair's (pair adjustment, which looks at the next
 * glyph only and is applied at every glyph in turn: the adjustments add up). A Hangul name in
 * NanumMyeongjo, a number or a name like "Kim Min-jun" in Source Serif 4 then costs no shaping
 * but its pairs', once per batch. Undefined where that cannot be shown: the run is shaped whole.
 * test/products/certificates/shaping.test.ts compares the two on many names, both scripts.
 */
export function glyphByGlyph(face: Face, text: string, shapeWhole: ShapeWhole): ShapedRun | undefined {
  const pairs = pairFaceOf(face as TableFace, shapeWhole);
  if (!pairs || text.length < 2) return undefined;
  for (let i = 0; i < text.length; i++) if (!PLAIN(text.charCodeAt(i))) return undefined;
  const chars: ShapedRun[] = [];
  for (let i = 0; i < text.length; i++) {
    const run = pairs.char(text[i]!);
    // One glyph, the character's own (fontkit's first call is its cmap glyph), at which nothing but adjustments start.
    if (run.ids.length !== 1 || run.calls[0]?.id !== run.ids[0] || pairs.whole.has(run.ids[0]!)) return undefined;
    chars.push(run);
  }
  const ids: number[] = [];
  const advances: number[] = [];
  const widths: number[] = [];
  const calls: GlyphCall[] = [];
  const units: number[] = [];
  const seen = new Set<number>();
  for (const [i, run] of chars.entries()) {
    const id = run.ids[0]!;
    ids.push(id);
    advances.push(run.advances[0]!);
    widths.push(run.widths[0]!);
    units.push(1);
    if (i > 0 && pairs.kerned.has(ids[i - 1]!)) {
      const [first, second] = pairs.pair(text[i - 1]! + text[i]!, chars[i - 1]!, run);
      advances[i - 1]! += first;
      advances[i]! += second;
    }
    // fontkit asks for each glyph with the code points of its first character: the first call per id stands.
    if (!seen.has(id)) {
      seen.add(id);
      calls.push(run.calls[0]!);
    }
  }
  // fontkit asks for the space last, whatever the text (to hide default ignorables): each character's run ends with that call.
  for (const run of chars) {
    for (let c = 1; c < run.calls.length; c++) {
      const call = run.calls[c]!;
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
 * Reads a face's layout tables once: which glyphs a run put together glyph by glyph must not hold
 * (PairFace.whole) and which may start a pair adjustment, from the lookups fontkit applies to a
 * PLAIN run (GLOBAL_FEATURES in the default language of the scripts it may pick, which must name
 * the same lookups, so that a run, its characters and its pairs get the same ones). Null, and
 * every run shaped whole, for a face with a lookup of a kind not read here, a variable face, AAT
 * tables or an old kern table.
 */
function pairFaceOf(face: TableFace, shapeFresh: ShapeWhole): PairFace | null {
  let known = pairFaces.get(face);
  if (known !== undefined) return known;
  known = null;
  const whole = markGlyphs(face.GDEF?.glyphClassDef);
  const kerned = new Set<number>();
  let plain = !face.kern && !face.morx && !face.fvar;
  let plainSet: Set<number> | undefined;
  // The glyphs of PLAIN's characters (0 for one the face lacks): all a run holds while nothing is substituted.
  const plainGlyphs = () => {
    if (!plainSet) {
      plainSet = new Set();
      const cmap = (face as TableFace & { _cmapProcessor: { lookup(codePoint: number): number } })._cmapProcessor;
      for (let code = 0x20; code <= 0xd7a3; code = code === 0x7e ? 0xb7 : code === 0xb7 ? 0xac00 : code + 1) plainSet.add(cmap.lookup(code));
    }
    return plainSet;
  };
  for (const [kind, table] of [['GSUB', face.GSUB], ['GPOS', face.GPOS]] as const) {
    if (!plain || !table) continue;
    const lookups = activeLookups(table);
    if (!lookups) plain = false;
    for (const index of lookups ?? []) {
      const lookup = table.lookupList.get(index);
      // A lookup that skips base glyphs or ligatures would pair glyphs that are not neighbours (marks are never in such a run).
      if (lookup.flags?.flags?.ignoreBaseGlyphs || lookup.flags?.flags?.ignoreLigatures) plain = false;
      for (let i = 0; plain && i < lookup.subTables.length; i++) {
        const extension = lookup.lookupType === (kind === 'GSUB' ? 7 : 9);
        const subTable = extension ? lookup.subTables[i]!.extension! : lookup.subTables[i]!;
        const type = extension ? lookup.subTables[i]!.lookupType! : lookup.lookupType;
        const first = canMatch(kind, type, subTable, plainGlyphs()) ? firstCoverage(kind, type, subTable) : undefined;
        if (first === null) plain = false;
        else if (first === 'pair') addCoverage(kerned, subTable.coverage as Coverage);
        else if (first && kind === 'GSUB' && type === 4) {
          // A ligature starts at its first glyph only where the rest follow: one of a mark is never made in a PLAIN run.
          const sets = subTable.ligatureSets as { length: number; get(index: number): ArrayLike<{ components: ArrayLike<number> }> };
          coverageList(first).forEach((id, k) => {
            const ligatures = sets.get(k);
            for (let l = 0; l < ligatures.length; l++) if (Array.prototype.every.call(ligatures[l]!.components, (component: number) => plainGlyphs().has(component))) whole.add(id);
          });
        } else if (first) addCoverage(whole, first);
      }
    }
  }
  if (plain) {
    const chars = new Map<string, ShapedRun>();
    const pairs = new Map<string, [number, number]>();
    known = {
      whole,
      kerned,
      char: (char) => {
        let run = chars.get(char);
        if (!run) chars.set(char, (run = shapeFresh(face, char)));
        return run;
      },
      pair: (pair, first, second) => {
        let adjust = pairs.get(pair);
        if (!adjust) {
          const run = shapeFresh(face, pair);
          if (run.ids.length !== 2 || run.ids[0] !== first.ids[0] || run.ids[1] !== second.ids[0]) throw new Error(`certificate shaping: ${face.postscriptName} substituted in "${pair}"`);
          pairs.set(pair, (adjust = [run.advances[0]! - first.advances[0]!, run.advances[1]! - second.advances[0]!]));
        }
        return adjust;
      },
    };
  }
  pairFaces.set(face, known);
  return known;
}

/** The lookups fontkit applies to a PLAIN run: the same for every script it may pick, else null. */
function activeLookups(table: LayoutTable): number[] | null {
  // A Hangul text would pick hang, a text of neither letters nor syllables zzzz (Unknown), where the face has them.
  if (table.scriptList.some((entry) => entry.tag === 'hang' || entry.tag === 'zzzz')) return null;
  const entries = table.scriptList.filter((entry) => PLAIN_SCRIPTS.includes(entry.tag));
  if (entries.length === 0) return null;
  let found: number[] | undefined;
  for (const entry of entries) {
    const lookups = new Set<number>();
    const features = entry.script.defaultLangSys?.featureIndexes ?? [];
    for (let i = 0; i < features.length; i++) {
      const record = table.featureList[features[i]!]!;
      if (GLOBAL_FEATURES.has(record.tag)) for (let l = 0; l < record.feature.lookupListIndexes.length; l++) lookups.add(record.feature.lookupListIndexes[l]!);
    }
    const sorted = [...lookups].sort((a, b) => a - b);
    if (found && sorted.join() !== found.join()) return null;
    found = sorted;
  }
  return found!;
}

/**
 * Whether a subtable can apply to a run of PLAIN glyphs none of which an earlier lookup changed:
 * not a contextual one (format 3) some glyph of whose context is none of them (as a ccmp rule
 * that wants a combining mark after the i). Induction over the lookups, in order, shows that
 * then nothing changes such a run but adjustments.
 */
function canMatch(kind: 'GSUB' | 'GPOS', type: number, table: SubTable, plain: Set<number>): boolean {
  const contextual = kind === 'GSUB' ? type === 5 || type === 6 : type === 7 || type === 8;
  if (!contextual || table.version !== 3) return true;
  const coverages = (type === 5 || type === 7 ? [table.coverages] : [table.backtrackCoverage, table.inputCoverage, table.lookaheadCoverage]) as ArrayLike<Coverage>[];
  for (const list of coverages) for (let i = 0; i < list.length; i++) if (!intersects(list[i]!, plain)) return false;
  return true;
}

/** Whether a coverage table lists any of `glyphs`. */
function intersects(coverage: Coverage, glyphs: Set<number>): boolean {
  if (coverage.version === 1) {
    for (let i = 0; i < coverage.glyphs.length; i++) if (glyphs.has(coverage.glyphs[i]!)) return true;
  } else {
    for (let i = 0; i < coverage.rangeRecords.length; i++) for (let id = coverage.rangeRecords[i]!.start; id <= coverage.rangeRecords[i]!.end; id++) if (glyphs.has(id)) return true;
  }
  return false;
}

/**
 * The coverage of the glyphs a subtable starts at, where it can do more than adjust advances
 * (ISO/IEC 14496-22 6.2, 6.3): 'pair' for a pair adjustment, undefined for a single adjustment,
 * null for a kind not read here.
 */
function firstCoverage(kind: 'GSUB' | 'GPOS', type: number, table: SubTable): Coverage | 'pair' | undefined | null {
  const context = (chained: boolean) => (table.version === 3 ? ((chained ? table.inputCoverage : table.coverages) as ArrayLike<Coverage>)[0]! : (table.coverage as Coverage));
  if (kind === 'GSUB') {
    if (type === 1 || type === 2 || type === 3 || type === 4 || type === 8) return table.coverage as Coverage;
    if (type === 5 || type === 6) return context(type === 6);
    return null;
  }
  if (type === 1) return undefined;
  if (type === 2) return 'pair';
  if (type === 3) return table.coverage as Coverage;
  if (type === 4 || type === 5) return table.markCoverage as Coverage;
  if (type === 6) return table.mark1Coverage as Coverage;
  if (type === 7 || type === 8) return context(type === 8);
  return null;
}

/** The glyphs a coverage table lists, in coverage index order. */
function coverageList(coverage: Coverage): number[] {
  const ids: number[] = [];
  if (coverage.version === 1) for (let i = 0; i < coverage.glyphs.length; i++) ids.push(coverage.glyphs[i]!);
  else for (let i = 0; i < coverage.rangeRecords.length; i++) for (let id = coverage.rangeRecords[i]!.start; id <= coverage.rangeRecords[i]!.end; id++) ids.push(id);
  return ids;
}

/** Adds the glyphs a coverage table lists. */
function addCoverage(glyphs: Set<number>, coverage: Coverage): void {
  if (coverage.version === 1) for (let i = 0; i < coverage.glyphs.length; i++) glyphs.add(coverage.glyphs[i]!);
  else for (let i = 0; i < coverage.rangeRecords.length; i++) for (let id = coverage.rangeRecords[i]!.start; id <= coverage.rangeRecords[i]!.end; id++) glyphs.add(id);
}

/** The glyphs a GDEF class definition calls marks (class 3): fontkit zeroes their advances. */
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

