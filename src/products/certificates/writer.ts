/**
 * The certificates' writer, step "finish" of the fast path: each certificate is the static layer
 * (border, title, body, date, issuer, seal), rendered once per batch by react-pdf and serialised
 * once here, plus its own few objects, written straight from bytes: the page dictionary, a content
 * stream with the number, names, role, rule and signature (placed by `certificateVariables` in
 * src/layout/certificate-layout.ts), a subset of each face it uses with its ToUnicode map, the
 * signature image, the document information, the cross-reference table and the trailer. pdf-lib
 * is used once per batch, to copy the static page and to embed signature images; no object model
 * is built per certificate. Here the drawing and the numbering of each document's objects;
 * the objects besides the page's drawing in document-objects.ts, the PDF syntax in pdf-syntax.ts,
 * the structure tree in structure.ts, the font subsets in font-subset.ts, shaping in shaping.ts.
 * What is left (some 410 lines) is one piece: the writer and the document it writes share its
 * numbering, resource names, subsets and images while a page is drawn.
 *
 * Every file is tagged (PDF/UA-1): the static layer's structure tree, copied for each page with
 * the certificate's own parts filled in (structure.ts); each part drawn as its element's marked
 * content (a signed certificate's QR code a figure, its ID line a paragraph), the rule as an artifact; MarkInfo, /Tabs /S, and XMP metadata with pdfuaid:part 1. A
 * combined file's pages each hold the static layer's content streams as their own (a form drawn on
 * every page would give all pages one set of marked content).
 *
 * The bytes are those pdf-lib wrote when it did this per certificate (the same objects under the
 * same numbers, the same resource names from its seeded generator, the same text operators): the
 * tests compare the two writers byte for byte (test/products/certificates/pdf-lib-writer.ts). Text is set as react-pdf sets it: each character in
 * the face the face rule gives it, runs shaped by fontkit with their kerning (or put together
 * glyph by glyph where that gives the same, shaping.ts), the baseline at the line's top plus the
 * largest ascent of its faces.
 */
import { degrees, drawImage, drawRectangle, PDFName, rgb, type PDFDocument } from 'pdf-lib';
import type { DocumentMetadata } from '../../core/document-metadata.js';
import type { PageSize } from '../../core/units.js';
import type { Face } from '../../fonts/faces.js';
import { STACKS, type FamilyName } from '../../fonts/registry.js';
import type { CertificateVariables, PlacedLine } from '../../layout/certificate-layout.js';
import { COLOR } from '../../layout/theme.js';
import { catalogBody, infoBody, pageBody, PREFERENCES, prepareImage, separateTemplate, signatureObjects, xmpBody, type PreparedImage, type SeparateTemplate, type SignatureBytes, type SignatureField } from './document-objects.js';
import { FontSubset } from './font-subset.js';
import { qrMask } from './qr-image.js';
import { deflate, deflateFast, fillColor, flateStreamBody, joinParts, Names, PackedPdfFile, pdfName, pdfNumber, PdfFile, type Body, type FilePart } from './pdf-syntax.js';
import { splitKey, type RunShaper, type ShapedRun } from './shaping.js';
import { glyphLangs, PageTags, readStaticStructure, structureObjects, type Slot, type StaticStructure } from './structure.js';

export type { SignatureBytes, SignatureField } from './document-objects.js';

/** The faces the variable layer is set in: react-pdf's own parsed faces (see fonts/faces.ts). */
export type FaceSet = (family: FamilyName, bold: boolean) => Face;

/** One certificate's own parts, and its signature image when it has one. */
export interface VariableLayer {
  /** What to draw, from certificateVariables. */
  variables: CertificateVariables;
  /** The signature image, when `variables.signature` is set. */
  signature?: SignatureBytes;
  /** The signature's alternative text (certificateAlt), for the structure tree. */
  signatureAlt?: string;
  /** A signed certificate's QR code's alternative text (certificateAlt), for the structure tree. */
  qrAlt?: string;
  /** A signed certificate's claim, as its document information carries it (see PDF_CLAIM_KEY); separate files only. */
  claim?: string;
}


