/**
 * The certificates' writer as it was before src/products/certificates/writer.ts (issue 9), kept
 * as the reference the new writer is compared with byte for byte: pdf-lib's object model and
 * writer, per certificate. It draws what differs from one certificate to
 * the next (number, names, role, rule, signature; placed by `certificateVariables` in
 * src/layout/certificate-layout.ts) over the static layer that react-pdf renders once per batch. Text is
 * set as react-pdf sets it: each character in the first face of its stack that has it, runs shaped
 * by fontkit with their kerning, the baseline at the line's top plus the largest ascent of its
 * faces, fonts embedded as subsets with ToUnicode. No I/O: font and image bytes come from the caller.
 */
import {
  beginText,
  drawImage,
  drawObject,
  drawRectangle,
  endText,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFOperator,
  PDFPage,
  PDFPageLeaf,
  type PDFRef,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  degrees,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  concatTransformationMatrix,
  type PDFEmbeddedPage,
  type PDFFont,
  type PDFImage,
} from 'pdf-lib';
import type { DocumentMetadata } from '../../../src/core/document-metadata.js';
import { applyMetadata } from '../../../src/render/finish.js';
import type { CertificateVariables, PlacedLine } from '../../../src/layout/certificate-layout.js';
import { STACKS, type FamilyName } from '../../../src/fonts/registry.js';
import { embedSubsetFont } from '../../../src/fonts/embed.js';
import { deflate } from '../../../src/products/certificates/pdf-syntax.js';
import { freshGlyphs, splitRuns, type Face, type GlyphRun } from '../../../src/fonts/faces.js';

/** The faces the variable layer is set in: react-pdf's own parsed faces (see fonts/faces.ts). */
export type FaceSet = (family: FamilyName, bold: boolean) => Face;

/** One certificate's own parts, and its signature image's bytes when it has one. */
export interface VariableLayer {
  /** What to draw, from certificateVariables. */
  variables: CertificateVariables;
  /** The signature image (PNG or JPEG), when `variables.signature` is set. */
  signature?: Uint8Array;
}

/** A run of one face: its text, its layout, and per glyph the kerning react-pdf applies (font units). */
interface Run {
  face: Face;
  text: string;
  layout: GlyphRun;
  kerning: number[];
  width: number;
}

interface ShapedLine {
  line: PlacedLine;
  runs: Run[];
  width: number;
  ascent: number;
}

/** Splits a line into runs of one face and shapes each, as react-pdf does. */
function shapeLine(line: PlacedLine, faceSet: FaceSet): ShapedLine {
  const faces = STACKS[line.stack].map((family) => faceSet(family, line.bold));
  // A character no face has is invisible (the coverage check lets only those through): not drawn.
  const runs = splitRuns(line.text, faces, 'skip').map(({ face, text }): Run => {
    const layout = face.layout(text);
    const kerning = layout.glyphs.map((glyph, i) => layout.positions[i]!.xAdvance - glyph.advanceWidth);
    const width = (layout.positions.reduce((sum, position) => sum + position.xAdvance, 0) / face.unitsPerEm) * line.size;
    return { face, text, layout, kerning, width };
  });
  const width = runs.reduce((sum, run) => sum + run.width, 0);
  const ascent = Math.max(0, ...runs.map((run) => (run.face.ascent / run.face.unitsPerEm) * line.size));
  return { line, runs, width, ascent };
}

/**
 * An indirect object serialised once: every certificate of a batch repeats the static page's
 * objects (the layer's fonts, its content, the q/Q around it) byte for byte, so pdf-lib copies
 * and writes them once per batch, not once per file (measured: about a third of a certificate's time).
 */
class SerializedObject extends PDFObject {
  private constructor(private readonly bytes: Uint8Array) {
    super();
  }

  static of(object: PDFObject): SerializedObject {
    const bytes = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(bytes, 0);
    return new SerializedObject(bytes);
  }

  override clone(): SerializedObject {
    return this;
  }

  override toString(): string {
    return Buffer.from(this.bytes).toString('latin1');
  }

  override sizeInBytes(): number {
    return this.bytes.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    buffer.set(this.bytes, offset);
    return this.bytes.length;
  }
}

/** The static layer's page, made ready once per batch for documents that each start from it (see addStaticPage). */
export interface StaticPage {
  /** Every object the page uses, serialised, under the numbers it has in a fresh document. */
  objects: [PDFRef, SerializedObject][];
  /** The page dictionary, normalised (contents wrapped in q … Q, resources direct): each document changes a copy. */
  leaf: PDFPageLeaf;
  ref: PDFRef;
}

