import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/files.js';
import { makeDeclaration } from '../../src/products/declaration.js';

const run = promisify(execFile);
const BIN = join(PACKAGE_ROOT, 'bin', 'declaration-press.js');

/** What bin/launch.cjs exports (plain JavaScript). */
interface Places {
  root: string;
  bundle: string;
  blob: string;
  blobInfo: string;
  fonts: string;
}
interface Launch {
  placesOf(root: string): Places;
  currentBuild(places?: Places): Record<string, unknown>;
  snapshotProblem(places?: Places): { why: string; rebuild: boolean } | null;
  childEnv(env?: Record<string, string>): Record<string, string>;
}
const launch = createRequire(import.meta.url)('../../bin/launch.cjs') as Launch;

/** Runs the real executable as a user would, with the launcher saying on stderr how it started. */
async function bin(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [BIN, ...args], { cwd: PACKAGE_ROOT, env: { ...process.env, DECLARATION_PRESS_LAUNCH: '1', ...env }, maxBuffer: 1 << 24 });
}

describe('bin/declaration-press.js, as installed', () => {
  let snapshot: boolean;
  beforeAll(async () => {
    // dist/ as `npm install` leaves it, from the sources as they are: the global setup bundled them
    // again if they changed (test/global-setup.ts).
    const problem = launch.snapshotProblem();
    // A Node that cannot build the snapshot says so once; the bundle is then what starts.
    expect(problem === null || problem.rebuild === false, problem?.why).toBe(true);
    snapshot = problem === null;
  });

  it('starts from the snapshot and makes the bytes the sources make; from the bundle, the same bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-bin-'));
    const fromSnapshot = await bin(['declaration', '--out', join(dir, 'snapshot.pdf')]);
    expect(fromSnapshot.stderr).toContain(`started from ${snapshot ? 'the snapshot' : 'the bundle'}`);
    const fromBundle = await bin(['declaration', '--out', join(dir, 'bundle.pdf')], { DECLARATION_PRESS_SNAPSHOT: '0' });
    expect(fromBundle.stderr).toContain('started from the bundle');
    const sources = Buffer.from(await makeDeclaration());
    expect((await readFile(join(dir, 'snapshot.pdf'))).equals(sources)).toBe(true);
    expect((await readFile(join(dir, 'bundle.pdf'))).equals(sources)).toBe(true);
  });

  it('runs the check command from the snapshot (pdf.js is imported after start-up), with nothing but its report on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-bin-'));
    const file = join(dir, 'declaration.pdf');
    await writeFile(file, await makeDeclaration({ layout: 'en', signatureLines: 0 }));
    const { stderr } = await bin(['check', file]);
    expect(stderr).toContain('check: 1 of 1 file(s) pass');
    expect(stderr).not.toMatch(/Warning|experimental/i);
  });

  it('passes options that node also knows (--help) to the CLI, from the snapshot as from the bundle', async () => {
    const fromSnapshot = await bin(['--help']);
    expect(fromSnapshot.stderr).toContain(`started from ${snapshot ? 'the snapshot' : 'the bundle'}`);
    expect(fromSnapshot.stdout).toMatch(/declaration-press <command> \[options\]/);
    expect(fromSnapshot.stdout).toMatch(/declaration-press certificates/);
    const fromBundle = await bin(['--help'], { DECLARATION_PRESS_SNAPSHOT: '0' });
    expect(fromBundle.stdout).toBe(fromSnapshot.stdout);
  });

  it('starts its node without NODE_EXTRA_CA_CERTS, which a node reads as it starts and the CLI never uses', async () => {
    expect(launch.childEnv({ SOURCE_DATE_EPOCH: '1', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' })).toEqual({ SOURCE_DATE_EPOCH: '1' });
    // Certificates that are not there: each node given the variable says so on stderr, once.
    const { stdout, stderr } = await bin(['--help'], { NODE_EXTRA_CA_CERTS: join(tmpdir(), 'dp-no-such-certificates.pem') });
    expect(stdout).toMatch(/declaration-press <command> \[options\]/);
    expect(stderr.split('Ignoring extra certs').length - 1, stderr).toBe(1);
  });

  it('builds with a standby started alongside (its second process, from the snapshot), and lets it go when there is nothing to share', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dp-bin-'));
    const manifest = join(dir, 'manifest.json');
    const outputs = [
      { product: 'signing-sheet', out: 'sheet.pdf' },
      { product: 'declaration', out: 'declaration.pdf', options: { layout: 'en', signatureLines: 0 } },
    ];
    await writeFile(manifest, JSON.stringify({ dataDir: join(PACKAGE_ROOT, 'data'), outDir: 'out', outputs }));
    const first = await bin(['build', manifest, '--jobs', '2']);
    expect(first.stderr.includes('the standby runs build'), first.stderr).toBe(snapshot && availableParallelism() >= 2);
    expect(first.stderr).toContain('2 file(s) made');
    for (const { out } of outputs) expect((await readFile(join(dir, 'out', out))).subarray(0, 5).toString()).toBe('%PDF-');
    // Nothing to make: the standby is let go (it exits as its stdin closes) and the command ends.
    const again = await bin(['build', manifest, '--jobs', '2']);
    expect(again.stderr).toContain('nothing to make');
    expect(again.stderr).not.toContain('the standby runs');
  });

  it('starts from the bundle when given node options (a snapshot runs only under the flags it was built with)', async () => {
    const { stderr } = await run(process.execPath, ['--max-old-space-size=2048', BIN, '--help'], { cwd: PACKAGE_ROOT, env: { ...process.env, DECLARATION_PRESS_LAUNCH: '1' } });
    expect(stderr).toContain('started from the bundle');
  });
});