/** A line's runs, shaped, placed across the page as react-pdf places them. */
interface SetLine {
  line: PlacedLine;
  runs: { face: Face; text: string; run: ShapedRun; width: number }[];
  width: number;
  ascent: number;
}

/** Writes certificates as PDF files: one per certificate, or all on pages of one. */
export class CertificateWriter {
  // Signature images by their bytes, serialised once: bounded by the images the list holds.
  private readonly images = new WeakMap<Uint8Array, Promise<PreparedImage>>();
  // The rule under the names, as operators, by where it goes: two places in a batch.
  private readonly rules = new Map<string, string>();
  // Pages' lines shaped when their layer was made (see shapeNow), until the combined file is written.
  private readonly shaped = new WeakMap<CertificateVariables, SetLine[]>();

  private constructor(
    private readonly separate: SeparateTemplate,
    /** @internal The static layer's structure tree, which each page's copies. */
    readonly structure: StaticStructure,
    private readonly faces: FaceSet,
    private readonly shaper: RunShaper,
  ) {}

  /**
   * Makes a writer for a batch: `staticLayer` is react-pdf's render of what every certificate
   * shares (one page, tagged), `page` the paper turned as the layout laid it out.
   */
  static async prepare(staticLayer: PDFDocument, page: PageSize, faces: FaceSet, shaper: RunShaper): Promise<CertificateWriter> {
    const template = await separateTemplate(staticLayer);
    if (Math.abs(template.height - page.height) > 0.01) throw new Error(`certificate writer: the static layer is ${template.height} pt high, the paper ${page.height} pt`);
    return new CertificateWriter(template, readStaticStructure(staticLayer), faces, shaper);
  }

  /** One certificate as a PDF file of its own. */
  async write(layer: VariableLayer, meta: DocumentMetadata): Promise<Uint8Array> {
    return joinParts(await this.writeParts(layer, meta));
  }

  /**
   * One certificate as the parts of its file, in order, to be written without joining them
   * (writeAtomicSync). With `signatureField`, the file has an empty signature field and its
   * placeholder (see signatureObjects), for a digital signature to be put in.
   */
  async writeParts(layer: VariableLayer, meta: DocumentMetadata, signatureField?: SignatureField): Promise<FilePart[]> {
    const t = this.separate;
    const file = new PdfFile();
    for (const [number, bytes] of t.framed) file.addFramed(number, bytes);
    const doc = new DocumentParts(this, t.next);
    const tags = new PageTags(this.structure);
    const { content, fonts, xobjects } = await doc.drawPage(layer, t.height, new Set(t.fontNames), new Set(t.xobjectNames), tags);
    const contents = doc.take();
    const widget = signatureField && signatureObjects(file, () => doc.take(), signatureField, t.pageNumber);
    doc.finish(file, meta, [{ page: t.pageNumber, tags }], layer.claim, widget);
    file.add(contents, deflatePage(content));
    let page = pageBody(t, 0, contents, fonts, xobjects);
    if (widget !== undefined) {
      if (!page.includes('/Annots [ ]')) throw new Error('certificate writer: the static page has no empty /Annots for the signature field');
      page = page.replace('/Annots [ ]', `/Annots [ ${widget} 0 R ]`);
    }
    file.add(t.pageNumber, page);
    return file.parts(2, doc.info);
  }

  /**
   * Certificates as the pages of one PDF file: each page the static page's dictionary, its content
   * streams and resources shared by all (numbered as in a separate certificate's file, the first
   * page too; the others next), each face subset once for all.
   */
  async writeCombined(layers: readonly VariableLayer[], meta: DocumentMetadata): Promise<Uint8Array> {
    const combined = this.combined();
    for (const layer of layers) await combined.add(layer);
    return combined.bytes(meta);
  }