/**
 * Copies the static layer's page into a fresh document once and serialises its objects, so that
 * each certificate's document (a fresh one too, so numbered alike) takes them as they are.
 */
export async function prepareStaticPage(layer: PDFDocument): Promise<StaticPage> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const [page] = await doc.copyPages(layer, [0]);
  doc.addPage(page!);
  // Wraps the layer's contents in q … Q (react-pdf leaves its flipped CTM set) and makes the resources direct.
  page!.node.normalize();
  const own = new Set([page!.ref, doc.catalog.get(PDFName.of('Pages')), doc.context.trailerInfo.Root]);
  const objects = doc.context.enumerateIndirectObjects().flatMap(([ref, object]) => (own.has(ref) ? [] : [[ref, SerializedObject.of(object)] as [PDFRef, SerializedObject]]));
  return { objects, leaf: page!.node, ref: page!.ref };
}

/**
 * Adds the static page to a fresh document: its objects as serialised, its page dictionary copied
 * with the parts drawVariableLayers adds to (fonts, images, contents) copied too.
 */
export function addStaticPage(doc: PDFDocument, page: StaticPage): PDFPage {
  const { context } = doc;
  for (const [ref, object] of page.objects) context.assign(ref, object);
  // Already normalised: a second q … Q is not needed.
  const leaf = PDFPageLeaf.fromMapWithContext(new Map(page.leaf.entries()), context, false);
  const resources = page.leaf.Resources()!.clone(context);
  for (const key of ['Font', 'XObject'].map((name) => PDFName.of(name))) resources.set(key, page.leaf.Resources()!.lookup(key, PDFDict).clone(context));
  leaf.set(PDFName.of('Resources'), resources);
  leaf.set(PDFName.of('Contents'), page.leaf.lookup(PDFName.of('Contents'), PDFArray).clone(context));
  context.assign(page.ref, leaf);
  return doc.addPage(PDFPage.of(leaf, page.ref, doc));
}

function colorOf(hex: string) {
  const value = Number.parseInt(hex.slice(1), 16);
  return rgb(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255);
}

/**
 * Draws each page's own parts onto `pages` (one layer per page) of one document: every face used
 * is embedded once for the whole document, as a subset of the characters all its pages print.
 */
export async function drawVariableLayers(doc: PDFDocument, pages: readonly PDFPage[], layers: readonly VariableLayer[], faceSet: FaceSet, background?: PDFEmbeddedPage): Promise<void> {
  useNativeDeflate(doc);
  // pdf-lib writes ToUnicode from the glyphs' code points: each document is shaped from fresh glyphs.
  const lines = layers.flatMap((layer) => layer.variables.lines);
  for (const face of new Set(lines.flatMap((line) => STACKS[line.stack].map((family) => faceSet(family, line.bold))))) freshGlyphs(face);
  const shaped = layers.map((layer) => layer.variables.lines.map((line) => shapeLine(line, faceSet)));
  // Each face's runs, shaped once: pdf-lib encodes them from these layouts (see embedSubsetFont).
  const runsByFace = new Map<Face, Map<string, GlyphRun>>();
  for (const run of shaped.flat().flatMap((line) => line.runs)) {
    const runs = runsByFace.get(run.face) ?? new Map<string, GlyphRun>();
    runs.set(run.text, run.layout);
    runsByFace.set(run.face, runs);
  }
  const fonts = new Map<Face, PDFFont>();
  for (const [face, runs] of runsByFace) fonts.set(face, await embedSubsetFont(doc, face.stream.buffer, [...runs.keys()], runs));

  for (const [i, page] of pages.entries()) {
    const layer = layers[i]!;
    const height = page.getHeight();
    const keys = new Map<PDFFont, PDFName>();
    const keyOf = (font: PDFFont) => {
      let key = keys.get(font);
      if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
      return key;
    };
    const operators: PDFOperator[] = [];
    if (background) {
      const name = page.node.newXObject('Layer', background.ref);
      operators.push(pushGraphicsState(), concatTransformationMatrix(1, 0, 0, 1, 0, 0), drawObject(name), popGraphicsState());
    }
    if (layer.variables.signature && layer.signature) operators.push(...(await drawSignature(doc, page, layer.variables.signature.box, layer.signature)));
    const { rule } = layer.variables;
    operators.push(...drawRectangle({ x: rule.x, y: height - rule.y - rule.height, width: rule.width, height: rule.height, color: colorOf(rule.color), borderColor: undefined, borderWidth: 0, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) }));
    for (const { line, runs, width, ascent } of shaped[i]!) {
      let x = line.align === 'center' ? line.box.x + (line.box.width - width) / 2 : line.align === 'right' ? line.box.x + line.box.width - width : line.box.x;
      const baseline = height - (line.box.y + ascent);
      operators.push(pushGraphicsState(), beginText(), setFillingRgbColor(...rgbOf(line.color)));
      for (const run of runs) {
        const font = fonts.get(run.face)!;
        operators.push(setFontAndSize(keyOf(font), line.size), setTextMatrix(1, 0, 0, 1, x, baseline), showAdjusted(font, run));
        x += run.width;
      }
      operators.push(endText(), popGraphicsState());
    }
    // One content stream per page, compressed natively (see useNativeDeflate).
    page.node.addContentStream(doc.context.register(doc.context.flateStream(operators.join('\n'))));
  }
}

