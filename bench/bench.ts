/**
 * `npm run bench`: speed and size, measured side by side in one run on this machine. Timed tests
 * would be flaky on shared machines; this prints numbers for people to compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import type { makeDeclaration } from '../src/products/declaration.js';
import { benchCertificatesVsTypst } from './certificates-vs-typst.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A measurement: wall-clock ms and CPU ms (user + system), NaN where the CPU time cannot be read. */
interface Timing {
  wall: number;
  cpu: number;
}

/**
 * CPU time used by this process's finished children, ms: fields 16 and 17 of /proc/self/stat
 * (cutime, cstime, in clock ticks of 10 ms). Linux only; NaN elsewhere. On a shared machine the
 * CPU time of a command says more than its wall-clock time, which waits for the others.
 */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

function timeCommand(argv: string[], env: Record<string, string> = {}): Timing {
  const cpu = childrenCpu();
  const started = performance.now();
  execFileSync(process.execPath, argv, { stdio: 'ignore', env: { ...process.env, ...env } });
  return { wall: performance.now() - started, cpu: childrenCpu() - cpu };
}

/** Medians of wall-clock and CPU time. */
function medians(timings: Timing[]): Timing {
  return { wall: median(timings.map((t) => t.wall)), cpu: median(timings.map((t) => t.cpu)) };
}

/** "1234 ms wall, 567 ms CPU", or in seconds. */
function shown({ wall, cpu }: Timing, seconds = false): string {
  const f = (ms: number) => (seconds ? `${(ms / 1000).toFixed(2).padStart(6)} s` : `${ms.toFixed(0).padStart(6)} ms`);
  return `${f(wall)} wall, ${Number.isNaN(cpu) ? '?' : f(cpu).trim()} CPU`;
}

const lines: string[] = [];
// The machine is shared: the load it carried says how far the wall times can be trusted.
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
console.log(`${new Date().toISOString()}, ${cpus().length} cores, load average ${load()}`);
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};

// Cold: a whole process per run, as a user's `npx declaration-press declaration` starts.
const out = join(dir, 'declaration.pdf');
const baseline = medians(Array.from({ length: RUNS }, () => timeCommand(['-e', ''])));
const coldSnapshot = medians(Array.from({ length: RUNS }, () => timeCommand(['bin/declaration-press.js', 'declaration', '--out', out])));
// The same command without the start-up snapshot (as on a Node that did not build it): the bundle alone.
const coldNoSnapshot = medians(Array.from({ length: RUNS }, () => timeCommand(['bin/declaration-press.js', 'declaration', '--out', out], { DECLARATION_PRESS_SNAPSHOT: '0' })));
const coldTsx = medians(Array.from({ length: 3 }, () => timeCommand(['--import', 'tsx', 'src/cli/main.ts', 'declaration', '--out', out])));
report(`node itself (empty script)            ${shown(baseline)}  (median of ${RUNS})`);
report(`declaration, cold CLI (snapshot)      ${shown(coldSnapshot)}  (median of ${RUNS})`);
report(`declaration, cold CLI (bundle only)   ${shown(coldNoSnapshot)}  (median of ${RUNS})`);
report(`declaration, cold CLI through tsx     ${shown(coldTsx)}  (median of 3)`);
report(`file size                             ${(statSync(out).size / 1024).toFixed(1).padStart(6)} KB`);

// Warm: in-process, fonts already parsed; the second render and the ones after it. From the
// bundle (dist/press.cjs: production React, what the CLI and the library run), not the sources
// through tsx, which run React's development build.
const bundled = createRequire(import.meta.url)('../dist/press.cjs') as { makeDeclaration: typeof makeDeclaration };
await bundled.makeDeclaration();
const warm = medians(
  await (async () => {
    const times: Timing[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await bundled.makeDeclaration();
      const used = process.cpuUsage(cpu);
      times.push({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 });
    }
    return times;
  })(),
);
report(`declaration, warm in-process (bundle) ${shown(warm)}  (median of ${RUNS}; CPU counts GC threads too)`);

// The whole standard set (what `npm start` builds), cold, into a fresh folder each run; aim: at most 3 s.
const BUILD_RUNS = Number(process.env.BENCH_BUILD_RUNS ?? 3);
const builds = medians(Array.from({ length: BUILD_RUNS }, (_, i) => timeCommand(['bin/declaration-press.js', 'build', '--out-dir', join(dir, `build-${i}`)])));
report(`build (default manifest), cold CLI    ${shown(builds, true)}  (median of ${BUILD_RUNS})`);
// The same build again into the same folder, nothing changed: every output up to date, nothing made.
const again = medians(Array.from({ length: BUILD_RUNS }, () => timeCommand(['bin/declaration-press.js', 'build', '--out-dir', join(dir, 'build-0')])));
report(`build again, nothing changed          ${shown(again, true)}  (median of ${BUILD_RUNS})`);

// The whole standard set in one process and shared out between two (build --jobs).
const twoJobs = timeCommand(['bin/declaration-press.js', 'build', '--jobs', '2', '--out-dir', join(dir, 'build-jobs-2')]);
report(`build (default manifest), --jobs 2     ${shown(twoJobs, true)}`);

// Certificates, whole processes, one worker against two (certificates --jobs).
const list = join(dir, 'certificates-1000.csv');
writeFileSync(list, `name_ko,name_en,role_ko,role_en\n${Array.from({ length: 1000 }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`).join('\n')}\n`);
for (const jobs of process.env.BENCH_CERTS === '0' ? [] : [1, 2]) {
  const ms = timeCommand(['bin/declaration-press.js', 'certificates', '--signatories', list, '--out', join(dir, `certs-${jobs}`), '--jobs', String(jobs)]).wall;
  report(`certificates, 1,000 separate, cold CLI, --jobs ${jobs}  ${(ms / 1000).toFixed(2).padStart(6)} s  (${(ms / 1000).toFixed(1)} ms/cert incl. start-up)`);
}

// Certificates in-process: per-certificate ms, certificates/s, peak RSS (bench/certificates.ts), in
// a process of their own, so the peak RSS is the batch's and not this bench's earlier renders'.
console.log(`load average at the end ${load()}`);
if (process.env.BENCH_CERTS !== '0') {
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/certificates.ts'], { stdio: 'inherit' });
  // Against the Typst peer, whole commands alternated in one run; 10,000 separate with peak RSS.
  benchCertificatesVsTypst();
}