describe('bin/launch.cjs: when the snapshot may be used', () => {
  /** A fake install: a bundle, a blob, fonts, and the record of the blob as this Node would write it. */
  async function install() {
    const root = await mkdtemp(join(tmpdir(), 'dp-launch-'));
    await mkdir(join(root, 'dist'));
    await cp(join(PACKAGE_ROOT, 'fonts', 'SourceSerif4-Regular.ttf'), join(root, 'fonts', 'SourceSerif4-Regular.ttf'));
    const places = launch.placesOf(root);
    await writeFile(places.bundle, '// bundle');
    await writeFile(places.blob, 'blob');
    const { statSync } = await import('node:fs');
    const record = (changes: Record<string, unknown> = {}) => {
      const { size, mtimeMs } = statSync(places.blob);
      return writeFile(places.blobInfo, JSON.stringify({ ...launch.currentBuild(places), blob: { size, mtimeMs }, ...changes }));
    };
    return { places, record };
  }

  it('uses it only when it was built by this Node, from this bundle, with these fonts', async () => {
    const { places, record } = await install();
    expect(launch.snapshotProblem(places)).toEqual({ why: 'not built', rebuild: true });
    await record();
    expect(launch.snapshotProblem(places)).toBeNull();
    await record({ node: 'v20.0.0' });
    expect(launch.snapshotProblem(places)).toEqual({ why: `built by another Node (node: v20.0.0, now ${process.version})`, rebuild: true });
    await record({ execPath: '/elsewhere/node' });
    expect(launch.snapshotProblem(places)?.rebuild).toBe(true);
    await record();
    await writeFile(places.bundle, '// another bundle, longer');
    expect(launch.snapshotProblem(places)).toEqual({ why: 'built from another bundle', rebuild: true });
    await record();
    await writeFile(join(places.fonts, 'SourceSerif4-Regular.ttf'), 'another font');
    expect(launch.snapshotProblem(places)).toEqual({ why: 'built with other fonts', rebuild: true });
    await record({ failed: 'this Node cannot build snapshots' });
    expect(launch.snapshotProblem(places)).toEqual({ why: 'this Node could not build it: this Node cannot build snapshots', rebuild: false });
  });
});
