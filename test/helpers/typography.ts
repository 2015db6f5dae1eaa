/**
 * A typographer's checks on a real PDF, from pdf.js's glyph runs: every run's text, face, size and
 * position. Tests of every product use them: nothing under the floor, no text over text, Latin in
 * the Latin faces and Hangul in the Hangul ones, no runt, measures of 75 characters or fewer.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-ignore fontkit 2 ships no type declarations; openSync and layout are all that is used.
import * as fontkit from 'fontkit';

/** One run of glyphs in one face at one size, as pdf.js reads it (PDF points, origin bottom left). */
export interface GlyphRun {
  /** Page number, from 1. */
  page: number;
  /** The text. */
  str: string;
  /** Left edge of the run. */
  x: number;
  /** Baseline. */
  y: number;
  /** Advance width of the run. */
  width: number;
  /** Font size (the text matrix's scale). */
  size: number;
  /** The font's name as embedded, subset tag removed: "SourceSerif4-Regular". */
  font: string;
  /** The baseline's direction, degrees counter-clockwise from the x axis: 0 (or absent) for level text, not 0 for a seal's ring of letters. */
  angle?: number;
}

/** One line of a column: runs on one baseline, close enough together to be read as one line. */
export interface TextLine {
  /** Page number, from 1. */
  page: number;
  /** Baseline. */
  y: number;
  /** Left edge. */
  x: number;
  /** Right edge. */
  right: number;
  /** The runs, left to right. */
  runs: GlyphRun[];
  /** The text, runs joined (with a space where pdf.js put a gap). */
  text: string;
}

/** Every glyph run of every page, with its real font name. */
export async function readGlyphRuns(bytes: Uint8Array): Promise<GlyphRun[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const runs: GlyphRun[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      // The operator list loads the fonts into commonObjs, where their embedded names are. Fonts are
      // the document's, loaded once: only a page with a font no page before it drew needs one (an
      // operator list costs as much again as the text).
      if (content.items.some((item) => 'fontName' in item && !page.commonObjs.has(item.fontName))) await page.getOperatorList();
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, , , x, y] = item.transform as number[];
        const font = (page.commonObjs.get(item.fontName) as { name?: string } | undefined)?.name ?? item.fontName;
        runs.push({ page: p, str: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!), font: font.replace(/^[A-Z]{6}\+/, ''), angle: (Math.atan2(b!, a!) * 180) / Math.PI });
      }
    }
  } finally {
    await doc.destroy();
  }
  return runs;
}

/** Runs set smaller than `floor` points. */
export function smallRuns(runs: readonly GlyphRun[], floor = 6): GlyphRun[] {
  return runs.filter((run) => run.size < floor - 0.01);
}

/**
 * A run's ink box, roughly: from the descender to the top of the capitals, along its baseline
 * (which pdf.js's `width` measures, turned or not). Its corners, and the box that holds them.
 */
function boxOf(run: GlyphRun) {
  const rad = ((run.angle ?? 0) * Math.PI) / 180;
  const along = [Math.cos(rad), Math.sin(rad)] as const;
  const up = [-Math.sin(rad), Math.cos(rad)] as const;
  const corners = [
    [0, -0.2 * run.size],
    [run.width, -0.2 * run.size],
    [run.width, 0.75 * run.size],
    [0, 0.75 * run.size],
  ].map(([s, t]) => [run.x + along[0] * s! + up[0] * t!, run.y + along[1] * s! + up[1] * t!] as const);
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return { corners, axes: [along, up], left: Math.min(...xs), right: Math.max(...xs), bottom: Math.min(...ys), top: Math.max(...ys) };
}

/**
 * How far two boxes overlap along the axis they overlap least on (separating axes: each box's own
 * two directions). For level runs this is the lesser of the overlaps across and up the page.
 */
function penetration(a: ReturnType<typeof boxOf>, b: ReturnType<typeof boxOf>): number {
  let least = Infinity;
  for (const [ax, ay] of [...a.axes, ...b.axes]) {
    const project = (box: typeof a) => box.corners.map(([x, y]) => x * ax + y * ay);
    const [pa, pb] = [project(a), project(b)];
    least = Math.min(least, Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)));
  }
  return least;
}

/**
 * Pairs of runs whose boxes overlap by more than `slack` points every way: text printed over text.
 * Runs on one baseline that merely touch (kerning, a space split off) are not overlaps, nor are
 * neighbouring letters set round a curve (each is boxed along its own baseline).
 */
export function overlappingRuns(runs: readonly GlyphRun[], slack = 0.5): [GlyphRun, GlyphRun][] {
  const pairs: [GlyphRun, GlyphRun][] = [];
  const byPage = new Map<number, GlyphRun[]>();
  for (const run of runs) {
    const page = byPage.get(run.page);
    if (page) page.push(run);
    else byPage.set(run.page, [run]);
  }
  for (const pageRuns of byPage.values()) {
    const boxed = pageRuns.map((run) => ({ run, box: boxOf(run) })).sort((a, b) => a.box.left - b.box.left);
    for (let i = 0; i < boxed.length; i++) {
      const a = boxed[i]!;
      for (let j = i + 1; j < boxed.length; j++) {
        const b = boxed[j]!;
        if (b.box.left >= a.box.right - slack) break;
        if (penetration(a.box, b.box) > slack) pairs.push([a.run, b.run]);
      }
    }
  }
  return pairs;
}

