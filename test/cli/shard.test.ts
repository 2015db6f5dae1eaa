import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardFromEnvironment } from '../../src/cli/shard.js';
import { cli } from '../helpers/cli.js';

const temp = () => mkdtemp(join(tmpdir(), 'dp-shard-'));

/** Runs the CLI with some environment variables set, as a pod of the Job would see them. */
async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name))] as const)));
}

describe('--shard auto (a Kubernetes Indexed Job)', () => {
  it('reads the pod index and the completions, and refuses what a Job would not set, naming both', () => {
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '3' })).toEqual({ index: 3, count: 3 });
    for (const env of [{}, { JOB_COMPLETION_INDEX: '3', JOB_COMPLETIONS: '3' }, { JOB_COMPLETION_INDEX: '0' }, { JOB_COMPLETION_INDEX: '-1', JOB_COMPLETIONS: '2' }]) {
      expect(() => shardFromEnvironment(env)).toThrow(/^--shard auto: JOB_COMPLETION_INDEX is .* and JOB_COMPLETIONS is .*; allowed: a Kubernetes Indexed Job/);
    }
  });

  it("builds, pod by pod, the union of one whole run, byte for byte; a failed index's rerun completes the set", async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, `name_ko,name_en\n${Array.from({ length: 7 }, (_, i) => `서명자${i},Signer ${i}`).join('\n')}\n`);
    const env = { SOURCE_DATE_EPOCH: '1721606400', JOB_COMPLETIONS: '3' };
    const whole = await withEnv(env, () => cli('certificates', '--signatories', list, '--out', join(dir, 'whole')));
    expect(whole.code, whole.stderr).toBe(0);
    const pods = join(dir, 'pods');
    for (const index of ['0', '1', '2']) {
      const pod = await withEnv({ ...env, JOB_COMPLETION_INDEX: index }, () => cli('certificates', '--signatories', list, '--out', pods, '--shard', 'auto', '--json'));
      expect(pod.code, pod.stderr).toBe(0);
      expect(JSON.parse(pod.stdout).shard).toBe(`${Number(index) + 1}/3`);
    }
    expect(await filesOf(pods)).toEqual(await filesOf(join(dir, 'whole')));
    // Index 1's pod died and took its files with it: running the index again completes the set.
    const lost = (await readdir(pods)).filter((name) => /Signer-[23]\.pdf/.test(name));
    expect(lost.length).toBeGreaterThan(0);
    for (const name of lost) await rm(join(pods, name));
    const rerun = await withEnv({ ...env, JOB_COMPLETION_INDEX: '1' }, () => cli('certificates', '--signatories', list, '--out', pods, '--shard', 'auto', '--json'));
    expect(JSON.parse(rerun.stdout)).toMatchObject({ made: lost.length, shard: '2/3' });
    expect(await filesOf(pods)).toEqual(await filesOf(join(dir, 'whole')));
  });
});