  /** A combined file to add certificates to one by one (see CombinedFile). */
  combined(): CombinedFile {
    return new CombinedFile(this, this.separate);
  }

  /**
   * Shapes a layer's lines now, while the runs its names were fitted with are still in the
   * shaper's cache, and keeps them for the combined file: written after the last row, it would
   * find them evicted by a thousand other names and shape every name a second time. Returns `layer`.
   */
  shapeNow(layer: VariableLayer): VariableLayer {
    if (!this.shaped.has(layer.variables)) this.shaped.set(layer.variables, layer.variables.lines.map((line) => this.setLine(line)));
    return layer;
  }

  /** @internal A layer's lines, shaped: as shapeNow kept them, or now. */
  setLines(variables: CertificateVariables): SetLine[] {
    return this.shaped.get(variables) ?? variables.lines.map((line) => this.setLine(line));
  }

  /** @internal The line's runs, shaped, with its width and ascent (react-pdf's baseline). */
  setLine(line: PlacedLine): SetLine {
    // A character no face has is invisible (the coverage check lets only those through): not drawn.
    // The split the fit measured, where it was the same (RunShaper.split).
    const split = this.shaper.split(splitKey(line.stack, line.bold), line.text, () => STACKS[line.stack].map((family) => this.faces(family, line.bold)), 'skip');
    const runs = split.map(({ face, text }) => {
      const run = line.byChar ? this.shaper.shapeChars(face, text) : this.shaper.shape(face, text);
      let advance = 0;
      for (const a of run.advances) advance += a;
      return { face, text, run, width: (advance / face.unitsPerEm) * line.size };
    });
    const width = runs.reduce((sum, run) => sum + run.width, 0);
    const ascent = Math.max(0, ...runs.map((run) => (run.face.ascent / run.face.unitsPerEm) * line.size));
    return { line, runs, width, ascent };
  }

  /** @internal The rule's operators, as pdf-lib's drawRectangle writes them. */
  rule(rule: CertificateVariables['rule'], height: number): string {
    const key = `${rule.x} ${rule.y} ${rule.width} ${rule.height} ${rule.color} ${height}`;
    let ops = this.rules.get(key);
    if (!ops) {
      const value = Number.parseInt(rule.color.slice(1), 16);
      const color = rgb(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255);
      ops = drawRectangle({ x: rule.x, y: height - rule.y - rule.height, width: rule.width, height: rule.height, color, borderColor: undefined, borderWidth: 0, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) })
        .map(String)
        .join('\n');
      this.rules.set(key, ops);
    }
    return ops;
  }

  /** @internal A signature image, serialised once per bytes. */
  image(signature: SignatureBytes): Promise<PreparedImage> {
    let prepared = this.images.get(signature.bytes);
    if (!prepared) {
      prepared = prepareImage(signature);
      this.images.set(signature.bytes, prepared);
    }
    return prepared;
  }
}

/** One document being written: its numbering, its resource names, its fonts and images. */
class DocumentParts {
  private readonly names = new Names();
  private readonly fonts = new Map<Face, { subset: FontSubset; number: number }>();
  private readonly images = new Map<Uint8Array, { prepared: PreparedImage; number: number }>();
  /** QR codes' image masks, by object number. */
  private readonly masks: [number, Body][] = [];
  /** The information dictionary's number, known once finish has run. */
  info = 0;

  /**
   * With `fontsApart`, a face's font is numbered by its place among the document's faces (0, 1,
   * …) and the other objects from 0, until `place` says where both start: a combined file's
   * numbers depend on its number of pages, known when its last page is drawn.
   */
  constructor(
    private readonly writer: CertificateWriter,
    private next: number,
    private readonly fontsApart = false,
  ) {}

  /** The next object number. */
  take(): number {
    return this.next++;
  }

