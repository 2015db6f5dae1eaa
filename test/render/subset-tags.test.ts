import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Document, Page, Text } from '@react-pdf/renderer';
import { createElement as h } from 'react';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedSubsetFont, subsetTag } from '../../src/fonts/embed.js';
import { faceOfBytes, loadFace } from '../../src/fonts/faces.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { render } from '../../src/render/pipeline.js';
import { standardSetDir } from '../helpers/standard-set.js';

/** One embedded font program: the name it is embedded under and a hash of its bytes. */
interface Program {
  /** FontName, tag included: "ABCDEF+SourceSerif4-Regular". */
  name: string;
  /** SHA-256 of the font file's decoded bytes. */
  hash: string;
}

/** Every font program embedded anywhere in a PDF (pages, and forms such as two-up or tiled sheets' embedded pages). */
async function fontPrograms(bytes: Uint8Array): Promise<Program[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const programs: Program[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.lookup(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const file = ['FontFile', 'FontFile2', 'FontFile3'].map((key) => object.lookup(PDFName.of(key))).find((value) => value instanceof PDFRawStream) as PDFRawStream | undefined;
    if (!file) continue;
    const name = (object.lookup(PDFName.of('FontName')) as PDFName).decodeText();
    programs.push({ name, hash: createHash('sha256').update(decodePDFRawStream(file).decode()).digest('hex') });
  }
  return programs;
}

/** Every PDF below a folder. */
async function pdfsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.pdf')).map((entry) => join(entry.parentPath, entry.name));
}

/** Renders texts, each a Text in the bundled Source Serif, on one react-pdf page. */
async function renderTexts(texts: readonly string[]): Promise<Uint8Array> {
  registerBundledFonts();
  return render(h(Document, null, h(Page, { size: 'A6' }, ...texts.map((text, i) => h(Text, { key: i, style: { fontFamily: 'SourceSerif', fontSize: 12 } }, text)))));
}

/** The glyph ids a subset holds after `texts`, in subset order: .notdef, then each new glyph as first drawn. */
function subsetOrder(layout: (text: string) => { glyphs: { id: number }[] }, texts: readonly string[]): number[] {
  const ids = [0];
  for (const text of texts) for (const glyph of layout(text).glyphs) if (!ids.includes(glyph.id)) ids.push(glyph.id);
  return ids;
}

const nameOf = async (bytes: Uint8Array, font: string) => (await fontPrograms(bytes)).find((program) => program.name.endsWith(`+${font}`))!;

let serif: Uint8Array;

beforeAll(async () => {
  registerBundledFonts();
  serif = (await loadFace('SourceSerif', 400)).stream.buffer;
});

