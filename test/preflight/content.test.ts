import { PDFDocument, PDFName, type PDFRef } from 'pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentWalker } from '../../src/preflight/content.js';
import { ContentLexer } from '../../src/preflight/lexer.js';
import { asDict, inherited } from '../../src/preflight/pdf-objects.js';

/** A grey image of `px` × `px` pixels (the walk reads only its dictionary). */
function image(doc: PDFDocument, px: number): PDFRef {
  return doc.context.register(doc.context.stream(new Uint8Array(px * px), {
    Type: 'XObject', Subtype: 'Image', Width: px, Height: px, ColorSpace: 'DeviceGray', BitsPerComponent: 8,
  }));
}

/** A form that draws /Im0 on its unit square, scaled to 100 pt, 40 operators of padding around it, and a line of text. */
function form(doc: PDFDocument, resources: { XObject: Record<string, PDFRef> } | undefined): PDFRef {
  const padding = Array.from({ length: 10 }, () => 'q 1 0 0 1 0 0 cm Q').join('\n');
  const content = `${padding}\nq 100 0 0 100 0 0 cm /Im0 Do Q\nBT /F1 12 Tf (Signed) Tj ET\n${padding}`;
  return doc.context.register(doc.context.stream(content, {
    Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 100, 100], ...(resources ? { Resources: doc.context.obj(resources) } : {}),
  }));
}

/** `pages` pages, page i drawing the one form at scale `1 + i / 10`. */
async function pagesDrawingOneForm(pages: number): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const shared = form(doc, { XObject: { Im0: image(doc, 100) } });
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([400, 400]);
    page.node.setXObject(PDFName.of('Fm'), shared);
    const scale = 1 + i / 10;
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(`q ${scale} 0 0 ${scale} 0 0 cm /Fm Do Q`)));
  }
  return doc;
}

function walk(doc: PDFDocument): ContentWalker {
  const walker = new ContentWalker(doc.context);
  doc.getPages().forEach((page, i) => walker.walkPage(page, i + 1, asDict(doc.context, inherited(page, 'Resources'))));
  return walker;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ContentWalker', () => {
  it('walks a form drawn on every page once, and places its image at each page\'s own scale', async () => {
    const walker = walk(await pagesDrawingOneForm(20));
    expect(walker.formWalks).toBe(1);
    expect(walker.facts.images.map((image) => [image.page, image.name])).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1, '/Fm /Im0']));
    // 100 px on 100 pt is 72 ppi; page i draws it (1 + i/10) times larger.
    walker.facts.images.forEach((image, i) => expect(image.ppi).toBeCloseTo(72 / (1 + i / 10), 9));
    expect(walker.facts.problems).toEqual([]);
  });

  it('does the same work for each further page: the form is not lexed again', async () => {
    const next = vi.spyOn(ContentLexer.prototype, 'next');
    walk(await pagesDrawingOneForm(100));
    const hundred = next.mock.calls.length;
    next.mockClear();
    walk(await pagesDrawingOneForm(200));
    const twoHundred = next.mock.calls.length;
    // A page's own content is 11 tokens, and a 12th call finds its end; the form's 100 are read once a walk.
    expect((twoHundred - hundred) / 100).toBe(12);
  });

  it('walks a form without resources again for each set of resources it is drawn with, as it uses its parent\'s', async () => {
    const doc = await PDFDocument.create();
    const bare = form(doc, undefined);
    for (const px of [100, 300]) {
      const page = doc.addPage([400, 400]);
      page.node.setXObject(PDFName.of('Fm'), bare);
      page.node.setXObject(PDFName.of('Im0'), image(doc, px));
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('/Fm Do')));
    }
    const walker = walk(doc);
    expect(walker.formWalks).toBe(2);
    expect(walker.facts.images.map((image) => Math.round(image.ppi))).toEqual([72, 216]);
  });

  it('names each page on which a form draws what is not there', async () => {
    const doc = await PDFDocument.create();
    const broken = form(doc, { XObject: {} });
    for (let i = 0; i < 3; i++) {
      const page = doc.addPage([400, 400]);
      page.node.setXObject(PDFName.of('Fm'), broken);
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('/Fm Do')));
    }
    const walker = walk(doc);
    expect(walker.formWalks).toBe(1);
    expect(walker.facts.problems).toEqual([1, 2, 3].map((page) => `page ${page}: /Im0 is drawn but is not in the resources`));
    expect(walker.facts.textProblems).toEqual([1, 2, 3].map((page) => `page ${page}: text uses font /F1, which is not in the resources`));
  });
});
