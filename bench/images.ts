/**
 * `npm run bench`, pictures: a social card against the A3 poster PDF (the bound: at most
 * 1.5 times), and a page to PNG at 150 dpi (at most 150 ms), warm, in this process, medians of
 * BENCH_RUNS, in wall-clock and CPU time. Timed tests would be flaky on shared machines; this
 * prints numbers to compare.
 */
import { performance } from 'node:perf_hooks';
import { makeDeclaration } from '../src/products/declaration.js';
import { makeHandout } from '../src/products/handout.js';
import { makePoster } from '../src/products/poster.js';
import { makeSocialCard } from '../src/products/social.js';
import { rasterizePdf } from '../src/render/raster.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Milliseconds: the wall clock's, and this process's CPU time (user and system). */
interface Time {
  wall: number;
  cpu: number;
}

// The work here runs on one thread (MuPDF's WebAssembly and zlib's deflate are synchronous), so its
// CPU time is what the wall clock would show on an idle machine: on a shared one the wall clock
// also counts the time other processes held the cores, and the CPU time is the figure to compare.
async function median(work: (run: number) => Promise<unknown>): Promise<Time> {
  await work(-1); // warm: fonts parsed, MuPDF compiled
  const times: Time[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await work(run);
    const used = process.cpuUsage(cpu);
    times.push({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 });
  }
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { wall: middle(times.map((t) => t.wall)), cpu: middle(times.map((t) => t.cpu)) };
}

const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;
const line = (label: string, time: Time, note = '') => console.log(`${label.padEnd(56)}${ms(time.wall)} wall ${ms(time.cpu)} CPU  ${note}`);

// The poster keeps the last few it made (poster.ts): a new SOURCE_DATE_EPOCH each run is a new poster.
const epoch = process.env.SOURCE_DATE_EPOCH;
const poster = await median((run) => {
  process.env.SOURCE_DATE_EPOCH = String(1721606400 + run + 2);
  return makePoster({ size: 'a3' });
});
if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
else process.env.SOURCE_DATE_EPOCH = epoch;
line('A3 poster, PDF, warm', poster, `(medians of ${RUNS})`);
const card = await median(() => makeSocialCard({ size: 'square' }));
line('social card 1080 x 1080, PNG, warm', card, `${(card.wall / poster.wall).toFixed(2)} x the A3 poster's wall time, ${(card.cpu / poster.cpu).toFixed(2)} x its CPU time (at most 1.5)`);
const story = await median(() => makeSocialCard({ size: 'story', content: 'directive-6' }));
line('social card 1080 x 1920 (directive 6), PNG', story);

const [declaration, handout, a3] = await Promise.all([makeDeclaration(), makeHandout(), makePoster({ size: 'a3' })]);
for (const [label, pdf] of [
  ['declaration A4 (2 pages)', declaration],
  ['handout A4', handout],
  ['A3 poster at its trim, 1754 x 2480 px', a3],
] as const) {
  const pages = (await rasterizePdf(pdf, { dpi: 150 })).length;
  const time = await median(() => rasterizePdf(pdf, { dpi: 150 }));
  line(`${label} to PNG, 150 dpi, a page`, { wall: time.wall / pages, cpu: time.cpu / pages }, '(at most 150)');
}
