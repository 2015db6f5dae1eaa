/**
 * Reads the numbered signing lines of a real PDF (a declaration's blank lines, a signing sheet): each
 * line's number is a run of digits standing at the left end of a row of rules.
 */
import { readGlyphRuns, readLines, type GlyphRun, type TextLine } from './typography.js';
import { horizontalRules, readFilledBoxes, type FilledBox } from './rules.js';

/** One signing line as printed: its number's run, and the rule it is written on. */
export interface SigningLine {
  /** The number printed. */
  number: number;
  /** The number's glyph run. */
  run: GlyphRun;
  /** The nearest rule to the number's right, on about its baseline. */
  rule: FilledBox;
}

/** What a document's pages show, for the signing-line tests. */
export interface SigningDocument {
  /** Every glyph run. */
  runs: GlyphRun[];
  /** Every line of text. */
  lines: TextLine[];
  /** The signing lines, in page order. */
  signing: SigningLine[];
  /** How many pages. */
  pages: number;
}

/** Reads a PDF's runs, lines and signing lines. */
export async function readSigning(bytes: Uint8Array): Promise<SigningDocument> {
  const [runs, boxes] = await Promise.all([readGlyphRuns(bytes), readFilledBoxes(bytes)]);
  const rules = horizontalRules(boxes);
  const signing: SigningLine[] = [];
  for (const run of runs) {
    if (!/^\d+$/.test(run.str.trim())) continue;
    // The rule that starts just right of the number, within a few points of its baseline.
    const rule = rules
      .filter((r) => r.page === run.page && r.left >= run.x + run.width - 0.5 && r.left <= run.x + run.width + 3 * run.size && Math.abs(r.top - run.y) < 8)
      .sort((a, b) => a.left - b.left)[0];
    if (rule) signing.push({ number: Number(run.str.trim()), run, rule });
  }
  signing.sort((a, b) => a.run.page - b.run.page || b.run.y - a.run.y);
  return { runs, lines: readLines(runs), signing, pages: runs.reduce((max, run) => Math.max(max, run.page), 0) };
}

/** How many signing lines each page holds, for pages 1..pages (0 for a page without). */
export function linesPerPage(doc: SigningDocument): number[] {
  return Array.from({ length: doc.pages }, (_, i) => doc.signing.filter((line) => line.run.page === i + 1).length);
}
