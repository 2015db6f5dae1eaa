/**
 * The certificates' writer as it was before src/products/certificates/writer.ts (issue 9), with the
 * tagging the tagged branch gave it (issue 13), kept as the reference the new writer is compared
 * with byte for byte: pdf-lib's object model and writer, per certificate. It draws what differs
 * from one certificate to the next (number, names, role, rule, signature; placed by
 * `certificateVariables` in src/layout/certificate-layout.ts) over the static layer that react-pdf
 * renders once per batch, each part as marked content of its element in the static layer's
 * structure tree, which each page copies with its parts filled in. Text is set as react-pdf sets
 * it: each character in the first face of its stack that has it, runs shaped by fontkit with their
 * kerning, the baseline at the line's top plus the largest ascent of its faces, fonts embedded as
 * subsets with ToUnicode. No I/O: font and image bytes come from the caller.
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
  PDFRef,
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
import { codeUnits, glyphLangs, readStaticStructure, slotKey, type Lang, type Slot, type StaticStructure, type StructNode } from '../../../src/products/certificates/structure.js';

/** The faces the variable layer is set in: react-pdf's own parsed faces (see fonts/faces.ts). */
export type FaceSet = (family: FamilyName, bold: boolean) => Face;

/** One certificate's own parts, and its signature image's bytes when it has one. */
export interface VariableLayer {
  /** What to draw, from certificateVariables. */
  variables: CertificateVariables;
  /** The signature image (PNG or JPEG), when `variables.signature` is set. */
  signature?: Uint8Array;
  /** The signature's alternative text (certificateAlt), for the structure tree. */
  signatureAlt?: string;
}

/** A run of one face: its text, its layout, and per glyph the kerning react-pdf applies (font units). */
interface Run {
  face: Face;
  text: string;
  layout: GlyphRun;
  kerning: number[];
  width: number;
  /** The language each glyph is read in; null for what lies between two languages (not read). */
  langs: ('en' | 'ko' | null)[];
}

interface ShapedLine {
  line: PlacedLine;
  runs: Run[];
  width: number;
  ascent: number;
}

