/**
 * `npm run bench`: speed and size, measured side by side in one run on this machine. Timed tests
 * would be flaky on shared machines; this prints numbers for people to compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeDeclaration } from '../src/products/declaration.js';
import { benchCertificatesVsTypst } from './certificates-vs-typst.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCommand(argv: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, argv, { stdio: 'ignore' });
  return performance.now() - started;
}

const lines: string[] = [];
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};

// Cold: a whole process per run, as a user's `npx declaration-press declaration` starts.
const out = join(dir, 'declaration.pdf');
const baseline = median(Array.from({ length: RUNS }, () => timeCommand(['-e', ''])));
const coldBundle = median(Array.from({ length: RUNS }, () => timeCommand(['bin/declaration-press.js', 'declaration', '--out', out])));
const coldTsx = median(Array.from({ length: 3 }, () => timeCommand(['--import', 'tsx', 'src/cli/main.ts', 'declaration', '--out', out])));
report(`node itself (empty script)            ${baseline.toFixed(0).padStart(6)} ms  (median of ${RUNS})`);
report(`declaration, cold CLI (bundled)       ${coldBundle.toFixed(0).padStart(6)} ms  (median of ${RUNS})`);
report(`declaration, cold CLI through tsx     ${coldTsx.toFixed(0).padStart(6)} ms  (median of 3)`);
report(`file size                             ${(statSync(out).size / 1024).toFixed(1).padStart(6)} KB`);

// Warm: in-process, fonts already parsed.
await makeDeclaration();
const warm = median(
  await (async () => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      await makeDeclaration();
      times.push(performance.now() - started);
    }
    return times;
  })(),
);
report(`declaration, warm in-process          ${warm.toFixed(0).padStart(6)} ms  (median of ${RUNS})`);

// The whole standard set (what `npm start` builds), cold, into a fresh folder each run; aim: under 5 s.
const BUILD_RUNS = Number(process.env.BENCH_BUILD_RUNS ?? 3);
const builds = Array.from({ length: BUILD_RUNS }, (_, i) => timeCommand(['bin/declaration-press.js', 'build', '--out-dir', join(dir, `build-${i}`)]));
report(`build (default manifest), cold CLI    ${(median(builds) / 1000).toFixed(2).padStart(6)} s   (median of ${BUILD_RUNS})`);

// The whole standard set in one process and shared out between two (build --jobs).
const twoJobs = timeCommand(['bin/declaration-press.js', 'build', '--jobs', '2', '--out-dir', join(dir, 'build-jobs-2')]);
report(`build (default manifest), --jobs 2     ${(twoJobs / 1000).toFixed(2).padStart(6)} s`);

// Certificates, whole processes, one worker against two (certificates --jobs).
const list = join(dir, 'certificates-1000.csv');
writeFileSync(list, `name_ko,name_en,role_ko,role_en\n${Array.from({ length: 1000 }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`).join('\n')}\n`);
for (const jobs of [1, 2]) {
  const ms = timeCommand(['bin/declaration-press.js', 'certificates', '--signatories', list, '--out', join(dir, `certs-${jobs}`), '--jobs', String(jobs)]);
  report(`certificates, 1,000 separate, cold CLI, --jobs ${jobs}  ${(ms / 1000).toFixed(2).padStart(6)} s  (${(ms / 1000).toFixed(1)} ms/cert incl. start-up)`);
}

// Certificates in-process: per-certificate ms, certificates/s, peak RSS (bench/certificates.ts), in
// a process of their own, so the peak RSS is the batch's and not this bench's earlier renders'.
if (process.env.BENCH_CERTS !== '0') {
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/certificates.ts'], { stdio: 'inherit' });
  // Against the Typst peer, whole commands alternated in one run; 10,000 separate with peak RSS.
  benchCertificatesVsTypst();
}
