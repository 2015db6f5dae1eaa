/**
 * Hostile lists end to end, through the CLI as a user runs it: every run ends in bounded time,
 * every good row is built, every bad one is named with file, line and field, nothing is written
 * outside the places named, and no temporary file outlives the run.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
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
