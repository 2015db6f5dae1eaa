/**
 * Before each test file: pdf.js loaded as the CLI loads it (src/preflight/pdfjs.ts), with its
 * worker and without its replacements of Array.prototype.push and JSON.parse, before the file's own
 * imports of pdfjs-dist take the module already loaded. The tests read PDFs with pdf.js throughout,
 * and its push alone took 9% of the suite's CPU.
 */
import { loadPdfjs } from '../src/preflight/pdfjs.js';

await loadPdfjs();