const LATIN_OR_DIGIT = /[\p{Script=Latin}0-9]/u;
const HANGUL = /\p{Script=Hangul}/u;
/** The faces that set Latin, and those that set Hangul (Pretendard sets both). */
const LATIN_FACES = /^(SourceSerif4|Pretendard)/;
const HANGUL_FACES = /^(NanumMyeongjo|Pretendard)/;

/** Runs with Latin letters or digits in a face that is not a Latin face, or Hangul in a face that is not a Hangul one. */
export function wrongFaceRuns(runs: readonly GlyphRun[]): GlyphRun[] {
  return runs.filter((run) => (LATIN_OR_DIGIT.test(run.str) && !LATIN_FACES.test(run.font)) || (HANGUL.test(run.str) && !HANGUL_FACES.test(run.font)));
}

/**
 * The lines of the pages: runs on one baseline (to 0.5 pt), split into separate lines where the gap
 * between two runs is wider than `gapEm` ems (columns side by side; a word space is about a quarter em).
 */
export function readLines(runs: readonly GlyphRun[], gapEm = 1.2): TextLine[] {
  const rows = new Map<string, GlyphRun[]>();
  for (const run of runs) {
    const key = `${run.page}:${Math.round(run.y * 2) / 2}`;
    rows.set(key, [...(rows.get(key) ?? []), run]);
  }
  const lines: TextLine[] = [];
  for (const row of rows.values()) {
    row.sort((a, b) => a.x - b.x);
    let current: GlyphRun[] = [];
    const flush = () => {
      if (current.length === 0) return;
      const last = current.at(-1)!;
      let text = '';
      for (const [i, run] of current.entries()) {
        const previous = current[i - 1];
        if (previous && run.x - (previous.x + previous.width) > 0.15 * run.size && !text.endsWith(' ') && !run.str.startsWith(' ')) text += ' ';
        text += run.str;
      }
      lines.push({ page: current[0]!.page, y: current[0]!.y, x: current[0]!.x, right: last.x + last.width, runs: current, text: text.replace(/\s+/g, ' ').trim() });
      current = [];
    };
    for (const run of row) {
      const previous = current.at(-1);
      if (previous && run.x - (previous.x + previous.width) > gapEm * Math.max(run.size, previous.size)) flush();
      current.push(run);
    }
    flush();
  }
  return lines.sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x);
}

/**
 * Runts: a line that holds only the last word of a paragraph ("rights.", "것이다."). `paragraphs`
 * are the texts set as paragraphs (from data/); their last words are what must not stand alone.
 */
export function runtLines(lines: readonly TextLine[], paragraphs: readonly string[]): TextLine[] {
  const endings = new Set(paragraphs.map((text) => text.trim().split(/\s+/).at(-1)!));
  return lines.filter((line) => !/\s/.test(line.text) && endings.has(line.text));
}

/** Lines longer than `max` characters (spaces counted, as a measure is). */
export function longLines(lines: readonly TextLine[], max = 75): TextLine[] {
  return lines.filter((line) => [...line.text].length > max);
}

/** A font as squeezedRuns measures with it. */
interface NaturalFont {
  unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
}

// The bundled fonts by PostScript name (what a PDF's BaseFont says), opened once per test file.
let bundled: Map<string, NaturalFont> | undefined;

function bundledFonts(): Map<string, NaturalFont> {
  if (bundled) return bundled;
  const dir = fileURLToPath(new URL('../../fonts/', import.meta.url));
  bundled = new Map();
  for (const file of readdirSync(dir).filter((name) => /\.(ttf|otf)$/.test(name))) {
    const font = (fontkit as { openSync(path: string): NaturalFont & { postscriptName: string } }).openSync(dir + file);
    bundled.set(font.postscriptName, font);
  }
  return bundled;
}

/** The natural advance width (pt) of a text in a bundled font (by the PostScript name a PDF gives it) at a size. */
export function naturalWidth(text: string, font: string, size: number): number {
  const face = bundledFonts().get(font);
  if (!face) throw new Error(`not a bundled font: ${font}`);
  return (face.layout(text).advanceWidth / face.unitsPerEm) * size;
}

/**
 * Runs set narrower than their natural width (their text laid out in their font at their size):
 * word spaces squeezed to justify an overfull line into its box. Ragged text never shrinks its
 * spaces. Letterspaced runs (pdf.js reads their gaps as spaces that are not in the text) and runs in
 * a font that is not bundled are left out.
 */
export function squeezedRuns(runs: readonly GlyphRun[], slack = 0.05): GlyphRun[] {
  const fonts = bundledFonts();
  return runs.filter((run) => {
    if (!fonts.has(run.font) || /(?:\S ){4}/u.test(run.str)) return false;
    return run.width < naturalWidth(run.str, run.font, run.size) - slack;
  });
}

/** A run, for a failure message. */
export function describeRun(run: GlyphRun): string {
  return `page ${run.page} "${run.str}" ${run.font} ${run.size.toFixed(2)} pt at (${run.x.toFixed(1)}, ${run.y.toFixed(1)})`;
}
