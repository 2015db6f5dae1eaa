import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { preflightFile } from '../../src/preflight/preflight.js';
import { PressError } from '../../src/core/errors.js';
import { makeHandout } from '../../src/products/handout.js';


let dir: string;
let good: string;
let helvetica: string;
let someBoxes: string;
let allBoxes: string;

/** A one-page PDF whose text is set in Helvetica, which pdf-lib does not embed. */
async function unembeddedFontPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Dignity matters. Hope matters. Freedom matters.', { x: 56, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** A two-page PDF with no text; `boxed` pages get a TrimBox and a 3 mm BleedBox. */
async function boxedPdf(boxed: boolean[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const bleed = 8.504;
  for (const withBoxes of boxed) {
    const page = doc.addPage([300 + 2 * bleed, 400 + 2 * bleed]);
    page.drawRectangle({ x: 0, y: 0, width: 300 + 2 * bleed, height: 400 + 2 * bleed });
    if (withBoxes) {
      page.setTrimBox(bleed, bleed, 300, 400);
      page.setBleedBox(0, 0, 300 + 2 * bleed, 400 + 2 * bleed);
    }
  }
  return doc.save();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dp-check-'));
  good = join(dir, 'handout-a4.pdf');
  helvetica = join(dir, 'helvetica.pdf');
  someBoxes = join(dir, 'some-boxes.pdf');
  allBoxes = join(dir, 'all-boxes.pdf');
  await Promise.all([
    makeHandout({ paper: 'a4' }).then((bytes) => writeFile(good, bytes)),
    unembeddedFontPdf().then((bytes) => writeFile(helvetica, bytes)),
    boxedPdf([true, false]).then((bytes) => writeFile(someBoxes, bytes)),
    boxedPdf([true, true]).then((bytes) => writeFile(allBoxes, bytes)),
  ]);
});

describe('check command', () => {
  it('passes a good file, saying so per check, with exit code 0', async () => {
    const { code, stderr } = await cli('check', good);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('handout-a4.pdf: all 4 checks pass');
    for (const check of ['fonts', 'boxes', 'images', 'text']) expect(stderr).toMatch(new RegExp(`PASS ${check}:`));
    expect(stderr).toContain('check: 1 of 1 file(s) pass');
  });

  it('refuses a PDF with an unembedded font by name, with exit code 1, and still reports the other files', async () => {
    const { code, stderr } = await cli('check', helvetica, good);
    expect(code).toBe(1);
    expect(stderr).toContain('helvetica.pdf: 1 of 4 checks fail');
    expect(stderr).toContain('FAIL fonts: Helvetica (page 1) is not embedded');
    expect(stderr).toContain('handout-a4.pdf: all 4 checks pass');
    expect(stderr).toMatch(/1 of 2 file\(s\) fail the preflight: .*helvetica\.pdf/);
  });

  it('reports a missing file and a file that is not a PDF as failures, not crashes', async () => {
    const notPdf = join(dir, 'not.pdf');
    await writeFile(notPdf, 'hello');
    const { code, stderr } = await cli('check', join(dir, 'missing.pdf'), notPdf);
    expect(code).toBe(1);
    expect(stderr).toContain('missing.pdf: no such file');
    expect(stderr).toMatch(/not\.pdf: cannot be read as a PDF/);
  });

  it('prints JSON reports on stdout with --json, and nothing for people on stderr but the verdict', async () => {
    const { code, stdout, stderr } = await cli('check', '--json', helvetica, good);
    expect(code).toBe(1);
    const reports = JSON.parse(stdout) as { file: string; ok: boolean; checks: { name: string; ok: boolean; detail: string[] }[] }[];
    expect(reports.map((report) => report.ok)).toEqual([false, true]);
    expect(reports[0]!.checks.find((check) => check.name === 'fonts')).toMatchObject({ ok: false, detail: ['Helvetica (page 1) is not embedded'] });
    expect(stderr).not.toContain('PASS');
  });

  it('requires boxes of a file that has them on some page, naming the page without them', async () => {
    const { code, stderr } = await cli('check', someBoxes);
    expect(code).toBe(1);
    expect(stderr).toMatch(/FAIL boxes: .*page 2/);
    expect((await cli('check', allBoxes)).code).toBe(0);
    // --no-boxes: the missing ones are let go (the present ones must still agree with the page).
    expect((await cli('check', '--no-boxes', someBoxes)).code).toBe(0);
  });

  it('requires boxes of every file with --boxes, and checks the bleed with --bleed', async () => {
    const boxes = await cli('check', '--boxes', good);
    expect(boxes.code).toBe(1);
    expect(boxes.stderr).toMatch(/FAIL boxes: .*no TrimBox/);
    expect((await cli('check', '--bleed', '3mm', allBoxes)).code).toBe(0);
    const wrong = await cli('check', '--bleed', '1mm', allBoxes);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/FAIL boxes:/);
  });

  it('refuses bad options with exit code 2', async () => {
    const bleed = await cli('check', '--bleed', '3 furlongs', good);
    expect(bleed.code).toBe(2);
    expect(bleed.stderr).toContain('--bleed: "3 furlongs" is not a length; allowed: a length in mm, cm, in or pt');
    expect((await cli('check', '--min-ppi', '0', good)).code).toBe(2);
    expect((await cli('check')).code).toBe(2);
    await expect(preflightFile(good, { boxes: false, bleed: 8.5 })).rejects.toThrow(PressError);
  });
});