describe('subset tags', () => {
  it('name one font program across the whole standard set: a tag and name in two files are byte for byte one program', async () => {
    // Before: pdfkit tagged a subset by its font's number in the document, so GZZZZZ+NanumMyeongjo
    // was 49,815 bytes in one file and 63,315 in another.
    const byName = new Map<string, Map<string, string[]>>();
    const files = await pdfsIn(standardSetDir());
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const { name, hash } of await fontPrograms(new Uint8Array(await readFile(file)))) {
        expect(name, relative(standardSetDir(), file)).toMatch(/^[A-Z]{6}\+[\w-]+$/);
        const hashes = byName.get(name) ?? byName.set(name, new Map()).get(name)!;
        hashes.set(hash, [...(hashes.get(hash) ?? []), relative(standardSetDir(), file)]);
      }
    }
    const clashes = [...byName].filter(([, hashes]) => hashes.size > 1).map(([name, hashes]) => `${name}: ${[...hashes.values()].map((where) => where[0]).join(' / ')}`);
    expect(clashes).toEqual([]);
    // The certificates share their page's fonts: the same subsets really do recur across files.
    expect([...byName.values()].some((hashes) => [...hashes.values()][0]!.length > 1)).toBe(true);
  });

  it('react-pdf (pdfkit, patched) tags a subset from its PostScript name and glyph ids, as embed.ts does', async () => {
    const face = await loadFace('SourceSerif', 400);
    const texts = ['Dignity', 'Hope'];
    const program = await nameOf(await renderTexts(texts), face.postscriptName);
    expect(program.name).toBe(`${subsetTag(face.postscriptName, subsetOrder((text) => face.layout(text), texts))}+${face.postscriptName}`);
  });

  it('react-pdf gives the same subset the same tag and bytes in another document, and another subset another tag', async () => {
    const first = await nameOf(await renderTexts(['Dignity matters.']), 'SourceSerif4-Regular');
    const again = await nameOf(await renderTexts(['Dignity matters.']), 'SourceSerif4-Regular');
    const other = await nameOf(await renderTexts(['Freedom matters.']), 'SourceSerif4-Regular');
    expect(again).toEqual(first);
    expect(other.name.slice(0, 6)).not.toBe(first.name.slice(0, 6));
  });

  it('pdf-lib subsets (certificates, tile labels) are tagged by the glyphs drawn, when the file is written', async () => {
    const make = async (offered: string[], drawn: string[]) => {
      const doc = await PDFDocument.create();
      const font = await embedSubsetFont(doc, serif, offered);
      const page = doc.addPage([200, 200]);
      drawn.forEach((text, i) => page.drawText(text, { x: 10, y: 180 - 20 * i, size: 12, font }));
      return nameOf(await doc.save(), 'SourceSerif4-Regular');
    };
    const face = faceOfBytes(serif);
    const drawn = ['Hope', 'Freedom'];
    const program = await make(['Hope', 'Freedom', 'unused words'], drawn);
    // The glyphs drawn decide the tag, not the characters offered for the coverage check.
    expect(program.name).toBe(`${subsetTag(face.postscriptName, subsetOrder((text) => face.layout(text), drawn))}+${face.postscriptName}`);
    expect(await make(drawn, drawn)).toEqual(program);
    expect((await make(drawn, ['Dignity'])).name.slice(0, 6)).not.toBe(program.name.slice(0, 6));
  });

  it('the CLI bundle (scripts/bundle.mjs: esbuild, node, ESM) takes the patched pdfkit', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: "export { default } from 'pdfkit';", resolveDir: process.cwd() },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // pdfkit alone: its own dependencies are not what this looks at.
      plugins: [{ name: 'only-pdfkit', setup: (b) => b.onResolve({ filter: /^[^./#]/ }, (args) => (args.path === 'pdfkit' ? undefined : { path: args.path, external: true })) }],
    });
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('pdfkit/'))).toEqual(['node_modules/pdfkit/js/pdfkit.node.mjs']);
    expect(result.outputFiles[0]!.text).toContain('subsetTag(this.font.postscriptName, this.subset.glyphs)');
  });

  it('is six capitals from SHA-256, the same for the same name and glyphs, another for another glyph or order', () => {
    const tag = subsetTag('NanumMyeongjo', [0, 12, 40]);
    expect(tag).toMatch(/^[A-Z]{6}$/);
    expect(subsetTag('NanumMyeongjo', [0, 12, 40])).toBe(tag);
    expect(subsetTag('NanumMyeongjo', [0, 12, 41])).not.toBe(tag);
    expect(subsetTag('NanumMyeongjo', [0, 40, 12])).not.toBe(tag);
    expect(subsetTag('NanumMyeongjoBold', [0, 12, 40])).not.toBe(tag);
    // The rule, written out: SHA-256 of "name\nids", one capital per byte of the first six.
    const digest = createHash('sha256').update('NanumMyeongjo\n0,12,40').digest();
    expect(tag).toBe(String.fromCharCode(...[...digest.subarray(0, 6)].map((byte) => 65 + (byte % 26))));
  });
});

describe('texts pdf-lib draws (embedSubsetFont)', () => {
  it('are the glyphs and widths shaping with positions gives, though shaped without them', async () => {
    // A tiled poster's labels are in Pretendard, which kerns Latin pairs ("AV", "To": positions)
    // and swaps glyphs by context ("12:30", "->", "3x4", "A-Z": calt and clig, substitutions, kept).
    const face = await loadFace('Pretendard', 400);
    const texts = ['AVA To Wa.', '시트 3 / 12: 왼쪽 위', 'Sheet 3 of 12 — overlap ▶', '12:30 -> 3x4 A-Z'];
    const doc = await PDFDocument.create();
    const font = await embedSubsetFont(doc, face.stream.buffer, texts);
    const encoded = texts.map((text) => font.encodeText(text).toString());
    // pdf-lib writes the subset's numbers: a glyph's place in the subset (fontkit's subset.glyphs).
    const subset = (font as unknown as { embedder: { subset: { glyphs: number[] } } }).embedder.subset;
    texts.forEach((text, t) => {
      const run = face.layout(text);
      const ids = run.glyphs.map((glyph) => subset.glyphs.indexOf(glyph.id).toString(16).padStart(4, '0').toUpperCase()).join('');
      expect(encoded[t], text).toBe(`<${ids}>`);
      const advance = run.glyphs.reduce((sum, glyph) => sum + glyph.advanceWidth, 0);
      expect(font.widthOfTextAtSize(text, 1000), text).toBeCloseTo((advance * 1000) / face.unitsPerEm, 6);
      // Kerning moved some glyph of the positioned run: what pdf-lib leaves out, and needs not.
      if (text.startsWith('AVA')) expect(run.positions.some((position, i) => position.xAdvance !== run.glyphs[i]!.advanceWidth)).toBe(true);
    });
  });
});
