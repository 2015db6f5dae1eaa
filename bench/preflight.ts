/**
 * The preflight's two measurements, each step in a process of its own so that its peak RSS is its
 * own (Linux carries a parent's peak into the child it forks: this process stays small).
 *
 *   npx tsx bench/preflight.ts pages [text|certificates] [pages…]
 *     checkPdf on files of 1,000, 5,000 and 20,000 pages: is `check` linear in pages?
 *     text: a line of Helvetica a page in one flat page tree, as pdf-lib writes it;
 *     certificates: a batch's combined print file (a static form and a name a page).
 *   npx tsx bench/preflight.ts walk [file.pdf…]
 *     our content walk (lexer.ts, content.ts) against pdf.js's getOperatorList on the same pages;
 *     by default a 24 x 36 in poster over a 300 ppi photo, and 1,000 certificates.
 *
 * Fixtures are made once in the temp folder and kept for the next run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { checkPdf } from '../src/preflight/check-pdf.js';
import { ContentWalker } from '../src/preflight/content.js';
import { asDict, inherited } from '../src/preflight/pdf-objects.js';

const self = (...args: string[]): string => execFileSync(process.execPath, ['--import', 'tsx', process.argv[1]!, ...args], { encoding: 'utf8' });
const fixture = (name: string, make: string[]): string => {
  const file = join(tmpdir(), `dp-bench-${name}.pdf`);
  if (!existsSync(file)) self(...make, file);
  return file;
};
const peakMb = (): number => process.resourceUsage().maxRSS / 1024;

async function makeText(pages: number, out: string): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Certificate ${i + 1}: Washington Declaration`, { font, x: 72, y: 700, size: 18 });
  writeFileSync(out, await doc.save());
}

async function makeCertificates(pages: number, out: string): Promise<void> {
  const { buildCertificates } = await import('../src/products/certificates.js');
  const csv = join(tmpdir(), `dp-bench-signatories-${pages}.csv`);
  const rows = Array.from({ length: pages }, (_, i) => `김서명${i},Signatory ${i},서명자,Signatory,`);
  writeFileSync(csv, ['name_ko,name_en,role_ko,role_en,signature', ...rows].join('\n'));
  await buildCertificates({ signatories: csv, combined: out });
}

/** The 24 x 36 in poster over a full-bleed photo at 300 ppi (7,275 x 10,875 px with its bleed, RGB). */
async function makePosterOverPhoto(out: string): Promise<void> {
  const { makePoster } = await import('../src/products/poster.js');
  const doc = await PDFDocument.load(await makePoster({ size: '24x36' }));
  const page = doc.getPage(0);
  const { width, height } = page.getMediaBox();
  const px = [Math.round((width / 72) * 300), Math.round((height / 72) * 300)] as const;
  const raw = Buffer.alloc(px[0] * px[1] * 3);
  for (let y = 0, i = 0; y < px[1]; y++) {
    for (let x = 0; x < px[0]; x++, i += 3) {
      raw[i] = (x >> 3) & 0xff;
      raw[i + 1] = (y >> 4) & 0xff;
      raw[i + 2] = ((x + y) >> 5) & 0xff;
    }
  }
  const photo = doc.context.register(doc.context.stream(deflateSync(raw, { level: 1 }), {
    Type: 'XObject', Subtype: 'Image', Width: px[0], Height: px[1], ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'FlateDecode',
  }));
  page.node.setXObject(PDFName.of('Photo'), photo);
  const under = doc.context.register(doc.context.stream(`q ${width} 0 0 ${height} 0 0 cm /Photo Do Q`));
  const contents = page.node.get(PDFName.of('Contents'));
  const existing = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  page.node.set(PDFName.of('Contents'), doc.context.obj([under, ...existing]));
  writeFileSync(out, await doc.save());
}

/** Our walk: pdf-lib opens the file, the lexer reads every page's content and forms. */
async function walkOurs(bytes: Uint8Array): Promise<{ open: number; walk: number; what: string }> {
  let started = performance.now();
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const open = performance.now() - started;
  started = performance.now();
  const walker = new ContentWalker(doc.context);
  doc.getPages().forEach((page, i) => walker.walkPage(page, i + 1, asDict(doc.context, inherited(page, 'Resources'))));
  return { open, walk: performance.now() - started, what: `${walker.facts.images.length} image placements` };
}

/** pdf.js: opens the file and builds every page's operator list, which decodes every image (and parses every font). */
async function walkPdfjs(bytes: Uint8Array): Promise<{ open: number; walk: number; what: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let started = performance.now();
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  const open = performance.now() - started;
  started = performance.now();
  let operators = 0;
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const list = await page.getOperatorList();
    operators += list.fnArray.length;
    // The list arrives before its images' pixels, which follow as page objects: wait for those too.
    const images = list.fnArray.flatMap((fn, at) => (fn === pdfjs.OPS.paintImageXObject ? [list.argsArray[at][0] as string] : []));
    await Promise.all(images.map((id) => new Promise((done) => page.objs.get(id, done))));
    page.cleanup();
  }
  const walk = performance.now() - started;
  await pdf.destroy();
  return { open, walk, what: `${operators} operators` };
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'make-text':
    await makeText(Number(rest[0]), rest[1]!);
    break;
  case 'make-certificates':
    await makeCertificates(Number(rest[0]), rest[1]!);
    break;
  case 'make-poster':
    await makePosterOverPhoto(rest[0]!);
    break;
  case 'check': {
    const bytes = new Uint8Array(readFileSync(rest[0]!));
    const started = performance.now();
    await checkPdf(bytes, { file: rest[0]!, requireBoxes: false });
    console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, peak: peakMb() }));
    break;
  }
  case 'walk-ours':
  case 'walk-pdfjs': {
    const bytes = new Uint8Array(readFileSync(rest[0]!));
    const result = await (command === 'walk-ours' ? walkOurs(bytes) : walkPdfjs(bytes));
    console.log(JSON.stringify({ ...result, peak: peakMb() }));
    break;
  }
  case 'walk': {
    const files = rest.length > 0 ? rest : [fixture('poster-over-photo', ['make-poster']), fixture('certificates-1000', ['make-certificates', '1000'])];
    for (const file of files) {
      for (const which of ['ours', 'pdfjs']) {
        const { open, walk, what, peak } = JSON.parse(self(`walk-${which}`, file)) as { open: number; walk: number; what: string; peak: number };
        console.log(`${file}: ${which.padEnd(5)} open ${(open / 1000).toFixed(2)} s, walk ${(walk / 1000).toFixed(2).padStart(6)} s, peak RSS ${peak.toFixed(0).padStart(5)} MB (${what})`);
      }
    }
    break;
  }
  case 'pages':
  default: {
    const args = command === 'pages' ? rest : [];
    const kind = args[0] === 'certificates' ? 'certificates' : 'text';
    const sizes = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
    for (const pages of sizes.length > 0 ? sizes : [1000, 5000, 20000]) {
      const file = fixture(`${kind}-${pages}`, [`make-${kind}`, String(pages)]);
      const { seconds, peak } = JSON.parse(self('check', file)) as { seconds: number; peak: number };
      console.log(`${kind} ${String(pages).padStart(6)} pages: ${seconds.toFixed(1).padStart(6)} s, ${((seconds * 1000) / pages).toFixed(2)} ms a page, peak RSS ${peak.toFixed(0)} MB`);
    }
  }
}
