/**
 * `--shard auto`: the slice of a certificate batch a Kubernetes Indexed Job's pod builds, from the
 * environment the Job gives it. Kubernetes sets JOB_COMPLETION_INDEX (0-based) in every pod of an
 * Indexed Job; the number of completions is not in the environment by default, so the Job passes
 * it as JOB_COMPLETIONS (docs/kubernetes/certificates-job.yaml).
 */
import { PressError } from '../core/errors.js';
import type { Shard } from '../products/certificates/batch.js';

/** The shard of this pod of an Indexed Job: index JOB_COMPLETION_INDEX + 1 of JOB_COMPLETIONS. */
export function shardFromEnvironment(env: Record<string, string | undefined>): Shard {
  const index = env.JOB_COMPLETION_INDEX;
  const count = env.JOB_COMPLETIONS;
  const whole = (value: string | undefined) => value !== undefined && /^\d{1,9}$/.test(value.trim());
  if (!whole(index) || !whole(count) || Number(count) < 1 || Number(index) >= Number(count)) {
    throw new PressError(
      'BAD_OPTION',
      `--shard auto: JOB_COMPLETION_INDEX is ${JSON.stringify(index ?? null)} and JOB_COMPLETIONS is ${JSON.stringify(count ?? null)}; ` +
        'allowed: a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX (0 to completions - 1), and the Job passes JOB_COMPLETIONS (its completions), see docs/kubernetes/',
    );
  }
  return { index: Number(index) + 1, count: Number(count) };
}
