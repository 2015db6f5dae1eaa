import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../../src/core/files.js';
import { orient, PAPER, type Orientation } from '../../../src/core/paper.js';
import { registerBundledFonts } from '../../../src/fonts/bundled.js';
import { loadFaceSet, loadStacks } from '../../../src/fonts/faces.js';
import { prepareTypeset, type Typeset } from '../../../src/fonts/typeset.js';
import { loadCertificateWording, loadTexts } from '../../../src/input/data.js';
import type { CertificateWording, Texts } from '../../../src/input/schema.js';
import { certificateAlt, certificateVariables, layoutCertificate, type CertificateEntry } from '../../../src/layout/certificate-layout.js';
import { loadPdf } from '../../../src/render/finish.js';
import { documentMetadata } from '../../../src/render/metadata.js';
import { render } from '../../../src/render/pipeline.js';
import { RunShaper } from '../../../src/products/certificates/shaping.js';
import { utf16Hex } from '../../../src/products/certificates/pdf-syntax.js';
import { keepPreparedImage, prepareImage } from '../../../src/products/certificates/document-objects.js';
import { CertificateWriter, type SignatureBytes, type VariableLayer } from '../../../src/products/certificates/writer.js';
import { CertificateDocument } from '../../../templates/index.js';
import { inflatedObjects, readText } from '../../helpers/pdf.js';
import { composeWithPdfLib, prepareStaticPage } from './pdf-lib-writer.js';

/** A signature as a PNG with alpha, a PNG without, or a JPEG: every kind of image the writer embeds. */
function image(kind: 'rgba' | 'rgb' | 'jpeg'): SignatureBytes {
  const [width, height] = [90, 30];
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ink = Math.abs(y - 15 - 10 * Math.sin(x / 9)) < 2;
      data.set([ink ? 20 : 255, ink ? 30 : 255, ink ? 90 : 255, ink ? 255 : kind === 'rgba' ? 0 : 255], 4 * (y * width + x));
    }
  }
  if (kind === 'jpeg') return { bytes: new Uint8Array(jpeg.encode({ data, width, height }, 90).data), format: 'jpeg' };
  const png = new PNG({ width, height, colorType: kind === 'rgba' ? 6 : 2 });
  png.data = data;
  return { bytes: new Uint8Array(PNG.sync.write(png, { colorType: kind === 'rgba' ? 6 : 2 })), format: 'png' };
}

/**
 * Signatories that exercise what the writer writes: Hangul and Latin, accents, quotes and
 * parentheses, ligatures (fi, ffl), a no-break space and a hyphen that share glyphs with others,
 * names long enough to shrink or break, roles repeated from one certificate to the next, and every
 * kind of signature image, one of them used twice.
 */
function entries(hong: SignatureBytes): { entry: CertificateEntry; signature?: SignatureBytes }[] {
  const rgba = image('rgba');
  const rows: [string, string, string, string, SignatureBytes?][] = [
    ['홍길동', 'Hong Gil-dong', '견본 서명자', 'Sample signatory', hong],
    ['', 'José Martínez (Ødegård)', '', 'Office of Affiliated Officials', rgba],
    ['김수한무거북이와두루미삼천갑자동방삭치치카포사리사리센타워리워리세브리깡무두셀라구름이', 'Maria Aurora Concepción de los Ángeles Fernández-Øvergaard y Santísima Trinidad', '공동 대표', 'Co-chair', image('jpeg')],
    ['', 'Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegeundsorgfaltigkeitbeschutzen', '', '', undefined],
    ['남궁', '', '참가자', 'Participant', image('rgb')],
    ['', 'Kim "Danny" Lee,\u00a0Jr.', '참가자', 'Participant', rgba],
    ['이영희', 'Lee\u2010Young hee', '', 'Observer (Griffin)', undefined],
  ];
  return rows.map(([nameKo, nameEn, roleKo, roleEn, signature], i) => ({
    entry: { nameKo: nameKo || undefined, nameEn: nameEn || undefined, roleKo: roleKo || undefined, roleEn: roleEn || undefined, signature: signature ? `signature-${i}` : undefined, number: String(i + 1).padStart(4, '0') },
    signature,
  }));
}

