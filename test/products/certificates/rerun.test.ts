import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCertificates } from '../../../src/products/certificates.js';
import { preparations } from '../../../src/products/certificates/prepare.js';

const HEADER = 'name_ko,name_en,role_ko,role_en\n';
const ROWS = ['홍길동,Hong Gil-dong,,', '김철수,Kim Cheol-su,,', '이영희,Lee Young-hee,,'];

describe('a certificate rerun', () => {
  it('prepares the page (layout, static layer) only when it has a file to make, and makes the same bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-rerun-'));
    const list = join(dir, 'list.csv');
    await writeFile(list, HEADER + ROWS.join('\n'));
    // The batches this run prepared (test files share the worker's modules: counted from here).
    const run = async () => {
      const before = preparations.count;
      return { ...(await buildCertificates({ signatories: list, out: join(dir, 'out'), combined: join(dir, 'all.pdf') })), prepared: preparations.count - before };
    };

    expect(await run()).toMatchObject({ made: 3, skipped: 0, combined: { status: 'made' }, prepared: 1 });
    const whole = await readFile(join(dir, 'all.pdf'));
    const second = await readFile(join(dir, 'out', 'Kim-Cheol-su.pdf'));

    // Every file up to date: nothing laid out, nothing rendered.
    expect(await run()).toMatchObject({ made: 0, skipped: 3, combined: { status: 'skipped' }, prepared: 0 });

    // The combined file spoilt: its pages drawn from rows whose own files were skipped, the same bytes.
    await writeFile(join(dir, 'all.pdf'), 'not a certificate');
    expect(await run()).toMatchObject({ made: 0, skipped: 3, combined: { status: 'made' }, prepared: 1 });
    expect(Buffer.compare(await readFile(join(dir, 'all.pdf')), whole)).toBe(0);

    // One row's file spoilt: that file made again, the same bytes; the combined file up to date.
    await writeFile(join(dir, 'out', 'Kim-Cheol-su.pdf'), 'not a certificate');
    expect(await run()).toMatchObject({ made: 1, skipped: 2, combined: { status: 'skipped' }, prepared: 1 });
    expect(Buffer.compare(await readFile(join(dir, 'out', 'Kim-Cheol-su.pdf')), second)).toBe(0);
  });
});
