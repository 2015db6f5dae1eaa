import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { standardSetDir } from '../helpers/standard-set.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MANIFEST } from '../../src/batch/build.js';
import { DATA_DIR } from '../../src/core/files.js';
import { PRODUCTS } from '../../src/products/index.js';


const temp = () => mkdtemp(join(tmpdir(), 'dp-build-'));

/** Every file under a folder, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
}

describe('build', () => {
  // The standard set is built once for the whole run (test/global-setup.ts, with buildManifest).
  it('builds every file the default manifest lists, and every file passes check', async () => {
    const out = standardSetDir();
    const manifest = JSON.parse(await readFile(DEFAULT_MANIFEST, 'utf8')) as { outputs: { product: string; out: string; options?: { combined?: string } }[] };

    const files = await listFiles(out);
    for (const entry of manifest.outputs) {
      if (entry.product === 'certificates') {
        expect((await readdir(join(out, entry.out))).length, entry.out).toBeGreaterThan(0);
        if (entry.options?.combined) expect(files).toContain(entry.options.combined);
      } else {
        expect(files, entry.out).toContain(entry.out);
      }
    }
    expect(files.filter((file) => file.includes('.tmp-')), 'no temporary files left').toEqual([]);
    for (const product of ['declaration', 'signing-sheet', 'handout']) expect(manifest.outputs.some((entry) => entry.product === product)).toBe(true);

    const pdfs = files.filter((file) => file.endsWith('.pdf')).map((file) => join(out, file));
    const checked = await cli('check', ...pdfs);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stderr).toContain(`check: ${pdfs.length} of ${pdfs.length} file(s) pass`);
  });

  it('fails a broken entry alone: the others are written, the exit code is 1, the message names the entry, the field and what is allowed', async () => {
    const dir = await temp();
    const manifest = join(dir, 'campaign.json');
    await writeFile(
      manifest,
      JSON.stringify({
        outDir: 'print',
        outputs: [
          { product: 'signing-sheet', out: 'sheet.pdf' },
          { product: 'handout', out: 'handout.pdf', options: { paper: 'b5' } },
          { product: 'flyer', out: 'flyer.pdf' },
          { product: 'declaration', out: 'declaration.pdf', options: { layout: 'en', signatureLines: 0 } },
        ],
      }),
    );
    const { code, stderr } = await cli('build', manifest, '--check');
    expect(code).toBe(1);
    expect(await listFiles(join(dir, 'print'))).toEqual(['declaration.pdf', 'sheet.pdf']);
    expect(stderr).toMatch(/failed: entry 2 of 4 \(handout\): .*campaign\.json: outputs\[1\]: options\.paper: "b5" is not allowed; allowed: a4, letter/);
    expect(stderr).toMatch(new RegExp(`failed: entry 3 of 4 \\(flyer\\): .*outputs\\[2\\]: product: not a product; allowed: ${PRODUCTS.map((product) => product.name).join(', ')} \\(found "flyer"\\)`));
    expect(stderr).toContain('build: 2 file(s) made, 0 up to date, 2 entries failed');
    // --check ran on what was written.
    expect(stderr).toContain('check: 2 of 2 file(s) pass');
    expect((await stat(join(dir, 'print', 'sheet.pdf'))).size).toBeGreaterThan(1000);
  });

  it('builds the same bytes in one process and shared out between two', async () => {
    // The one-process build is the standard set's (global setup: buildManifest, one process, as
    // `build --jobs 1`); three of its entries are built again here shared out between two processes.
    const dir = await temp();
    const manifest = join(dir, 'set.json');
    const standard = JSON.parse(await readFile(DEFAULT_MANIFEST, 'utf8')) as { outputs: { out: string }[] };
    const files = ['signing-sheet-a4.pdf', 'declaration-a4.pdf', 'declaration-letter.pdf'];
    await writeFile(manifest, JSON.stringify({ outDir: '.', outputs: files.map((file) => standard.outputs.find((entry) => entry.out === file)!) }));
    const two = await cli('build', manifest, '--jobs', '2', '--out-dir', join(dir, 'two'));
    expect(two.code, two.stderr).toBe(0);
    for (const file of files) {
      expect(Buffer.compare(await readFile(join(standardSetDir(), file)), await readFile(join(dir, 'two', file))), file).toBe(0);
    }
    expect((await cli('build', manifest, '--jobs', '0')).code).toBe(2);
  });

  it('refuses two entries that write one file, and a manifest that is not JSON, naming the file', async () => {
    const dir = await temp();
    const twice = join(dir, 'twice.json');
    await writeFile(twice, JSON.stringify({ outDir: '.', outputs: [
      { product: 'signing-sheet', out: 'same.pdf' },
      { product: 'signing-sheet', out: 'same.pdf', options: { paper: 'letter' } },
    ] }));
    const result = await cli('build', twice);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('outputs[1]: out: "same.pdf" is also the out of outputs[0]');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "outputs": [');
    const bad = await cli('build', broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.json: not valid JSON/);
  });

  it('keeps every output inside outDir and refuses, by entry and field, an output over another output or an input', async () => {
    const dir = await temp();
    const outside = join(dir, 'outside');
    await writeFile(join(dir, 'list.csv'), 'name_en\nHong\n');
    await mkdir(join(dir, 'print'));
    await writeFile(join(dir, 'print', 'names.csv'), 'name_en\nKim\n');
    const manifest = join(dir, 'm.json');
    await writeFile(manifest, JSON.stringify({ outDir: 'print', outputs: [
      { product: 'signing-sheet', out: 'sheet.pdf', options: { signatureLines: 3 } },
      { product: 'signing-sheet', out: '../../outside/up.pdf' },
      { product: 'signing-sheet', out: join(outside, 'absolute.pdf') },
      { product: 'certificates', out: 'certs', options: { signatories: 'list.csv', combined: join(outside, 'all.pdf') } },
      { product: 'signing-sheet', out: 'SHEET.pdf' },
      { product: 'signing-sheet', out: 'certs/x.pdf' },
      { product: 'certificates', out: 'more', options: { signatories: 'list.csv', combined: 'sheet.pdf' } },
      { product: 'certificates', out: 'again', options: { signatories: 'print/names.csv', combined: 'names.csv' } },
    ] }));
    const { code, stderr } = await cli('build', manifest);
    expect(code).toBe(1);
    expect(stderr).toMatch(/outputs\[1\]: out: "\.\.\/\.\.\/outside\/up\.pdf" is outside the output folder/);
    expect(stderr).toMatch(/outputs\[2\]: out: ".*absolute\.pdf" is outside the output folder/);
    expect(stderr).toMatch(/outputs\[3\]: options\.combined: ".*all\.pdf" is outside the output folder/);
    expect(stderr).toMatch(/outputs\[4\]: out: "SHEET\.pdf" is also the out of outputs\[0\]/);
    expect(stderr).toMatch(/outputs\[5\]: out: "certs\/x\.pdf" is also the out of outputs\[3\]/);
    expect(stderr).toMatch(/outputs\[6\]: options\.combined: ".*sheet\.pdf" is also the out of outputs\[0\]/);
    expect(stderr).toMatch(/outputs\[7\]: options\.combined: ".*names\.csv" is also the input options\.signatories of outputs\[7\]/);
    expect(stderr).toContain('build: 1 file(s) made, 0 up to date, 7 entries failed');
    await expect(readdir(outside)).rejects.toThrow();
    expect(await readFile(join(dir, 'list.csv'), 'utf8')).toBe('name_en\nHong\n');
  });
});

describe('build, again', () => {
  /** A manifest of its own data folder (a copy of data/) and three outputs; what each build made and kept. */
  async function campaign() {
    const dir = await temp();
    await cp(DATA_DIR, join(dir, 'data'), { recursive: true });
    const manifest = join(dir, 'campaign.json');
    const outputs = [
      { product: 'declaration', out: 'declaration.pdf', options: { layout: 'en', signatureLines: 0 } },
      { product: 'signing-sheet', out: 'sheet.pdf', options: { signatureLines: 5 } },
      { product: 'poster', out: 'poster.pdf', options: { size: 'a3', lang: 'ko' } },
      { product: 'social', out: 'card.png', options: { size: 'link', content: 'call' } as Record<string, unknown> },
    ];
    const save = () => writeFile(manifest, JSON.stringify({ dataDir: 'data', outDir: 'out', outputs }));
    await save();
    const build = async (...flags: string[]) => {
      const { code, stderr } = await cli('build', manifest, ...flags);
      expect(code, stderr).toBe(0);
      const made = stderr.split('\n').filter((line) => /\.(pdf|png)$/.test(line)).map((line) => line.replace(/^.*[\\/]/, ''));
      return { made: made.sort(), stderr };
    };
    return { dir, outputs, save, build, file: (name: string) => readFile(join(dir, 'out', name)) };
  }

  it('makes nothing when nothing changed and says so; a changed data file, option or output makes again exactly what it touches', async () => {
    const c = await campaign();
    expect((await c.build()).made).toEqual(['card.png', 'declaration.pdf', 'poster.pdf', 'sheet.pdf']);
    const before = await c.file('poster.pdf');

    const again = await c.build();
    expect(again.made).toEqual([]);
    expect(again.stderr).toMatch(/build: 4 files up to date, nothing to make/);
    expect(Buffer.compare(await c.file('poster.pdf'), before)).toBe(0);

    // A file read by the posters and social cards alone: those are made again, the others are up to date.
    const words = join(c.dir, 'data', 'poster.json');
    await writeFile(words, (await readFile(words, 'utf8')).replace('Read and share the declaration', 'Read the declaration and share it'));
    const poster = await c.build();
    expect(poster.made).toEqual(['card.png', 'poster.pdf']);
    expect(poster.stderr).toContain('build: 2 file(s) made, 2 up to date, 0 entries failed');
    expect(Buffer.compare(await c.file('poster.pdf'), before)).not.toBe(0);

    // An option: that entry alone; a picture's resolution is one of its options.
    c.outputs[1]!.options = { signatureLines: 6 };
    await c.save();
    expect((await c.build()).made).toEqual(['sheet.pdf']);
    c.outputs[3]!.options = { size: 'link', content: 'call', dpi: 36 };
    await c.save();
    expect((await c.build()).made).toEqual(['card.png']);

    // A file every product reads: all three.
    const labels = join(c.dir, 'data', 'labels.json');
    await writeFile(labels, (await readFile(labels, 'utf8')).replace('"Signatories"', '"Signers"'));
    expect((await c.build()).made).toEqual(['card.png', 'declaration.pdf', 'poster.pdf', 'sheet.pdf']);

    // A file touched but not changed is still up to date (its content counts, not its time); a
    // deleted output is made again; --force makes everything again.
    await utimes(words, new Date(), new Date());
    await rm(join(c.dir, 'out', 'sheet.pdf'));
    expect((await c.build()).made).toEqual(['sheet.pdf']);
    expect((await c.build('--force')).made).toEqual(['card.png', 'declaration.pdf', 'poster.pdf', 'sheet.pdf']);
  });
});
