/** Byte helpers shared by the PDF, PNG and claim writers (browser-safe: no Node modules). */

/** The parts joined into one array, in order. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** True when both arrays hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Values kept by the bytes they were made from, compared whole (no digest that two files could
 * share): for what the start-up snapshot keeps from the data's files (a signature image checked
 * and embedded once at build time). Found by length first, so a lookup costs one comparison at most
 * for the few files kept.
 */
export class KeptByBytes<V> {
  private readonly byLength = new Map<number, { bytes: Uint8Array; value: V }[]>();

  get(bytes: Uint8Array): V | undefined {
    return this.byLength.get(bytes.length)?.find((entry) => sameBytes(entry.bytes, bytes))?.value;
  }

  set(bytes: Uint8Array, value: V): void {
    const entries = this.byLength.get(bytes.length) ?? [];
    this.byLength.set(bytes.length, [...entries.filter((entry) => !sameBytes(entry.bytes, bytes)), { bytes: bytes.slice(), value }]);
  }
}
