/**
 * Line-breaking decisions react-pdf's line breaker cannot make by itself: binding a paragraph's
 * last words so it never ends on a runt, and breaking a display line into lines of even length.
 * Both work on the text before react-pdf lays it out, with the very fonts it embeds (Typeset).
 */
import type { StackName } from '../fonts/registry.js';
import type { Typeset } from '../fonts/typeset.js';

/** A no-break space: react-pdf breaks lines only at ASCII spaces (and hyphenation points), so two words joined by it stay on one line. */
export const NBSP = '\u00a0';

/** A paragraph's last word shorter than this many characters would stand alone as a runt: it is bound to the word before. */
const RUNT_CHARS = 12;

/**
 * Binds a paragraph's last two words with a no-break space when the last word is short, so the
 * paragraph never ends with one short word alone on its last line. Not when the two words
 * together would not fit `width` (they would overflow the line), nor in a one-word paragraph.
 */
export function bindRunt(text: string, fits?: (words: string) => boolean): string {
  const at = text.lastIndexOf(' ');
  if (at <= 0) return text;
  const last = text.slice(at + 1);
  if ([...last].length >= RUNT_CHARS) return text;
  const before = text.lastIndexOf(' ', at - 1);
  const pair = text.slice(before + 1, at) + NBSP + last;
  if (fits && !fits(pair)) return text;
  return `${text.slice(0, at)}${NBSP}${last}`;
}

/** How a display text is set: what balanceLines measures with. */
export interface DisplaySetting {
  /** The stack it is set in. */
  stack: StackName;
  /** Font size, pt. */
  size: number;
  /** Bold. */
  bold?: boolean;
}

/** Dates a display line never breaks inside: "July 22, 2024" and "2024년 7월 22일" are read as one word. */
const DATE = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\b|\b\d{4}년 \d{1,2}월 \d{1,2}일/g;

/** A text's words, a date counted as one (see DATE): the places a display line may break. */
function displayWords(text: string): string[] {
  const glued = text.replace(DATE, (date) => date.replaceAll(' ', '\u0000'));
  return glued.split(/ +/).filter(Boolean).map((word) => word.replaceAll('\u0000', ' '));
}

/**
 * Breaks a display text (a title, a motto) into the fewest lines that fit `width`, each as close
 * in length to the others as the word breaks allow, and returns them; a text that fits on one
 * line is one line, and a date is never broken. Lines are chosen so the longest is as short as possible (then the break
 * nearest the middle), which is what a typographer means by a balanced title.
 */
export function balanceLines(typeset: Typeset, text: string, setting: DisplaySetting, width: number): string[] {
  const words = displayWords(text);
  const measure = (line: string) => typeset.measure(line, setting.stack, setting.size, setting.bold);
  if (words.length <= 1 || measure(text) <= width) return [text];
  const n = words.length;
  // The width of words from..to-1 on one line, each run measured once: the greedy fill and the
  // balancing for each count of lines try the same runs (a certificate's body at four widths: 487
  // measures instead of 617).
  const widths = new Map<number, number>();
  const widthOf = (from: number, to: number) => {
    const at = from * (n + 1) + to;
    let w = widths.get(at);
    if (w === undefined) widths.set(at, (w = measure(words.slice(from, to).join(' '))));
    return w;
  };
  // The fewest lines a greedy fill needs is the number to balance over.
  let count = 1;
  let start = 0;
  for (let i = 1; i < n; i++) {
    if (widthOf(start, i + 1) > width) {
      count++;
      start = i;
    }
  }
  // Dynamic programming over break positions: minimise the longest line, then the spread.
  type Best = { longest: number; spread: number; breaks: number[] };
  const memo = new Map<string, Best | null>();
  const solve = (from: number, lines: number): Best | null => {
    const key = `${from}:${lines}`;
    if (memo.has(key)) return memo.get(key)!;
    let best: Best | null = null;
    if (lines === 1) {
      const w = widthOf(from, n);
      best = w <= width ? { longest: w, spread: 0, breaks: [] } : null;
    } else {
      for (let to = from + 1; to <= n - (lines - 1); to++) {
        const w = widthOf(from, to);
        if (w > width) break;
        const rest = solve(to, lines - 1);
        if (!rest) continue;
        const candidate = { longest: Math.max(w, rest.longest), spread: Math.abs(w - rest.longest) + rest.spread, breaks: [to, ...rest.breaks] };
        if (!best || candidate.longest < best.longest - 1e-6 || (Math.abs(candidate.longest - best.longest) <= 1e-6 && candidate.spread < best.spread)) best = candidate;
      }
    }
    memo.set(key, best);
    return best;
  };
  const best = solve(0, count);
  if (!best) return [text];
  const cuts = [0, ...best.breaks, n];
  return cuts.slice(1).map((end, i) => words.slice(cuts[i], end).join(' '));
}
