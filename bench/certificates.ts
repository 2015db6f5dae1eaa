/**
 * Certificate batches: per-certificate ms, certificates per second and peak RSS, for 1,000 separate,
 * 1,000 combined and 10,000 separate (BENCH_CERTS scales them down for a quick look). Called by
 * bench/bench.ts; runnable alone: `npx tsx bench/certificates.ts`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * What signing costs a certificate: 1,000 separate certificates unsigned, signed (Ed25519 claim,
 * ID, QR code), and signed with PAdES too (a throw-away RSA 2048 P12), the runs alternated three
 * times and the medians compared, so the shared machine's load falls on each alike.
 */
export async function benchSigning(dir = mkdtempSync(join(tmpdir(), 'dp-bench-sign-'))): Promise<string[]> {
  const count = Math.round(1000 * SCALE);
  const signatories = list(dir, count);
  const keys = join(dir, 'keys');
  await initKeys(keys, true);
  const p12 = join(dir, 'bench.p12');
  writeFileSync(p12, makeP12('bench', 'Bench'));
  process.env.DP_BENCH_P12_PASSWORD = 'bench';
  const kinds: { label: string; options: Record<string, unknown> }[] = [
    { label: 'unsigned', options: {} },
    { label: 'signed (Ed25519 + QR)', options: { key: join(keys, 'issuer.key') } },
    { label: 'signed + PAdES', options: { key: join(keys, 'issuer.key'), signP12: p12, signPassEnv: 'DP_BENCH_P12_PASSWORD' } },
  ];
  const times = new Map<string, number[]>(kinds.map((kind) => [kind.label, []]));
  await buildCertificates({ signatories: list(dir, 2), out: join(dir, 'warm-signed'), force: true, key: join(keys, 'issuer.key') });
  for (let round = 0; round < 3; round++) {
    for (const kind of kinds) {
      const started = performance.now();
      const summary = await buildCertificates({ signatories, out: join(dir, `sign-${round}-${kind.label.split(' ')[0]}`), force: true, ...kind.options });
      if (summary.made !== count) throw new Error(`bench: ${kind.label}: ${summary.made} of ${count} made`);
      times.get(kind.label)!.push(performance.now() - started);
    }
  }
  const median = (label: string) => times.get(label)!.sort((a, b) => a - b)[1]! / count;
  const base = median('unsigned');
  const lines = kinds.map(({ label }) => `certificates, ${count} separate, ${label.padEnd(22)} ${median(label).toFixed(2)} ms/cert` + (label === 'unsigned' ? '' : `  (+${(median(label) - base).toFixed(2)} ms)`));
  for (const line of lines) console.log(line);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--signing')) await benchSigning();
  else await benchCertificates();
}
