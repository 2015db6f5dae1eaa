import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkPdf, type PdfCheckReport } from '../../src/preflight/check-pdf.js';
import { FANOUT } from '../../src/preflight/page-tree.js';
import { loadPdfjs } from '../../src/preflight/pdfjs.js';

/** The bytes checkPdf hands pdf.js, caught on their way in. */
const given: Uint8Array[] = [];

const PAGES = 500;

/** `pages` pages in one flat /Kids array, as pdf-lib writes them, each saying `Page n` in one font embedded once. */
async function flatPdf(pages: number, save?: Parameters<PDFDocument['save']>[0]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([200, 100]).drawText(`Page ${i}`, { font, x: 10, y: 50, size: 12 });
  return doc.save(save);
}

/** A page-tree node as pdf.js sees it when it looks for a page: its /Count, and its kids if it has any. */
interface TreeNode {
  count: number;
  kids?: TreeNode[];
}

/** The page tree of a file, read once with pdf-lib. */
async function readTree(bytes: Uint8Array): Promise<TreeNode> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const read = (node: PDFDict): TreeNode => {
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (!kids) return { count: 1 };
    return { count: node.lookup(PDFName.of('Count'), PDFNumber).asNumber(), kids: kids.asArray().map((kid) => read(doc.context.lookup(kid as PDFRef, PDFDict))) };
  };
  return read(doc.catalog.lookup(PDFName.of('Pages'), PDFDict));
}

/**
 * How many page-tree nodes pdf.js looks at to find each page, at most, and the widest node:
 * Catalog.getPageDict walks /Kids in order and skips a subtree only whole, by its /Count.
 */
function lookupCost(root: TreeNode): { pages: number; most: number; widest: number } {
  let widest = 0;
  const steps = (node: TreeNode, index: number): number => {
    widest = Math.max(widest, node.kids!.length);
    let before = 0;
    for (const [i, kid] of node.kids!.entries()) {
      if (index < before + kid.count) return i + 1 + (kid.kids ? steps(kid, index - before) : 0);
      before += kid.count;
    }
    throw new Error(`page ${index + 1} not found`);
  };
  let most = 0;
  for (let i = 0; i < root.count; i++) most = Math.max(most, steps(root, i));
  return { pages: root.count, most, widest };
}

let flat: Uint8Array;
let report: PdfCheckReport;

beforeAll(async () => {
  // Every getDocument of the pdf.js the check loads (the same object every time) keeps a copy of its data.
  const pdfjs = await loadPdfjs();
  const { getDocument } = pdfjs;
  vi.spyOn(pdfjs, 'getDocument').mockImplementation((params) => {
    given.push((params as { data: Uint8Array }).data.slice());
    return getDocument(params);
  });
  flat = await flatPdf(PAGES);
  given.length = 0;
  report = await checkPdf(flat, { file: 'flat.pdf', requireBoxes: false });
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('checkPdf on many pages', () => {
  it('starts from a flat page tree, where pdf.js would look at up to every page to find one', async () => {
    expect(lookupCost(await readTree(flat))).toEqual({ pages: PAGES, most: PAGES, widest: PAGES });
  });

  it(`hands pdf.js a page tree in which finding any page takes at most ${FANOUT} steps a level`, async () => {
    expect(given).toHaveLength(1);
    const tree = lookupCost(await readTree(given[0]!));
    expect(tree.pages).toBe(PAGES);
    expect(tree.widest).toBeLessThanOrEqual(FANOUT);
    // 500 pages: 16 nodes of up to 32 pages under one root, 2 levels (a flat tree: 500 steps).
    expect(tree.most).toBeLessThanOrEqual(2 * FANOUT);
  });

  it('reads every page back in order, with the text each page draws', () => {
    expect(report.ok).toBe(false); // Helvetica is not embedded; the rest must pass
    expect(report.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual(['fonts']);
    expect(report.facts.pages).toBe(PAGES);
    // "Page 7" is 5 characters without the space, "Page 123" 7.
    expect(report.facts.text.map((page) => page.extractedChars)).toEqual(
      Array.from({ length: PAGES }, (_, i) => 4 + String(i + 1).length),
    );
    expect(report.facts.fonts).toHaveLength(1);
    expect(report.facts.fonts[0]!.pages).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
  });

  it('hands pdf.js the file as it is when its startxref points at no cross-reference section, and pdf.js still reads every page', async () => {
    const text = new TextDecoder('latin1').decode(await flatPdf(40, { useObjectStreams: false }));
    // Offset 9 is inside the header: pdf-lib reads the file without it, pdf.js rebuilds its table.
    const broken = new Uint8Array(Buffer.from(text.replace(/startxref\s+\d+/, 'startxref\n9'), 'latin1'));
    given.length = 0;
    const result = await checkPdf(broken, { file: 'broken-xref.pdf', requireBoxes: false });
    expect(given[0]).toEqual(broken);
    expect(result.facts.text.map((page) => page.extractedChars)).toEqual(Array.from({ length: 40 }, (_, i) => 4 + String(i + 1).length));
  });

  it('keeps what pages inherit from the original tree (resources, media box), and reads a file saved without object streams', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 1; i <= 100; i++) {
      const page = doc.addPage();
      page.node.delete(PDFName.of('Resources'));
      page.node.delete(PDFName.of('MediaBox'));
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(`BT /F1 12 Tf 10 50 Td (Page ${i}) Tj ET`)));
    }
    // Every page inherits its font and size from the root of the page tree.
    const root = doc.catalog.lookup(PDFName.of('Pages'), PDFDict);
    root.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font.ref } }));
    root.set(PDFName.of('MediaBox'), doc.context.obj([0, 0, 200, 100]));
    const inherited = await checkPdf(await doc.save({ useObjectStreams: false }), { file: 'inherited.pdf', requireBoxes: false });
    expect(inherited.checks.find((check) => check.name === 'text')).toMatchObject({ ok: true });
    expect(inherited.facts.text.map((page) => page.extractedChars)).toEqual(Array.from({ length: 100 }, (_, i) => 4 + String(i + 1).length));
    expect(inherited.facts.boxes.every((box) => box.media?.x2 === 200)).toBe(true);
  });
});