/** Where two files first differ (the shorter's length when one is a prefix of the other), or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}

let typeset: Typeset;
let wording: CertificateWording;
let texts: Texts;
let hong: SignatureBytes;
beforeAll(async () => {
  registerBundledFonts();
  typeset = await prepareTypeset(['serif', 'myeongjo']);
  [wording, texts] = await Promise.all([loadCertificateWording(), loadTexts()]);
  hong = { bytes: new Uint8Array(await readFile(join(DATA_DIR, 'signatures/hong-gildong.png'))), format: 'png' };
});

const meta = (title: string) =>
  documentMetadata(texts, ['en'], { title, author: 'The issuer', subject: 'Certificate (증서)', keywords: ['declaration-press-inputs-0123'], language: 'ko', producer: 'react-pdf, pdf-lib', date: wording.date });

describe.each([
  ['a4', 'landscape', true],
  ['letter', 'portrait', false],
] as const)('the certificates writer on %s %s (sample: %s)', (paper: 'a4' | 'letter', orientation: Orientation, sample: boolean) => {
  let made: { separate: Uint8Array[]; combined: Uint8Array };
  let before: { separate: Uint8Array[]; combined: Uint8Array };
  let writer: CertificateWriter;
  let layers: VariableLayer[];
  beforeAll(async () => {
    const page = orient(PAPER[paper], orientation);
    const layout = layoutCertificate(page, typeset, wording, texts.declaration.title, { sample });
    const staticLayer = await loadPdf(
      await render(createElement(CertificateDocument, { wording, declarationTitle: texts.declaration.title, alt: texts.labels.alt, page, certificates: [null], sample, typeset, meta: meta('static') })),
    );
    const faces = await loadFaceSet(['serif', 'myeongjo']);
    layers = entries(hong).map(({ entry, signature }) => ({
      variables: certificateVariables(typeset, wording, texts.declaration.title, layout, entry),
      signature,
      signatureAlt: certificateAlt(texts.labels.alt, wording, entry).signature,
    }));
    // The new writer measures through its own shaping: its fits must come out the same.
    const shaper = new RunShaper(3);
    const shaped = shaper.typeset(typeset, await loadStacks(['serif', 'myeongjo']));
    const fitted = entries(hong).map(({ entry }) => certificateVariables(shaped, wording, texts.declaration.title, layout, entry));
    expect(fitted).toEqual(layers.map((layer) => layer.variables));
    writer = await CertificateWriter.prepare(staticLayer, page, faces, shaper);
    made = { separate: [], combined: await writer.writeCombined(layers, meta('all')) };
    for (const [i, layer] of layers.entries()) made.separate.push(await writer.write(layer, meta(`certificate ${i}`)));
    const staticPage = await prepareStaticPage(staticLayer);
    const old = (bytes?: SignatureBytes) => bytes && bytes.bytes;
    before = { separate: [], combined: await composeWithPdfLib(staticLayer, staticPage, layers.map((layer) => ({ ...layer, signature: old(layer.signature) })), faces, meta('all')) };
    for (const [i, layer] of layers.entries()) before.separate.push(await composeWithPdfLib(staticLayer, staticPage, [{ ...layer, signature: old(layer.signature) }], faces, meta(`certificate ${i}`)));
  });

  it('writes every separate certificate byte for byte as pdf-lib wrote it', () => {
    expect(made.separate.map((bytes, i) => firstDifference(bytes, before.separate[i]!))).toEqual(made.separate.map(() => -1));
  });

  it('writes the combined file as pdf-lib wrote it: the same objects under the same numbers, each stream the same once inflated', () => {
    const [objects, reference] = [inflatedObjects(made.combined), inflatedObjects(before.combined)];
    expect([...objects.keys()]).toEqual([...reference.keys()]);
    for (const [number, object] of objects) expect(object, `object ${number}`).toBe(reference.get(number));
    // Only the pages' own contents are deflated otherwise (deflateFast, greedy matches in fixed codes: some 180 bytes more than level 6 on a page of 1.8 KB): the file is no larger by more than 250 bytes a page.
    expect(made.combined.length).toBeGreaterThan(before.combined.length);
    expect(made.combined.length).toBeLessThan(before.combined.length + 250 * made.separate.length);
  });

  it('writes tagged files: a structure tree, each page its own part of it, the parts marked', () => {
    for (const bytes of [made.combined, ...made.separate]) {
      const text = Buffer.from(bytes).toString('latin1');
      expect(text).toContain('/StructTreeRoot');
      expect(text).toContain('/MarkInfo <<\n/Marked true\n>>');
      expect(text).toContain('<pdfuaid:part>1</pdfuaid:part>');
    }
    const combined = Buffer.from(made.combined).toString('latin1');
    expect(combined.match(/\/StructParents \d+/g)).toEqual(made.separate.map((_, i) => `/StructParents ${i}`));
    expect(combined.match(/\/Tabs \/S/g)).toHaveLength(made.separate.length);
    // The first signatory's signature is a figure named for them.
    expect(Buffer.from(made.separate[0]!).toString('latin1')).toContain(`/Lang (ko)/Alt ${utf16Hex(certificateAlt(texts.labels.alt, wording, entries(hong)[0]!.entry).signature!)}`);
  });

  it('refuses to write a combined file a page failed halfway in, or to add to one written', async () => {
    const broken = writer.combined();
    await broken.add(layers[0]!);
    const [withImage] = layers.filter((layer) => layer.signature);
    await expect(broken.add({ ...withImage!, signature: { bytes: new Uint8Array([1, 2, 3]), format: 'png' } })).rejects.toThrow();
    expect(() => broken.bytes(meta('broken'))).toThrow();
    const whole = writer.combined();
    for (const layer of layers) await whole.add(layer);
    expect(Buffer.compare(Buffer.from(whole.bytes(meta('all'))), Buffer.from(made.combined))).toBe(0);
    await expect(whole.add(layers[0]!)).rejects.toThrow(/already written/);
    expect(() => whole.bytes(meta('all'))).toThrow(/written twice/);
  });

  it('writes files a PDF reader reads whole, with the names as text', async () => {
    const { pages } = await readText(made.combined);
    expect(pages).toHaveLength(7);
    const squash = (text: string) => text.replace(/\s+/g, '');
    expect(squash(pages[0]!)).toContain('HongGil-dong');
    expect(squash(pages[1]!)).toContain('JoséMartínez(Ødegård)');
    expect(squash((await readText(made.separate[6]!)).pages[0]!)).toContain('이영희');
  });
});

describe('a signature image kept for the process', () => {
  it('is embedded once (keepPreparedImage: the start-up snapshot keeps the sample signature) and found again by its bytes', async () => {
    const rgba = image('rgba');
    const fresh = await prepareImage(rgba);
    await keepPreparedImage(rgba);
    const kept = await prepareImage({ ...rgba, bytes: rgba.bytes.slice() });
    expect(kept).toEqual(fresh);
    expect(await prepareImage({ ...rgba, bytes: rgba.bytes.slice() })).toBe(kept);
    // Another image is embedded afresh.
    expect(await prepareImage(image('rgb'))).not.toEqual(kept);
  });
});
