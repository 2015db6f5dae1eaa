import { FAMILY_LABELS, STACKS, type StackName } from './registry.js';
import { advanceWidth, faceFor, faceRuns, loadStacks, type Face, type StackFaces } from './faces.js';
import { codePoint, PressError } from '../core/errors.js';

/** A text the templates will print, with where it came from, for messages. */
export interface TextOrigin {
  /** The file, and `:line` for a row: `data/signatories.csv:14`. */
  origin: string;
  /** The field or JSON path: `name_en`, `directives[0].ko`. */
  field: string;
  /** The text itself. */
  text: string;
}

/** Font measurements the templates need, from the very fonts react-pdf embeds. */
export interface Typeset {
  /** Distance (pt) from a text box's top to the first baseline of `text` set in `stack` at `size`. */
  ascent(text: string, stack: StackName, size: number): number;
  /** Advance width (pt) of `text` set in `stack` at `size`, each character in the first face that has it. */
  measure(text: string, stack: StackName, size: number, bold?: boolean): number;
}

/** Loads the metrics of the stacks a product uses (each family once) and returns the measuring functions. */
export async function prepareTypeset(stacks: readonly StackName[] = ['serif', 'myeongjo', 'sans']): Promise<Typeset> {
  const stackFaces = await loadStacks(stacks);
  return {
    ascent(text, stack, size) {
      // react-pdf puts a line's baseline at its top plus the largest ascent among the line's runs:
      // the faces this text uses, by the face rule (Hangul in NanumMyeongjo, Latin and digits in
      // Source Serif, spaces and punctuation with their neighbours).
      const used = new Set(faceRuns(text, stackFaces(stack)).map((run) => run.face));
      if (used.size === 0) used.add(stackFaces(stack)[0]!);
      return Math.max(...[...used].map((face) => (face.ascent / face.unitsPerEm) * size));
    },
    measure(text, stack, size, bold = false) {
      let width = 0;
      for (const run of faceRuns(text, stackFaces(stack, bold))) width += (advanceWidth(run.face, run.text) / run.face.unitsPerEm) * size;
      return width;
    },
  };
}

/** Characters that are not drawn and need no glyph. */
const INVISIBLE = /[\n\r\t\u200B-\u200D\uFEFF]/;

/**
 * What a list of stacks is known to cover, by the list, for the process. Texts found to have every
 * character: every document of a build checks the same declaration and labels again (the standard
 * set: 22 checks of 119,000 characters, 10,700 of them in distinct texts); at most COVERED_CHARS
 * characters a list (then it starts again). A text with a missing character is never kept: it is
 * checked, and reported, every time. And each character's verdict: texts repeat a few hundred
 * characters thousands of times, and a certificate batch checks every row apart. Kept with the
 * faces they were checked against, and forgotten when those change (the bundled fonts never
 * change while a process runs).
 */
const covered = new Map<string, { faces: Promise<StackFaces>; checkedWith?: readonly Face[]; texts: Set<string>; chars: number; missing: Map<string, StackName | undefined> }>();
const COVERED_CHARS = 1_000_000;

/** What these stacks are known to cover, and their faces (loaded once per list). */
async function coverageOf(stacks: readonly StackName[]) {
  const key = stacks.join(' ');
  let known = covered.get(key);
  if (!known) covered.set(key, (known = { faces: loadStacks(stacks), texts: new Set(), chars: 0, missing: new Map() }));
  const stackFaces = await known.faces;
  const faces = stacks.flatMap((stack) => [...stackFaces(stack), ...stackFaces(stack, true)]);
  if (known.checkedWith && (known.checkedWith.length !== faces.length || known.checkedWith.some((face, i) => face !== faces[i]))) {
    known.texts.clear();
    known.missing.clear();
    known.chars = 0;
  }
  known.checkedWith = faces;
  return { known, stackFaces };
}

/**
 * Checks every character of every text against each font stack it may be set in, before layout:
 * react-pdf silently falls back to an unembedded Helvetica and prints garbage for a character no
 * font has. Returns one error per text that fails, naming the character and its code point.
 */
export async function findMissingGlyphs(texts: readonly TextOrigin[], stacks: readonly StackName[] = ['serif', 'sans']): Promise<PressError[]> {
  const { known, stackFaces } = await coverageOf(stacks);
  const missingFor = known.missing;
  const errors: PressError[] = [];
  for (const item of texts) {
    if (known.texts.has(item.text)) continue;
    let clean = true;
    for (const char of item.text) {
      if (INVISIBLE.test(char)) continue;
      let missing = missingFor.get(char);
      if (!missingFor.has(char)) {
        missing = stacks.find((stack) => [false, true].some((bold) => !faceFor(stackFaces(stack, bold), char)));
        missingFor.set(char, missing);
      }
      if (missing) {
        const faceNames = STACKS[missing].map((family) => FAMILY_LABELS[family]).join(', ');
        errors.push(
          new PressError('NO_GLYPH', `${item.field}: ${codePoint(char)} '${char}' is in no bundled font (${missing}: ${faceNames})`, item.origin),
        );
        clean = false;
        break;
      }
    }
    if (!clean) continue;
    if (known.chars + item.text.length > COVERED_CHARS) {
      known.texts.clear();
      known.chars = 0;
    }
    known.texts.add(item.text);
    known.chars += item.text.length;
  }
  return errors;
}

/** Throws the first missing-glyph error, for products that print only trusted data. */
export async function assertCoverage(texts: readonly TextOrigin[], stacks?: readonly StackName[]): Promise<void> {
  const [first] = await findMissingGlyphs(texts, stacks);
  if (first) throw first;
}
