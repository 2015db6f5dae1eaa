/**
 * Certificate batches: per-certificate ms, certificates per second and peak RSS, for 1,000 separate,
 * 1,000 combined and 10,000 separate, a combined page's own cost (benchCombinedPage) (BENCH_CERTS scales them down for a quick look), from a
 * list that looks like a real one (realisticList). Called by
 * bench/bench.ts; runnable alone: `npx tsx bench/certificates.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initKeys } from '../src/core/signing.js';
import { buildCertificates } from '../src/products/certificates.js';
import { makeP12 } from '../test/helpers/p12.js';

const SCALE = Number(process.env.BENCH_CERTS_SCALE ?? 1);

/**
 * A list as a real event's looks, seeded: Korean names (a common surname and two common syllables,
 * romanised), one row in eight a foreign name without Korean, roles from a few with their weights.
 * Names repeat words (김, Kim, Min-jun) but rarely whole; every row's number is its own.
 */
export function realisticList(count: number): string {
  let seed = 1;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const surnames = ['김 Kim', '이 Lee', '박 Park', '최 Choi', '정 Jung', '강 Kang', '조 Cho', '윤 Yoon', '장 Jang', '임 Lim', '한 Han', '오 Oh', '서 Seo', '신 Shin', '권 Kwon', '황 Hwang', '안 Ahn', '송 Song', '류 Ryu', '홍 Hong'].map((s) => s.split(' ') as [string, string]);
  const syllables = ['민 min', '준 jun', '서 seo', '연 yeon', '지 ji', '현 hyun', '우 woo', '수 su', '영 young', '하 ha', '은 eun', '도 do', '윤 yun', '예 ye', '진 jin', '호 ho', '성 seong', '희 hee', '재 jae', '혜 hye', '동 dong', '경 kyung', '상 sang', '미 mi', '정 jeong', '태 tae', '승 seung', '유 yu', '주 ju', '원 won'].map((s) => s.split(' ') as [string, string]);
  const foreign = ['Emily Carter', "James O'Neill", 'Sophie Müller', 'Lucas Dubois', 'Ana García', 'Hiroshi Tanaka', 'Olivia Brown', 'Noah Williams', 'Chloé Martin', 'Mateo Rossi', 'Fatima Khan', 'David Cohen'];
  const roles: [string, string, number][] = [['참가자', 'Participant', 50], ['서명자', 'Signatory', 25], ['자원봉사자', 'Volunteer', 10], ['연사', 'Speaker', 5], ['조직위원', 'Organizing committee member', 5], ['후원자', 'Supporter', 5]];
  const rows = Array.from({ length: count }, () => {
    let weight = random() * 100;
    const [roleKo, roleEn] = roles.find((role) => (weight -= role[2]) < 0) ?? roles[0]!;
    if (random() < 0.12) return `,${pick(foreign)},${roleKo},${roleEn}`;
    const [[sk, se], [ak, ae], [bk, be]] = [pick(surnames), pick(syllables), pick(syllables)];
    return `${sk}${ak}${bk},${se} ${ae[0]!.toUpperCase()}${ae.slice(1)}-${be},${roleKo},${roleEn}`;
  });
  return `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`;
}

function list(dir: string, count: number): string {
  const file = join(dir, `list-${count}.csv`);
  writeFileSync(file, realisticList(count));
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
        `peak RSS ${(peak / 2 ** 20).toFixed(0)} MB  (${run.combined ? `${summary.combined?.combined?.certificates} pages, ${summary.combined?.status}` : `${summary.made} made`}, ${summary.failed} failed)`,
    );
    console.log(lines.at(-1));
  }
  clearInterval(timer);
  lines.push(...benchCombinedPage(dir));
  lines.push(...(await benchSigning(dir)));
  return lines;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[sorted.length >> 1]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

/**
 * A combined file's cost per page beyond what every batch pays once (the list's header, the static
 * layer's layout and render, the form): (time for 1,000 pages - time for 1 page) / 999. Measured
 * as the CLI runs it, from the bundle (dist/press.cjs), each round in a fresh process: a warm-up
 * of 2 and of 1,000 pages, then 1 page and 1,000 pages alternated 5 times, medians; the medians of
 * `rounds` processes are reported. A process that ran other batches first (the 10,000 above) pays
 * for their heap in every collection: 0.55 ms a page there against 0.35 ms fresh (2026-12-02).
 * Wall time, CPU time in all threads (V8's GC threads with it) and on the main thread (Linux).
 */
function benchCombinedPage(dir: string, rounds = Number(process.env.BENCH_COMBINED_ROUNDS ?? 5)): string[] {
  const pages = Math.round(1000 * SCALE);
  list(dir, 2);
  list(dir, 1);
  list(dir, pages);
  const results: { wall: number; cpu: number; main?: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--combined-page', dir, String(pages)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench: combined page: ${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
  }
  const main = results.every((result) => result.main !== undefined) ? `, ${median(results.map((result) => result.main!)).toFixed(3)} ms on the main thread` : '';
  const line =
    `certificates, combined, per page beyond the batch's fixed cost: ${median(results.map((result) => result.wall)).toFixed(3)} ms wall ` +
    `(rounds ${results.map((result) => result.wall.toFixed(3)).join(', ')}), ${median(results.map((result) => result.cpu)).toFixed(3)} ms CPU in all threads${main}; ${rounds} fresh processes, the bundle`;
  console.log(line);
  return [line];
}

/** One round of benchCombinedPage, in this process: prints its per-page ms as JSON. */
async function combinedPage(dir: string, pages: number): Promise<void> {
  const press = createRequire(import.meta.url)('../dist/press.cjs') as typeof import('../src/index.js');
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  const mainThread = existsSync(schedstat) ? () => Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6 : undefined;
  const batch = async (count: number) => {
    const [wall, cpu, main] = [performance.now(), process.cpuUsage(), mainThread?.()];
    await press.buildCertificates({ signatories: join(dir, `list-${count}.csv`), force: true, combined: join(dir, `combined-page-${process.pid}-${count}.pdf`) });
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000, main: main === undefined ? undefined : mainThread!() - main };
  };
  await batch(2);
  await batch(pages);
  const [one, many]: Awaited<ReturnType<typeof batch>>[][] = [[], []];
  for (let i = 0; i < 5; i++) {
    one.push(await batch(1));
    many.push(await batch(pages));
  }
  const per = (key: 'wall' | 'cpu' | 'main') => (median(many.map((run) => run[key]!)) - median(one.map((run) => run[key]!))) / (pages - 1);
  console.log(JSON.stringify({ wall: per('wall'), cpu: per('cpu'), ...(mainThread ? { main: per('main') } : {}) }));
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
  const page = process.argv.indexOf('--combined-page');
  if (at >= 0) await signingBatch(Number(process.argv[at + 1]), process.argv[at + 2]!, Number(process.argv[at + 3]));
  else if (page >= 0) await combinedPage(process.argv[page + 1]!, Number(process.argv[page + 2]));
  else if (process.argv.includes('--signing')) await benchSigning();
  else await benchCertificates();
}
