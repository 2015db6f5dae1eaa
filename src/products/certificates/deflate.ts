/**
 * zlib at level 6, byte for byte what fflate 0.8.2's `zlibSync(data, { level: 6 })` writes: its
 * compressor (`dflt`, `wblk` and their helpers) ported here so that the large work arrays it
 * allocates on every call (a 64 KB chain, a 100 KB symbol buffer, the hash heads: some 170 KB)
 * are allocated once and kept. A combined file of 1,000 certificates deflates 1,000 page contents
 * of about 2 KB each; fflate's allocations, not its compression, were most of the garbage the
 * writer made. What is reused is the same on every call by construction: the hash heads are
 * cleared, the chain and symbols are only read where this call wrote them, the output's room is zeroed and
 * what was written copied out.
 * test/products/certificates/deflate.test.ts compares the bytes with fflate's on many inputs.
 * A combined file's pages are deflated more quickly by quick-deflate.ts.
 *
 * Over 400 lines because it is one compressor ported whole, in fflate's order and with its names,
 * to be read against its source line by line. fflate is MIT licensed, Copyright (c) 2023 Arjun
 * Barrett (node_modules/fflate/LICENSE).
 */

const u8 = Uint8Array;
const u16 = Uint16Array;
const i32 = Int32Array;

// Extra bits of the length and distance codes; the code length codes' order.
const fleb = new u8([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0]);
const fdeb = new u8([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0]);
const clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** Base values and the reverse table (value to code and extra bits) of a code's extra bits. */
function freb(eb: Uint8Array, start: number): { b: Uint16Array; r: Int32Array } {
  const b = new u16(31);
  for (let i = 0; i < 31; ++i) b[i] = start += 1 << eb[i - 1]!;
  const r = new i32(b[30]!);
  for (let i = 1; i < 30; ++i) for (let j = b[i]!; j < b[i + 1]!; ++j) r[j] = ((j - b[i]!) << 5) | i;
  return { b, r };
}
const { b: fl, r: revfl } = freb(fleb, 2);
fl[28] = 258;
revfl[258] = 28;
const { r: revfd } = freb(fdeb, 0);

