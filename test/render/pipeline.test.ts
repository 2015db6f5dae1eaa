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
