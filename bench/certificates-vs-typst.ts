/**
 * Certificates against the Typst peer, whole commands in fresh processes, alternated in one run so
 * both see the same machine: `declaration-press certificates` (the bundled CLI, cold) making 1,000
 * separate PDFs, and bench/typst-peer.mjs compiling bench/certificate.typ (the same certificate:
 * same fonts, words and page) once per signatory with its cache evicted, 1,000 PDFs. Then the CLI
 * making 10,000 separate PDFs in a fresh process, with its peak RSS. Called by bench/bench.ts;
 * runnable alone: `npx tsx bench/certificates-vs-typst.ts` (BENCH_CERT_RUNS rounds, default 5).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = Number(process.env.BENCH_CERT_RUNS ?? 5);
const TIME = '/usr/bin/time';

/** A list of `count` signatories, as bench/certificates.ts makes them: a Korean and a Latin name, a role. */
export function signatoryList(dir: string, count: number): string {
  const file = join(dir, `list-${count}.csv`);
  const rows = Array.from({ length: count }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`);
  writeFileSync(file, `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`);
  return file;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
}

/** Runs a command in a fresh process into an empty `out`; its wall time (ms) and, where /usr/bin/time is, its peak RSS (MB). */
function timed(argv: string[], out: string): { ms: number; rssMb?: number } {
  rmSync(out, { recursive: true, force: true });
  const withTime = existsSync(TIME);
  const started = performance.now();
  const result = withTime ? spawnSync(TIME, ['-f', '%M', process.execPath, ...argv], { encoding: 'utf8' }) : spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const kb = withTime ? Number(result.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, ...(Number.isFinite(kb) ? { rssMb: kb / 1024 } : {}) };
}

/** The comparison, one report line each. */
export function benchCertificatesVsTypst(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-typst-'));
  const list = signatoryList(dir, 1000);
  const ours = ['bin/declaration-press.js', 'certificates', '--signatories', list, '--out', join(dir, 'ours')];
  const peer = ['bench/typst-peer.mjs', list, join(dir, 'typst')];
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  say(`load before: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
  const times = { ours: [] as number[], typst: [] as number[], ratios: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    // Alternated, and each goes first in turn: neither always meets a warmer or a busier machine.
    const order = run % 2 === 0 ? (['ours', 'typst'] as const) : (['typst', 'ours'] as const);
    const round: Record<string, number> = {};
    for (const who of order) round[who] = timed(who === 'ours' ? ours : peer, join(dir, who)).ms;
    times.ours.push(round.ours!);
    times.typst.push(round.typst!);
    times.ratios.push(round.ours! / round.typst!);
    say(`  round ${run + 1}: ours ${(round.ours! / 1000).toFixed(2)} s, Typst ${(round.typst! / 1000).toFixed(2)} s, ratio ${(round.ours! / round.typst!).toFixed(2)}`);
  }
  const [o, t] = [median(times.ours), median(times.typst)];
  say(`certificates, 1,000 separate, whole command: ours ${(o / 1000).toFixed(2)} s, Typst peer ${(t / 1000).toFixed(2)} s, ratio ${(o / t).toFixed(2)} (medians of ${RUNS}; median of the rounds' ratios ${median(times.ratios).toFixed(2)})`);
  const big = timed(['bin/declaration-press.js', 'certificates', '--signatories', signatoryList(dir, 10000), '--out', join(dir, 'ours-10000')], join(dir, 'ours-10000'));
  say(`certificates, 10,000 separate, whole command: ${(big.ms / 1000).toFixed(1)} s (${(big.ms / 10000).toFixed(2)} ms each), peak RSS ${big.rssMb ? `${big.rssMb.toFixed(0)} MB` : 'not measured (no /usr/bin/time)'}`);
  say(`load after: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
  rmSync(dir, { recursive: true, force: true });
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) benchCertificatesVsTypst();
