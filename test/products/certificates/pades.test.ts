/**
 * PAdES-B-B signatures on certificates (`--sign-p12`, `--sign-pass-env`), with a throw-away
 * self-signed P12 made here: poppler's pdfsig (skipped where it is not installed) reports the
 * signature valid over the whole document, and a byte changed after signing is reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../../src/core/files.js';
import { cli } from '../../helpers/cli.js';
import { makeP12 } from '../../helpers/p12.js';

const HAS_PDFSIG = spawnSync('pdfsig', ['-v']).error === undefined;
const SAMPLE = join(DATA_DIR, 'signatories.sample.csv');
const PASSWORD = 'correct horse battery staple';
const VAR = 'DP_TEST_P12_PASSWORD';

let dir: string;
let p12: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dp-pades-'));
  p12 = join(dir, 'issuer.p12');
  await writeFile(p12, makeP12(PASSWORD, 'Test Campaign Issuer'));
  process.env[VAR] = PASSWORD;
});

const pdfsIn = async (folder: string) => (await readdir(folder)).filter((name) => name.endsWith('.pdf')).sort().map((name) => join(folder, name));
const pdfsig = (file: string) => spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;

describe('PAdES signatures', () => {
  it.skipIf(!HAS_PDFSIG)('are valid over the whole document in pdfsig; a byte changed after signing is reported', async () => {
    const out = join(dir, 'signed');
    const result = await cli('certificates', '--signatories', SAMPLE, '--out', out, '--sign-p12', p12, '--sign-pass-env', VAR);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr + result.stdout).not.toContain(PASSWORD);
    const files = await pdfsIn(out);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const report = pdfsig(file);
      expect(report, file).toContain('Signer Certificate Common Name: Test Campaign Issuer');
      expect(report).toContain('Signature Type: ETSI.CAdES.detached');
      expect(report).toContain('Total document signed');
      expect(report).toContain('Signature Validation: Signature is Valid.');
    }
    // One byte of the page's content changed after signing.
    const bytes = await readFile(files[0]!);
    const at = bytes.indexOf('stream\n', bytes.length >> 2) + 20;
    bytes[at] ^= 0x01;
    const changed = join(dir, 'changed.pdf');
    await writeFile(changed, bytes);
    expect(pdfsig(changed)).not.toContain('Signature is Valid.');
    expect(pdfsig(changed)).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });

  it('keep resume, --jobs and the Ed25519 claim: a rerun skips, two workers make the same bytes, verify says VALID', async () => {
    const keys = join(dir, 'keys');
    await cli('keys', 'init', '--out', keys);
    const args = ['--signatories', SAMPLE, '--key', join(keys, 'issuer.key'), '--sign-p12', p12, '--sign-pass-env', VAR];
    const one = join(dir, 'one');
    expect((await cli('certificates', ...args, '--out', one)).code).toBe(0);
    expect((await cli('certificates', ...args, '--out', one)).stderr).toContain('0 made, 3 skipped');
    const two = join(dir, 'two');
    const jobs = await cli('certificates', ...args, '--out', two, '--jobs', '2');
    expect(jobs.code, jobs.stderr).toBe(0);
    for (const file of await pdfsIn(one)) expect(Buffer.compare(await readFile(file), await readFile(join(two, file.split('/').at(-1)!))), file).toBe(0);
    const verified = await cli('verify', ...(await pdfsIn(two)), '--key', join(keys, 'issuer.pub'));
    expect(verified.code, verified.stdout).toBe(0);
    // A print shop's preflight passes them: the QR code's mask at 300 ppi or more, fonts embedded.
    const checked = await cli('check', two);
    expect(checked.code, checked.stderr).toBe(0);
  });

  it('name a wrong password, an unset variable, a file that is no P12: nothing written, the password never printed', async () => {
    const out = join(dir, 'bad');
    process.env.DP_TEST_WRONG = 'not the password';
    const wrong = await cli('certificates', '--signatories', SAMPLE, '--out', out, '--sign-p12', p12, '--sign-pass-env', 'DP_TEST_WRONG');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/issuer\.p12: --sign-p12: wrong password: the password in DP_TEST_WRONG does not open this P12/);
    expect(wrong.stderr).not.toContain('not the password');
    const unset = await cli('certificates', '--signatories', SAMPLE, '--out', out, '--sign-p12', p12, '--sign-pass-env', 'DP_TEST_NOT_SET');
    expect(unset.stderr).toMatch(/the environment variable DP_TEST_NOT_SET is not set/);
    const none = await cli('certificates', '--signatories', SAMPLE, '--out', out, '--sign-p12', p12);
    expect(none.stderr).toMatch(/--sign-p12 needs --sign-pass-env VAR/);
    const notP12 = await cli('certificates', '--signatories', SAMPLE, '--out', out, '--sign-p12', SAMPLE, '--sign-pass-env', VAR);
    expect(notP12.stderr).toMatch(/signatories\.sample\.csv: --sign-p12: is not a PKCS #12/);
    await expect(stat(out)).rejects.toThrow();
  });
});

