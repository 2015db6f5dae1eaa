/**
 * A TrueType subsetter that copies glyph outlines as bytes. fontkit 2's subsetter decodes every
 * glyph's outline (only to learn whether it is composite) and re-encodes cvt/fpgm/prep through
 * restructure: about 2 ms per NanumMyeongjo subset, which a batch of thousands of certificates pays
 * several times per file. This writes the same tables (head, hhea, loca, maxp, cvt, prep, glyf, hmtx,
 * fpgm: what PDF needs, ISO 32000-1 9.9) from the font's raw bytes, in well under 0.1 ms.
 */

/** The parsed fontkit font this reads: its bytes and table directory, and its loca offsets. */
export interface RawTrueType {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  loca: { offsets: ArrayLike<number> };
  hhea: { numberOfMetrics: number };
}

const COPIED = ['cvt ', 'fpgm', 'prep'] as const;

/** A subset under construction: glyph ids in, new ids out, then the font file. */
export class TrueTypeSubset {
  /** The glyph ids held, in subset order (a subset glyph's id is its index here). */
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(private readonly font: RawTrueType) {
    // Glyph 0 (.notdef) stays glyph 0, as every subset must have it.
    this.includeGlyph(0);
  }

  /** Adds a glyph (a fontkit glyph or its id) and returns its id in the subset. */
  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'object' ? glyph.id : glyph;
    let mapped = this.mapping.get(id);
    if (mapped === undefined) {
      mapped = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping.set(id, mapped);
    }
    return mapped;
  }

  /** The subset font file. */
  encode(): Uint8Array {
    const bytes = this.font.stream.buffer;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const table = (tag: string) => {
      const entry = this.font.directory.tables[tag];
      return entry && bytes.subarray(entry.offset, entry.offset + entry.length);
    };
    const glyf = this.font.directory.tables.glyf!;
    const hmtx = this.font.directory.tables.hmtx!;
    const offsets = this.font.loca.offsets;
    const metrics = this.font.hhea.numberOfMetrics;

    const outlines: Uint8Array[] = [];
    const advances: number[] = [];
    const bearings: number[] = [];
    // Composite glyphs add their components to `glyphs` as they go: a growing list, read by index.
    for (let i = 0; i < this.glyphs.length; i++) {
      const id = this.glyphs[i]!;
      const start = glyf.offset + offsets[id]!;
      let outline = bytes.subarray(start, glyf.offset + offsets[id + 1]!);
      if (outline.length >= 10 && view.getInt16(start) < 0) outline = this.remapComponents(outline);
      outlines.push(outline);
      const metric = hmtx.offset + 4 * Math.min(id, metrics - 1);
      advances.push(view.getUint16(metric));
      bearings.push(id < metrics ? view.getInt16(metric + 2) : view.getInt16(hmtx.offset + 4 * metrics + 2 * (id - metrics)));
    }

    // Outlines padded to 4 bytes, long loca: simple and valid for any size.
    const glyfLength = outlines.reduce((sum, outline) => sum + ((outline.length + 3) & ~3), 0);
    const glyfTable = new Uint8Array(glyfLength);
    const loca = new DataView(new ArrayBuffer(4 * (outlines.length + 1)));
    let at = 0;
    for (const [i, outline] of outlines.entries()) {
      loca.setUint32(4 * i, at);
      glyfTable.set(outline, at);
      at += (outline.length + 3) & ~3;
    }
    loca.setUint32(4 * outlines.length, at);
    const hmtxTable = new DataView(new ArrayBuffer(4 * outlines.length));
    for (let i = 0; i < outlines.length; i++) {
      hmtxTable.setUint16(4 * i, advances[i]!);
      hmtxTable.setInt16(4 * i + 2, bearings[i]!);
    }
    const head = new Uint8Array(table('head')!);
    new DataView(head.buffer).setUint32(8, 0); // checkSumAdjustment: recomputed below
    new DataView(head.buffer).setInt16(50, 1); // indexToLocFormat: long
    const hhea = new Uint8Array(table('hhea')!);
    new DataView(hhea.buffer).setUint16(34, outlines.length); // numberOfHMetrics
    const maxp = new Uint8Array(table('maxp')!);
    new DataView(maxp.buffer).setUint16(4, outlines.length); // numGlyphs

    const tables: [string, Uint8Array][] = [
      ['glyf', glyfTable],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', new Uint8Array(hmtxTable.buffer)],
      ['loca', new Uint8Array(loca.buffer)],
      ['maxp', maxp],
      ...COPIED.flatMap((tag) => (table(tag) ? [[tag, table(tag)!] as [string, Uint8Array]] : [])),
    ];
    tables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return writeFont(tables);
  }

  /** pdf-lib 1.17 reads a subset through `encodeStream()` (on data / end / error). */
  encodeStream() {
    return streamOnce(() => this.encode());
  }

  /** A composite glyph's bytes with its components' ids replaced by their subset ids (OpenType glyf, composite glyph description). */
  private remapComponents(outline: Uint8Array): Uint8Array {
    const copy = new Uint8Array(outline);
    const view = new DataView(copy.buffer);
    let pos = 10;
    for (;;) {
      const flags = view.getUint16(pos);
      view.setUint16(pos + 2, this.includeGlyph(view.getUint16(pos + 2)));
      pos += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) pos += 2;
      else if (flags & 0x0040) pos += 4;
      else if (flags & 0x0080) pos += 8;
      if (!(flags & 0x0020)) return copy;
    }
  }
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum = (sum + (((data[i]! << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0)) >>> 0)) >>> 0;
  }
  return sum;
}

/** An sfnt file from tables sorted by tag, with checksums and head's checkSumAdjustment. */
function writeFont(tables: [string, Uint8Array][]): Uint8Array {
  const count = tables.length;
  const headerLength = 12 + 16 * count;
  const length = tables.reduce((sum, [, data]) => sum + ((data.length + 3) & ~3), headerLength);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, 0x00010000);
  view.setUint16(4, count);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, count * 16 - searchRange);
  let at = headerLength;
  let headAt = -1;
  for (const [i, [tag, data]] of tables.entries()) {
    const entry = 12 + 16 * i;
    for (let c = 0; c < 4; c++) view.setUint8(entry + c, tag.charCodeAt(c));
    view.setUint32(entry + 4, checksum(data));
    view.setUint32(entry + 8, at);
    view.setUint32(entry + 12, data.length);
    out.set(data, at);
    if (tag === 'head') headAt = at;
    at += (data.length + 3) & ~3;
  }
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

type Listener = (value?: unknown) => void;

/**
 * The stream pdf-lib 1.17 reads a font subset from (`on('data') / on('end') / on('error')`), over a
 * subsetter that encodes in one call; it emits on the next microtask, after all listeners are attached.
 */
export function streamOnce(encode: () => Uint8Array) {
  const listeners: Record<string, Listener[]> = { data: [], end: [], error: [] };
  const stream = {
    on(event: string, listener: Listener) {
      (listeners[event] ??= []).push(listener);
      return stream;
    },
  };
  queueMicrotask(() => {
    let bytes: Uint8Array;
    try {
      bytes = encode();
    } catch (error) {
      for (const listener of listeners.error!) listener(error);
      return;
    }
    for (const listener of listeners.data!) listener(bytes);
    for (const listener of listeners.end!) listener();
  });
  return stream;
}
