/**
 * pdf.js (its legacy build, the one that runs on Node 20), loaded once per process with its worker,
 * leaving the process's own Array.prototype.push and JSON.parse in place.
 *
 * The legacy build carries core-js, which on Node 20 replaces both for everything in the process:
 * push, because V8's does not throw when it pushes nothing onto an array whose length cannot be
 * written (a case nothing here meets), with a JavaScript push that looks up the array's length
 * descriptor on every call; JSON.parse with a parser in JavaScript (for the JSON.parse source text
 * proposal, which nothing here uses). Measured 2026-12-03 on the 2-core machine: that push took 9%
 * of the CPU of the whole test suite (21 s of 230 s, most of it inside pdf.js's own operator
 * lists); `check` of 10 PDFs of the standard set took 0.80x the time with it gone (4.08 s against
 * 5.09 s, 0.92x the CPU; 7 runs alternated). The fake worker pdf.js runs on Node is the same code
 * in this thread: loading it here (it sets globalThis.pdfjsWorker, which pdf.js then uses) keeps it
 * from replacing push again later.
 */
import { importModule } from '../core/import-module.js';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<Pdfjs> | undefined;

/** pdf.js's main module's exports, its worker loaded too, the process's push and JSON.parse restored; the same object every time. */
export function loadPdfjs(): Promise<Pdfjs> {
  loaded ??= (async () => {
    const { push } = Array.prototype;
    const { parse } = JSON;
    try {
      const pdfjs = await importModule<Pdfjs>('pdfjs-dist/legacy/build/pdf.mjs');
      await importModule('pdfjs-dist/legacy/build/pdf.worker.mjs');
      // A plain object rather than the module's namespace, whose exports cannot be replaced: the
      // tests watch what the check hands getDocument.
      return { ...pdfjs };
    } finally {
      Array.prototype.push = push;
      JSON.parse = parse;
    }
  })();
  return loaded;
}
