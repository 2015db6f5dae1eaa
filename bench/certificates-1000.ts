/**
 * 1,000 certificates, separate PDFs, timed after a warm-up: the CLI's figure the studio's
 * certificates are compared with (bench/studio.ts). `npx tsx bench/certificates-1000.ts`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCertificates } from '../src/products/certificates.js';

/** The list the studio's bench uses too: 1,000 rows of Korean and English names. */
export function benchList(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `서명자${i},Signatory Number ${i},참가자,Participant`);
  return `name_ko,name_en,role_ko,role_en\n${rows.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'dp-bench-1000-'));
const file = join(dir, 'list.csv');
writeFileSync(file, benchList(1000));
await buildCertificates({ signatories: file, out: join(dir, 'warm'), force: true, part: { index: 1, count: 100 } });
for (let run = 0; run < 2; run++) {
  const started = performance.now();
  const summary = await buildCertificates({ signatories: file, out: join(dir, `out${run}`), force: true });
  console.log(`1,000 certificates (separate PDFs): ${((performance.now() - started) / 1000).toFixed(2)} s, ${summary.made} made`);
}
