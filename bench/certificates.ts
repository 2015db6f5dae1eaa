/**
 * Certificate batches: per-certificate ms, certificates per second and peak RSS, for 1,000 separate,
 * 1,000 combined and 10,000 separate (BENCH_CERTS scales them down for a quick look). Called by
 * bench/bench.ts; runnable alone: `npx tsx bench/certificates.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initKeys } from '../src/core/signing.js';
import { buildCertificates } from '../src/products/certificates.js';
import { makeP12 } from '../test/helpers/p12.js';

const SCALE = Number(process.env.BENCH_CERTS_SCALE ?? 1);

function list(dir: string, count: number): string {
  const file = join(dir, `list-${count}.csv`);
  const rows = Array.from({ length: count }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`);
  writeFileSync(file, `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`);
  return file;
}

/** Runs the three batches and returns one report line each. */
export async function benchCertificates(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-certs-'));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const lines: string[] = [];
  const runs = [
    { label: 'separate', count: Math.round(1000 * SCALE), combined: false },
    { label: 'combined', count: Math.round(1000 * SCALE), combined: true },
    { label: 'separate', count: Math.round(10000 * SCALE), combined: false },
  ];
  // Warm-up: fonts parsed, modules loaded; not counted.
  await buildCertificates({ signatories: list(dir, 2), out: join(dir, 'warm'), force: true });
  for (const run of runs) {
    const signatories = list(dir, run.count);
    peak = process.memoryUsage().rss;
    const started = performance.now();
    const summary = await buildCertificates({
      signatories,
      force: true,
      ...(run.combined ? { combined: join(dir, `combined-${run.count}.pdf`) } : { out: join(dir, `out-${run.count}`) }),
    });
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    const per = ms / run.count;
    lines.push(
      `certificates, ${String(run.count).padStart(5)} ${run.label.padEnd(8)}  ${per.toFixed(2).padStart(6)} ms/cert  ${(1000 / per).toFixed(0).padStart(4)} certs/s  ` +
        `peak RSS ${(peak / 2 ** 20).toFixed(0)} MB  (${summary.made} made, ${summary.failed} failed)`,
    );
    console.log(lines.at(-1));
  }
  // A combined file's cost per page beyond what every batch pays once (list, layout, the static
  // layer's render, the form): (time for N pages - time for 1 page) / (N - 1), medians of three.
  const pages = Math.round(1000 * SCALE);
  const time = async (count: number) => {
    const signatories = list(dir, count);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await buildCertificates({ signatories, force: true, combined: join(dir, `marginal-${count}.pdf`) });
      runs.push(performance.now() - started);
    }
    return runs.sort((a, b) => a - b)[1]!;
  };
  const [one, many] = [await time(1), await time(pages)];
  lines.push(`certificates, combined, per page beyond the batch's fixed cost: ${((many - one) / (pages - 1)).toFixed(2)} ms (${pages} pages ${many.toFixed(0)} ms, 1 page ${one.toFixed(0)} ms)`);
  console.log(lines.at(-1));
  clearInterval(timer);
  lines.push(...(await benchSigning(dir)));
  return lines;
}

/** The batches the signing bench compares, by name: the options each adds. */
function signingKinds(dir: string): { label: string; options: Record<string, unknown> }[] {
  const key = join(dir, 'keys', 'issuer.key');
  return [
    { label: 'unsigned', options: {} },
    { label: 'signed (Ed25519 + QR)', options: { key } },
    { label: 'signed + PAdES', options: { key, signP12: join(dir, 'bench.p12'), signPassEnv: 'DP_BENCH_P12_PASSWORD' } },
  ];
}

/**
 * What signing costs a certificate: 1,000 separate certificates unsigned, signed (Ed25519 claim,
 * ID, QR code), and signed with PAdES too (a throw-away RSA 2048 P12), each batch in a fresh
 * process (so no batch warms the next one's caches), the kinds alternated over `rounds` rounds so
 * the shared machine's load falls on each alike, and the medians compared. Each batch is timed as
 * the CPU time (user + system) of its process during the batch alone, after a warm-up batch of
 * two: the machine's load stretches wall time far more than CPU time.
 */
export async function benchSigning(dir = mkdtempSync(join(tmpdir(), 'dp-bench-sign-')), rounds = Number(process.env.BENCH_SIGNING_ROUNDS ?? 3)): Promise<string[]> {
  const count = Math.round(1000 * SCALE);
  list(dir, count);
  list(dir, 2);
  await initKeys(join(dir, 'keys'), true);
  writeFileSync(join(dir, 'bench.p12'), makeP12('bench', 'Bench'));
  const kinds = signingKinds(dir);
  const times = new Map<string, number[]>(kinds.map((kind) => [kind.label, []]));
  const loads: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [k, kind] of kinds.entries()) {
      loads.push(loadavg()[0]!);
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--signing-batch', String(k), dir, String(count)], {
        encoding: 'utf8',
        env: { ...process.env, DP_BENCH_P12_PASSWORD: 'bench' },
      });
      if (child.status !== 0) throw new Error(`bench: ${kind.label}: ${child.stderr}`);
      times.get(kind.label)!.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!).cpu);
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length % 2 ? sorted[sorted.length >> 1]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  };
  const base = median(times.get('unsigned')!);
  const lines = kinds.map(({ label }) => {
    const ms = median(times.get(label)!);
    return `certificates, ${count} separate, ${label.padEnd(22)} ${ms.toFixed(2)} ms CPU/cert` + (label === 'unsigned' ? '' : `  (+${(ms - base).toFixed(2)} ms)`);
  });
  lines.push(`(medians of ${rounds} rounds, each batch in a fresh process; load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)})`);
  for (const line of lines) console.log(line);
  return lines;
}

/** One batch of the signing bench, in this process: a warm-up of two, then `count`; prints its CPU ms a certificate as JSON. */
async function signingBatch(kind: number, dir: string, count: number): Promise<void> {
  const { label, options } = signingKinds(dir)[kind]!;
  await buildCertificates({ signatories: join(dir, 'list-2.csv'), out: join(dir, `warm-${kind}`), force: true, ...options });
  const before = process.cpuUsage();
  const summary = await buildCertificates({ signatories: join(dir, `list-${count}.csv`), out: join(dir, `sign-${kind}`), force: true, ...options });
  const cpu = process.cpuUsage(before);
  if (summary.made !== count) throw new Error(`bench: ${label}: ${summary.made} of ${count} made`);
  console.log(JSON.stringify({ kind: label, cpu: (cpu.user + cpu.system) / 1000 / count }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--signing-batch');
  if (at >= 0) await signingBatch(Number(process.argv[at + 1]), process.argv[at + 2]!, Number(process.argv[at + 3]));
  else if (process.argv.includes('--signing')) await benchSigning();
  else await benchCertificates();
}