/**
 * pdf-lib compresses streams with pako, in JavaScript: with a few small streams per certificate
 * (font subsets, ToUnicode maps, the page's text) that cost about 3 ms a file, mostly pako setting
 * up its window for each stream. Node's zlib does the same deflate natively. For this document only.
 */
function useNativeDeflate(doc: PDFDocument): void {
  // The writer's deflate (fflate, as in the browser studio): the comparison is of the objects, not of two deflaters.
  doc.context.flateStream = (contents, dict = {}) => doc.context.stream(deflate(contents), { ...dict, Filter: 'FlateDecode' });
}

function rgbOf(hex: string): [number, number, number] {
  const { red, green, blue } = colorOf(hex);
  return [red, green, blue];
}

/** A TJ with each glyph's kerning as react-pdf positions it (pdf-lib's drawText drops kerning). */
function showAdjusted(font: PDFFont, run: Run): PDFOperator {
  const hex = font.encodeText(run.text).asString();
  const ids = hex.match(/.{4}/g) ?? [];
  const parts: (PDFHexString | PDFNumber)[] = [];
  if (ids.length !== run.kerning.length) {
    // pdf-lib shaped differently from fontkit here (it should not: same bytes, same features): no kerning.
    parts.push(PDFHexString.of(hex));
  } else {
    const scale = 1000 / run.face.unitsPerEm;
    let pending = '';
    for (const [g, id] of ids.entries()) {
      pending += id;
      const kern = run.kerning[g]!;
      if (Math.abs(kern) > 1e-9 && g < ids.length - 1) {
        parts.push(PDFHexString.of(pending), PDFNumber.of(-kern * scale));
        pending = '';
      }
    }
    if (pending) parts.push(PDFHexString.of(pending));
  }
  return PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [font.doc.context.obj(parts)]);
}

// Signature images are embedded once per document and bytes (a combined file reuses them).
const imagesByDoc = new WeakMap<PDFDocument, Map<Uint8Array, PDFImage>>();

/** Draws a signature as react-pdf's <Image objectFit="contain"> at 95% of the box height, bottom-centred. */
async function drawSignature(doc: PDFDocument, page: PDFPage, box: { x: number; y: number; width: number; height: number }, bytes: Uint8Array): Promise<PDFOperator[]> {
  const images = imagesByDoc.get(doc) ?? new Map<Uint8Array, PDFImage>();
  imagesByDoc.set(doc, images);
  let image = images.get(bytes);
  if (!image) {
    const png = bytes[0] === 0x89 && bytes[1] === 0x50;
    image = png ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
    images.set(bytes, image);
  }
  let height = box.height * 0.95;
  let width = (height * image.width) / image.height;
  if (width > box.width) [width, height] = [box.width, (box.width * image.height) / image.width];
  const name = page.node.newXObject('Image', image.ref);
  return drawImage(name, { x: box.x + (box.width - width) / 2, y: page.getHeight() - (box.y + box.height), width, height, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) });
}

/**
 * Today's composeCertificates (products/certificates/batch.ts before issue 9): certificates as
 * pages of one pdf-lib document, each the static layer plus that certificate's own parts; one
 * certificate starts from the static page, a combined file draws it as one form on every page.
 */
export async function composeWithPdfLib(staticLayer: PDFDocument, staticPage: StaticPage, page: { width: number; height: number }, layers: VariableLayer[], faces: FaceSet, meta: DocumentMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  let pages: PDFPage[];
  let background: PDFEmbeddedPage | undefined;
  if (layers.length === 1) {
    pages = [addStaticPage(doc, staticPage)];
  } else {
    background = await doc.embedPage(staticLayer.getPage(0));
    pages = layers.map(() => doc.addPage([page.width, page.height]));
  }
  await drawVariableLayers(doc, pages, layers, faces, background);
  applyMetadata(doc, meta);
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}