// Bit reversal of 15-bit values.
const rev = new u16(32768);
for (let i = 0; i < 32768; ++i) {
  let x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
  x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
  x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
  rev[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}

/** The codes of a Huffman tree from its code lengths (fflate's hMap without its reverse mode). */
function hMap(cd: ArrayLike<number>, mb: number): Uint16Array {
  const s = cd.length;
  const l = new u16(mb);
  for (let i = 0; i < s; ++i) if (cd[i]) ++l[cd[i]! - 1]!;
  const le = new u16(mb);
  for (let i = 1; i < mb; ++i) le[i] = (le[i - 1]! + l[i - 1]!) << 1;
  const co = new u16(s);
  for (let i = 0; i < s; ++i) if (cd[i]) co[i] = rev[le[cd[i]! - 1]!++]! >> (15 - cd[i]!);
  return co;
}

// The fixed literal/length and distance trees.
const flt = new u8(288);
for (let i = 0; i < 144; ++i) flt[i] = 8;
for (let i = 144; i < 256; ++i) flt[i] = 9;
for (let i = 256; i < 280; ++i) flt[i] = 7;
for (let i = 280; i < 288; ++i) flt[i] = 8;
const fdt = new u8(32);
for (let i = 0; i < 32; ++i) fdt[i] = 5;
const flm = hMap(flt, 9);
const fdm = hMap(fdt, 5);

const shft = (p: number) => ((p + 7) / 8) | 0;

/** Writes the bits of v (at most 9) at bit p. */
function wbits(d: Uint8Array, p: number, v: number): void {
  v <<= p & 7;
  const o = (p / 8) | 0;
  d[o]! |= v;
  d[o + 1]! |= v >> 8;
}

/** Writes the bits of v (more than 8) at bit p. */
function wbits16(d: Uint8Array, p: number, v: number): void {
  v <<= p & 7;
  const o = (p / 8) | 0;
  d[o]! |= v;
  d[o + 1]! |= v >> 8;
  d[o + 2]! |= v >> 16;
}

type Node = { s: number; f: number; l?: Node; r?: Node };
const et = new u8(0);

/** Code lengths from a frequency table, at most mb bits (UZIP.js's algorithm, as fflate has it). */
function hTree(d: Uint16Array, mb: number): { t: Uint8Array; l: number } {
  const t: Node[] = [];
  for (let i = 0; i < d.length; ++i) if (d[i]) t.push({ s: i, f: d[i]! });
  const s = t.length;
  const t2 = t.slice();
  if (!s) return { t: et, l: 0 };
  if (s == 1) {
    const v = new u8(t[0]!.s + 1);
    v[t[0]!.s] = 1;
    return { t: v, l: 1 };
  }
  t.sort((a, b) => a.f - b.f);
  t.push({ s: -1, f: 25001 });
  let l = t[0]!;
  let r = t[1]!;
  let i0 = 0;
  let i1 = 1;
  let i2 = 2;
  t[0] = { s: -1, f: l.f + r.f, l, r };
  while (i1 != s - 1) {
    l = t[t[i0]!.f < t[i2]!.f ? i0++ : i2++]!;
    r = t[i0 != i1 && t[i0]!.f < t[i2]!.f ? i0++ : i2++]!;
    t[i1++] = { s: -1, f: l.f + r.f, l, r };
  }
  let maxSym = t2[0]!.s;
  for (let i = 1; i < s; ++i) if (t2[i]!.s > maxSym) maxSym = t2[i]!.s;
  const tr = new u16(maxSym + 1);
  let mbt = ln(t[i1 - 1]!, tr, 0);
  if (mbt > mb) {
    let i = 0;
    let dt = 0;
    const lft = mbt - mb;
    const cst = 1 << lft;
    t2.sort((a, b) => tr[b.s]! - tr[a.s]! || a.f - b.f);
    for (; i < s; ++i) {
      const i2_1 = t2[i]!.s;
      if (tr[i2_1]! > mb) {
        dt += cst - (1 << (mbt - tr[i2_1]!));
        tr[i2_1] = mb;
      } else break;
    }
    dt >>= lft;
    while (dt > 0) {
      const i2_2 = t2[i]!.s;
      if (tr[i2_2]! < mb) dt -= 1 << (mb - tr[i2_2]!++ - 1);
      else ++i;
    }
    for (; i >= 0 && dt; --i) {
      const i2_3 = t2[i]!.s;
      if (tr[i2_3] == mb) {
        --tr[i2_3]!;
        ++dt;
      }
    }
    mbt = mb;
  }
  return { t: new u8(tr), l: mbt };
}

/** The depth of each leaf (its code length), and the tree's. */
function ln(n: Node, l: Uint16Array, d: number): number {
  return n.s == -1 ? Math.max(ln(n.l!, l, d + 1), ln(n.r!, l, d + 1)) : (l[n.s] = d);
}

/** Run-length codes of code lengths. */
function lc(c: Uint8Array): { c: Uint16Array; n: number } {
  let s = c.length;
  while (s && !c[--s]);
  const cl = new u16(++s);
  let cli = 0;
  let cln = c[0]!;
  let cls = 1;
  const w = (v: number) => {
    cl[cli++] = v;
  };
  for (let i = 1; i <= s; ++i) {
    if (c[i] == cln && i != s) ++cls;
    else {
      if (!cln && cls > 2) {
        for (; cls > 138; cls -= 138) w(32754);
        if (cls > 2) {
          w(cls > 10 ? ((cls - 11) << 5) | 28690 : ((cls - 3) << 5) | 12305);
          cls = 0;
        }
      } else if (cls > 3) {
        w(cln);
        --cls;
        for (; cls > 6; cls -= 6) w(8304);
        if (cls > 2) {
          w(((cls - 3) << 5) | 8208);
          cls = 0;
        }
      }
      while (cls--) w(cln);
      cls = 1;
      cln = c[i]!;
    }
  }
  return { c: cl.subarray(0, cli), n: s };
}

/** The length of the output of a tree's code lengths over frequencies. */
function clen(cf: Uint16Array, cl: Uint8Array): number {
  let l = 0;
  for (let i = 0; i < cl.length; ++i) l += cf[i]! * cl[i]!;
  return l;
}

/** Writes a stored block; returns the new bit position. */
function wfblk(out: Uint8Array, pos: number, dat: Uint8Array): number {
  const s = dat.length;
  const o = shft(pos + 2);
  out[o] = s & 255;
  out[o + 1] = s >> 8;
  out[o + 2] = out[o]! ^ 255;
  out[o + 3] = out[o + 1]! ^ 255;
  for (let i = 0; i < s; ++i) out[o + i + 4] = dat[i]!;
  return (o + 4 + s) * 8;
}

/** Writes a block (stored, fixed or dynamic, whichever is shortest); returns the new bit position. */
function wblk(dat: Uint8Array, out: Uint8Array, final: number, syms: Int32Array, lf: Uint16Array, df: Uint16Array, eb: number, li: number, bs: number, bl: number, p: number): number {
  wbits(out, p++, final);
  ++lf[256]!;
  const { t: dlt, l: mlb } = hTree(lf, 15);
  const { t: ddt, l: mdb } = hTree(df, 15);
  const { c: lclt, n: nlc } = lc(dlt);
  const { c: lcdt, n: ndc } = lc(ddt);
  const lcfreq = new u16(19);
  for (let i = 0; i < lclt.length; ++i) ++lcfreq[lclt[i]! & 31]!;
  for (let i = 0; i < lcdt.length; ++i) ++lcfreq[lcdt[i]! & 31]!;
  const { t: lct, l: mlcb } = hTree(lcfreq, 7);
  let nlcc = 19;
  for (; nlcc > 4 && !lct[clim[nlcc - 1]!]; --nlcc);
  const flen = (bl + 5) << 3;
  const ftlen = clen(lf, flt) + clen(df, fdt) + eb;
  const dtlen = clen(lf, dlt) + clen(df, ddt) + eb + 14 + 3 * nlcc + clen(lcfreq, lct) + 2 * lcfreq[16]! + 3 * lcfreq[17]! + 7 * lcfreq[18]!;
  if (bs >= 0 && flen <= ftlen && flen <= dtlen) return wfblk(out, p, dat.subarray(bs, bs + bl));
  let lm: Uint16Array;
  let ll: Uint8Array;
  let dm: Uint16Array;
  let dl: Uint8Array;
  wbits(out, p, 1 + Number(dtlen < ftlen));
  p += 2;
  if (dtlen < ftlen) {
    lm = hMap(dlt, mlb);
    ll = dlt;
    dm = hMap(ddt, mdb);
    dl = ddt;
    const llm = hMap(lct, mlcb);
    wbits(out, p, nlc - 257);
    wbits(out, p + 5, ndc - 1);
    wbits(out, p + 10, nlcc - 4);
    p += 14;
    for (let i = 0; i < nlcc; ++i) wbits(out, p + 3 * i, lct[clim[i]!]!);
    p += 3 * nlcc;
    for (const clct of [lclt, lcdt]) {
      for (let i = 0; i < clct.length; ++i) {
        const len = clct[i]! & 31;
        wbits(out, p, llm[len]!);
        p += lct[len]!;
        if (len > 15) {
          wbits(out, p, (clct[i]! >> 5) & 127);
          p += clct[i]! >> 12;
        }
      }
    }
  } else {
    lm = flm;
    ll = flt;
    dm = fdm;
    dl = fdt;
  }
  return writeSymbols(out, p, syms, li, lm, ll, dm, dl);
}

/** Writes a block's symbols and its end with the given codes (`lm`, `dm`) and code lengths (`ll`, `dl`); returns the new bit position. */
function writeSymbols(out: Uint8Array, p: number, syms: Int32Array, li: number, lm: Uint16Array, ll: Uint8Array, dm: Uint16Array, dl: Uint8Array): number {
  for (let i = 0; i < li; ++i) {
    const sym = syms[i]!;
    if (sym > 255) {
      const len = (sym >> 18) & 31;
      wbits16(out, p, lm[len + 257]!);
      p += ll[len + 257]!;
      if (len > 7) {
        wbits(out, p, (sym >> 23) & 31);
        p += fleb[len]!;
      }
      const dst = sym & 31;
      wbits16(out, p, dm[dst]!);
      p += dl[dst]!;
      if (dst > 3) {
        wbits16(out, p, (sym >> 5) & 8191);
        p += fdeb[dst]!;
      }
    } else {
      wbits16(out, p, lm[sym]!);
      p += ll[sym]!;
    }
  }
  wbits16(out, p, lm[256]!);
  return p + ll[256]!;
}

// Level 6's options: (nice length << 13) | chain length.
const LEVEL_6 = 1048704;
// The work arrays, kept between calls: the hash chain, the symbols (at most 25,000 a block), the
// hash heads (grown to the largest asked for, up to KEPT_HEADS).
const prev = new u16(32768);
const syms = new i32(25000);
let heads = new u16(1 << 12);
const lf = new u16(288);
const df = new u16(32);
// The output's room, grown to the largest asked for up to KEPT_OUT; each call's bytes are copied out of it.
let out = new u8(1 << 12);
// What the kept arrays grow to: enough for a page's content or a font's subset. A larger input (a
// signature image's 800 KB of pixels) has arrays of its own, let go after the call: kept, they
// held 3 MB for the life of the process (and of the start-up snapshot, which embeds the data's
// sample signature).
const KEPT_OUT = 1 << 19;
const KEPT_HEADS = 1 << 18;

/** The DEFLATE stream of `dat` at level 6, `pre` and `post` bytes left free around it (fflate's dflt, one final block or more). */
function dflt(dat: Uint8Array, plvl: number, pre: number, post: number): Uint8Array {
  const s = dat.length;
  const size = pre + s + 5 * (1 + Math.ceil(s / 7000)) + post;
  if (out.length < size && size <= KEPT_OUT) out = new u8(Math.min(KEPT_OUT, Math.max(size, 2 * out.length)));
  // Bits are or-ed in: the room written to starts as zeros.
  const o = size <= KEPT_OUT ? out.subarray(0, size).fill(0) : new u8(size);
  const w = o.subarray(pre, o.length - post);
  let pos = 0;
  const n = LEVEL_6 >> 13;
  const c = LEVEL_6 & 8191;
  const msk = (1 << plvl) - 1;
  if (heads.length < msk + 1 && msk + 1 <= KEPT_HEADS) heads = new u16(msk + 1);
  const head = msk + 1 <= KEPT_HEADS ? heads.subarray(0, msk + 1).fill(0) : new u16(msk + 1);
  lf.fill(0);
  df.fill(0);
  const bs1 = Math.ceil(plvl / 3);
  const bs2 = 2 * bs1;
  const hsh = (i: number) => (dat[i]! ^ (dat[i + 1]! << bs1) ^ (dat[i + 2]! << bs2)) & msk;
  let lcount = 0;
  let eb = 0;
  let i = 0;
  let li = 0;
  let wi = 0;
  let bs = 0;
  for (; i + 2 < s; ++i) {
    const hv = hsh(i);
    let imod = i & 32767;
    let pimod = head[hv]!;
    prev[imod] = pimod;
    head[hv] = imod;
    if (wi <= i) {
      const rem = s - i;
      if ((lcount > 7000 || li > 24576) && rem > 423) {
        pos = wblk(dat, w, 0, syms, lf, df, eb, li, bs, i - bs, pos);
        li = lcount = eb = 0;
        bs = i;
        for (let j = 0; j < 286; ++j) lf[j] = 0;
        for (let j = 0; j < 30; ++j) df[j] = 0;
      }
      let l = 2;
      let d = 0;
      let ch = c;
      let dif = (imod - pimod) & 32767;
      if (rem > 2 && hv == hsh(i - dif)) {
        const maxn = Math.min(n, rem) - 1;
        const maxd = Math.min(32767, i);
        const ml = Math.min(258, rem);
        while (dif <= maxd && --ch && imod != pimod) {
          if (dat[i + l] == dat[i + l - dif]) {
            let nl = 0;
            for (; nl < ml && dat[i + nl] == dat[i + nl - dif]; ++nl);
            if (nl > l) {
              l = nl;
              d = dif;
              if (nl > maxn) break;
              const mmd = Math.min(dif, nl - 2);
              let md = 0;
              for (let j = 0; j < mmd; ++j) {
                const ti = (i - dif + j) & 32767;
                const pti = prev[ti]!;
                const cd = (ti - pti) & 32767;
                if (cd > md) {
                  md = cd;
                  pimod = ti;
                }
              }
            }
          }
          imod = pimod;
          pimod = prev[imod]!;
          dif += (imod - pimod) & 32767;
        }
      }
      if (d) {
        syms[li++] = 268435456 | (revfl[l]! << 18) | revfd[d]!;
        const lin = revfl[l]! & 31;
        const din = revfd[d]! & 31;
        eb += fleb[lin]! + fdeb[din]!;
        ++lf[257 + lin]!;
        ++df[din]!;
        wi = i + l;
        ++lcount;
      } else {
        syms[li++] = dat[i]!;
        ++lf[dat[i]!]!;
      }
    }
  }
  for (i = Math.max(i, wi); i < s; ++i) {
    syms[li++] = dat[i]!;
    ++lf[dat[i]!]!;
  }
  pos = wblk(dat, w, 1, syms, lf, df, eb, li, bs, i - bs, pos);
  return o.slice(0, pre + shft(pos) + post);
}

/** Adler-32 of the data, as the zlib trailer has it. */
function adler32(d: Uint8Array): number {
  let a = 1;
  let b = 0;
  const l = d.length | 0;
  for (let i = 0; i != l; ) {
    const e = Math.min(i + 2655, l);
    for (; i < e; ++i) b += a += d[i]!;
    a = (a & 65535) + 15 * (a >> 16);
    b = (b & 65535) + 15 * (b >> 16);
  }
  a %= 65521;
  b %= 65521;
  return ((a & 255) << 24) | ((a & 0xff00) << 8) | ((b & 255) << 8) | (b >> 8);
}

/** `data` in zlib format at level 6: fflate's `zlibSync(data, { level: 6 })`, the same bytes. */
export function zlibLevel6(data: Uint8Array): Uint8Array {
  const plvl = Math.ceil(Math.max(8, Math.min(13, Math.log(data.length))) * 1.5);
  const d = dflt(data, plvl, 2, 4);
  // The header: deflate, 32 KB window, level 6's flag, the check bits.
  d[0] = 120;
  d[1] = 2 << 6;
  d[1] |= 31 - ((d[0] << 8) | d[1]) % 31;
  let v = adler32(data);
  for (let b = d.length - 4; v; ++b) {
    d[b] = v;
    v >>>= 8;
  }
  return d;
}
