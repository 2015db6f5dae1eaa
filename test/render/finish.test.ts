import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PDFDict, PDFDocument, PDFHexString, PDFName, rgb } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFonts } from '../helpers/pdf.js';
import type { DocumentMetadata } from '../../src/core/document-metadata.js';
import { PressError } from '../../src/core/errors.js';
import {
  finishPdf,
  loadPdf,
  readFileId,
  readLanguage,
  setMetadata,
  setPrintBoxes,
} from '../../src/render/finish.js';
import { embedSubsetFont } from '../../src/fonts/embed.js';

const FONTS = fileURLToPath(new URL('../../fonts/', import.meta.url));
const A3 = { width: 841.89, height: 1190.55 };
const BLEED = 8.5; // 3 mm
const SLUG = 20;
const ENGLISH = 'We hold these truths to be self-evident';
const KOREAN = '우리는 다음의 진리를 자명한 것으로 여긴다';

const METADATA: DocumentMetadata = {
  title: 'The Washington Declaration / 워싱턴 선언',
  author: 'Declaration Press',
  subject: 'Poster, A3 with 3 mm bleed',
  keywords: ['Washington Declaration', '워싱턴 선언', 'poster'],
  language: 'en',
  creator: 'declaration-press 0.1.0 (react-pdf 4.9)',
  producer: 'pdf-lib 1.17.1',
  creationDate: new Date('2025-11-28T12:00:00Z'),
};

let serif: Uint8Array;
let myeongjo: Uint8Array;

beforeAll(async () => {
  serif = await readFile(`${FONTS}SourceSerif4-Regular.ttf`);
  myeongjo = await readFile(`${FONTS}NanumMyeongjo-Regular.ttf`);
});

interface PosterSpec {
  /** Pages to make, each with its trim size. */
  trims: { width: number; height: number }[];
  /** Slug around the bleed (room for crop marks). */
  slug?: number;
  /** The renderer's creation time, which also seeds its /ID as pdfkit's does. */
  renderedAt?: Date;
}

/**
 * A stand-in for a react-pdf poster: pages of trim + 2 x bleed (+ 2 x slug), a full-bleed
 * background, English and Korean text in embedded subset fonts, a creation date and an /ID.
 */
async function makePoster({ trims, slug = 0, renderedAt = new Date('2025-01-01T00:00:00Z') }: PosterSpec) {
  const doc = await PDFDocument.create();
  doc.setProducer('react-pdf');
  doc.setCreationDate(renderedAt);
  const id = PDFHexString.of(renderedAt.getTime().toString(16).padStart(32, '0'));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  const latin = await embedSubsetFont(doc, serif, [ENGLISH]);
  const hangul = await embedSubsetFont(doc, myeongjo, [KOREAN]);
  for (const trim of trims) {
    const inset = BLEED + slug;
    const page = doc.addPage([trim.width + 2 * inset, trim.height + 2 * inset]);
    page.drawRectangle({ x: slug, y: slug, width: trim.width + 2 * BLEED, height: trim.height + 2 * BLEED, color: rgb(0.1, 0.2, 0.5) });
    page.drawText(ENGLISH, { x: inset + 40, y: inset + trim.height - 80, size: 24, font: latin, color: rgb(1, 1, 1) });
    page.drawText(KOREAN, { x: inset + 40, y: inset + trim.height - 120, size: 24, font: hangul, color: rgb(1, 1, 1) });
  }
  return doc.save();
}


async function extractText(bytes: Uint8Array): Promise<string[]> {
  // pdfjs takes ownership of the buffer it is given.
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await pdf.destroy();
  return pages;
}

function boxOf(box: { x: number; y: number; width: number; height: number }) {
  return [box.x, box.y, box.width, box.height];
}

