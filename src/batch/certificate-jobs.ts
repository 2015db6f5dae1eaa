/**
 * `certificates --jobs N`: a batch shared out between N worker processes. Each worker builds a
 * contiguous part of the shard (`--part k/P`) and reports every certificate as a JSON line; a worker
 * builds at most RECYCLE_AFTER certificates and exits, so react-pdf's and pdf-lib's per-process
 * growth (diegomura/react-pdf#3051) never accumulates over a long batch. The combined file, if asked
 * for, is made here afterwards, in one document.
 */
import { resolve } from 'node:path';
import { loadSignatories } from '../input/load-signatories.js';
import { buildCertificates } from '../products/certificates.js';
import { partRange, summarise, type CertificateOptions, type CertificateSummary, type ItemResult } from '../products/certificates/batch.js';
import { lastLine, runPool } from './pool.js';

/** Certificates a worker process builds before it exits and a fresh one takes the next part. */
export const RECYCLE_AFTER = 2500;

/** The default --jobs of `certificates`: one process (see `npm run bench` for when two pay off). */
export const CERTIFICATE_JOBS = 1;

/** Builds a batch in `jobs` processes at a time; the same files, byte for byte, as one process. */
export async function buildCertificatesInProcesses(options: CertificateOptions, jobs: number): Promise<CertificateSummary> {
  const started = performance.now();
  const shard = options.shard ?? { index: 1, count: 1 };
  const { rows } = await loadSignatories(options.signatories);
  const [from, to] = partRange(rows.length, shard);
  const parts = Math.max(jobs, Math.ceil((to - from) / RECYCLE_AFTER));
  const total = to - from + (options.combined ? 1 : 0);
  const byPart: ItemResult[][] = Array.from({ length: parts }, () => []);
  let done = 0;
  const report = (part: number, item: ItemResult) => {
    byPart[part]!.push(item);
    options.onItem?.(item, ++done, total);
  };

  const argv = (part: number) => [
    'certificates',
    '--signatories', resolve(options.signatories),
    ...(options.paper ? ['--paper', options.paper] : []),
    ...(options.orientation ? ['--orientation', options.orientation] : []),
    '--out', resolve(options.out!),
    '--shard', `${shard.index}/${shard.count}`,
    '--part', `${part + 1}/${parts}`,
    ...(options.force ? ['--force'] : []),
    ...(options.sample ? ['--sample'] : []),
    ...(options.key ? ['--key', resolve(options.key)] : []),
    // The password stays in the environment the workers inherit: only its variable's name is passed.
    ...(options.signP12 ? ['--sign-p12', resolve(options.signP12)] : []),
    ...(options.signPassEnv ? ['--sign-pass-env', options.signPassEnv] : []),
    '--jobs', '1',
    '--json-lines',
  ];
  await runPool(
    Array.from({ length: parts }, (_, part) => ({
      argv: argv(part),
      onLine: (value: unknown) => report(part, value as ItemResult),
      // A worker that died (killed, out of memory) fails the rows it did not report.
      onExit: ({ stderr }: { stderr: string }) => {
        const [partFrom, partTo] = partRange(rows.length, shard, { index: part + 1, count: parts });
        for (let missing = byPart[part]!.length; missing < partTo - partFrom; missing++) {
          report(part, { status: 'failed', origin: `${options.signatories}: row ${partFrom + missing + 1}`, error: `not built: ${lastLine(stderr)}` });
        }
      },
    })),
    jobs,
  );

  const items = byPart.flat();
  if (options.combined) {
    // The rows' own failures were reported by the workers already; keep only the combined file's item.
    const combined = await buildCertificates({ ...options, out: undefined, onItem: undefined });
    const item = combined.items.at(-1)!;
    items.push(item);
    options.onItem?.(item, ++done, total);
  }
  return summarise(items, to - from, shard, started);
}
