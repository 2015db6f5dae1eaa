/**
 * The parsed faces and the choice of face for each character. react-pdf parses each bundled font
 * once (its FontSource memoises the load); everything else here (measuring, the coverage check, the
 * certificates' pdf-lib layer, embedding in pdf-lib) takes those same parsed fonts, so no font file
 * is parsed twice in a process.
 */
import { Font } from '@react-pdf/renderer';
// @ts-ignore fontkit 2 ships no type declarations; the few calls used are typed below.
import * as fontkit from 'fontkit';
import { FAMILY_SCRIPTS, FONT_FILES, STACKS, type FamilyName, type FontFile, type Script, type StackName } from './registry.js';

/** A glyph as fontkit lays it out. */
export interface Glyph {
  /** Glyph id. */
  id: number;
  /** Advance width in font units. */
  advanceWidth: number;
  /** The code points of the text it was laid out for (see keyGlyphs). */
  codePoints: number[];
}

/** A run of text as fontkit lays it out (`font.layout(text)`): glyphs and their positions. */
export interface GlyphRun {
  /** The glyphs, in order. */
  glyphs: Glyph[];
  /** Each glyph's advance after kerning, font units. */
  positions: { xAdvance: number }[];
  /** The whole run's advance width, font units. */
  advanceWidth: number;
}

/** A parsed fontkit font: the calls the press makes of it. */
export interface Face {
  /** Does the font have a glyph for this code point? */
  hasGlyphForCodePoint(codePoint: number): boolean;
  /** Lays out a string with the font's default features (kerning, ligatures). */
  layout(text: string): GlyphRun;
  /** Ascent in font units (positive). */
  ascent: number;
  /** Descent in font units (negative). */
  descent: number;
  /** Units per em. */
  unitsPerEm: number;
  /** PostScript name, as a PDF's BaseFont names it. */
  postscriptName: string;
  /** The font file's bytes, as read. */
  stream: { buffer: Uint8Array };
  /** The glyph for a code point (cached by fontkit with the code points of its first request). */
  glyphForCodePoint(codePoint: number): Glyph;
  /** fontkit's glyph cache: see keyGlyphs. */
  _glyphs: unknown[];
}

// Font bytes to the face parsed from them: react-pdf's faces, registered as they load, and any
// other font a caller hands pdf-lib (tests). Keyed weakly by the buffer, so bounded by the fonts
// alive: the seven bundled faces in practice.
const parsed = new WeakMap<Uint8Array, Face>();

// The family each face react-pdf loaded was registered under, for the face rule (familyRuns). Weak,
// so bounded by the faces alive: the bundled ones.
const familyOfFace = new WeakMap<Face, FamilyName>();

/** Loads (once, through react-pdf's FontSource) the face react-pdf sets a family, weight and style in. */
export async function loadFace(family: FamilyName, weight: 400 | 700 = 400, style: 'normal' | 'italic' = 'normal'): Promise<Face> {
  const source = Font.getFont({ fontFamily: family, fontWeight: weight, fontStyle: style }) as unknown as { load(): Promise<void>; data: Face | null } | null;
  if (!source) throw new Error(`font family not registered: ${family}`);
  await source.load();
  const face = source.data!;
  adopt(face);
  parsed.set(face.stream.buffer, face);
  familyOfFace.set(face, family);
  return face;
}

/** The face parsed from these bytes: react-pdf's own when it loaded them, else parsed now (and kept). */
export function faceOfBytes(bytes: Uint8Array): Face {
  let face = parsed.get(bytes);
  if (!face) {
    face = (fontkit as { create(bytes: Uint8Array): Face }).create(bytes);
    adopt(face);
    parsed.set(bytes, face);
  }
  return face;
}

/** The part of fontkit's stream (restructure's DecodeStream) that holds a font's bytes. */
interface ByteStream {
  buffer: Uint8Array;
  view: DataView;
  length: number;
}

/**
 * Lets a parsed face drop its font file's bytes until something reads them: the start-up snapshot
 * (cli/snapshot.ts) keeps every face parsed, and its tables decoded, without the 12.6 MB of font
 * files, which every command would otherwise read and copy from the snapshot, used or not. The
 * first read of the stream's bytes (an outline to subset, a table not decoded yet) calls `load`,
 * which must return the same file (the snapshot is used only while the fonts are the ones it was
 * built with: bin/launch.cjs); a file of another length is refused.
 */
