// The Typst peer of `declaration-press certificates`, as a Typst user would run a batch from Node:
// one typst.ts compiler (npm @myriaddreamin/typst-ts-node-compiler) with the fonts of fonts/, and for
// each signatory of the list one compile of bench/certificate.typ with the row as sys.inputs, one
// PDF written to the output folder, and the compiler's cache evicted (evictCache(0): nothing carried
// from one certificate to the next but the parsed fonts and the source). Plain JavaScript, so it
// starts as fast as Node does.
//
//   node bench/typst-peer.mjs LIST.csv OUT_DIR [--keep-cache]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const here = dirname(fileURLToPath(import.meta.url));
const [list, out, flag] = process.argv.slice(2);
if (!list || !out) {
  console.error('usage: node bench/typst-peer.mjs LIST.csv OUT_DIR [--keep-cache]');
  process.exit(2);
}
// The bench's lists are plain: a header, then name_ko,name_en,role_ko,role_en without quotes.
const rows = readFileSync(list, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const digits = Math.max(4, String(rows.length).length);
mkdirSync(out, { recursive: true });
const compiler = NodeCompiler.create({ workspace: here, fontArgs: [{ fontPaths: [join(here, '..', 'fonts')] }] });
const main = join(here, 'certificate.typ');
for (const [i, [nameKo = '', nameEn = '', roleKo = '', roleEn = '']] of rows.entries()) {
  const number = String(i + 1).padStart(digits, '0');
  const role = [roleKo, roleEn].filter(Boolean).join(' · ');
  const result = compiler.compile({ mainFilePath: main, inputs: { number, name_ko: nameKo, name_en: nameEn, role } });
  if (result.hasError() || !result.result) {
    result.printErrors();
    process.exit(1);
  }
  writeFileSync(join(out, `${number}.pdf`), compiler.pdf(result.result));
  if (flag !== '--keep-cache') compiler.evictCache(0);
}
