/**
 * `npm run bench`, pictures: a social card against the A3 poster PDF (the bound: at most
 * 1.5 times), and a page to PNG at 150 dpi (at most 150 ms), warm, in this process, median of
 * BENCH_RUNS. Timed tests would be flaky on shared machines; this prints numbers to compare.
 */
import { performance } from 'node:perf_hooks';
import { makeDeclaration } from '../src/products/declaration.js';
import { makeHandout } from '../src/products/handout.js';
import { makePoster } from '../src/products/poster.js';
import { makeSocialCard } from '../src/products/social.js';
import { rasterizePdf } from '../src/render/raster.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

async function median(work: (run: number) => Promise<unknown>): Promise<number> {
  await work(-1); // warm: fonts parsed, MuPDF compiled
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work(run);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const line = (label: string, ms: number, note = '') => console.log(`${label.padEnd(46)}${ms.toFixed(0).padStart(6)} ms  ${note}`);

// The poster keeps the last few it made (poster.ts): a new SOURCE_DATE_EPOCH each run is a new poster.
const epoch = process.env.SOURCE_DATE_EPOCH;
const poster = await median((run) => {
  process.env.SOURCE_DATE_EPOCH = String(1721606400 + run + 2);
  return makePoster({ size: 'a3' });
});
if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
else process.env.SOURCE_DATE_EPOCH = epoch;
line('A3 poster, PDF, warm', poster, `(median of ${RUNS})`);
const card = await median(() => makeSocialCard({ size: 'square' }));
line('social card 1080 x 1080, PNG, warm', card, `${(card / poster).toFixed(2)} x the A3 poster (at most 1.5)`);
const story = await median(() => makeSocialCard({ size: 'story', content: 'directive-6' }));
line('social card 1080 x 1920 (directive 6), PNG', story);

const [declaration, handout, a3] = await Promise.all([makeDeclaration(), makeHandout(), makePoster({ size: 'a3' })]);
for (const [label, pdf] of [
  ['declaration A4 (2 pages)', declaration],
  ['handout A4', handout],
  ['A3 poster at its trim (1754 x 2480 px)', a3],
] as const) {
  const pages = (await rasterizePdf(pdf, { dpi: 150 })).length;
  const ms = await median(() => rasterizePdf(pdf, { dpi: 150 }));
  line(`${label} to PNG, 150 dpi, a page`, ms / pages, '(at most 150)');
}