export function releaseBytes(face: Face, load: () => Uint8Array): void {
  const stream = face.stream as unknown as ByteStream;
  parsed.delete(stream.buffer);
  const length = stream.length;
  const bytes = () => {
    const buffer = load();
    if (buffer.length !== length) throw new Error(`font ${face.postscriptName} changed on disk: ${buffer.length} bytes, ${length} when it was parsed (run npm run build)`);
    Object.defineProperties(stream, {
      buffer: { value: buffer, writable: true, enumerable: true, configurable: true },
      view: { value: new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength), writable: true, enumerable: true, configurable: true },
    });
    parsed.set(buffer, face);
    return stream;
  };
  Object.defineProperties(stream, {
    buffer: { get: () => bytes().buffer, enumerable: true, configurable: true },
    view: { get: () => bytes().view, enumerable: true, configurable: true },
  });
}

/** A family's regular and bold faces. */
interface Faces {
  regular: Face;
  bold: Face;
}

// One promise per family per process, after registerFonts: react-pdf keeps the parsed font, so
// this only waits for it. Bounded by the three bundled families.
const families = new Map<FamilyName, Promise<Faces>>();

function loadFamily(family: FamilyName): Promise<Faces> {
  let faces = families.get(family);
  if (!faces) {
    faces = Promise.all([loadFace(family, 400), loadFace(family, 700)]).then(([regular, bold]) => ({ regular, bold }));
    families.set(family, faces);
  }
  return faces;
}

/** The faces of each stack, in stack order, regular or bold. */
export type StackFaces = (stack: StackName, bold?: boolean) => Face[];

/** Loads the faces of the stacks a product uses (only the families they name). */
export async function loadStacks(stacks: readonly StackName[]): Promise<StackFaces> {
  const needed = [...new Set(stacks.flatMap((stack) => STACKS[stack]))];
  const loaded = new Map(await Promise.all(needed.map(async (family) => [family, await loadFamily(family)] as const)));
  return (stack, bold = false) => STACKS[stack].map((family) => (bold ? loaded.get(family)!.bold : loaded.get(family)!.regular));
}

/** The first face of a list that has a glyph for the character (react-pdf's choice within a run's fontFamily). */
export function faceFor(faces: readonly Face[], char: string): Face | undefined {
  const cp = char.codePointAt(0)!;
  return faces.find((face) => face.hasGlyphForCodePoint(cp));
}

/** Latin letters (with Greek and Cyrillic, which Source Serif sets too) and ASCII digits. */
const LATIN = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}0-9]/u;
/** Hangul, Hanja, kana, CJK punctuation and symbols, full-width forms. */
const HANGUL = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;
/** Opening brackets and quotes belong to the word after them. */
const OPENING = /[\p{Ps}\p{Pi}]/u;

/** The script a character needs a face for, or null: spaces, punctuation, symbols take their neighbours' face. */
function scriptOf(char: string): Script | null {
  let script = scripts.get(char);
  if (script === undefined) {
    script = LATIN.test(char) ? 'latin' : HANGUL.test(char) ? 'hangul' : null;
    scripts.set(char, script);
  }
  return script;
}
// Each character's script, tested once: the Unicode property classes cost more than the rest of a
// split, and a certificate batch splits every name twice. Bounded by the distinct characters seen.
const scripts = new Map<string, Script | null>();

/**
 * The one rule of faces, by family: which member of a stack sets each character. Latin letters and
 * digits go to the stack's first family that sets Latin (Source Serif 4), Hangul and CJK
 * punctuation to its first that sets Hangul (NanumMyeongjo); spaces and common punctuation take
 * the face of the text around them (the letter before them, or for an opening bracket or quote
 * the letter after), so "다." keeps its period in NanumMyeongjo and "No. 0001" is Source Serif
 * throughout. A text with no letters is set in the stack's first family. Returns one family index
 * per character (code point) of the text.
 */
function ruleIndices(chars: readonly string[], families: readonly (FamilyName | undefined)[]): number[] {
  const forScript = (script: Script) => {
    const at = families.findIndex((family) => family !== undefined && FAMILY_SCRIPTS[family].includes(script));
    return at < 0 ? 0 : at;
  };
  const byScript = { latin: forScript('latin'), hangul: forScript('hangul') };
  const own = chars.map((char) => {
    const script = scriptOf(char);
    return script === null ? null : byScript[script];
  });
  const next: (number | null)[] = [];
  let after: number | null = null;
  for (let i = own.length - 1; i >= 0; i--) {
    next[i] = after;
    if (own[i] !== null) after = own[i]!;
  }
  let before: number | null = null;
  return own.map((index, i) => {
    if (index !== null) return (before = index);
    const around = OPENING.test(chars[i]!) ? (next[i] ?? before) : (before ?? next[i]);
    return around ?? 0;
  });
}

