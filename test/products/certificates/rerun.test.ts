import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../../src/core/files.js';
import { PressError } from '../../../src/core/errors.js';
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

  it('fails the batch, not each row, when the page it prepares for the first file cannot be laid out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-rerun-'));
    const data = join(dir, 'data');
    await cp(DATA_DIR, data, { recursive: true });
    const wording = JSON.parse(await readFile(join(data, 'certificate.json'), 'utf8'));
    // Twenty capitals, as the schema allows, but the widest: they do not go round the seal.
    wording.seal.en = 'W'.repeat(20);
    await writeFile(join(data, 'certificate.json'), JSON.stringify(wording));
    const list = join(dir, 'list.csv');
    await writeFile(list, HEADER + ROWS.join('\n'));
    const made = buildCertificates({ signatories: list, out: join(dir, 'out'), dataDir: data });
    await expect(made).rejects.toThrow(PressError);
    await expect(made).rejects.toThrow(/certificate\.json: seal\.en: "W{20}" is too long to go round the top of the seal/);
  });
});
