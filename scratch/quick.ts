// Experimental: greedy one-probe LZ77, fixed Huffman codes, zlib wrapper.
const litCode = new Uint16Array(288);
const litLen = new Uint8Array(288);
const reverse = (code: number, len: number) => { let r = 0; for (let i = 0; i < len; i++) { r = (r << 1) | (code & 1); code >>= 1; } return r; };
for (let s = 0; s < 288; s++) {
  const [code, len] = s < 144 ? [0x30 + s, 8] : s < 256 ? [0x190 + s - 144, 9] : s < 280 ? [s - 256, 7] : [0xc0 + s - 280, 8];
  litCode[s] = reverse(code, len); litLen[s] = len;
}
const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// For each length: the code's bits (symbol code then extra, in order) as one value and its bit count.
const lenBits = new Uint32Array(259);
const lenCount = new Uint8Array(259);
for (let c = 0; c < 29; c++) for (let l = LEN_BASE[c]!; l < (c < 28 ? LEN_BASE[c + 1]! : 259); l++) {
  const s = 257 + c;
  lenBits[l] = litCode[s]! | ((l - LEN_BASE[c]!) << litLen[s]!);
  lenCount[l] = litLen[s]! + LEN_EXTRA[c]!;
}
const DMAX = 32768;
const distBits = new Uint32Array(DMAX + 1);
const distCount = new Uint8Array(DMAX + 1);
for (let c = 0; c < 30; c++) for (let d = DIST_BASE[c]!; d < (c < 29 ? DIST_BASE[c + 1]! : DMAX + 1); d++) {
  distBits[d] = reverse(c, 5) | ((d - DIST_BASE[c]!) << 5);
  distCount[d] = 5 + DIST_EXTRA[c]!;
}
const HASH_BITS = 12;
const table = new Int32Array(1 << HASH_BITS);
let out = new Uint8Array(1 << 12);

function adler32(d: Uint8Array): number {
  let a = 1, b = 0;
  const l = d.length | 0;
  for (let i = 0; i != l; ) {
    const e = Math.min(i + 2655, l);
    for (; i < e; ++i) b += a += d[i]!;
    a = (a & 65535) + 15 * (a >> 16);
    b = (b & 65535) + 15 * (b >> 16);
  }
  a %= 65521; b %= 65521;
  return ((b << 16) | a) >>> 0;
}

export function zlibQuick(dat: Uint8Array): Uint8Array {
  const n = dat.length;
  const cap = 2 + ((n * 9 + 7) >> 3) + 8 + 4;
  if (out.length < cap) out = new Uint8Array(Math.max(cap, 2 * out.length));
  const o = out;
  table.fill(-1);
  o[0] = 0x78; o[1] = 0x01;
  let p = 2;
  let bits = 3; // BFINAL 1, BTYPE 01
  let nb = 3;
  let i = 0;
  const last = n - 4;
  while (i < n) {
    let len = 0, dist = 0;
    if (i <= last) {
      const v = dat[i]! | (dat[i + 1]! << 8) | (dat[i + 2]! << 16) | (dat[i + 3]! << 24);
      const h = (Math.imul(v, 2654435761) >>> (32 - HASH_BITS));
      const c = table[h]!;
      table[h] = i;
      if (c >= 0 && i - c <= DMAX && dat[c] === dat[i] && dat[c + 1] === dat[i + 1] && dat[c + 2] === dat[i + 2] && dat[c + 3] === dat[i + 3]) {
        let l = 4;
        const max = Math.min(258, n - i);
        while (l < max && dat[c + l] === dat[i + l]) l++;
        len = l; dist = i - c;
      }
    }
    if (len) {
      bits |= lenBits[len]! << nb; nb += lenCount[len]!;
      while (nb >= 8) { o[p++] = bits; bits >>>= 8; nb -= 8; }
      bits |= distBits[dist]! << nb; nb += distCount[dist]!;
      while (nb >= 8) { o[p++] = bits; bits >>>= 8; nb -= 8; }
      // Positions inside the match go into the table too (not the last three: their 4 bytes run past it).
      const end = i + len;
      for (let j = i + 1; j < end && j <= last; j++) {
        const v = dat[j]! | (dat[j + 1]! << 8) | (dat[j + 2]! << 16) | (dat[j + 3]! << 24);
        table[Math.imul(v, 2654435761) >>> (32 - HASH_BITS)] = j;
      }
      i = end;
    } else {
      const s = dat[i++]!;
      bits |= litCode[s]! << nb; nb += litLen[s]!;
      while (nb >= 8) { o[p++] = bits; bits >>>= 8; nb -= 8; }
    }
  }
  bits |= litCode[256]! << nb; nb += 7;
  while (nb > 0) { o[p++] = bits; bits >>>= 8; nb -= 8; }
  const a = adler32(dat);
  o[p++] = a >>> 24; o[p++] = a >>> 16; o[p++] = a >>> 8; o[p++] = a;
  return o.slice(0, p);
}