/** A stretch of text that the face rule gives one family. */
export interface FamilyRun {
  /** The family, one of the stack's. */
  family: FamilyName;
  /** Its text. */
  text: string;
}

/**
 * Splits a text set in a stack of families into stretches of one family each, by the face rule
 * (see ruleIndices): what the templates set as nested texts (templates/pieces/ScriptText.tsx).
 */
export function familyRuns(text: string, families: readonly FamilyName[]): FamilyRun[] {
  const chars = [...text];
  const indices = ruleIndices(chars, families);
  const runs: FamilyRun[] = [];
  chars.forEach((char, i) => {
    const family = families[indices[i]!]!;
    const last = runs.at(-1);
    if (last?.family === family) last.text += char;
    else runs.push({ family, text: char });
  });
  return runs;
}

/**
 * The font stack a stretch of a family is set in: that family first, then the rest of the stack in
 * order, so a character the family lacks still finds its face (react-pdf takes the first font of a
 * text's fontFamily that has the glyph).
 */
export function familyFirst(family: FamilyName, families: readonly FamilyName[]): FamilyName[] {
  return [family, ...families.filter((other) => other !== family)];
}

/** A stretch of text set in one face. */
export interface FaceRun {
  /** The face. */
  face: Face;
  /** Its text. */
  text: string;
}

/**
 * Splits a text into runs of one face each, by the face rule (familyRuns), each character in the
 * face the rule gives it, or if that face lacks it the first of the rest of the stack that has it,
 * as react-pdf sets the templates' nested texts: the measure of a text and the certificates' own
 * drawing agree with react-pdf's page because they split alike. `faces` is a stack's faces in
 * stack order (faces not loaded through react-pdf have no family and follow coverage alone). A
 * character no face has goes to the first face (`missing: 'first'`, react-pdf's fallback) or is
 * left out (`'skip'`: invisible characters that the coverage check let through).
 */
export function splitRuns(text: string, faces: readonly Face[], missing: 'first' | 'skip' = 'first'): FaceRun[] {
  const chars = [...text];
  const indices = ruleIndices(chars, faces.map((face) => familyOfFace.get(face)));
  const runs: FaceRun[] = [];
  let current: FaceRun | undefined;
  chars.forEach((char, i) => {
    const chosen = faces[indices[i]!]!;
    // The chosen face, else the first of the rest that has it (faceFor over the chosen one first).
    const cp = char.codePointAt(0)!;
    const face = (chosen.hasGlyphForCodePoint(cp) ? chosen : faces.find((other) => other !== chosen && other.hasGlyphForCodePoint(cp))) ?? (missing === 'first' ? faces[0] : undefined);
    if (!face) return;
    if (current && current.face !== face) {
      runs.push(current);
      current = undefined;
    }
    current ??= { face, text: '' };
    current.text += char;
  });
  if (current) runs.push(current);
  return runs;
}

// Faces whose getGlyph hands out glyphs keyed by id and code points (see keyGlyphs). Weak, so
// bounded by the faces alive: the bundled ones.
const keyedFaces = new WeakSet<object>();

/** A fontkit glyph's class: every glyph is made as `new Class(id, codePoints, font)`. */
type GlyphClass = new (id: number, codePoints: number[], font: unknown) => Glyph;

