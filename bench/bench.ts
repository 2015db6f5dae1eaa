/**
 * `npm run bench`: speed and size, measured side by side in one run on this machine. Timed tests
 * would be flaky on shared machines; this prints numbers for people to compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
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

/**
 * What is measured: this checkout, and with BENCH_BASE=<folder> another checkout of the press (its
 * dist/ bundled and its snapshot built by the same Node: `git worktree add` or `git archive` it,
 * link node_modules, `node scripts/bundle.mjs`), measured alternately in the same run, so both see
 * the same machine: the ratios say what a change gained where the load makes the seconds noisy.
 */
const SUBJECTS = [{ name: 'this', root: '.' }, ...(process.env.BENCH_BASE ? [{ name: 'base', root: process.env.BENCH_BASE }] : [])];

/** Runs `measure` `runs` times for each subject, alternating, and returns each subject's results. */
function alternate<T>(runs: number, measure: (root: string, run: number) => T): T[][] {
  const results = SUBJECTS.map(() => [] as T[]);
  for (let run = 0; run < runs; run += 1) SUBJECTS.forEach((subject, i) => results[i]!.push(measure(subject.root, run)));
  return results;
}

/** Runs `measure` `runs` times for each subject, alternating, and returns each subject's medians. */
function alternated(runs: number, measure: (root: string, run: number) => Timing): Timing[] {
  return alternate(runs, measure).map(medians);
}

/** A line of the report: each subject's figures, and this one's CPU time as a ratio of the base's. */
function reportAlternated(label: string, timings: Timing[], note: string, seconds = false): void {
  const [mine, base] = timings;
  const ratio = base && !Number.isNaN(base.cpu) ? `  ${(mine!.cpu / base.cpu).toFixed(2)}x the base's CPU` : '';
  report(`${label.padEnd(38)}${shown(mine!, seconds)}${base ? `  (base: ${shown(base, seconds).trim()})${ratio}` : ''}  (${note})`);
}

const bin = (root: string) => join(root, 'bin', 'declaration-press.js');

// Cold: a whole process per run, as a user's `npx declaration-press declaration` starts.
const out = join(dir, 'declaration.pdf');
const baseline = medians(Array.from({ length: RUNS }, () => timeCommand(['-e', ''])));
report(`node itself (empty script)            ${shown(baseline)}  (median of ${RUNS})`);
reportAlternated('declaration, cold CLI (snapshot)', alternated(RUNS, (root) => timeCommand([bin(root), 'declaration', '--out', out])), `median of ${RUNS}`);
// The same node started from the snapshot directly, without the launcher (bin/declaration-press.js is a
// node of its own that checks the snapshot is current and starts this one): what the launcher costs.
const direct = (root: string) => ['--snapshot-blob', join(root, 'dist', 'press.blob'), '--', 'declaration', '--out', out];
reportAlternated('declaration, cold, snapshot, no launcher', alternated(RUNS, (root) => timeCommand(direct(root))), `median of ${RUNS}`);
report(`start-up snapshot (dist/press.blob)    ${(statSync(join('dist', 'press.blob')).size / 1024 / 1024).toFixed(1).padStart(6)} MB`);
// The same command without the start-up snapshot (as on a Node that did not build it): the bundle alone.
reportAlternated('declaration, cold CLI (bundle only)', alternated(RUNS, (root) => timeCommand([bin(root), 'declaration', '--out', out], { DECLARATION_PRESS_SNAPSHOT: '0' })), `median of ${RUNS}`);
const coldTsx = medians(Array.from({ length: 3 }, () => timeCommand(['--import', 'tsx', 'src/cli/main.ts', 'declaration', '--out', out])));
report(`declaration, cold CLI through tsx     ${shown(coldTsx)}  (median of 3)`);
report(`file size                             ${(statSync(out).size / 1024).toFixed(1).padStart(6)} KB`);

// Warm: in-process, fonts already parsed; the second render (what issue 9's aim names: the first
// edit of a preview) and the ones after it. From the bundle (dist/press.cjs: production React, what
// the CLI and the library run), not the sources through tsx, which run React's development build.
// Each subject in a process of its own (a first render, the second timed, one more, then RUNS
// timed), alternated WARM_PROCESSES times; the median of each process's figure.
const WARM_PROCESSES = Number(process.env.BENCH_WARM_PROCESSES ?? 5);
const WARM = `
const press = require(process.argv[1]);
const timed = async () => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await press.makeDeclaration();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
};
(async () => {
  await press.makeDeclaration();
  const second = await timed();
  await press.makeDeclaration();
  const times = [];
  for (let i = 0; i < ${RUNS}; i += 1) times.push(await timed());
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write(JSON.stringify({ second, later: { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)) } }));
})();
`;
const warmRuns = alternate(WARM_PROCESSES, (root) => JSON.parse(execFileSync(process.execPath, ['-e', WARM, resolve(root, 'dist', 'press.cjs')], { encoding: 'utf8' })) as { second: Timing; later: Timing });
reportAlternated('declaration, second render in-process', warmRuns.map((runs) => medians(runs.map((r) => r.second))), `the render after the first, median of ${WARM_PROCESSES} processes; CPU counts GC threads too`);
reportAlternated('declaration, warm in-process (bundle)', warmRuns.map((runs) => medians(runs.map((r) => r.later))), `median of ${RUNS} renders after 3, median of ${WARM_PROCESSES} processes`);

// The whole standard set (what `npm start` builds), cold, into a fresh folder each run, as a user runs it
// (two processes where there are two cores: build's default); aim: at most 3 s.
const BUILD_RUNS = Number(process.env.BENCH_BUILD_RUNS ?? 3);
const builds = alternated(BUILD_RUNS, (root, i) => timeCommand([bin(root), 'build', '--out-dir', join(dir, `build-${root === '.' ? 'this' : 'base'}-${i}`)]));
reportAlternated('build (default manifest), cold CLI', builds, `median of ${BUILD_RUNS}`, true);
// What a user types: `npm start` (npm itself, the prestart's check that dist/ is current, then the
// build), into a fresh folder (`npm start -- --out-dir <folder>`).
const npmStart = alternated(BUILD_RUNS, (root, i) => {
  const folder = join(dir, `npm-start-${root === '.' ? 'this' : 'base'}-${i}`);
  const cpu = childrenCpu();
  const started = performance.now();
  execFileSync('npm', ['start', '--silent', '--', '--out-dir', folder], { cwd: root, stdio: 'ignore' });
  return { wall: performance.now() - started, cpu: childrenCpu() - cpu };
});
reportAlternated('npm start (standard set), cold', npmStart, `median of ${BUILD_RUNS}; npm itself included`, true);
// The same build again into the same folder, nothing changed: every output up to date, nothing made.
const again = alternated(BUILD_RUNS, (root) => timeCommand([bin(root), 'build', '--out-dir', join(dir, `build-${root === '.' ? 'this' : 'base'}-0`)]));
reportAlternated('build again, nothing changed', again, `median of ${BUILD_RUNS}`, true);

// The whole standard set in one process (build --jobs 1; without --jobs, two where there are two cores).
const oneJob = alternated(BUILD_RUNS, (root, i) => timeCommand([bin(root), 'build', '--jobs', '1', '--out-dir', join(dir, `build-jobs-1-${root === '.' ? 'this' : 'base'}-${i}`)]));
reportAlternated('build (default manifest), --jobs 1', oneJob, `median of ${BUILD_RUNS}`, true);

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
