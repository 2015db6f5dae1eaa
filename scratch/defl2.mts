import { zlibFixed, setOpt } from '/tmp/ab/deflate-exp.ts';
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
const b = readFileSync('/tmp/ab/prof-1000.pdf'); const s = b.toString('latin1');
const contents: Uint8Array[] = []; const re = /stream\r?\n/g; let m;
while ((m = re.exec(s)) && contents.length < 2000) { const st = m.index + m[0].length; const en = s.indexOf('endstream', st); try { const t = zlib.inflateSync(b.subarray(st, en)); if (t.includes('BDC') && t.length < 4000) contents.push(new Uint8Array(t)); } catch {} }
const time = (name: string, f: (t: Uint8Array) => Uint8Array) => { for (const c of contents) f(c); const t0 = performance.now(); let bytes = 0; for (let r = 0; r < 5; r++) for (const c of contents) bytes += f(c).length; const ms = (performance.now() - t0) / (5 * contents.length); console.log(name.padEnd(16), (ms * 1000).toFixed(1), 'us/page', (bytes / 5 / contents.length).toFixed(0), 'B'); };
for (const [nice, chain] of [[128, 128], [8, 4], [16, 8], [32, 32], [258, 1]]) { setOpt((nice << 13) | chain); time(`nice ${nice} chain ${chain}`, zlibFixed); }
import { zlibQuick } from '../src/products/certificates/quick-deflate.ts';
time('quick', zlibQuick);
for (const c of contents) if (Buffer.compare(zlib.inflateSync(zlibQuick(c)), Buffer.from(c)) !== 0) throw new Error('bad');
console.log('roundtrip ok');
