import { zlibQuick as fresh } from '../src/products/certificates/quick-deflate.ts';
import { zlibQuick as old } from './quick-old.ts';
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
const b = readFileSync('/tmp/ab/lists/out-7712-1000.pdf'); const s = b.toString('latin1');
const contents: Uint8Array[] = []; const re = /stream\r?\n/g; let m;
while ((m = re.exec(s)) && contents.length < 1000) { const st = m.index + m[0].length; const en = s.indexOf('endstream', st); try { const t = zlib.inflateSync(b.subarray(st, en)); if (t.includes('BDC') && t.length < 4000) contents.push(new Uint8Array(t)); } catch {} }
for (const c of contents) if (Buffer.compare(Buffer.from(fresh(c)), Buffer.from(old(c))) !== 0) throw new Error('differs');
const time = (f: (t: Uint8Array) => Uint8Array) => { const t0 = performance.now(); for (let r = 0; r < 5; r++) for (const c of contents) f(c); return (performance.now() - t0) / 5 / contents.length * 1000; };
time(old); time(fresh);
const a: number[] = [], z: number[] = [];
for (let k = 0; k < 7; k++) { a.push(time(old)); z.push(time(fresh)); }
const med = (x: number[]) => x.sort((p, q) => p - q)[3]!.toFixed(1);
console.log('same bytes; old', med(a), 'us, new', med(z), 'us');
