/**
 * Output file names made from signatories' names: the one pure function every certificate's path
 * comes from (as md-to-pdf's `get-output-file-path.ts`). No file system here, so it is tested alone.
 */

/** A name's part of a signatory: the romanised name wins, else the Hangul one. */
export interface NamedRow {
  /** Name in Hangul. */
  nameKo?: string;
  /** Name in Latin script. */
  nameEn?: string;
}

/** The longest file name stem, in UTF-8 bytes: 255 is the common limit, and writeAtomic adds about 30 for its temporary name. */
export const MAX_STEM_BYTES = 120;

// Windows refuses these as a file name, with any extension and in any case (CON, con.pdf, COM1…).
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/**
 * A file name stem that every common file system accepts: letters (any script, diacritics kept),
 * digits, `-`, `_` and single inner dots; everything else (path separators, `..`, control and
 * format characters, `<>:"|?*`, spaces) becomes `-`; never empty, never hidden, never a Windows
 * device name, at most MAX_STEM_BYTES bytes of UTF-8.
 */
export function safeStem(name: string): string {
  let stem = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    // A leading dot hides the file; Windows drops a trailing dot or space.
    .replace(/^[.-]+|[.-]+$/g, '');
  stem = truncateUtf8(stem, MAX_STEM_BYTES).replace(/[.-]+$/, '');
  if (stem === '') return 'signatory';
  if (WINDOWS_RESERVED.test(stem.split('.')[0]!)) stem = `_${stem}`;
  return stem;
}

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  // Whole grapheme clusters, so a base letter never loses its combining mark.
  for (const { segment } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)) {
    const size = encoder.encode(segment).length;
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/**
 * The PDF file name of every row, in row order: `safeStem` of the romanised name (else the Hangul
 * one) plus `.pdf`, made unique case-insensitively (macOS and Windows fold case) by a `-2`, `-3`…
 * suffix on the later rows. Pure and deterministic: the same list gives the same names, so every
 * shard of a batch agrees on them.
 */
export function certificateFileNames(rows: readonly NamedRow[]): string[] {
  const taken = new Set<string>();
  // The next suffix to try for each stem: a name once taken stays taken, so the search for a free
  // `-n` resumes where the last one stopped, and the whole list is named in linear time (5,000
  // rows sharing one common Korean name were quadratic before: 13 s).
  const nextSuffix = new Map<string, number>();
  return rows.map((row) => {
    const stem = safeStem(row.nameEn ?? row.nameKo ?? '');
    let name = stem;
    if (taken.has(foldCase(name))) {
      let n = nextSuffix.get(foldCase(stem)) ?? 2;
      do {
        const suffix = `-${n++}`;
        name = truncateUtf8(stem, MAX_STEM_BYTES - suffix.length) + suffix;
      } while (taken.has(foldCase(name)));
      nextSuffix.set(foldCase(stem), n);
    }
    taken.add(foldCase(name));
    return `${name}.pdf`;
  });
}

function foldCase(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