describe('check command: folders', () => {
  let tree: string;

  /** A one-page PDF with nothing on it: it passes every check. */
  async function blankPdf(): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]);
    return doc.save();
  }

  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'dp-check-tree-'));
    const blank = await blankPdf();
    const notPdf = new TextEncoder().encode('not a PDF: checking this would fail');
    await mkdir(join(tree, 'posters', 'tiled'), { recursive: true });
    await mkdir(join(tree, '.cache'));
    await mkdir(join(tree, 'no-pdfs'));
    await Promise.all([
      writeFile(join(tree, 'declaration-a4.pdf'), blank),
      writeFile(join(tree, 'posters', 'poster-a2.PDF'), blank),
      writeFile(join(tree, 'posters', 'tiled', 'poster-a2-tiled.pdf'), blank),
      writeFile(join(tree, 'Handout.pdf'), blank),
      writeFile(join(tree, 'notes.txt'), notPdf),
      writeFile(join(tree, '.hidden.pdf'), notPdf),
      writeFile(join(tree, '.declaration-a4.pdf.tmp-1234-abcd'), notPdf), // what an interrupted writeAtomic leaves
      writeFile(join(tree, '.cache', 'old.pdf'), notPdf),
      writeFile(join(tree, 'no-pdfs', '.only-hidden.pdf'), blank),
      writeFile(join(tree, 'no-pdfs', 'readme.txt'), 'hello'),
    ]);
  });

  afterAll(async () => {
    await rm(tree, { recursive: true, force: true });
  });

  it('checks every PDF in a folder and its subfolders, in name order, skipping hidden files and temporaries', async () => {
    const { code, stdout, stderr } = await cli('check', '--json', tree);
    expect(code, stderr).toBe(0);
    const files = (JSON.parse(stdout) as { file: string; ok: boolean }[]).map((report) => report.file.slice(tree.length + 1));
    expect(files).toEqual(['Handout.pdf', 'declaration-a4.pdf', join('posters', 'poster-a2.PDF'), join('posters', 'tiled', 'poster-a2-tiled.pdf')]);
    expect((await cli('check', tree)).stderr).toContain('check: 4 of 4 file(s) pass');
  });

  it('takes folders and files together, each file as named, and checks a file named twice once', async () => {
    const { code, stdout } = await cli('check', '--json', join(tree, 'posters'), helvetica, join(tree, 'posters', 'tiled'));
    expect(code).toBe(1);
    const files = (JSON.parse(stdout) as { file: string }[]).map((report) => report.file);
    expect(files).toEqual([join(tree, 'posters', 'poster-a2.PDF'), join(tree, 'posters', 'tiled', 'poster-a2-tiled.pdf'), helvetica]);
  });

  it('refuses a folder without a PDF, naming it, with exit code 1', async () => {
    const empty = join(tree, 'no-pdfs');
    const { code, stderr } = await cli('check', empty);
    expect(code).toBe(1);
    expect(stderr).toContain(`${empty}: no PDF in this folder or its subfolders: looked for *.pdf (any case), hidden files skipped; found 1 other file(s)`);
  });
});