describe('setPrintBoxes', () => {
  it('puts the trim inside the bleed on a page of trim + 2 x bleed, leaving the MediaBox', async () => {
    const doc = await loadPdf(await setPrintBoxes(await makePoster({ trims: [A3] }), { bleed: BLEED }));
    const page = doc.getPage(0);
    expect(boxOf(page.getMediaBox())).toEqual([0, 0, A3.width + 2 * BLEED, A3.height + 2 * BLEED]);
    expect(boxOf(page.getTrimBox())).toEqual([BLEED, BLEED, A3.width, A3.height]);
    expect(boxOf(page.getBleedBox())).toEqual([0, 0, A3.width + 2 * BLEED, A3.height + 2 * BLEED]);
  });

  it('leaves the slug for crop marks outside the BleedBox', async () => {
    const doc = await loadPdf(await setPrintBoxes(await makePoster({ trims: [A3], slug: SLUG }), { bleed: BLEED, slug: SLUG }));
    const page = doc.getPage(0);
    expect(boxOf(page.getMediaBox())).toEqual([0, 0, A3.width + 2 * (BLEED + SLUG), A3.height + 2 * (BLEED + SLUG)]);
    expect(boxOf(page.getTrimBox())).toEqual([BLEED + SLUG, BLEED + SLUG, A3.width, A3.height]);
    expect(boxOf(page.getBleedBox())).toEqual([SLUG, SLUG, A3.width + 2 * BLEED, A3.height + 2 * BLEED]);
  });

  it('centres a given trim size, with or without crop marks, and agrees with the slug form', async () => {
    for (const slug of [0, SLUG]) {
      const poster = await makePoster({ trims: [A3], slug });
      const byTrim = await loadPdf(await setPrintBoxes(poster, { bleed: BLEED, trim: A3 }));
      const bySlug = await loadPdf(await setPrintBoxes(poster, { bleed: BLEED, slug, trim: A3 }));
      for (const doc of [byTrim, bySlug]) {
        const page = doc.getPage(0);
        const trim = page.getTrimBox();
        expect(trim.x).toBeCloseTo(BLEED + slug, 9);
        expect(trim.y).toBeCloseTo(BLEED + slug, 9);
        expect([trim.width, trim.height]).toEqual([A3.width, A3.height]);
        const bleed = page.getBleedBox();
        expect(bleed.x).toBeCloseTo(slug, 9);
        expect(bleed.width).toBeCloseTo(A3.width + 2 * BLEED, 9);
      }
    }
  });

  it('sets each page from its own size', async () => {
    const A4 = { width: 595.28, height: 841.89 };
    const doc = await loadPdf(await setPrintBoxes(await makePoster({ trims: [A3, A4] }), { bleed: BLEED }));
    expect(boxOf(doc.getPage(0).getTrimBox())).toEqual([BLEED, BLEED, A3.width, A3.height]);
    expect(boxOf(doc.getPage(1).getTrimBox())).toEqual([BLEED, BLEED, A4.width, A4.height]);
  });

  it('changes neither the metadata nor the /ID', async () => {
    const poster = await makePoster({ trims: [A3] });
    const before = await loadPdf(poster);
    const after = await loadPdf(await setPrintBoxes(poster, { bleed: BLEED }));
    expect(after.getProducer()).toBe('react-pdf');
    expect(after.getModificationDate()).toEqual(before.getModificationDate());
    expect(readFileId(after)).toEqual(readFileId(before));
  });

  it('refuses a page rendered without its bleed, naming the page and the sizes', async () => {
    const poster = await makePoster({ trims: [A3] });
    const err = await setPrintBoxes(poster, { bleed: BLEED, trim: { width: A3.width + 2 * BLEED, height: A3.height } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PressError);
    expect((err as PressError).code).toBe('BAD_OPTION');
    expect((err as PressError).message).toMatch(/^page 1: the page is 858\.89 x 1207\.55 pt, too small for trim 858\.89 x 1190\.55 \+ 2 x bleed 8\.5 pt/);
  });

  it('refuses a slug that does not match the page', async () => {
    const poster = await makePoster({ trims: [A3], slug: SLUG });
    await expect(setPrintBoxes(poster, { bleed: BLEED, slug: 10, trim: A3 })).rejects.toThrow(/not trim 841\.89 x 1190\.55 \+ 2 x bleed 8\.5 \+ 2 x slug 10/);
    await expect(setPrintBoxes(poster, { bleed: 500, slug: 100 })).rejects.toThrow(/leaves no trim/);
    await expect(setPrintBoxes(poster, { bleed: -1 })).rejects.toThrow(/bleed must be a non-negative length/);
  });

  it('refuses bytes that are not a PDF', async () => {
    await expect(setPrintBoxes(new TextEncoder().encode('<html>not a pdf</html>'), { bleed: BLEED })).rejects.toMatchObject({
      name: 'PressError',
      code: 'BAD_PDF',
    });
  });
});

describe('setMetadata', () => {
  it('writes every field, /Lang and DisplayDocTitle, readable back', async () => {
    const doc = await loadPdf(await setMetadata(await makePoster({ trims: [A3] }), METADATA));
    expect(doc.getTitle()).toBe(METADATA.title);
    expect(doc.getAuthor()).toBe(METADATA.author);
    expect(doc.getSubject()).toBe(METADATA.subject);
    expect(doc.getKeywords()).toBe('Washington Declaration, 워싱턴 선언, poster');
    expect(doc.getCreator()).toBe(METADATA.creator);
    expect(doc.getProducer()).toBe(METADATA.producer);
    expect(doc.getCreationDate()).toEqual(METADATA.creationDate);
    expect(doc.getModificationDate()).toEqual(METADATA.creationDate);
    expect(readLanguage(doc)).toBe('en');
    const prefs = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(String(prefs.lookup(PDFName.of('DisplayDocTitle')))).toBe('true');
  });

  it('gives byte-identical files for the same content, however differently it was rendered', async () => {
    const monday = await makePoster({ trims: [A3], renderedAt: new Date('2025-03-03T09:00:00Z') });
    const friday = await makePoster({ trims: [A3], renderedAt: new Date('2025-03-07T17:30:00Z') });
    expect(Buffer.from(monday).equals(Buffer.from(friday))).toBe(false);
    const first = await setMetadata(monday, METADATA);
    const again = await setMetadata(monday, METADATA);
    const fromFriday = await setMetadata(friday, METADATA);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(fromFriday).equals(Buffer.from(first))).toBe(true);
  });

  it('writes an /ID of two equal 16-byte strings that changes with the content', async () => {
    const poster = await makePoster({ trims: [A3] });
    const id = readFileId(await loadPdf(await setMetadata(poster, METADATA)));
    expect(id).toHaveLength(2);
    expect(id[0]).toMatch(/^[0-9A-F]{32}$/);
    expect(id[1]).toBe(id[0]);
    expect(id[0]).not.toBe(readFileId(await loadPdf(poster))[0]);
    const retitled = readFileId(await loadPdf(await setMetadata(poster, { ...METADATA, title: 'Another title' })));
    expect(retitled[0]).not.toBe(id[0]);
  });

  it('writes a classic cross-reference table, no object streams', async () => {
    const text = Buffer.from(await setMetadata(await makePoster({ trims: [A3] }), METADATA)).toString('latin1');
    expect(text).toMatch(/\nxref\n0 \d+\n/);
    expect(text).not.toContain('/ObjStm');
  });

  it('refuses a language that is not a BCP 47 tag, and an invalid date', async () => {
    const poster = await makePoster({ trims: [A3] });
    await expect(setMetadata(poster, { ...METADATA, language: 'English' })).rejects.toThrow(/BCP 47 tag.*Received: "English"/);
    await expect(setMetadata(poster, { ...METADATA, creationDate: new Date('not a date') })).rejects.toThrow(/creationDate must be a valid Date/);
  });
});