/** Splits a line into runs of one face and shapes each, as react-pdf does; notes each glyph's language (glyphLangs). */
function shapeLine(line: PlacedLine, faceSet: FaceSet): ShapedLine {
  const faces = STACKS[line.stack].map((family) => faceSet(family, line.bold));
  let from = 0;
  // A character no face has is invisible (the coverage check lets only those through): not drawn.
  const runs = splitRuns(line.text, faces, 'skip').map(({ face, text }): Run => {
    const layout = face.layout(text);
    const kerning = layout.glyphs.map((glyph, i) => layout.positions[i]!.xAdvance - glyph.advanceWidth);
    const width = (layout.positions.reduce((sum, position) => sum + position.xAdvance, 0) / face.unitsPerEm) * line.size;
    const langs = glyphLangs(line, text, from, layout.glyphs.map((glyph) => codeUnits(glyph.codePoints)));
    from = langs.next;
    return { face, text, layout, kerning, width, langs: langs.langs };
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
 * With the static layer's `structure`, each part is drawn as marked content of its element and
 * the rule as an artifact, and the document gets its structure tree (structure.ts).
 */
export async function drawVariableLayers(doc: PDFDocument, pages: readonly PDFPage[], layers: readonly VariableLayer[], faceSet: FaceSet, background?: PDFEmbeddedPage, structure?: StaticStructure): Promise<void> {
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

  const tagged: { page: PDFPage; tags: PageTags }[] = [];
  for (const [i, page] of pages.entries()) {
    const layer = layers[i]!;
    const height = page.getHeight();
    const tags = structure && new PageTags(structure);
    if (tags) tagged.push({ page, tags });
    // Each part as its element's content (or furniture), when the document is tagged.
    const mark = (begin: () => PDFOperator, draw: PDFOperator[]) => (tags ? [begin(), ...draw, tags.end()] : draw);
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
    if (layer.variables.signature && layer.signature) {
      operators.push(...mark(() => tags!.begin('signature'), await drawSignature(doc, page, layer.variables.signature.box, layer.signature)));
      if (tags) tags.signatureAlt = layer.signatureAlt;
    }
    const { rule } = layer.variables;
    operators.push(...mark(() => tags!.artifact(), drawRectangle({ x: rule.x, y: height - rule.y - rule.height, width: rule.width, height: rule.height, color: colorOf(rule.color), borderColor: undefined, borderWidth: 0, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) })));
    for (const { line, runs, width, ascent } of shaped[i]!) {
      let x = line.align === 'center' ? line.box.x + (line.box.width - width) / 2 : line.align === 'right' ? line.box.x + line.box.width - width : line.box.x;
      const baseline = height - (line.box.y + ascent);
      operators.push(pushGraphicsState(), beginText(), setFillingRgbColor(...rgbOf(line.color)));
      // Inside the text object, a marked sequence for each language's stretch of the line: a run
      // that crosses from one to the next is shown by one TJ per stretch, which continue where
      // the last left off (the same glyphs in the same places).
      let open: string | undefined;
      for (const run of runs) {
        const font = fonts.get(run.face)!;
        operators.push(setFontAndSize(keyOf(font), line.size), setTextMatrix(1, 0, 0, 1, x, baseline));
        for (const piece of tags ? showByLanguage(font, run) : [{ lang: null, show: showAdjusted(font, run) }]) {
          if (tags && (piece.lang ?? '') !== open) {
            if (open !== undefined) operators.push(tags.end());
            operators.push(piece.lang && line.part ? tags.begin(line.part as Slot, piece.lang) : tags.artifact());
            open = piece.lang ?? '';
          }
          operators.push(piece.show);
        }
        x += run.width;
      }
      if (tags && open !== undefined) operators.push(tags.end());
      operators.push(endText(), popGraphicsState());
    }
    // One content stream per page, compressed natively (see useNativeDeflate).
    page.node.addContentStream(doc.context.register(doc.context.flateStream(operators.join('\n'))));
  }
  if (structure) writeStructure(doc, tagged, structure);
}

/**
 * Adds the static page to a fresh document `count` times (a combined file): its objects once, each
 * page its own dictionary sharing the layer's content streams, as addStaticPage makes the first.
 * Each page then has the static layer's marked content as its own, for its structure tree (a form
 * XObject drawn on every page would give all pages one set of marked content).
 */
export function addStaticPages(doc: PDFDocument, page: StaticPage, count: number): PDFPage[] {
  const first = addStaticPage(doc, page);
  const more = Array.from({ length: count - 1 }, () => {
    const { context } = doc;
    const leaf = PDFPageLeaf.fromMapWithContext(new Map(page.leaf.entries()), context, false);
    const resources = page.leaf.Resources()!.clone(context);
    for (const key of ['Font', 'XObject'].map((name) => PDFName.of(name))) resources.set(key, page.leaf.Resources()!.lookup(key, PDFDict).clone(context));
    leaf.set(PDFName.of('Resources'), resources);
    leaf.set(PDFName.of('Contents'), page.leaf.lookup(PDFName.of('Contents'), PDFArray).clone(context));
    return doc.addPage(PDFPage.of(leaf, context.register(leaf), doc));
  });
  return [first, ...more];
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
  return showGlyphs(font, run, font.encodeText(run.text).asString().match(/.{4}/g) ?? [], 0, Infinity);
}

/** The TJ of glyphs [from, to) of a run (ids: its glyph ids as hex), with their kerning, the last glyph's too when another TJ follows. */
function showGlyphs(font: PDFFont, run: Run, ids: readonly string[], from: number, to: number): PDFOperator {
  const parts: (PDFHexString | PDFNumber)[] = [];
  const last = Math.min(to, ids.length);
  if (ids.length !== run.kerning.length) {
    // pdf-lib shaped differently from fontkit here (it should not: same bytes, same features): no kerning.
    parts.push(PDFHexString.of(ids.slice(from, last).join('')));
  } else {
    const scale = 1000 / run.face.unitsPerEm;
    let pending = '';
    for (let g = from; g < last; g++) {
      pending += ids[g];
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

/** A run shown as one TJ per stretch of one language (or of none: what lies between two). */
function showByLanguage(font: PDFFont, run: Run): { lang: 'en' | 'ko' | null; show: PDFOperator }[] {
  const ids = font.encodeText(run.text).asString().match(/.{4}/g) ?? [];
  // When pdf-lib's glyphs are not fontkit's, the run is shown whole, read in its first glyph's language.
  if (ids.length !== run.langs.length) return [{ lang: run.langs[0] ?? null, show: showGlyphs(font, run, ids, 0, Infinity) }];
  const pieces: { lang: 'en' | 'ko' | null; show: PDFOperator }[] = [];
  let start = 0;
  for (let g = 1; g <= ids.length; g++) {
    if (g < ids.length && run.langs[g] === run.langs[start]) continue;
    pieces.push({ lang: run.langs[start]!, show: showGlyphs(font, run, ids, start, g) });
    start = g;
  }
  return pieces;
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
 * composeCertificates as the tagged branch had it before the writer was ported (issue 13):
 * certificates as pages of one pdf-lib document, each the static layer plus that certificate's
 * own parts; one certificate starts from the static page, a combined file's pages share its
 * content streams (addStaticPages); each page's structure tree is the static layer's with the
 * certificate's own parts filled in.
 */
export async function composeWithPdfLib(staticLayer: PDFDocument, staticPage: StaticPage, layers: VariableLayer[], faces: FaceSet, meta: DocumentMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pages = layers.length === 1 ? [addStaticPage(doc, staticPage)] : addStaticPages(doc, staticPage, layers.length);
  await drawVariableLayers(doc, pages, layers, faces, undefined, readStaticStructure(staticLayer));
  applyMetadata(doc, meta);
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/** The marked content of one page's own parts, as pdf-lib operators (structure.ts's PageTags, as it was). */
class PageTags {
  private next: number;
  readonly marks = new Map<string, number[]>();
  signatureAlt?: string;

  constructor(structure: StaticStructure) {
    this.next = structure.nextMcid;
  }

  begin(slot: Slot, lang?: Lang): PDFOperator {
    const mcid = this.next++;
    const key = slotKey(slot, lang);
    this.marks.set(key, [...(this.marks.get(key) ?? []), mcid]);
    return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(slot === 'signature' ? 'Figure' : 'P'), `<</MCID ${mcid}>>`]);
  }

  artifact(): PDFOperator {
    return PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of('Artifact')]);
  }

  end(): PDFOperator {
    return PDFOperator.of(PDFOperatorNames.EndMarkedContent);
  }

  get count(): number {
    return this.next;
  }
}

/** The structure tree written with pdf-lib's references and dictionaries (structure.ts's writeStructure, as it was). */
function writeStructure(doc: PDFDocument, pages: readonly { page: PDFPage; tags: PageTags }[], structure: StaticStructure): void {
  const { context } = doc;
  const rootRef = context.nextRef();
  const documentRef = context.nextRef();
  const top: PDFRef[] = [];
  const nums: string[] = [];
  pages.forEach(({ page, tags }, index) => {
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(index));
    page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    const owners: string[] = Array.from({ length: tags.count }, () => 'null');
    const pg = `/Pg ${page.ref}`;
    const build = (node: StructNode, parent: PDFRef): PDFRef | undefined => {
      const mcids = node.slot ? (tags.marks.get(slotKey(node.slot, node.lang)) ?? []) : node.mcids;
      if (node.slot && mcids.length === 0) return undefined;
      const ref = context.nextRef();
      const kids: string[] = mcids.map(String);
      for (const mcid of mcids) owners[mcid] = ref.toString();
      for (const child of node.children) {
        const kid = build(child, ref);
        if (kid) kids.push(kid.toString());
      }
      const alt = node.slot === 'signature' && tags.signatureAlt ? `/Alt ${PDFHexString.fromText(tags.signatureAlt)}` : '';
      context.assign(ref, new Written(`<<${node.head}${alt}/P ${parent}${pg}/K [${kids.join(' ')}]>>`));
      return ref;
    };
    for (const child of structure.children) {
      const kid = build(child, documentRef);
      if (kid) top.push(kid);
    }
    nums.push(`${index} [${owners.join(' ')}]`);
  });
  context.assign(documentRef, new Written(`<</S /Document/P ${rootRef}/K [${top.join(' ')}]>>`));
  context.assign(rootRef, new Written(`<</Type /StructTreeRoot/K ${documentRef}/ParentTree <</Nums [${nums.join(' ')}]>>/ParentTreeNextKey ${pages.length}>>`));
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
}

/** An object written as the PDF syntax it is given (ASCII). */
class Written extends PDFObject {
  constructor(private readonly syntax: string) {
    super();
  }

  override clone(): Written {
    return this;
  }

  override toString(): string {
    return this.syntax;
  }

  override sizeInBytes(): number {
    return this.syntax.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    for (let i = 0; i < this.syntax.length; i++) buffer[offset + i] = this.syntax.charCodeAt(i);
    return this.syntax.length;
  }
}
