import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { describe, expect, it } from 'vitest';
import { findMissingGlyphs } from '../../src/fonts/typeset.js';
import { makeDeclaration } from '../../src/products/declaration.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { PRODUCTS } from '../../src/products/index.js';


const temp = () => mkdtemp(join(tmpdir(), 'dp-cli-'));

describe('help', () => {
  it('lists every command with an example', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const command of PRODUCTS.map((product) => product.name)) expect(stdout).toContain(command);
    expect(stdout).toContain('build');
    expect(stdout).toContain('Examples:');
  });

  it('lists every declaration option, its allowed values and an example', async () => {
    const { code, stdout } = await cli('declaration', '--help');
    expect(code).toBe(0);
    for (const option of ['--paper', '--layout', '--signatories', '--signature-lines', '--out', '--sample']) expect(stdout).toContain(option);
    for (const value of ['"a4"', '"letter"', '"a3"', '"parallel"', '"stacked"', '"en"', '"ko"']) expect(stdout).toContain(value);
    expect(stdout).toContain('Examples:');
  });

  it('says its version, the package\'s, on --version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });
});

describe('declaration command', () => {
  it('writes one PDF where --out says, and nothing else', async () => {
    const dir = await temp();
    const out = join(dir, 'sub', 'd.pdf');
    const { code, stderr } = await cli('declaration', '--paper', 'letter', '--layout', 'en', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toContain('d.pdf');
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await readdir(join(dir, 'sub'))).toEqual(['d.pdf']);
  });

  it('refuses an unknown option value, naming the allowed ones, with exit code 2', async () => {
    const { code, stderr } = await cli('declaration', '--paper', 'b5');
    expect(code).toBe(2);
    expect(stderr).toContain('b5');
    expect(stderr).toMatch(/a4.*letter.*a3/);
  });

  it('refuses an unknown option and a negative line count', async () => {
    expect((await cli('declaration', '--colour', 'red')).code).toBe(2);
    const lines = await cli('declaration', '--signature-lines', '-3', '--out', join(await temp(), 'x.pdf'));
    expect(lines.code).toBe(2);
    expect(lines.stderr).toContain('--signature-lines');
  });

  it('names a missing signatories file and writes no output', async () => {
    const dir = await temp();
    const out = join(dir, 'd.pdf');
    const { code, stderr } = await cli('declaration', '--signatories', join(dir, 'nobody.csv'), '--out', out);
    expect(code).toBe(1);
    expect(stderr).toContain('nobody.csv');
    expect(stderr).toContain('no such file');
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the file, line and column of a bad CSV row and writes no output', async () => {
    const dir = await temp();
    const csv = join(dir, 'list.csv');
    await writeFile(csv, 'name_ko,name_en,role_ko,role_en\n홍길동,Hong Gil-dong,,\n,,,\n,,역할,Role\n');
    const { code, stderr } = await cli('declaration', '--signatories', csv, '--out', join(dir, 'd.pdf'));
    expect(code).toBe(1);
    expect(stderr).toContain('list.csv:4');
    expect(stderr).toMatch(/name_ko|name_en/);
    expect(await readdir(dir)).toEqual(['list.csv']);
  });

  it('refuses a character no bundled font has, naming the row, field and code point', async () => {
    const dir = await temp();
    const csv = join(dir, 'emoji.csv');
    await writeFile(csv, 'name_ko,name_en,role_ko,role_en\n홍길동,Hong 🙂 Gil-dong,,\n');
    const { code, stderr } = await cli('declaration', '--signatories', csv, '--out', join(dir, 'd.pdf'));
    expect(code).toBe(1);
    expect(stderr).toContain('emoji.csv:2');
    expect(stderr).toContain('name_en');
    expect(stderr).toContain('U+1F642');
    expect(await readdir(dir)).toEqual(['emoji.csv']);
  });

  it('says when the output cannot be written, and leaves no temporary file', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'file'), 'not a folder');
    const { code, stderr } = await cli('declaration', '--layout', 'en', '--out', join(dir, 'file', 'd.pdf'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/file is a file, not a folder; allowed: a folder you can write to/);
    expect(await readdir(dir)).toEqual(['file']);
  });
});

describe('coverage check', () => {
  it('refuses a character that no font has, with its origin and code point', async () => {
    registerBundledFonts();
    const errors = await findMissingGlyphs([
      { origin: 'list.csv:7', field: 'name_en', text: 'Ødegård José 홍길동' },
      { origin: 'list.csv:9', field: 'role_ko', text: '서명 ☃ 🙂' },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe("list.csv:9: role_ko: U+2603 '☃' is in no bundled font (serif: Source Serif 4, NanumMyeongjo)");
  });

  it('refuses bad data in a data folder, naming the file and the field', async () => {
    const dir = await temp();
    await mkdir(dir, { recursive: true });
    const declaration = JSON.parse(await readFile('data/declaration.json', 'utf8'));
    declaration.directives.pop();
    await writeFile(join(dir, 'declaration.json'), JSON.stringify(declaration));
    await writeFile(join(dir, 'labels.json'), await readFile('data/labels.json'));
    await expect(makeDeclaration({ dataDir: dir })).rejects.toThrow(/declaration\.json: directives: .*7/);
    await writeFile(join(dir, 'declaration.json'), await readFile('data/declaration.json'));
    await writeFile(join(dir, 'labels.json'), '{ "about": ');
    await expect(makeDeclaration({ dataDir: dir })).rejects.toThrow(/labels\.json: not valid JSON/);
  });
});

describe('option values as typed', () => {
  it('names a bad number as typed, and a value that looks like a flag, instead of "NaN" or "Unknown argument"', async () => {
    const dir = await temp();
    const lines = await cli('signing-sheet', '--signature-lines', 'abc', '--out', join(dir, 'x.pdf'));
    expect(lines.code).toBe(2);
    expect(lines.stderr).toContain('--signature-lines: "abc" is not allowed; allowed: a whole number from 0 to 1000');
    const jobs = await cli('build', '--jobs', 'abc');
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('--jobs: "abc" is not allowed; allowed: a whole number from 1 to 16');
    const bleed = await cli('poster', '--bleed', '-3mm', '--out', join(dir, 'p.pdf'));
    expect(bleed.code).toBe(2);
    expect(bleed.stderr).toContain('--bleed: "-3mm" is not a length');
    const shard = await cli('certificates', '--signatories', 'data/signatories.sample.csv', '--shard', '-1/4', '--out', dir);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain('--shard: "-1/4" is not allowed');
    for (const run of [lines, jobs, bleed, shard]) expect(run.stderr).not.toMatch(/NaN|Unknown argument/);
    expect(await readdir(dir)).toEqual([]);
  });
});