describe('finishPdf', () => {
  it('keeps the fonts embedded subsets and the text extractable', async () => {
    const poster = await makePoster({ trims: [A3], slug: SLUG });
    const finished = await finishPdf(poster, { boxes: { bleed: BLEED, slug: SLUG }, metadata: METADATA });
    const fonts = listFonts(await loadPdf(finished));
    expect(fonts).toHaveLength(2);
    expect(fonts).toEqual(listFonts(await loadPdf(poster)));
    for (const font of fonts) {
      expect(font.embedded).toBe(true);
      expect(font.name).toMatch(/^\/[A-Z]{6}\+(SourceSerif4-Regular|NanumMyeongjo)$/);
    }
    const [text] = await extractText(finished);
    expect(text).toContain(ENGLISH);
    expect(text.replace(/\s/g, '')).toContain(KOREAN.replace(/\s/g, ''));
  });

  it('does both steps as setPrintBoxes then setMetadata would', async () => {
    const poster = await makePoster({ trims: [A3], slug: SLUG });
    const boxes = { bleed: BLEED, slug: SLUG };
    const once = await finishPdf(poster, { boxes, metadata: METADATA });
    const twice = await setMetadata(await setPrintBoxes(poster, boxes), METADATA);
    expect(Buffer.from(once).equals(Buffer.from(twice))).toBe(true);
  });
});
