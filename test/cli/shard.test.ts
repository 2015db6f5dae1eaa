import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { shardFromEnvironment } from '../../src/cli/shard.js';
import { PACKAGE_ROOT } from '../../src/core/files.js';

const temp = () => mkdtemp(join(tmpdir(), 'dp-shard-'));

/**
 * Runs the CLI as a pod of the Job runs it: a process of its own (bin/declaration-press.js, from the
 * start-up snapshot the tests' global setup made current) with the Job's variables set.
 */
async function pod(vars: Record<string, string>, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(PACKAGE_ROOT, 'bin', 'declaration-press.js'), ...argv], { env: { ...process.env, ...vars } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The files of a folder and the SHA-256 of each, by name (a deep compare of the bytes themselves took seconds). */
async function filesOf(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, createHash('sha256').update(await readFile(join(dir, name))).digest('hex')] as const)));
}

describe('--shard auto (a Kubernetes Indexed Job)', () => {
  it('reads the pod index and the completions, and refuses what a Job would not set, naming both', () => {
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '3' })).toEqual({ index: 3, count: 3 });
    for (const env of [{}, { JOB_COMPLETION_INDEX: '3', JOB_COMPLETIONS: '3' }, { JOB_COMPLETION_INDEX: '0' }, { JOB_COMPLETION_INDEX: '-1', JOB_COMPLETIONS: '2' }]) {
      expect(() => shardFromEnvironment(env)).toThrow(/^--shard auto: JOB_COMPLETION_INDEX is .* and JOB_COMPLETIONS is .*; allowed: a Kubernetes Indexed Job/);
    }
  });

  it("builds, in pods run at the same time (processes with the Job's variables), the union of one whole run, byte for byte; a failed index's rerun completes the set", async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, `name_ko,name_en\n${Array.from({ length: 7 }, (_, i) => `서명자${i},Signer ${i}`).join('\n')}\n`);
    const env = { SOURCE_DATE_EPOCH: '1721606400', JOB_COMPLETIONS: '3' };
    const pods = join(dir, 'pods');
    // One whole run, and the Job's three pods at the same time, as its parallelism would run them.
    const [whole, ...run] = await Promise.all([
      pod(env, 'certificates', '--signatories', list, '--out', join(dir, 'whole')),
      ...['0', '1', '2'].map((index) => pod({ ...env, JOB_COMPLETION_INDEX: index }, 'certificates', '--signatories', list, '--out', pods, '--shard', 'auto', '--json')),
    ]);
    expect(whole!.code, whole!.stderr).toBe(0);
    for (const [index, done] of run.entries()) {
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout).shard).toBe(`${index + 1}/3`);
    }
    expect(await filesOf(pods)).toEqual(await filesOf(join(dir, 'whole')));
    // Index 1's pod died and took its files with it: running the index again completes the set.
    const lost = (await readdir(pods)).filter((name) => /Signer-[23]\.pdf/.test(name));
    expect(lost.length).toBeGreaterThan(0);
    for (const name of lost) await rm(join(pods, name));
    const rerun = await pod({ ...env, JOB_COMPLETION_INDEX: '1' }, 'certificates', '--signatories', list, '--out', pods, '--shard', 'auto', '--json');
    expect(JSON.parse(rerun.stdout)).toMatchObject({ made: lost.length, shard: '2/3' });
    expect(await filesOf(pods)).toEqual(await filesOf(join(dir, 'whole')));
  });
});
