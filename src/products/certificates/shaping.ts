/**
 * Each text shaped once. A certificate's names are measured to fit their boxes (fitText) and then
 * drawn: both take the same runs from here, and so do the static layout's many measurements and
 * every certificate of a batch that repeats a text ("참가자 · Participant", "호  ·  "). A run keeps
 * what the PDF needs and nothing of fontkit's objects: glyph ids, advances, and the code points
 * fontkit would give each glyph, for the ToUnicode map (see GlyphCall).
 */
import { layoutAfresh, splitRuns, type Face, type FaceRun, type StackFaces } from '../../fonts/faces.js';
import type { StackName } from '../../fonts/registry.js';
import type { Typeset } from '../../fonts/typeset.js';
import { glyphByGlyph as putTogether } from './glyph-by-glyph.js';
import type { GlyphCall, RawFace, ShapedRun } from './shaped-run.js';

export type { GlyphCall, ShapedRun } from './shaped-run.js';

/** RunShaper.split's key for a stack's faces, regular or bold (a missing `bold` is regular). */
export const splitKey = (stack: StackName, bold: boolean | undefined) => (bold ? `${stack} bold` : stack);

/** The longest text RunShaper.split keeps: a name or a role, not a paragraph's line. */
const SPLIT_KEPT = 200;

/**
 * The values used lately, by key, in two generations: a value is kept while it was used since the
 * older generation began, and a generation holds at most `limit` (so at most twice that in all).
 * No entry is deleted one by one: a Map whose oldest entries were deleted steps over them each
 * time its oldest is looked for (a full cache of 1,024 new names: 1.3 µs a name evicted that way,
 * 0.2 µs in two generations; 2026-12-02), and every name of a batch is new to them.
 */
class RecentCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/**
 * Runs kept for the life of the process, by face and text: the start-up snapshot's (cli/snapshot.ts
 * shapes into it the texts the standard set's certificates shaped: the layout's trial lines, the
 * wording, the sample names). A run is the same whatever was shaped before it (shapeFresh), so a
 * batch takes a kept run as it would have shaped it. Runs are added only while `keepRuns(true)`:
 * a batch's own runs stay in its RunShaper.
 */
const keptRuns = new WeakMap<Face, Map<string, ShapedRun>>();
let keeping = false;

/** Turns keeping on or off: while on, every run a RunShaper shapes is also kept for the process (keptRuns). */
export function keepRuns(on: boolean): void {
  keeping = on;
}

/** The texts kept for a face (keepRuns): what the start-up snapshot's builder shapes again. */
export function keptTexts(face: Face): string[] {
  return [...(keptRuns.get(face)?.keys() ?? [])];
}

/**
 * Shapes runs and keeps those used lately (`limit` to twice that per face, see RecentCache): the
 * texts a batch repeats stay, a batch of 10,000 unique names does not keep them all.
 */
export class RunShaper {
  private readonly runs = new Map<Face, RecentCache<ShapedRun>>();
  // Texts split into their faces' runs, by faces (splitKey) and text: a name is split to be
  // measured (fitText), then to be drawn (the writer's setLine). Kept as the runs are.
  private readonly splits = new Map<string, RecentCache<FaceRun[]>>();

  constructor(private readonly limit = 1024) {}

  /** The run of `text` in `face`, shaped by fontkit with its default features, as react-pdf shapes it. */
  shape(face: Face, text: string): ShapedRun {
    let byText = this.runs.get(face);
    if (!byText) this.runs.set(face, (byText = new RecentCache(this.limit)));
    let run = byText.get(text);
    if (!run) {
      run = keptRuns.get(face)?.get(text) ?? this.glyphByGlyph(face, text) ?? shapeFresh(face as RawFace, text);
      byText.set(text, run);
      if (keeping) {
        let kept = keptRuns.get(face);
        if (!kept) keptRuns.set(face, (kept = new Map()));
        kept.set(text, run);
      }
    }
    return run;
  }

  /**
   * `splitRuns(text, faces(), missing)`, kept for the texts split lately. `key` names the faces
   * (their stack and weight). Only a split in which every character has a face is kept: it is the
   * same whatever `missing` says.
   */
  split(key: string, text: string, faces: () => readonly Face[], missing: 'first' | 'skip'): FaceRun[] {
    // A paragraph's many trial lines (the static layout's) are measured once each: not kept.
    if (text.length > SPLIT_KEPT) return splitRuns(text, faces(), missing);
    let byText = this.splits.get(key);
    if (!byText) this.splits.set(key, (byText = new RecentCache(this.limit)));
    let runs = byText.get(text);
    if (runs) return runs;
    const list = faces();
    runs = splitRuns(text, list, 'skip');
    let length = 0;
    for (const run of runs) length += run.text.length;
    if (length !== text.length) return missing === 'skip' ? runs : splitRuns(text, list, 'first');
    byText.set(text, runs);
    return runs;
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

  /** The run fontkit would make of `text`, put together glyph by glyph where the face allows it (glyph-by-glyph.ts). */
  private glyphByGlyph(face: Face, text: string): ShapedRun | undefined {
    return putTogether(face, text, shapeWhole);
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
        for (const run of this.split(splitKey(stack, bold), text, () => stackFaces(stack, bold), 'first')) width += (this.shape(run.face, run.text).advanceWidth / run.face.unitsPerEm) * size;
        return width;
      },
    };
  }
}

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
    const layout = layoutAfresh(face as unknown as Face, text);
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