  /** Shapes a page's lines, numbering each face at its first run and noting the glyphs' code points in order. */
  setLines(variables: CertificateVariables): SetLine[] {
    const lines = this.writer.setLines(variables);
    for (const set of lines) {
      for (const { face, run } of set.runs) {
        let font = this.fonts.get(face);
        if (!font) this.fonts.set(face, (font = { subset: new FontSubset(face), number: this.fontsApart ? this.fonts.size : this.take() }));
        font.subset.note(run);
      }
    }
    return lines;
  }

  /**
   * A page's own content: the signature, the rule, the lines, each part its element's marked
   * content (`tags`), the rule and the " · " between two languages artifacts.
   */
  async drawPage(layer: VariableLayer, height: number, fontNames: Set<string>, xobjectNames: Set<string>, tags: PageTags, set = this.setLines(layer.variables)) {
    const ops: string[] = [];
    const xobjects: [string, number][] = [];
    const fonts: [string, number][] = [];
    const { signature } = layer.variables;
    if (signature && layer.signature) {
      let image = this.images.get(layer.signature.bytes);
      if (!image) this.images.set(layer.signature.bytes, (image = { prepared: await this.writer.image(layer.signature), number: this.take() }));
      const name = this.names.next('Image', xobjectNames);
      xobjectNames.add(name);
      xobjects.push([name, image.number]);
      // react-pdf's <Image objectFit="contain"> at 95% of the box height, bottom-centred.
      const { box } = signature;
      const { width: w, height: h } = image.prepared;
      let drawHeight = box.height * 0.95;
      let drawWidth = (drawHeight * w) / h;
      if (drawWidth > box.width) [drawWidth, drawHeight] = [box.width, (box.width * h) / w];
      const at = { x: box.x + (box.width - drawWidth) / 2, y: height - (box.y + box.height), width: drawWidth, height: drawHeight, rotate: degrees(0), xSkew: degrees(0), ySkew: degrees(0) };
      ops.push(tags.begin('signature'), ...drawImage(PDFName.of(name), at).map(String), tags.end());
      tags.signatureAlt = layer.signatureAlt;
    }
    ops.push(tags.artifact(), this.writer.rule(layer.variables.rule, height), tags.end());
    if (layer.variables.qr) {
      const number = this.take();
      this.masks.push([number, qrMask(layer.variables.qr.modules, layer.variables.qr.module)]);
      const name = this.names.next('Image', xobjectNames);
      xobjectNames.add(name);
      xobjects.push([name, number]);
      // A figure whose words name the verify page; the ID line under it is a line like the others (part 'id').
      ops.push(tags.begin('qr'), qrOperators(layer.variables.qr, name, height), tags.end());
      tags.qrAlt = layer.qrAlt;
    }
    const keys = new Map<Face, string>();
    for (const { line, runs, width, ascent } of set) {
      let x = line.align === 'center' ? line.box.x + (line.box.width - width) / 2 : line.align === 'right' ? line.box.x + line.box.width - width : line.box.x;
      const baseline = pdfNumber(height - (line.box.y + ascent));
      ops.push('q', 'BT', fillColor(line.color));
      // Inside the text object, a marked sequence for each language's stretch of the line: a run
      // that crosses from one to the next is shown by one TJ per stretch, which continue where
      // the last left off (the same glyphs in the same places).
      let open: string | undefined;
      let from = 0;
      for (const { face, text, run, width: runWidth } of runs) {
        const font = this.fonts.get(face)!;
        let key = keys.get(face);
        if (!key) {
          key = this.names.next(face.postscriptName, fontNames);
          fontNames.add(key);
          keys.set(face, key);
          fonts.push([key, font.number]);
        }
        ops.push(`${pdfName(key)} ${pdfNumber(line.size)} Tf`, `1 0 0 1 ${pdfNumber(x)} ${baseline} Tm`);
        const hex = font.subset.encode(run);
        const { langs, next } = glyphLangs(line, text, from, run.units);
        from = next;
        let start = 0;
        for (let g = 1; g <= hex.length; g++) {
          if (g < hex.length && langs[g] === langs[start]) continue;
          const lang = langs[start] ?? null;
          if ((lang ?? '') !== open) {
            if (open !== undefined) ops.push(tags.end());
            ops.push(lang && line.part ? tags.begin(line.part as Slot, lang) : tags.artifact());
            open = lang ?? '';
          }
          ops.push(showGlyphs(hex, face, run, start, g));
          start = g;
        }
        x += runWidth;
      }
      if (open !== undefined) ops.push(tags.end());
      ops.push('ET', 'Q');
    }
    return { content: ops.join('\n'), fonts, xobjects };
  }

