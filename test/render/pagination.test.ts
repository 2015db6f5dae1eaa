/**
 * react-pdf's pagination as patched (patches/README.md, "one layout fewer for each page after the
 * first"): a page whose dynamic nodes are all fixed and absolutely positioned is split without
 * rendering them and laying the rest out again first, and every page still gets its own numbers.
 */
import { Document, Page, Text, View } from '@react-pdf/renderer';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { render } from '../../src/render/pipeline.js';
import { readText } from '../helpers/pdf.js';

const PARAGRAPH = 'Every person has the right to take part in the government of their country. '.repeat(6);
const body = { fontFamily: 'SourceSerif', fontSize: 11, lineHeight: 1.4, marginBottom: 8 };

/**
 * Renders 40 paragraphs on A6 pages with a page number drawn by a render prop, counting the calls:
 * the number in the margin (absolute), or a running line in the flow of the text.
 */
async function renderCounted(where: 'margin' | 'flow'): Promise<{ pages: string[]; calls: number }> {
  registerBundledFonts();
  let calls = 0;
  const number = ({ pageNumber, totalPages }: { pageNumber: number; totalPages?: number }) => {
    calls += 1;
    return `page ${pageNumber} of ${totalPages}`;
  };
  const style = where === 'margin' ? { position: 'absolute', bottom: 12, right: 24, fontFamily: 'SourceSerif', fontSize: 8 } : { fontFamily: 'SourceSerif', fontSize: 8 };
  const bytes = await render(
    h(
      Document,
      null,
      h(
        Page,
        { size: 'A6', style: { padding: 24 } },
        h(Text, { fixed: true, style, render: number } as never),
        h(View, null, ...Array.from({ length: 40 }, (_, i) => h(Text, { key: i, style: body }, `${i + 1}. ${PARAGRAPH}`))),
      ),
    ),
  );
  return { pages: (await readText(bytes)).pages, calls };
}

describe('pagination (react-pdf as patched)', () => {
  it('numbers every page, and draws a number in the margin once a page and once before the first split', async () => {
    const { pages, calls } = await renderCounted('margin');
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((page, i) => expect(page).toContain(`page ${i + 1} of ${pages.length}`));
    // Unpatched: twice a page (before its split, and with the page count).
    expect(calls).toBe(pages.length + 1);
  });

  it('still renders a dynamic node in the flow before each split, which may move the text', async () => {
    const { pages, calls } = await renderCounted('flow');
    pages.forEach((page, i) => expect(page).toContain(`page ${i + 1} of ${pages.length}`));
    expect(calls).toBe(2 * pages.length);
  });
});
