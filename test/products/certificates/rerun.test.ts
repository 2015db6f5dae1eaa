import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Counts the batch's preparations (the page laid out, its static layer rendered by react-pdf). Test
// files share their worker's modules (vitest.config.ts): the batch is imported afresh below, so
// that it imports the counting one.
const prepared = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/products/certificates/prepare.js', async (original) => {
  const actual = await original<typeof import('../../../src/products/certificates/prepare.js')>();
  return {
    ...actual,
    prepareCertificates: (...args: Parameters<typeof actual.prepareCertificates>) => {
      prepared.count += 1;
      return actual.prepareCertificates(...args);
    },
  };
});

const HEADER = 'name_ko,name_en,role_ko,role_en\n';
const ROWS = ['홍길동,Hong Gil-dong,,', '김철수,Kim Cheol-su,,', '이영희,Lee Young-hee,,'];

describe('a certificate rerun', () => {
  it('prepares the page only when it has a file to make, and makes the same bytes', async () => {
    vi.resetModules();
    const { buildCertificates } = await import('../../../src/products/certificates.js');
    const dir = await mkdtemp(join(tmpdir(), 'dp-rerun-'));
    const list = join(dir, 'list.csv');
    await writeFile(list, HEADER + ROWS.join('\n'));
    const run = () => buildCertificates({ signatories: list, out: join(dir, 'out'), combined: join(dir, 'all.pdf') });

    expect(await run()).toMatchObject({ made: 3, skipped: 0, combined: { status: 'made' } });
    expect(prepared.count).toBe(1);
    const whole = await readFile(join(dir, 'all.pdf'));
    const second = await readFile(join(dir, 'out', 'Kim-Cheol-su.pdf'));

    // Every file up to date: nothing laid out, nothing rendered.
    expect(await run()).toMatchObject({ made: 0, skipped: 3, combined: { status: 'skipped' } });
    expect(prepared.count).toBe(1);

    // The combined file gone: prepared once more, its pages drawn from rows whose own files were skipped.
    await writeFile(join(dir, 'all.pdf'), 'not a certificate');
    expect(await run()).toMatchObject({ made: 0, skipped: 3, combined: { status: 'made' } });
    expect(prepared.count).toBe(2);
    expect(Buffer.compare(await readFile(join(dir, 'all.pdf')), whole)).toBe(0);

    // One row's file gone: that file made again, the same bytes; the combined file is up to date.
    await writeFile(join(dir, 'out', 'Kim-Cheol-su.pdf'), 'not a certificate');
    expect(await run()).toMatchObject({ made: 1, skipped: 2, combined: { status: 'skipped' } });
    expect(prepared.count).toBe(3);
    expect(Buffer.compare(await readFile(join(dir, 'out', 'Kim-Cheol-su.pdf')), second)).toBe(0);
  });
});
