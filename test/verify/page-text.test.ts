/**
 * `verify` counts only the text a reader sees: a signed certificate whose page still carries the
 * claim's names and ID, but hidden (too small to read, off the page, or in an invisible rendering
 * mode), is not VALID. Each case edits a real signed certificate with pdf-lib.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/core/files.js';
import { initKeys, loadPublicKey } from '../../src/core/signing.js';
import { buildCertificates } from '../../src/products/certificates.js';
import { shown, verifyPdf } from '../../src/verify/verify.js';

let dir: string;
let certificate: string;
let publicKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dp-page-text-'));
  const keys = await initKeys(join(dir, 'keys'));
  publicKey = keys.publicKey;
  const out = join(dir, 'out');
  await buildCertificates({ signatories: join(DATA_DIR, 'signatories.sample.csv'), out, key: keys.privateKey });
  certificate = join(out, (await readdir(out)).find((name) => name.endsWith('.pdf'))!);
});

/** The certificate with `edit` applied to its page, saved beside it; returns the new file. */
async function edited(name: string, edit: (page: PDFPage, doc: PDFDocument) => void): Promise<string> {
  const doc = await PDFDocument.load(await readFile(certificate), { updateMetadata: false });
  edit(doc.getPage(0), doc);
  const file = join(dir, `${name}.pdf`);
  await writeFile(file, await doc.save());
  return file;
}

/** Puts `operators` in front of the page's own content, in a stream of their own. */
function prepend(page: PDFPage, doc: PDFDocument, operators: string): void {
  const first = doc.context.register(doc.context.stream(operators));
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [page.node.get(PDFName.of('Contents'))!];
  page.node.set(PDFName.of('Contents'), doc.context.obj([first, ...refs]));
}

describe('verify reads only the text a reader sees', () => {
  it('passes the certificate as made, and as saved again unchanged', async () => {
    const key = await loadPublicKey(publicKey);
    expect((await verifyPdf(certificate, key)).valid).toBe(true);
    expect((await verifyPdf(await edited('unchanged', () => {}), key)).valid).toBe(true);
  });

  it('fails a page whose text is drawn a tenth of its size, off the page, or invisibly', async () => {
    const key = await loadPublicKey(publicKey);
    const cases = {
      tiny: await edited('tiny', (page, doc) => prepend(page, doc, '0.1 0 0 0.1 0 0 cm')),
      off: await edited('off', (page, doc) => prepend(page, doc, `1 0 0 1 ${page.getWidth() * 2} 0 cm`)),
      invisible: await edited('invisible', (page, doc) => prepend(page, doc, '3 Tr')),
    };
    for (const [name, file] of Object.entries(cases)) {
      const result = await verifyPdf(file, key);
      expect(result.valid, name).toBe(false);
      expect(result.reason, name).toBe('PAGE_MISMATCH');
    }
    expect((await verifyPdf(cases.invisible, key)).detail).toContain('invisibly');
  });
});

describe('shown', () => {
  const view = [0, 0, 595, 842];
  it('counts text on the page at a readable size, rotated or not', () => {
    expect(shown({ str: 'Hong', transform: [12, 0, 0, 12, 100, 400], width: 30 }, view)).toBe(true);
    expect(shown({ str: 'SEAL', transform: [0, 6.6, -6.6, 0, 300, 300], width: 20 }, view)).toBe(true);
  });
  it('does not count text under 4 pt, or starting or ending off the page', () => {
    expect(shown({ str: 'Hong', transform: [3, 0, 0, 3, 100, 400], width: 10 }, view)).toBe(false);
    expect(shown({ str: 'Hong', transform: [12, 0, 0, 12, -200, 400], width: 30 }, view)).toBe(false);
    expect(shown({ str: 'Hong', transform: [12, 0, 0, 12, 580, 400], width: 30 }, view)).toBe(false);
    expect(shown({ str: 'Hong', transform: [12, 0, 0, 12, 100, 900], width: 30 }, view)).toBe(false);
  });
});
