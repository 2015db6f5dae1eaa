import { Document, Page, Text } from '@react-pdf/renderer';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { loadFace } from '../../src/fonts/faces.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { loadTexts } from '../../src/input/data.js';
import { makeDeclaration } from '../../src/products/declaration.js';
import { makeHandout } from '../../src/products/handout.js';
import { render } from '../../src/render/pipeline.js';
import { readText, squash } from '../helpers/pdf.js';
import { standardFile } from '../helpers/standard-set.js';

const DATE = new Date('2024-05-16T00:00:00Z');

/** A one-page document with one paragraph in a box `width` pt wide (dated, so its bytes are reproducible). */
function paragraph(text: string, width: number, style: Record<string, unknown> = {}) {
  return h(Document, { creationDate: DATE, modificationDate: DATE }, h(Page, { size: 'A5' }, h(Text, { style: { fontFamily: 'SourceSerif', fontSize: 10, width, ...style } }, text)));
}

const PARAGRAPH = 'We believe that the dignity, hope and freedom of every North Korean is worth the work of a lifetime.';

describe('the text layout kept between documents (patches/@react-pdf+textkit+7.0.1.patch)', () => {
  it('hands a text back only in the same box and with the same attributes', async () => {
    registerBundledFonts();
    const lineCount = async (bytes: Uint8Array) => (await readText(bytes)).lines.length;
    const wide = await render(paragraph(PARAGRAPH, 300));
    const narrow = await render(paragraph(PARAGRAPH, 120));
    expect(await lineCount(narrow)).toBeGreaterThan(await lineCount(wide));
    // The same text again in the first box: the same page, byte for byte.
    expect(Buffer.from(await render(paragraph(PARAGRAPH, 300))).equals(wide)).toBe(true);
    // A larger size or another face in the same box is laid out anew.
    expect(await lineCount(await render(paragraph(PARAGRAPH, 300, { fontSize: 14 })))).toBeGreaterThan(await lineCount(wide));
    const bold = await readText(await render(paragraph(PARAGRAPH, 300, { fontWeight: 700 })));
    expect(bold.items.every((item) => item.str !== '')).toBe(true);
    expect(Buffer.from(await render(paragraph(PARAGRAPH, 300, { fontWeight: 700 }))).equals(wide)).toBe(false);
  });
});

describe('the render step and the glyph caches', () => {
  it('keeps the glyphs it has made from one document to the next (nothing is shaped from scratch again)', async () => {
    registerBundledFonts();
    const face = await loadFace('SourceSerif');
    const before = face.layout('Dignity').glyphs;
    await render(h(Document, null, h(Page, { size: 'A6' }, h(Text, { style: { fontFamily: 'SourceSerif' } }, 'Hope, and freedom'))));
    const after = face.layout('Dignity').glyphs;
    after.forEach((glyph, i) => expect(glyph).toBe(before[i]));
  });

  it('makes the declaration and the handout after each other, either way round, as the standard set has them, every section readable', async () => {
    // The standard set makes the declaration first; here the handout comes first, then the
    // declaration, then the handout again: the glyphs each leaves behind must not change the next.
    const handoutFirst = await makeHandout({ paper: 'a4' });
    const declaration = await makeDeclaration({ paper: 'a4' });
    const handoutAgain = await makeHandout({ paper: 'a4' });
    expect(Buffer.from(declaration).equals(await standardFile('declaration-a4.pdf'))).toBe(true);
    expect(Buffer.from(handoutFirst).equals(await standardFile('handout-a4.pdf'))).toBe(true);
    expect(Buffer.from(handoutAgain).equals(handoutFirst)).toBe(true);
    const { declaration: d } = await loadTexts();
    const text = squash((await readText(declaration)).pages.join(''));
    for (const section of [d.title.en, d.title.ko, ...d.preamble.en, ...d.preamble.ko, ...d.directives.flatMap((x) => [x.en, x.ko]), d.closing.en, d.closing.ko]) {
      for (const word of section.split(/\s+/)) expect(text).toContain(squash(word));
    }
  });
});
