/**
 * The typesetting core on real PDFs: the declaration in every layout on A4 and Letter, an A2
 * poster, and a narrow column of mixed Korean and Latin, each rendered once and shared. What a
 * typographer checks: sizes, text over text, faces by script, runts, measures, balanced titles,
 * ragged lines that are neither squeezed nor short of a word that fits, the Hangul rules, and the
 * parallel layout's shared first baselines.
 */
import { Document, Page, View } from '@react-pdf/renderer';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDeclaration } from '../../src/products/declaration.js';
import { makePoster } from '../../src/products/poster.js';
import { render } from '../../src/render/pipeline.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { loadTexts } from '../../src/input/data.js';
import type { Texts } from '../../src/input/schema.js';
import { PAPER } from '../../src/core/paper.js';
import { LAYOUTS, type Layout } from '../../src/layout/declaration-layout.js';
import { baseSize, textMeasure, textStyles } from '../../src/layout/theme.js';
import { ScriptText } from '../../templates/pieces/ScriptText.js';
import {
  describeRun,
  longLines,
  naturalWidth,
  overlappingRuns,
  readGlyphRuns,
  readLines,
  runtLines,
  smallRuns,
  squeezedRuns,
  wrongFaceRuns,
  type GlyphRun,
  type TextLine,
} from '../helpers/typography.js';
import { standardFile } from '../helpers/standard-set.js';

type Paper = 'a4' | 'letter';
const PAPERS: readonly Paper[] = ['a4', 'letter'];

interface Rendered {
  bytes: Uint8Array;
  runs: GlyphRun[];
  lines: TextLine[];
}

let texts: Texts;
const variants = new Map<string, Rendered>();
let poster: Rendered;
let mixed: Rendered;

async function read(bytes: Uint8Array): Promise<Rendered> {
  const runs = await readGlyphRuns(bytes);
  return { bytes, runs, lines: readLines(runs) };
}

const key = (paper: Paper, layout: Layout) => `${paper} ${layout}`;
const variant = (paper: Paper, layout: Layout) => variants.get(key(paper, layout))!;

/** Korean and Latin mixed inside words ("2024년", "NED와", "믿는다." after a Latin run), for the line breaker. */
const MIXED = '우리는 2024년 7월 22일 워싱턴에서 NED와 함께 자유를 믿는다. IT 전문가들이 「존엄, 희망, 자유를 위한 워싱턴 선언」에 서명했고, 탈북자 3명이 UN에서 증언했다. 이 소명이 우리에게 행동을 요구하고 있다.';
/** The column widths (pt) the mixed text is set in: every width from narrow to wide, so that each word meets a line end somewhere. */
const MIXED_WIDTHS = Array.from({ length: 28 }, (_, i) => 60 + i * 7);

beforeAll(async () => {
  texts = await loadTexts();
  // Parallel on A4 and Letter are the standard set's files; the other layouts are made here, once.
  variants.set(key('a4', 'parallel'), await read(await standardFile('declaration-a4.pdf')));
  variants.set(key('letter', 'parallel'), await read(await standardFile('declaration-letter.pdf')));
  for (const paper of PAPERS) {
    for (const layout of LAYOUTS) if (!variants.has(key(paper, layout))) variants.set(key(paper, layout), await read(await makeDeclaration({ paper, layout })));
  }
  poster = await read(await makePoster({ size: 'a2', lang: 'both' }));
  registerBundledFonts();
  const style = textStyles(9.4).ko.body;
  const pages = MIXED_WIDTHS.map((width) =>
    createElement(Page, { key: width, size: 'A4', style: { padding: 40 } }, createElement(View, { style: { width } }, createElement(ScriptText, { style, children: MIXED }))),
  );
  mixed = await read(await render(createElement(Document, null, ...pages)));
}, 120_000);

/** The texts the declaration sets as paragraphs, both languages: their last words must not stand alone. */
function paragraphs(): string[] {
  const d = texts.declaration;
  return (['en', 'ko'] as const).flatMap((lang) => [
    ...d.mottos[lang],
    ...d.preamble[lang],
    ...(d.callToAction[lang] ? [d.callToAction[lang]!] : []),
    ...d.directives.map((directive) => directive[lang]),
    d.closing[lang],
    d.slogan[lang],
  ]);
}

const HANGUL = /\p{Script=Hangul}/u;
const CLOSING = /^[.,;:!?)\]}’”»、。，」』）]/u;

/** Every Korean word (어절) the pages may print: the declaration's and the labels'. */
function koreanWords(): Set<string> {
  const strings: string[] = [MIXED];
  const walk = (value: unknown, lang?: string) => {
    if (typeof value === 'string' && (lang === 'ko' || HANGUL.test(value))) strings.push(value);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, lang));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k === 'ko' ? 'ko' : lang);
  };
  walk(texts.declaration);
  walk(texts.labels);
  return new Set(strings.flatMap((text) => text.split(/\s+/)));
}