/** Whether two lists of code points are the same. */
function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Makes a face hand out glyphs that carry the code points they are asked for, keeping every glyph
 * it has made. fontkit keeps one Glyph object per glyph id, with the code points of the text that
 * first asked for it (foliojs/fontkit#154), and hands that object to every later text: pdfkit and
 * pdf-lib write a document's ToUnicode map from those code points, and textkit reads them to find
 * a line's spaces. Once one document had been laid out, a glyph cached for another text handed the
 * next document wrong code points (after a certificate for "Hong Gil-dong", the "." of "Kim Lee,
 * Jr." in the next one extracted as U+000F), and a no-break space measured before any space (they
 * share a glyph) made every space of a document U+00A0, so textkit no longer saw a line's trailing
 * space and squeezed the line into its box.
 *
 * Here a glyph asked for with other code points than the cached one's is a glyph object of its own
 * (same id, same outline and metrics, its own code points), made once and kept, so every text is
 * laid out with the code points it holds, whatever was laid out before it in the process, and
 * nothing is thrown away between documents. A request without code points (a subsetter's, a
 * composite glyph's parts) takes the first glyph. Bounded by the font's glyph ids times the code
 * point sequences that reach each (one for almost every glyph; two for the space).
 */
function keyGlyphs(face: object): void {
  const font = face as { getGlyph?: (id: number, codePoints?: number[]) => Glyph | null };
  if (keyedFaces.has(face) || typeof font.getGlyph !== 'function') return;
  keyedFaces.add(face);
  const first = font.getGlyph;
  const others = new Map<number, Glyph[]>();
  font.getGlyph = function getGlyph(this: unknown, id: number, codePoints: number[] = []): Glyph | null {
    const glyph = first.call(this, id, codePoints);
    if (!glyph || codePoints.length === 0 || sameCodePoints(glyph.codePoints, codePoints)) return glyph;
    let variants = others.get(id);
    let variant = variants?.find((candidate) => sameCodePoints(candidate.codePoints, codePoints));
    if (!variant) {
      variant = new (glyph.constructor as GlyphClass)(id, codePoints, this);
      if (variants) variants.push(variant);
      else others.set(id, (variants = [variant]));
    }
    return variant;
  };
}

// The faces adopt() has readied (weak: bounded by the faces alive).
const adopted = new WeakSet<object>();

/** Readies a parsed face for the press, once: see keyGlyphs, keepLayouts and postHeader. */
function adopt(face: object): void {
  if (adopted.has(face)) return;
  adopted.add(face);
  keyGlyphs(face);
  keepLayouts(face);
  postHeader(face);
  keepFacts(face);
}

/**
 * Keeps what fontkit looks up again on every read of a face's units per em, ascent, descent and
 * PostScript name (a getter, then a table's, then a field; the name from the name table's
 * records): the value read first, from then on. A combined file's page reads them some fifty
 * times; together they were 3 % of its time (2026-12-02). Nothing is read before it is asked for.
 */
function keepFacts(face: object): void {
  const proto = Object.getPrototypeOf(face) as object;
  for (const key of ['unitsPerEm', 'ascent', 'descent', 'postscriptName']) {
    if (Object.hasOwn(face, key) || !(key in proto)) continue;
    Object.defineProperty(face, key, {
      configurable: true,
      get() {
        const value: unknown = Reflect.get(proto, key, face);
        Object.defineProperty(face, key, { value, configurable: true });
        return value;
      },
    });
  }
}

/**
 * Hands a face's `post` table out as its header, and the glyph names only when asked for. pdfkit
 * and pdf-lib read two fields of it for every embedded font (isFixedPitch, and italicAngle), and
 * fontkit decodes the whole table for them: NanumMyeongjo's holds the names of its 20,000 glyphs
 * (210 KB), 40-50 ms a face, once per process and font. The header (the first 32 bytes, the whole
 * table of a format 3 font) is read here as fontkit reads it; the rest is decoded by fontkit when
 * something asks for it.
 */
function postHeader(face: object): void {
  const font = face as { directory?: { tables: Record<string, { offset: number; length: number } | undefined> }; stream?: ByteStream; _tables?: Record<string, unknown>; post?: Record<string, unknown> };
  const entry = font.directory?.tables.post;
  const tables = font._tables;
  if (!entry || entry.length <= 32 || !tables || 'post' in tables || !font.stream) return;
  const view = font.stream.view;
  const at = entry.offset;
  const header: Record<string, unknown> = {
    version: view.getInt32(at) / 65536,
    italicAngle: view.getInt32(at + 4) / 65536,
    underlinePosition: view.getInt16(at + 8),
    underlineThickness: view.getInt16(at + 10),
    isFixedPitch: view.getUint32(at + 12),
    minMemType42: view.getUint32(at + 16),
    maxMemType42: view.getUint32(at + 20),
    minMemType1: view.getUint32(at + 24),
    maxMemType1: view.getUint32(at + 28),
  };
  let whole: Record<string, unknown> | undefined;
  const decoded = () => {
    if (!whole) {
      delete tables.post;
      whole = font.post ?? {};
    }
    return whole;
  };
  for (const key of ['numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map']) {
    Object.defineProperty(header, key, { get: () => decoded()[key], enumerable: true });
  }
  tables.post = header;
}

/** fontkit's layout() arguments after the text: features, script, language, direction. */
type LayoutOptions = [features?: unknown, script?: string, language?: string, direction?: string];

/** A text laid out by a face, with the options it was laid out with (see laidOutTexts). */
export interface LaidOutText {
  text: string;
  options: LayoutOptions;
}

// Each face's laid-out texts (see keepLayouts), by face, then by text and options. The characters
// kept per face are counted: past LAYOUT_CHARACTERS the face's map is emptied. A kept character
// costs some 70 bytes (its glyph's place and its position), so a face keeps at most ~14 MB; the
// standard set keeps some 5,000 characters in its busiest face (130 texts of Source Serif).
const layouts = new WeakMap<object, { runs: Map<string, { laid: LaidOutText; run: GlyphRun }>; characters: number; layout: (text: string) => GlyphRun }>();
const LAYOUT_CHARACTERS = 200_000;

/**
 * Makes a face lay each text out once per process: the same text with the same options is the same
 * glyph run (shaping reads only the font, and keyGlyphs makes the glyphs carry the text's own code
 * points), so the run is kept and a copy handed out again. The same paragraphs are shaped by
 * every document of a build (the declaration on A4 and on Letter, the handouts, the posters at each
 * size: react-pdf's text layout shapes each run of text for every box it sets it in), and a
 * fifth of building the standard set was shaping them again. The copy has its own glyph and
 * position arrays and position objects, so a caller that changes them changes only its own.
 */
function keepLayouts(face: object): void {
  const font = face as { layout?: (text: string, ...options: LayoutOptions) => GlyphRun };
  const layout = font.layout;
  if (typeof layout !== 'function') return;
  const kept = { runs: new Map<string, { laid: LaidOutText; run: GlyphRun }>(), characters: 0, layout };
  layouts.set(face, kept);
  font.layout = function keptLayout(this: unknown, text: string, ...options: LayoutOptions): GlyphRun {
    const key = options.every((option) => option === undefined) ? text : `${JSON.stringify(options)}\u0000${text}`;
    let entry = kept.runs.get(key);
    if (!entry) {
      if (kept.characters + text.length > LAYOUT_CHARACTERS) {
        kept.runs.clear();
        kept.characters = 0;
      }
      entry = { laid: { text, options }, run: layout.call(this, text, ...options) };
      kept.runs.set(key, entry);
      kept.characters += text.length;
    }
    return copyRun(entry.run);
  };
}

/** A glyph run with arrays and positions of its own (the glyphs are shared: they are the font's). */
function copyRun(run: GlyphRun): GlyphRun {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run);
  copy.glyphs = run.glyphs.slice();
  copy.positions = run.positions.map((position) => Object.assign(Object.create(Object.getPrototypeOf(position) as object) as object, position) as GlyphRun['positions'][number]);
  return copy;
}

/**
 * Lays a text out afresh, past the kept runs (keepLayouts): for a caller that watches which glyphs
 * the layout asks the font for (the certificates' shaping records them), and for names that are
 * laid out once each.
 */
export function layoutAfresh(face: Face, text: string): GlyphRun {
  const kept = layouts.get(face);
  return kept ? kept.layout.call(face, text) : face.layout(text);
}

/** The texts a face has laid out and keeps, with their options: what the start-up snapshot lays out again (cli/snapshot.ts). */
export function laidOutTexts(face: Face): LaidOutText[] {
  return [...(layouts.get(face)?.runs.values() ?? [])].map((entry) => entry.laid);
}

/**
 * Makes sure a face's glyphs carry the code points of the text being laid out (see keyGlyphs):
 * what a document's ToUnicode map needs. Callers that write a document (the certificates' pdf-lib
 * layer, pdf-lib embedding) call it before shaping; once a face is keyed it costs nothing and keeps
 * every glyph made, so it is safe to call for every document.
 */
export function freshGlyphs(face: { _glyphs?: unknown; getGlyph?: unknown }): void {
  adopt(face);
}

/**
 * One document's glyphs as pdf-lib should see them: each glyph id as the document first used it,
 * the space's glyph as U+0020 (what a fresh fontkit cache gave a document after freshGlyphs asked
 * for the space first). pdf-lib writes a subset's ToUnicode from the last glyph object it drew for
 * each id (pdfkit, from the first): with glyphs keyed by code points (keyGlyphs), a no-break space
 * drawn after spaces (they share a glyph) would turn every space of the document into U+00A0.
 * Returns a function that hands a run back with the document's glyphs; one per document and face.
 */
export function documentGlyphs(face: Face): (run: GlyphRun) => GlyphRun {
  const chosen = new Map<number, Glyph>();
  const space = face.glyphForCodePoint(0x20);
  chosen.set(space.id, space.codePoints.length === 1 && space.codePoints[0] === 0x20 ? space : (face as unknown as { getGlyph(id: number, codePoints: number[]): Glyph }).getGlyph(space.id, [0x20]));
  return (run) => {
    let glyphs: Glyph[] | undefined;
    for (const [i, glyph] of run.glyphs.entries()) {
      const first = chosen.get(glyph.id);
      if (!first) chosen.set(glyph.id, glyph);
      else if (first !== glyph) (glyphs ??= [...run.glyphs])[i] = first;
    }
    return glyphs ? (Object.create(run, { glyphs: { value: glyphs, enumerable: true } }) as GlyphRun) : run;
  };
}

/**
 * Keys the glyph cache of every registered face react-pdf has loaded (see keyGlyphs): the render
 * step calls it before each document, for a face react-pdf loaded on its own (one no stack names).
 */
export function keyGlyphCaches(): void {
  for (const font of FONT_FILES) {
    const face = loadedFace(font);
    if (face) adopt(face);
  }
}

/** The face react-pdf has parsed for a registered font file, or null when it has not loaded it. */
export function loadedFace(font: FontFile): Face | null {
  const source = Font.getFont({ fontFamily: font.family, fontWeight: font.weight, fontStyle: font.style }) as unknown as { data: Face | null } | null;
  return source?.data ?? null;
}

// Each face list's runs of each text it has split (see splitRuns), by face list and text: the
// templates measure the same words again and again (balancing a line tries every split of it),
// and splitting walks the face rule character by character. The runs are shared: callers only
// read them. Keyed by the list's first face, then the faces' ids and the text; each face's map
// is emptied when it passes SPLITS texts.
const splits = new WeakMap<Face, Map<string, readonly FaceRun[]>>();
const SPLITS = 20_000;
const faceIds = new WeakMap<Face, number>();
let nextFaceId = 1;

/** splitRuns(text, faces) with a missing character set in the first face, split once per process and shared: never change what it returns. */
export function faceRuns(text: string, faces: readonly Face[]): readonly FaceRun[] {
  const first = faces[0];
  if (!first) return splitRuns(text, faces);
  let known = splits.get(first);
  if (!known) splits.set(first, (known = new Map()));
  const ids = faces.map((face) => {
    let id = faceIds.get(face);
    if (id === undefined) faceIds.set(face, (id = nextFaceId++));
    return id;
  });
  const key = `${ids.join(',')}\n${text}`;
  let runs = known.get(key);
  if (!runs) {
    if (known.size >= SPLITS) known.clear();
    runs = splitRuns(text, faces);
    known.set(key, runs);
  }
  return runs;
}

// The advance width of each text a face has measured (font units), by face and text: the
// templates measure the same words for every document (headings, labels, names to fit), and
// shaping them again each time was a tenth of a warm render. Weak by face; each face's map is
// emptied when it passes ADVANCES texts. Only the width is kept (the run is laid out afresh, not
// kept by keepLayouts): a batch measures every name once.
const advances = new WeakMap<Face, Map<string, number>>();
const ADVANCES = 20_000;

/** The advance width (font units) of a text laid out in a face with its default features, measured once per process. */
export function advanceWidth(face: Face, text: string): number {
  let known = advances.get(face);
  if (!known) advances.set(face, (known = new Map()));
  let width = known.get(text);
  if (width === undefined) {
    if (known.size >= ADVANCES) known.clear();
    width = layoutAfresh(face, text).advanceWidth;
    known.set(text, width);
  }
  return width;
}

/** The regular and bold faces of the families of some stacks, by family and weight. */
export async function loadFaceSet(stacks: readonly StackName[]): Promise<(family: FamilyName, bold: boolean) => Face> {
  const needed = [...new Set(stacks.flatMap((stack) => STACKS[stack]))];
  const loaded = new Map(await Promise.all(needed.map(async (family) => [family, await loadFamily(family)] as const)));
  return (family, bold) => {
    const faces = loaded.get(family);
    if (!faces) throw new Error(`font family not loaded for these stacks: ${family}`);
    return bold ? faces.bold : faces.regular;
  };
}
