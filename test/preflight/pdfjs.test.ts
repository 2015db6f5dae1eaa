import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { loadPdfjs } from '../../src/preflight/pdfjs.js';

/**
 * Whether push is V8's: V8's (Node 20) pushes nothing onto an array whose length cannot be written
 * without a word, where core-js's throws (which is why it replaces V8's). Its toString says
 * "[native code]" like V8's, so only what it does tells them apart.
 */
function isV8Push(): boolean {
  try {
    Object.defineProperty([], 'length', { writable: false }).push();
    return true;
  } catch {
    return false;
  }
}

/** Whether JSON.parse is V8's: core-js's hands a reviver the source text as a third argument, V8's (Node 20) does not. */
const isV8Parse = () => JSON.parse('1', (_key, value, ...more: unknown[]) => (more.length > 0 ? 'core-js' : value)) === 1;

describe('loadPdfjs', () => {
  it('loads pdf.js and its worker, and leaves the process its own push and JSON.parse after a document is read', async () => {
    const pdfjs = await loadPdfjs();
    const doc = await PDFDocument.create();
    doc.addPage([200, 100]);
    const pdf = await pdfjs.getDocument({ data: await doc.save(), verbosity: 0 }).promise;
    expect(pdf.numPages).toBe(1);
    await (await pdf.getPage(1)).getOperatorList();
    await pdf.destroy();
    expect('pdfjsWorker' in globalThis).toBe(true);
    expect(isV8Push()).toBe(true);
    expect(isV8Parse()).toBe(true);
    expect(await loadPdfjs()).toBe(pdfjs);
  });
});
