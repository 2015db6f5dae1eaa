import { Font } from '@react-pdf/renderer';

/** One bundled font file and the family, weight and style it is registered under. */
export interface FontFile {
  /** react-pdf family name used in styles. */
  family: FamilyName;
  /** File name inside `fonts/`. */
  file: string;
  /** CSS weight. */
  weight: 400 | 700;
  /** CSS style. */
  style: 'normal' | 'italic';
}

/** The families the templates may name. */
export type FamilyName = 'SourceSerif' | 'NanumMyeongjo' | 'Pretendard';

/** Human names for messages: what a user would look up. */
export const FAMILY_LABELS: Record<FamilyName, string> = {
  SourceSerif: 'Source Serif 4',
  NanumMyeongjo: 'NanumMyeongjo',
  Pretendard: 'Pretendard',
};

/** Every bundled font: the one list that registration, coverage and the README agree on. */
export const FONT_FILES: readonly FontFile[] = [
  { family: 'SourceSerif', file: 'SourceSerif4-Regular.ttf', weight: 400, style: 'normal' },
  { family: 'SourceSerif', file: 'SourceSerif4-Bold.ttf', weight: 700, style: 'normal' },
  { family: 'SourceSerif', file: 'SourceSerif4-Italic.ttf', weight: 400, style: 'italic' },
  { family: 'NanumMyeongjo', file: 'NanumMyeongjo-Regular.ttf', weight: 400, style: 'normal' },
  // The family's heaviest weight is its bold: NanumMyeongjo Bold reads almost regular beside Source
  // Serif Bold (titles, mottos, names, the seal compared at 150 dpi); ExtraBold matches its colour.
  { family: 'NanumMyeongjo', file: 'NanumMyeongjo-ExtraBold.ttf', weight: 700, style: 'normal' },
  { family: 'Pretendard', file: 'Pretendard-Regular.otf', weight: 400, style: 'normal' },
  { family: 'Pretendard', file: 'Pretendard-Bold.otf', weight: 700, style: 'normal' },
];

/**
 * Font stacks. Latin face first for English and for names: NanumMyeongjo covers only 37 of the 96
 * Latin-1 characters, so José or Ødegård must reach Source Serif before the Korean face.
 */
export const STACKS = {
  /** English text and names: Source Serif 4, then NanumMyeongjo for any Hangul. */
  serif: ['SourceSerif', 'NanumMyeongjo'],
  /**
   * Korean text: NanumMyeongjo, with Latin letters and digits in Source Serif ("2024년", "NED"): the
   * templates set each stretch in its face by the one rule of fonts/faces.ts (ScriptText).
   */
  myeongjo: ['NanumMyeongjo', 'SourceSerif'],
  /** Display text (posters, headings that want a sans): Pretendard covers Latin and Hangul. */
  sans: ['Pretendard'],
} as const satisfies Record<string, readonly FamilyName[]>;

/** A stack's name. */
export type StackName = keyof typeof STACKS;

/** A kind of letter that has a face of its own: Latin (with digits), or Hangul (with CJK punctuation). */
export type Script = 'latin' | 'hangul';

/**
 * The scripts each family sets. NanumMyeongjo has Latin glyphs too, but they do not match Source
 * Serif: in any stack, Latin letters and digits go to a family that sets Latin, Hangul to one that
 * sets Hangul (see fonts/faces.ts, familyRuns).
 */
export const FAMILY_SCRIPTS: Record<FamilyName, readonly Script[]> = {
  SourceSerif: ['latin'],
  NanumMyeongjo: ['hangul'],
  Pretendard: ['latin', 'hangul'],
};

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]/;
const LONGEST_UNBROKEN_WORD = 24;
const NO_BREAK_SPACE = '\u00a0';

/**
 * Where a word may break inside itself. Korean wraps between words (어절), never inside one, and
 * Hangul is never hyphenated; Latin words are kept whole too (the declaration reads back as its
 * source), unless a word is so long that a narrow column could not hold it. Words bound by a
 * no-break space (bindRunt's "human\u00a0rights.") are one word to react-pdf, which breaks only at
 * ASCII spaces: each part is judged on its own, and the no-break space is never a break.
 */
export function splitWord(word: string, hyphenate: (word: string) => string[]): string[] {
  const parts = word.split(NO_BREAK_SPACE).map((part) =>
    HANGUL.test(part) || part.length <= LONGEST_UNBROKEN_WORD ? [part] : hyphenate(part).filter(Boolean),
  );
  // Glue each part's last piece to the next part's first piece across the no-break space.
  const pieces: string[] = [];
  for (const [i, part] of parts.entries()) {
    const [first = '', ...rest] = part;
    if (i === 0) pieces.push(first);
    else pieces[pieces.length - 1] += NO_BREAK_SPACE + first;
    pieces.push(...rest);
  }
  return pieces;
}

let registered: string | null = null;

/**
 * Registers every bundled font with react-pdf, once per process (react-pdf memoises each font's
 * parse in its FontSource, so registering again would parse the 4 MB Hangul files again).
 * `locate` turns a file name into what react-pdf loads: an absolute path in Node, a URL in a browser.
 */
export function registerFonts(locate: (file: string) => string): void {
  const key = locate('');
  if (registered === key) return;
  if (registered !== null) Font.clear();
  for (const font of FONT_FILES) {
    Font.register({ family: font.family, src: locate(font.file), fontWeight: font.weight, fontStyle: font.style });
  }
  // react-pdf passes its built-in hyphenator as a second argument, which its types leave out.
  Font.registerHyphenationCallback(splitWord as unknown as (word: string) => string[]);
  registered = key;
}