  /**
   * Makes the numbers given so far final when fonts were numbered apart: the fonts from
   * `fontsFrom`, the other objects after them. Returns where those start.
   */
  place(fontsFrom: number): number {
    const from = fontsFrom + this.fonts.size;
    for (const font of this.fonts.values()) font.number += fontsFrom;
    for (const image of this.images.values()) image.number += from;
    for (const mask of this.masks) mask[0] += from;
    this.next += from;
    return from;
  }

  /**
   * Adds what every document ends with: the structure tree of its `pages`, information (with a
   * signed certificate's claim), preferences, XMP metadata, catalog (with a signature field's
   * form), then each font's objects and each image's, in pdf-lib's order.
   */
  finish(file: Pick<PdfFile, 'add'>, meta: DocumentMetadata, pages: readonly { page: number; tags: PageTags }[], claim?: string, signatureWidget?: number): void {
    const root = structureObjects(pages, this.writer.structure, () => this.take(), (number, body) => file.add(number, body));
    this.info = this.take();
    const preferences = this.take();
    const metadata = this.take();
    file.add(this.info, infoBody(meta, claim));
    file.add(preferences, PREFERENCES);
    file.add(metadata, xmpBody(meta));
    file.add(2, catalogBody(root, preferences, metadata, meta, signatureWidget));
    for (const { subset, number } of this.fonts.values()) {
      const { type0, objects } = subset.objects(this.next);
      this.next += objects.length;
      file.add(number, type0);
      for (const [n, body] of objects) file.add(n, body);
    }
    for (const { prepared, number } of this.images.values()) {
      if (prepared.mask) {
        const mask = this.take();
        file.add(mask, prepared.mask);
        file.add(number, [prepared.image[0], `${mask}`, prepared.image[1]!]);
      } else file.add(number, prepared.image[0]);
    }
    for (const [number, body] of this.masks) file.add(number, body);
  }
}

/** A combined file's page, drawn: its own content deflated, and what its dictionary and the structure tree need. */
interface DrawnPage {
  /** Its content stream's number, and its font and image resources', as drawn (see DocumentParts.place). */
  contents: number;
  fonts: [string, number][];
  xobjects: [string, number][];
  content: Uint8Array;
  tags: PageTags;
}

/**
 * A combined file being made: each certificate is drawn and its content deflated when it is added,
 * so that what a page is made of dies young (a batch kept every page's layer and shaped lines
 * until the last row, and each scavenge copied them again); the pages' dictionaries, the fonts
 * and the structure tree are written by `parts`, when the number of pages is known. The bytes are
 * those of the pages drawn all at once: every number a page takes is counted from where the fonts
 * end, and the fonts are numbered in the order the pages first use them, either way.
 */
export class CombinedFile {
  private readonly doc: DocumentParts;
  private readonly pages: DrawnPage[] = [];
  private broken?: unknown;
  private written = false;

  /** @internal Made by CertificateWriter.combined. */
  constructor(
    private readonly writer: CertificateWriter,
    private readonly t: SeparateTemplate,
  ) {
    this.doc = new DocumentParts(writer, 0, true);
  }

  /** The pages added so far. */
  get count(): number {
    return this.pages.length;
  }

