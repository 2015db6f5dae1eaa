/**
 * Hostile lists end to end, through the CLI as a user runs it: every run ends in bounded time,
 * every good row is built, every bad one is named with file, line and field, nothing is written
 * outside the places named, and no temporary file outlives the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../src/products/certificates/batch.js';
import { cli } from '../helpers/cli.js';

const temp = () => mkdtemp(join(tmpdir(), 'dp-hostile-'));

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) image.data[i * 4 + 3] = i % 5 === 0 ? 255 : 0;
  return new Uint8Array(PNG.sync.write(image));
}

/** A folder with the hostile images a list names. */
async function hostileImages(dir: string): Promise<void> {
  await writeFile(join(dir, 'good.png'), png(120, 40));
  // A valid header and 100 bytes: pdf-lib's embedPng spun on this forever.
  await writeFile(join(dir, 'cut.png'), png(300, 100).subarray(0, 100));
  // JPEG magic and garbage: the batch died with exit 70.
  await writeFile(join(dir, 'garbage.jpg'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Uint8Array(2000).fill(0x33)]));
}

describe('hostile signature images', () => {
  it('certificates: a bad image fails its row only; the later rows and the combined file are built', async () => {
    const dir = await temp();
    await hostileImages(dir);
    await writeFile(join(dir, 'list.csv'), 'name_en,signature\nFirst,good.png\nCut,cut.png\nGarbage,garbage.jpg\nLast,good.png\n');
    const run = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'), '--combined', join(dir, 'all.pdf'), '--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/list\.csv:3: signature: "cut\.png" is cut short or damaged/);
    expect(run.stderr).toMatch(/list\.csv:4: signature: "garbage\.jpg" is (cut short or damaged|not a PNG or JPEG)/);
    expect(run.stderr).not.toMatch(/unexpected error|at .*\.ts:\d+/);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['First.pdf', 'Last.pdf']);
    expect(await readdir(dir)).toContain('all.pdf');
  }, 60_000);

  it('declaration: a list with a bad image is refused whole, naming the file and line, and nothing is written', async () => {
    const dir = await temp();
    await hostileImages(dir);
    await writeFile(join(dir, 'list.csv'), 'name_en,signature\nFirst,good.png\nCut,cut.png\n');
    const run = await cli('declaration', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'd.pdf'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/list\.csv:3: signature: "cut\.png" is cut short or damaged/);
    expect(await readdir(dir)).not.toContain('d.pdf');
  }, 60_000);
});

describe('hostile batches', () => {
  const LIST = 'name_ko,name_en\n홍길동,Hong Gil-dong\n김철수,Kim Cheol-su\n이영희,Lee Young-hee\n';

  it('counts rows and files apart: --combined alone for 3 people is 3 rows in one file', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), LIST);
    const run = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--combined', join(dir, 'all.pdf'), '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/certificates: 3 rows, 0 failed; combined file made \(3 certificates\)/);
    expect(JSON.parse(run.stdout)).toMatchObject({ made: 0, skipped: 0, failed: 0, total: 3, combined: { status: 'made', combined: { certificates: 3 } } });
  }, 60_000);

  it('refuses a --combined file that is the list or a certificate in --out, and writes nothing', async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, LIST);
    const overList = await cli('certificates', '--signatories', list, '--combined', list);
    expect(overList.code).toBe(2);
    expect(overList.stderr).toMatch(/--combined: ".*list\.csv" is an input of this batch/);
    expect(await readFile(list, 'utf8')).toBe(LIST);
    const overCertificate = await cli('certificates', '--signatories', list, '--out', join(dir, 'out'), '--combined', join(dir, 'out', 'hong-gil-dong.PDF'));
    expect(overCertificate.code).toBe(2);
    expect(overCertificate.stderr).toMatch(/is the file of one of this batch's certificates in --out/);
    expect(await readdir(dir)).toEqual(['list.csv']);
  }, 60_000);

  it('says what is wrong with a header-only list, an empty shard and a batch whose every row failed', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'empty.csv'), 'name_ko,name_en\n');
    const empty = await cli('certificates', '--signatories', join(dir, 'empty.csv'), '--out', join(dir, 'out'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty\.csv: the list has a header and no rows/);
    await writeFile(join(dir, 'two.csv'), 'name_ko,name_en\n홍길동,Hong\n김철수,Kim\n');
    const noRows = await cli('certificates', '--signatories', join(dir, 'two.csv'), '--out', join(dir, 'out'), '--shard', '3/4');
    expect(noRows.code, noRows.stderr).toBe(0);
    expect(noRows.stderr).toMatch(/certificates: 0 rows, 0 failed/);
    const noRowsCombined = await cli('certificates', '--signatories', join(dir, 'two.csv'), '--combined', join(dir, 'x.pdf'), '--shard', '3/4');
    expect(noRowsCombined.code).toBe(1);
    expect(noRowsCombined.stderr).toMatch(/no certificate to print: shard 3\/4 holds no rows \(the list has 2\)/);
    await writeFile(join(dir, 'bad.csv'), 'name_ko,name_en\n,Smiley 🙂\n');
    const allBad = await cli('certificates', '--signatories', join(dir, 'bad.csv'), '--out', join(dir, 'out'), '--combined', join(dir, 'y.pdf'));
    expect(allBad.code).toBe(1);
    expect(allBad.stderr).toMatch(/no certificate to print: every row of the list failed/);
    expect(allBad.stderr).toMatch(/1 of 1 row\(s\) failed; nothing was written/);
    expect(allBad.stderr).not.toMatch(/the others were written/);
    expect(await readdir(dir)).not.toContain('y.pdf');
  }, 60_000);

  it('refuses shard numbers too large to count exactly', () => {
    expect(() => parseShard('1/99999999999999999999')).toThrow(/allowed: I\/N with 1 ≤ I ≤ N ≤ 999999999/);
    expect(parseShard('7/999999999')).toEqual({ index: 7, count: 999999999 });
  });

  it('fails fast on a FIFO where a certificate goes, and builds the other rows', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), LIST);
    await mkdir(join(dir, 'out'));
    if (spawnSync('mkfifo', [join(dir, 'out', 'Hong-Gil-dong.pdf')]).status !== 0) return;
    const run = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'out'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Hong-Gil-dong\.pdf: is a named pipe \(FIFO\), not a file/);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['Hong-Gil-dong.pdf', 'Kim-Cheol-su.pdf', 'Lee-Young-hee.pdf']);
  }, 60_000);
});