/** Lines with a Hangul word that is not a whole word of the source (broken inside a word), or a hyphen after Hangul, or closing punctuation first. */
function hangulRuleBreaks(lines: readonly TextLine[]): string[] {
  const words = koreanWords();
  const bad: string[] = [];
  for (const line of lines) {
    if (CLOSING.test(line.text)) bad.push(`starts with closing punctuation: ${line.text}`);
    if (/\p{Script=Hangul}-$/u.test(line.text)) bad.push(`hyphen after Hangul: ${line.text}`);
    for (const token of line.text.split(/\s+/)) if (HANGUL.test(token) && !words.has(token)) bad.push(`"${token}" is not a whole word: ${line.text}`);
  }
  return bad;
}

/** The body size of each language on a paper: lines set at other sizes (titles, footers) are not body text. */
function bodySizes(paper: Paper): number[] {
  const styles = textStyles(baseSize(PAPER[paper]));
  return [styles.en.body.fontSize, styles.ko.body.fontSize];
}

/** The lines of the declaration's own paragraphs, at the body size (not the headings and labels around it). */
function bodyLines(lines: readonly TextLine[], paper: Paper): TextLine[] {
  const sizes = bodySizes(paper);
  const source = paragraphs().map((text) => text.replace(/\s+/g, ' '));
  return lines.filter(
    (line) =>
      line.runs.every((run) => sizes.some((size) => Math.abs(run.size - size) < 0.05)) &&
      source.some((text) => text.includes(line.text.replace(/^\d\. /, ''))),
  );
}

/**
 * Ragged lines that left a word off although it fits: two lines of one paragraph (same size, one
 * leading apart, same column) where the first word of the second would fit after the first within
 * the column (its right edge: the farthest any body line of the column reaches, so never wider
 * than the real box). A paragraph's last line is left out: it may hold a pair bound against a runt.
 */
function wordsLeftOff(lines: readonly TextLine[], paper: Paper, parallel: boolean): string[] {
  const body = bodyLines(lines, paper);
  const column = (line: TextLine) => (parallel && line.x > PAPER[paper].width / 2 ? 'right' : 'left');
  const sizeOf = (line: TextLine) => line.runs.at(-1)!.size;
  // The leading of each size: the smallest step between two lines of that size in one column.
  const leading = new Map<number, number>();
  for (const [i, line] of body.entries()) {
    const next = body[i + 1];
    if (!next || next.page !== line.page || column(next) !== column(line) || sizeOf(next) !== sizeOf(line)) continue;
    const step = line.y - next.y;
    if (step > 0) leading.set(sizeOf(line), Math.min(leading.get(sizeOf(line)) ?? Infinity, step));
  }
  const follows = (line: TextLine, next: TextLine | undefined) =>
    next !== undefined && next.page === line.page && sizeOf(next) === sizeOf(line) && Math.abs(line.y - next.y - leading.get(sizeOf(line))!) < 0.1;
  const bad: string[] = [];
  for (const side of ['left', 'right']) {
    const own = body.filter((line) => column(line) === side);
    const right = Math.max(...own.map((line) => line.right));
    for (const [i, line] of own.entries()) {
      const next = own[i + 1];
      if (!follows(line, next) || !follows(next!, own[i + 2])) continue;
      const word = next!.text.split(' ')[0]!;
      const first = next!.runs[0]!;
      const width = naturalWidth(' ', line.runs.at(-1)!.font, sizeOf(line)) + naturalWidth(word, first.font, first.size);
      if (line.right + width <= right - 0.5) bad.push(`"${word}" fits after "${line.text}" (${(right - line.right - width).toFixed(1)} pt to spare)`);
    }
  }
  return bad;
}