  /** Draws a certificate on the next page. A page that failed halfway leaves the file unusable: `parts` then throws. */
  async add(layer: VariableLayer): Promise<void> {
    if (this.broken) throw this.broken;
    if (this.written) throw new Error('certificate writer: a page added to a combined file already written');
    const { t } = this;
    try {
      const tags = new PageTags(this.writer.structure);
      const { content, fonts, xobjects } = await this.doc.drawPage(layer, t.height, new Set(t.fontNames), new Set(t.xobjectNames), tags);
      this.pages.push({ contents: this.doc.take(), fonts, xobjects, content: deflateFast(content), tags });
    } catch (error) {
      this.broken = error;
      throw error;
    }
  }

  /** The file's bytes. */
  bytes(meta: DocumentMetadata): Uint8Array {
    if (this.broken) throw this.broken;
    const { t, pages } = this;
    if (pages.length === 0 || this.written) throw new Error('certificate writer: a combined file with no page, or written twice');
    this.written = true;
    const file = new PackedPdfFile();
    // Object 1, the page tree, lists every page here.
    for (const [number, bytes] of t.framed) if (number !== 1) file.addFramed(number, bytes);
    const pageNumbers = pages.map((_, i) => (i === 0 ? t.pageNumber : t.next + i - 1));
    file.add(1, `<<\n/Type /Pages\n/Kids [ ${pageNumbers.map((n) => `${n} 0 R`).join(' ')} ]\n/Count ${pages.length}\n>>`);
    const fontsFrom = t.next + pages.length - 1;
    const from = this.doc.place(fontsFrom);
    for (const [i, page] of pages.entries()) {
      const fonts = page.fonts.map(([key, n]): [string, number] => [key, n + fontsFrom]);
      const xobjects = page.xobjects.map(([name, n]): [string, number] => [name, n + from]);
      file.add(page.contents + from, flateStreamBody(page.content));
      file.add(pageNumbers[i]!, pageBody(t, i, page.contents + from, fonts, xobjects));
    }
    this.doc.finish(file, meta, pages.map((page, i) => ({ page: pageNumbers[i]!, tags: page.tags })));
    return file.bytes(2, this.doc.info);
  }
}

/**
 * The TJ of glyphs [from, to) of a run (`hex`: its glyph ids, encoded), with each glyph's kerning
 * as react-pdf positions it (in thousandths of an em), the last glyph's too when another TJ follows.
 */
function showGlyphs(hex: readonly string[], face: Face, run: ShapedRun, from: number, to: number): string {
  const scale = 1000 / face.unitsPerEm;
  const parts: string[] = [];
  let pending = '';
  for (let g = from; g < to; g++) {
    pending += hex[g];
    const kern = run.advances[g]! - run.widths[g]!;
    if (Math.abs(kern) > 1e-9 && g < hex.length - 1) {
      parts.push(`<${pending}>`, pdfNumber(-kern * scale));
      pending = '';
    }
  }
  if (pending) parts.push(`<${pending}>`);
  return `[ ${parts.join(' ')} ] TJ`;
}

/** Draws the QR code's mask at its place: the unit square scaled to the symbol, in the ink's colour. */
function qrOperators(qr: NonNullable<CertificateVariables['qr']>, name: string, height: number): string {
  const side = qr.module * qr.modules.length;
  const at = (value: number) => pdfNumber(Math.round(value * 1e3) / 1e3);
  return `q\n${fillColor(QR_INK)}\n${at(side)} 0 0 ${at(side)} ${at(qr.x)} ${at(height - qr.y - side)} cm\n${pdfName(name)} Do\nQ`;
}

/** The QR code's ink: the text's near-black (theme COLOR.ink), for the most contrast on the cream paper. */
const QR_INK = COLOR.ink;

/** A page's own content stream, deflated. */
function deflatePage(content: string): Body {
  return flateStreamBody(deflate(content));
}
