/**
 * The browser-safe list reader (src/input/read-list.ts) reads lists as the CLI does. The studio
 * decodes CP949 with the browser's TextDecoder("euc-kr") (WHATWG: code page 949, UHC included);
 * Node's ICU "euc-kr" lacks the UHC extension, so that comparison is made in the browser
 * (test/web/studio.test.ts), and here with iconv-lite on both sides.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, loadSignatories } from '../../src/input/load-signatories.js';
import type { SignatoryList } from '../../src/input/parse-signatories.js';
import { decodeCsvBytes as decodeInBrowser, parseListBytes } from '../../src/input/read-list.js';

const iconvCp949 = (bytes: Uint8Array) => iconv.decode(Buffer.from(bytes), 'cp949');

/** The list's rows and their messages, rows that name a signature image left out. */
function withoutSignatures(list: SignatoryList) {
  const lines = new Set(list.rows.filter((row) => 'signatory' in row && row.signatory.signature).map((row) => row.line));
  return list.rows.filter((row) => !lines.has(row.line) && !('errors' in row && row.errors.some((error) => error.message.includes('signature:')))).map((row) => ('errors' in row ? { line: row.line, errors: row.errors.map((error) => error.message) } : row));
}

const FIXTURES = new URL('../fixtures/signatories/', import.meta.url).pathname;

describe('read-list', () => {
  it('reads each fixture, and each as CP949, to the same rows as the CLI', async () => {
    for (const name of await readdir(FIXTURES)) {
      const file = join(FIXTURES, name);
      const bytes = new Uint8Array(await readFile(file));
      const cli = await loadSignatories(file).then(
        (list) => JSON.stringify(withoutSignatures(list)),
        (error: Error) => `error: ${error.message}`,
      );
      // Signature images are the CLI's to check (the studio reads no files beside the list): rows naming one are left out of the comparison.
      const studio = await parseListBytes(file, bytes, iconvCp949).then(
        (list) => JSON.stringify(withoutSignatures(list)),
        (error: Error) => `error: ${error.message}`,
      );
      expect(studio, name).toBe(cli);
      const text = new TextDecoder().decode(bytes);
      if (!/[가-힣]/.test(text)) continue;
      const cp949 = new Uint8Array(iconv.encode(text, 'cp949'));
      expect(decodeInBrowser(cp949, name, iconvCp949), name).toBe(decodeCsvBytes(cp949, name));
    }
  });
});