describe.each(PAPERS.flatMap((paper) => LAYOUTS.map((layout) => [paper, layout] as const)))('the declaration on %s, %s layout', (paper, layout) => {
  it('sets nothing under 6 pt and no text over text', () => {
    const { runs } = variant(paper, layout);
    expect(smallRuns(runs).map(describeRun)).toEqual([]);
    expect(overlappingRuns(runs).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
  });

  it('sets Latin letters and digits in Source Serif, Hangul in NanumMyeongjo, Korean bold in its ExtraBold', () => {
    const { runs } = variant(paper, layout);
    expect(wrongFaceRuns(runs).map(describeRun)).toEqual([]);
    const title = runs.filter((run) => texts.declaration.title.ko.includes(run.str.trim()) && HANGUL.test(run.str) && run.size > 12);
    if (layout !== 'en') expect(title.length).toBeGreaterThan(0);
    for (const run of title) expect(run.font, describeRun(run)).toBe('NanumMyeongjoExtraBold');
  });

  it('leaves no runt, no line over 75 characters, and no squeezed word space', () => {
    const { runs, lines } = variant(paper, layout);
    expect(runtLines(lines, paragraphs()).map((line) => line.text)).toEqual([]);
    expect(longLines(lines).map((line) => line.text)).toEqual([]);
    expect(squeezedRuns(runs).map(describeRun)).toEqual([]);
  });

  it('puts every word that fits on its line', () => {
    const { lines } = variant(paper, layout);
    expect(wordsLeftOff(lines, paper, layout === 'parallel')).toEqual([]);
    const community = lines.find((line) => line.text.includes('community that will work'));
    if (layout !== 'ko') expect(community?.text).toContain('work to');
  });

  it('keeps Korean words whole, never hyphenates Hangul, never starts a line with closing punctuation', () => {
    expect(hangulRuleBreaks(variant(paper, layout).lines)).toEqual([]);
  });

  it('balances the title on lines of similar length', () => {
    const { lines } = variant(paper, layout);
    const size = textStyles(baseSize(PAPER[paper])).en.title.fontSize;
    const title = lines.filter((line) => line.runs.every((run) => Math.abs(run.size - size) < 0.05));
    if (layout === 'ko') return expect(title).toEqual([]);
    expect(title.map((line) => line.text).join(' ')).toBe(texts.declaration.title.en);
    expect(title.length).toBe(2);
    const [a, b] = title.map((line) => line.right - line.x);
    expect(Math.min(a!, b!) / Math.max(a!, b!)).toBeGreaterThan(0.8);
  });

  it('numbers each directive once', () => {
    const numerals = variant(paper, layout).runs.filter((run) => /^[1-7]\.$/.test(run.str.trim())).map((run) => run.str.trim());
    const perDirective = layout === 'parallel' ? 2 : 1;
    for (let n = 1; n <= 7; n++) expect(numerals.filter((numeral) => numeral === `${n}.`), `directive ${n}`).toHaveLength(perDirective);
  });
});

describe('the parallel layout', () => {
  it.each(PAPERS)('starts each section on one baseline in both columns (%s)', (paper) => {
    const { lines } = variant(paper, 'parallel');
    const d = texts.declaration;
    const pairs = [
      ...d.preamble.en.map((en, i) => [en, d.preamble.ko[i]!] as const),
      ...d.directives.map((directive) => [directive.en, directive.ko] as const),
      [d.closing.en, d.closing.ko] as const,
    ];
    const lineOf = (text: string, words: number) => {
      const start = text.split(' ').slice(0, words).join(' ');
      return lines.find((line) => line.text.replace(/^\d\. /, '').startsWith(start));
    };
    for (const [en, ko] of pairs) {
      const left = lineOf(en, 4);
      const right = lineOf(ko, 5);
      expect(left, en).toBeDefined();
      expect(right, ko).toBeDefined();
      expect(right!.page).toBe(left!.page);
      expect(Math.abs(right!.y - left!.y), `${en} / ${ko}`).toBeLessThan(0.05);
    }
  });
});

describe('the stacked and single-language layouts', () => {
  it.each(PAPERS)('set their text to one measure, centred, on %s', (paper) => {
    const measure = textMeasure(baseSize(PAPER[paper]));
    for (const layout of ['stacked', 'en', 'ko'] as const) {
      const body = bodyLines(variant(paper, layout).lines, paper);
      const left = Math.min(...body.map((line) => line.x));
      const right = Math.max(...body.map((line) => line.right));
      expect(right - left, layout).toBeLessThanOrEqual(measure + 0.5);
      // Centred: as much paper left of the text as right of its longest line, to within a ragged end.
      expect(Math.abs(left - (PAPER[paper].width - right)), layout).toBeLessThan(20);
    }
  });

  it('makes the same bytes twice', async () => {
    const again = await makeDeclaration({ paper: 'letter', layout: 'stacked' });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(variant('letter', 'stacked').bytes))).toBe(0);
  });
});

describe('react-pdf line breaking (patches/@react-pdf+textkit)', () => {
  it('never breaks a word where its face changes, in any column width', () => {
    const { lines, runs } = mixed;
    expect(hangulRuleBreaks(lines)).toEqual([]);
    for (const line of lines) expect(line.text, line.text).not.toMatch(/-$/);
    // Every width broke somewhere: the text ran over several lines in each column.
    expect(new Set(lines.map((line) => line.page)).size).toBe(MIXED_WIDTHS.length);
    expect(wrongFaceRuns(runs).map(describeRun)).toEqual([]);
  });

  it('spaces the baselines of a Korean paragraph evenly, with or without a Latin run in the line', () => {
    for (let page = 1; page <= MIXED_WIDTHS.length; page++) {
      const ys = mixed.lines.filter((line) => line.page === page).map((line) => line.y);
      const steps = ys.slice(1).map((y, i) => ys[i]! - y);
      for (const step of steps) expect(step, `page ${page}`).toBeCloseTo(steps[0]!, 2);
    }
  });

  it('never squeezes the word spaces of an A2 poster’s ragged directives', () => {
    const directives = texts.declaration.directives.flatMap((directive) => [directive.en, directive.ko]);
    const inDirective = (run: GlyphRun) => directives.some((text) => text.includes(run.str.trim()));
    expect(squeezedRuns(poster.runs.filter(inDirective)).map(describeRun)).toEqual([]);
  });
});
