import { beforeAll, describe, expect, it } from 'vitest';
import { makeSigningSheet, signingSheet } from '../../src/products/signing-sheet.js';
import { loadTexts } from '../../src/input/data.js';
import type { Texts } from '../../src/input/schema.js';
import { PAPER } from '../../src/core/paper.js';
import { MIN_ROWS } from '../../src/layout/signing-pages.js';
import { describeRun, longLines, overlappingRuns, smallRuns, wrongFaceRuns } from '../helpers/typography.js';
import { linesPerPage, readSigning, type SigningDocument } from '../helpers/signing.js';
import { readFonts } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';

type Paper = 'a4' | 'letter' | 'a3';

/** The counts each paper is made with: the default, the 60 and 100, and the edges (one line, a few, a thousand). */
const COUNTS: Record<Paper, number[]> = { a4: [1, 5, 30, 60, 100, 1000], letter: [12, 30, 60, 100], a3: [30, 60, 100] };
const CASES = (Object.entries(COUNTS) as [Paper, number[]][]).flatMap(([paper, counts]) => counts.map((count) => ({ paper, count, name: `${paper}, ${count} lines` })));

let texts: Texts;
const made = new Map<string, SigningDocument>();
const fonts = new Map<string, Awaited<ReturnType<typeof readFonts>>>();

beforeAll(async () => {
  texts = await loadTexts();
  for (const { paper, count, name } of CASES) {
    // The standard set's signing-sheet-a4.pdf is the default: A4, 30 lines.
    const bytes = paper === 'a4' && count === 30 ? await standardFile('signing-sheet-a4.pdf') : await makeSigningSheet({ paper, signatureLines: count });
    made.set(name, await readSigning(bytes));
    fonts.set(name, await readFonts(bytes));
  }
});

/** A label as a line prints it: Korean, then English. */
const both = (pair: { ko: string; en: string }) => `${pair.ko} ${pair.en}`;

describe.each(CASES)('signing sheet, $name', ({ paper, count, name }) => {
  it('numbers every line once, in order, over pages that each hold a share', () => {
    const doc = made.get(name)!;
    expect(doc.signing.map((line) => line.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const perPage = linesPerPage(doc);
    // Lines start on page 1, under the title, and every later page holds lines: none empty, none with 1–3.
    expect(perPage[0]).toBeGreaterThan(0);
    for (const rows of perPage) expect(rows, perPage.join(' ')).toBeGreaterThanOrEqual(Math.min(MIN_ROWS, count));
  });

  it('repeats the column labels and a running title on every page of lines', () => {
    const doc = made.get(name)!;
    const labels = texts.labels;
    for (let page = 1; page <= doc.pages; page++) {
      const first = doc.signing.find((line) => line.run.page === page)!;
      const above = doc.lines.filter((line) => line.page === page && line.y > first.run.y).map((line) => line.text);
      for (const key of ['name', 'signature', 'date'] as const) expect(above, `page ${page}`).toContain(both(labels[key]));
      const title = page === 1 ? labels.signingSheet : labels.signingContinued;
      expect(above.join('\n'), `page ${page}`).toContain(`${title.ko}  ${title.en}`.replace(/\s+/g, ' '));
    }
  });

  it('sets each number on its writing line', () => {
    const { signing } = made.get(name)!;
    expect(signing).toHaveLength(count);
    for (const line of signing) {
      // The digits stand on the rule: their baseline is the rule's top edge (the rule is 0.6 pt).
      expect(Math.abs(line.run.y - line.rule.top), `line ${line.number}`).toBeLessThan(0.35);
    }
  });

  it('passes the typography checks', () => {
    const { runs, lines } = made.get(name)!;
    // Every font embedded as a subset: no text fell back to react-pdf's Helvetica (a newline in a Text does).
    for (const font of fonts.get(name)!) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
    expect(smallRuns(runs).map(describeRun)).toEqual([]);
    expect(overlappingRuns(runs).map(([a, b]) => `${describeRun(a)} over ${describeRun(b)}`)).toEqual([]);
    expect(wrongFaceRuns(runs).map(describeRun)).toEqual([]);
    expect(longLines(lines).map((line) => line.text)).toEqual([]);
    // The footer sits clear under the lowest line of each page.
    const height = PAPER[paper].height;
    for (const line of lines.filter((l) => l.y < height * 0.06)) {
      const lowest = Math.min(...runs.filter((run) => run.page === line.page && run.y > height * 0.06).map((run) => run.y - run.size * 0.2));
      expect(lowest - (line.y + 0.75 * line.runs[0]!.size), `page ${line.page} footer`).toBeGreaterThan(10);
    }
  });
});

describe('filling the pages', () => {
  it.each(['a4', 'letter', 'a3'] as const)('runs the default 30 lines down to the foot of every page (%s)', (paper) => {
    const doc = made.get(`${paper}, 30 lines`)!;
    const height = PAPER[paper].height;
    for (let page = 1; page <= doc.pages; page++) {
      const lowest = Math.min(...doc.signing.filter((line) => line.run.page === page).map((line) => line.rule.bottom));
      // Below the lowest line there is less than a fifth of the page: no page left two-thirds empty.
      expect(lowest / height, `page ${page}`).toBeLessThan(0.2);
    }
  });
});

describe('--help', () => {
  const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  it('states page counts that the sheets really have', async () => {
    expect(signingSheet.examples.length).toBeGreaterThan(0);
    for (const [command, what] of signingSheet.examples) {
      const claim = /(\d+) numbered lines on (\w+) (A4|Letter|A3) pages?/.exec(what);
      expect(claim, what).not.toBeNull();
      const [, lines, pages, paperName] = claim!;
      const paper = paperName!.toLowerCase() as Paper;
      expect(command).toContain(paper === 'a4' ? '' : `--paper ${paper}`);
      if (Number(lines) !== 30) expect(command).toContain(`--signature-lines ${lines}`);
      const doc = await readSigning(await makeSigningSheet({ paper, signatureLines: Number(lines) }));
      expect(NUMBERS[doc.pages], what).toBe(pages);
    }
  });
});

describe('edges', () => {
  it('makes the same bytes again (the measuring pass changes nothing)', async () => {
    const again = await makeSigningSheet({});
    expect(Buffer.compare(Buffer.from(again), Buffer.from(await standardFile('signing-sheet-a4.pdf')))).toBe(0);
  });

  it('makes a title page alone for no lines', async () => {
    const doc = await readSigning(await makeSigningSheet({ signatureLines: 0 }));
    expect(doc.pages).toBe(1);
    expect(doc.signing).toEqual([]);
  });
});
