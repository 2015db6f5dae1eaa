import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesCarrying } from '../../src/products/formats.js';

let dir: string;
const KEYWORD = 'declaration-press-inputs-0123';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'formats-'));
  // Files whose bytes carry the keyword (carriesKeyword looks for it in the bytes), and one that does not.
  await writeFile(join(dir, 'poster.pdf'), `%PDF-1.7 ... /Keywords (${KEYWORD}) ...`);
  await writeFile(join(dir, 'old.pdf'), '%PDF-1.7 ... /Keywords (declaration-press-inputs-9999) ...');
  await writeFile(join(dir, 'card-1.png'), `PNG iTXt ${KEYWORD}`);
  await writeFile(join(dir, 'card-2.png'), `PNG iTXt ${KEYWORD}`);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('filesCarrying (what a build finds up to date)', () => {
  it('does not hash the inputs of an output never written', async () => {
    let asked = 0;
    const keyword = async () => (asked++, KEYWORD);
    expect(await filesCarrying(join(dir, 'missing.pdf'), 'pdf', keyword)).toBeNull();
    expect(await filesCarrying(join(dir, 'missing.png'), 'png', keyword)).toBeNull();
    expect(asked).toBe(0);
  });

  it('finds a written file up to date only when it carries the keyword', async () => {
    const keyword = async () => KEYWORD;
    expect(await filesCarrying(join(dir, 'poster.pdf'), 'pdf', keyword)).toEqual([join(dir, 'poster.pdf')]);
    expect(await filesCarrying(join(dir, 'old.pdf'), 'pdf', keyword)).toBeNull();
    // A picture of several pages: name-1.png, name-2.png, as long as they carry it.
    expect(await filesCarrying(join(dir, 'card.png'), 'png', keyword)).toEqual([join(dir, 'card-1.png'), join(dir, 'card-2.png')]);
  });
});
