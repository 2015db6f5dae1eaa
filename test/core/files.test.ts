import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PressError } from '../../src/core/errors.js';
import { creationDate, ensureFolder, removeStaleTemporaries, writeAtomic } from '../../src/core/files.js';
import { cli } from '../helpers/cli.js';

const temp = () => mkdtemp(join(tmpdir(), 'dp-files-'));
const host = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('writeAtomic', () => {
  it('makes missing folders, writes the bytes, and leaves no temporary file', async () => {
    const dir = await temp();
    await writeAtomic(join(dir, 'a', 'b', 'x.pdf'), new Uint8Array([1, 2, 3]));
    expect([...(await readFile(join(dir, 'a', 'b', 'x.pdf')))]).toEqual([1, 2, 3]);
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['x.pdf']);
  });

  it.runIf(existsSync('/proc/self'))('fails at once, naming the folder, where a folder cannot be made (/proc)', async () => {
    // Node's recursive mkdir spins forever here; this must return.
    await expect(ensureFolder('/proc/nope/deeper')).rejects.toThrow(/cannot make the folder \/proc\/nope/);
    const run = await cli('signing-sheet', '--out', '/proc/nope/x.pdf');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\/proc\/nope.*choose a folder you can write to/);
  }, 10_000);

  it('refuses to write over a folder or a named pipe, naming it, without waiting on the pipe', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'folder.pdf'));
    await expect(writeAtomic(join(dir, 'folder.pdf'), new Uint8Array([1]))).rejects.toThrow(/folder\.pdf: is a folder, not a file/);
    const fifo = join(dir, 'pipe.pdf');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      const error = await writeAtomic(fifo, new Uint8Array([1])).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PressError);
      expect((error as PressError).message).toMatch(/pipe\.pdf: is a named pipe \(FIFO\), not a file/);
    }
  }, 10_000);

  it("removes a dead process's temporaries from the folder it writes into, and keeps a live one's", async () => {
    const dir = await temp();
    const dead = `.x.pdf.tmp-${host}-${deadPid()}-0badf00d`;
    const live = `.y.pdf.tmp-${host}-${process.pid}-0badf00d`;
    const other = `.z.pdf.tmp-another.host-${deadPid()}-0badf00d`;
    for (const name of [dead, live, other]) await writeFile(join(dir, name), 'partial');
    await writeAtomic(join(dir, 'done.pdf'), new Uint8Array([1]));
    expect((await readdir(dir)).sort()).toEqual([live, other, 'done.pdf'].sort());
    expect(await removeStaleTemporaries(dir)).toEqual([]);
  });
});

describe('creationDate', () => {
  it('reads SOURCE_DATE_EPOCH, and refuses one no PDF date can hold, naming it', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '1721606400';
      expect(creationDate(new Date(0)).toISOString()).toBe('2024-07-22T00:00:00.000Z');
      for (const bad of ['99999999999999999', '-1', '1.5', 'yesterday']) {
        process.env.SOURCE_DATE_EPOCH = bad;
        expect(() => creationDate(new Date(0))).toThrow(new RegExp(`^SOURCE_DATE_EPOCH: "${bad.replace('.', '\\.')}" is not allowed; allowed: whole seconds since 1970`));
      }
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});
