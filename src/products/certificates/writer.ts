/**
 * The certificates' writer, step "finish" of the fast path: each certificate is the static layer
 * (border, title, body, date, issuer, seal), rendered once per batch by react-pdf and serialised
 * once here, plus its own few objects, written straight from bytes: the page dictionary, a content
 * stream with the number, names, role, rule and signature (placed by `certificateVariables` in
 * src/layout/certificate-layout.ts), a subset of each face it uses with its ToUnicode map, the
 * signature image, the document information, the cross-reference table and the trailer. pdf-lib
 * is used once per batch, to copy the static page and to embed signature images; no object model
 * is built per certificate.
 *
 * The bytes are those pdf-lib wrote when it did this per certificate (the same objects under the
 * same numbers, the same resource names from its seeded generator, the same text operators): the
 * tests compare the two writers byte for byte. Text is set as react-pdf sets it: each character in
 * the face the face rule gives it, runs shaped by fontkit with their kerning, the baseline at the
 * line's top plus the largest ascent of its faces.
 */
import { degrees, drawImage, drawRectangle, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, rgb, type PDFImage, type PDFObject } from 'pdf-lib';
import { PDF_CLAIM_KEY } from '../../core/claim.js';
import type { DocumentMetadata } from '../../core/document-metadata.js';
import type { PageSize } from '../../core/units.js';
import { splitRuns, type Face } from '../../fonts/faces.js';
import { STACKS, type FamilyName } from '../../fonts/registry.js';
import type { CertificateVariables, PlacedLine } from '../../layout/certificate-layout.js';
import { COLOR } from '../../layout/theme.js';
import { FontSubset } from './font-subset.js';
import { deflate, flateStreamBody, frameObject, fromLatin1, joinParts, pdfDate, pdfName, pdfNumber, PdfFile, utf16Hex, type Body, type FilePart } from './pdf-syntax.js';
import type { RunShaper, ShapedRun } from './shaping.js';

/** The faces the variable layer is set in: react-pdf's own parsed faces (see fonts/faces.ts). */
export type FaceSet = (family: FamilyName, bold: boolean) => Face;

/** A signature image's bytes and format, as the list's loader checked them (input/signature-image.ts). */
export interface SignatureBytes {
  /** PNG or JPEG bytes. */
  bytes: Uint8Array;
  /** Their format. */
  format: 'png' | 'jpeg';
}

/** One certificate's own parts, and its signature image when it has one. */
export interface VariableLayer {
  /** What to draw, from certificateVariables. */
  variables: CertificateVariables;
  /** The signature image, when `variables.signature` is set. */
  signature?: SignatureBytes;
  /** A signed certificate's claim, as its document information carries it (see PDF_CLAIM_KEY); separate files only. */
  claim?: string;
}


/** Object numbers well past any document's, to mark where a template takes the numbers of each. */
const MARK = 999_999_990;

/** A line's runs, shaped, placed across the page as react-pdf places them. */
interface SetLine {
  line: PlacedLine;
  runs: { face: Face; run: ShapedRun; width: number }[];
  width: number;
  ascent: number;
}

/** An image serialised once per batch: its objects' bodies, the SMask's number left to fill in. */
interface PreparedImage {
  width: number;
  height: number;
  /** The image XObject's body before and after its /SMask number (one part without a mask). */
  image: [Uint8Array, Uint8Array] | [Uint8Array];
  /** The soft mask's body (a PNG's alpha), when there is one. */
  mask?: Uint8Array;
}

/**
 * pdf-lib's resource names: `<tag>-<10 digits>` from a generator seeded with 1 in every document
 * (SimpleRNG): the n-th name a document asks for has the n-th number. Memoised: a combined file of
 * 10,000 pages asks for about 50,000.
 */
const suffixes: number[] = [];
function suffix(n: number): number {
  for (let seed = suffixes.length + 1; seed <= n; seed++) {
    const x = Math.sin(seed) * 10000;
    suffixes.push(Math.floor((x - Math.floor(x)) * 10 ** 10));
  }
  return suffixes[n - 1]!;
}

/** A document's resource names, drawn in pdf-lib's order; a name already in the dictionary is drawn again, as pdf-lib does. */
class Names {
  private drawn = 0;
  next(tag: string, taken: ReadonlySet<string>): string {
    let name: string;
    do name = `${tag}-${suffix(++this.drawn)}`;
    while (taken.has(name));
    return name;
  }
}

// Colours as pdf-lib writes `r g b rg`, by #rrggbb: bounded by the few colours of the layout.
const fills = new Map<string, string>();
function fillColor(hex: string): string {
  let fill = fills.get(hex);
  if (!fill) {
    const value = Number.parseInt(hex.slice(1), 16);
    fill = `${[(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => pdfNumber(c / 255)).join(' ')} rg`;
    fills.set(hex, fill);
  }
  return fill;
}

/** An object as pdf-lib serialises it. */
function serialize(object: PDFObject): Uint8Array {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

/** pdf-lib compresses with pako; the writer's own streams with fflate (pdf-syntax.ts): the objects it takes from pdf-lib are deflated alike. */
function useNativeDeflate(doc: PDFDocument): void {
  doc.context.flateStream = (contents, dict = {}) => doc.context.stream(deflate(contents), { ...dict, Filter: 'FlateDecode' });
}

/** The document information dictionary, as applyMetadata (render/finish.ts) has pdf-lib write it. */
function infoBody(meta: DocumentMetadata, claim?: string): string {
  const keywords = meta.keywords.join(', ');
  const keywordEntry = /^[\x20-\x7e]*$/.test(keywords) ? `(${keywords.replace(/[\\()]/g, '\\$&')})` : utf16Hex(keywords);
  const date = pdfDate(meta.creationDate);
  return (
    `<<\n/Title ${utf16Hex(meta.title)}\n/Author ${utf16Hex(meta.author)}\n/Subject ${utf16Hex(meta.subject)}\n/Keywords ${keywordEntry}\n` +
    `/Creator ${utf16Hex(meta.creator)}\n/Producer ${utf16Hex(meta.producer)}\n/CreationDate ${date}\n/ModDate ${date}\n` +
    (claim === undefined ? '' : `/${PDF_CLAIM_KEY} (${asciiString(claim)})\n`) +
    '>>'
  );
}

/** A claim's text (base64url and a dot) as a literal string: nothing in it needs escaping, and anything else is refused. */
function asciiString(text: string): string {
  if (!/^[A-Za-z0-9_.-]*$/.test(text)) throw new Error('certificate writer: a claim is base64url and dots only');
  return text;
}

function catalogBody(preferences: number, meta: DocumentMetadata, signatureWidget?: number): string {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(meta.language)) throw new Error(`certificate writer: language "${meta.language}" is not a BCP 47 tag`);
  // SigFlags 3: the document has signatures, and is to be saved only by appending to it.
  const form = signatureWidget === undefined ? '' : `/AcroForm <<\n/Fields [ ${signatureWidget} 0 R ]\n/SigFlags 3\n>>\n`;
  return `<<\n/Type /Catalog\n/Pages 1 0 R\n/ViewerPreferences ${preferences} 0 R\n/Lang (${meta.language})\n${form}>>`;
}

const PREFERENCES = '<<\n/DisplayDocTitle true\n>>';

/** The static page of the separate certificates, serialised: every document starts from it. */
interface SeparateTemplate {
  /** Objects 1 (the page tree) to the page's last, framed, except the catalog and the page. */
  framed: [number, Uint8Array][];
  /** The page dictionary's text, with MARK entries where each document adds its own. */
  page: string;
  pageNumber: number;
  /** The first number a document's own objects take. */
  next: number;
  /** The page's height as its MediaBox says it (the number react-pdf wrote). */
  height: number;
  /** Font and XObject names the page already has. */
  fontNames: Set<string>;
  xobjectNames: Set<string>;
}

/** The static page as one form XObject, for a combined file: objects 3 … the form's, framed. */
interface CombinedTemplate {
  framed: [number, Uint8Array][];
  form: number;
  /** Streams pdf-lib made while embedding the page and wrote last, unreferenced (its q … Q). */
  trailing: Uint8Array[];
}

/** An empty signature field for a digital signature (PAdES) to be put in: who signs, and when. */
export interface SignatureField {
  /** The signer's name, as the signature dictionary's /Name. */
  name: string;
  /** The signing time, as its /M. */
  date: Date;
  /** The signature's room: bytes, written as twice as many hex zeros. */
  length: number;
}

/**
 * A signature field's objects, as @signpdf/placeholder-pdf-lib adds them (an invisible widget on
 * the page, its empty appearance, the signature dictionary with a /ByteRange placeholder and
 * /Contents of zeros), written straight into the file: loading each certificate into pdf-lib to
 * add them, and saving it again, cost some 15 ms a certificate. @signpdf/signpdf then fills them.
 * Returns the widget's number, for the page's /Annots and the catalog's /AcroForm.
 */
function signatureObjects(file: PdfFile, doc: DocumentParts, field: SignatureField, page: number): number {
  const signature = doc.take();
  const widget = doc.take();
  const appearance = doc.take();
  const placeholder = '/**********';
  file.add(
    signature,
    `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange [ 0 ${placeholder} ${placeholder} ${placeholder} ]\n` +
      `/Contents <${'0'.repeat(field.length * 2)}>\n/Reason (Certificate of Signature issued)\n/M ${pdfDate(field.date)}\n/Name ${utf16Hex(field.name)}\n` +
      `/Prop_Build <<\n/Filter <<\n/Name /Adobe.PPKLite\n>>\n>>\n>>`,
  );
  file.add(widget, `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [ 0 0 0 0 ]\n/V ${signature} 0 R\n/T (Signature1)\n/F 4\n/P ${page} 0 R\n/AP <<\n/N ${appearance} 0 R\n>>\n>>`);
  file.add(appearance, ['<<\n/Type /XObject\n/Subtype /Form\n/BBox [ 0 0 0 0 ]\n/Resources <<\n>>\n/Length 0\n>>\nstream\n', '\nendstream']);
  return widget;
}

/** Writes certificates as PDF files: one per certificate, or all on pages of one. */
export class CertificateWriter {
  private combinedTemplate?: Promise<CombinedTemplate>;
  // Signature images by their bytes, serialised once: bounded by the images the list holds.
  private readonly images = new WeakMap<Uint8Array, Promise<PreparedImage>>();
  // The rule under the names, as operators, by where it goes: two places in a batch.
  private readonly rules = new Map<string, string>();

  private constructor(
    private readonly staticLayer: PDFDocument,
    private readonly separate: SeparateTemplate,
    private readonly page: PageSize,
    private readonly faces: FaceSet,
    private readonly shaper: RunShaper,
  ) {}

  /**
   * Makes a writer for a batch: `staticLayer` is react-pdf's render of what every certificate
   * shares (one page), `page` the paper turned as the layout laid it out.
   */
  static async prepare(staticLayer: PDFDocument, page: PageSize, faces: FaceSet, shaper: RunShaper): Promise<CertificateWriter> {
    return new CertificateWriter(staticLayer, await separateTemplate(staticLayer), page, faces, shaper);
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
    const { content, fonts, xobjects } = await doc.drawPage(layer, t.height, new Set(t.fontNames), new Set(t.xobjectNames), undefined);
    const contents = doc.take();
    const widget = signatureField && signatureObjects(file, doc, signatureField, t.pageNumber);
    doc.finish(file, meta, [], layer.claim, widget);
    file.add(contents, deflatePage(content));
    const entries = (list: [string, number][]) => list.map(([name, number]) => `${pdfName(name)} ${number} 0 R\n`).join('');
    let page = t.page
      .replace(` ${MARK} 0 R ]`, ` ${contents} 0 R ]`)
      .replace(`/DPFonts ${MARK + 1} 0 R\n`, entries(fonts))
      .replace(`/DPImages ${MARK + 2} 0 R\n`, entries(xobjects));
    if (widget !== undefined) {
      if (!page.includes('/Annots [ ]')) throw new Error('certificate writer: the static page has no empty /Annots for the signature field');
      page = page.replace('/Annots [ ]', `/Annots [ ${widget} 0 R ]`);
    }
    file.add(t.pageNumber, page);
    return file.parts(2, doc.info);
  }

  /** Certificates as the pages of one PDF file: the static page drawn on each as one shared form, each face subset once for all. */
  async writeCombined(layers: readonly VariableLayer[], meta: DocumentMetadata): Promise<Uint8Array> {
    const t = await (this.combinedTemplate ??= combinedTemplate(this.staticLayer));
    const file = new PdfFile();
    for (const [number, bytes] of t.framed) file.addFramed(number, bytes);
    const firstPage = t.form + 1;
    const pageNumbers = layers.map((_, i) => firstPage + i);
    file.add(1, `<<\n/Type /Pages\n/Kids [ ${pageNumbers.map((n) => `${n} 0 R`).join(' ')} ]\n/Count ${layers.length}\n>>`);
    const doc = new DocumentParts(this, firstPage + layers.length);
    // Every page's runs are shaped (and their faces numbered) before any page is drawn, as pdf-lib's documents were made.
    const set = layers.map((layer) => doc.setLines(layer.variables.lines));
    const box = `/MediaBox [ 0 0 ${pdfNumber(this.page.width)} ${pdfNumber(this.page.height)} ]`;
    for (const [i, layer] of layers.entries()) {
      const { content, fonts, xobjects } = await doc.drawPage(layer, this.page.height, new Set(), new Set(), t.form, set[i]);
      const contents = doc.take();
      file.add(contents, deflatePage(content));
      const entries = (list: [string, number][]) => list.map(([name, number]) => `${pdfName(name)} ${number} 0 R\n`).join('');
      file.add(
        pageNumbers[i]!,
        `<<\n/Type /Page\n/Parent 1 0 R\n/Resources <<\n/Font <<\n${entries(fonts)}>>\n/XObject <<\n${entries(xobjects)}>>\n/ExtGState <<\n>>\n>>\n${box}\n/Annots [ ]\n/Contents [ ${contents} 0 R ]\n>>`,
      );
    }
    doc.finish(file, meta, t.trailing);
    return joinParts(file.parts(2, doc.info));
  }

  /** @internal The line's runs, shaped, with its width and ascent (react-pdf's baseline). */
  setLine(line: PlacedLine): SetLine {
    const faces = STACKS[line.stack].map((family) => this.faces(family, line.bold));
    // A character no face has is invisible (the coverage check lets only those through): not drawn.
    const runs = splitRuns(line.text, faces, 'skip').map(({ face, text }) => {
      const run = line.byChar ? this.shaper.shapeChars(face, text) : this.shaper.shape(face, text);
      let advance = 0;
      for (const a of run.advances) advance += a;
      return { face, run, width: (advance / face.unitsPerEm) * line.size };
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

  constructor(
    private readonly writer: CertificateWriter,
    private next: number,
  ) {}

  /** The next object number. */
  take(): number {
    return this.next++;
  }

  /** Shapes a page's lines, numbering each face at its first run and noting the glyphs' code points in order. */
  setLines(lines: readonly PlacedLine[]): SetLine[] {
    return lines.map((line) => {
      const set = this.writer.setLine(line);
      for (const { face, run } of set.runs) {
        let font = this.fonts.get(face);
        if (!font) this.fonts.set(face, (font = { subset: new FontSubset(face), number: this.take() }));
        font.subset.note(run);
      }
      return set;
    });
  }

  /** A page's content: the shared form (combined files), the signature, the rule, the lines. */
  async drawPage(layer: VariableLayer, height: number, fontNames: Set<string>, xobjectNames: Set<string>, form: number | undefined, set = this.setLines(layer.variables.lines)) {
    const ops: string[] = [];
    const xobjects: [string, number][] = [];
    const fonts: [string, number][] = [];
    if (form !== undefined) {
      const name = this.names.next('Layer', xobjectNames);
      xobjectNames.add(name);
      xobjects.push([name, form]);
      ops.push('q', '1 0 0 1 0 0 cm', `${pdfName(name)} Do`, 'Q');
    }
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
      ops.push(...drawImage(PDFName.of(name), at).map(String));
    }
    ops.push(this.writer.rule(layer.variables.rule, height));
    if (layer.variables.qr) {
      const number = this.take();
      this.masks.push([number, qrMask(layer.variables.qr.modules, layer.variables.qr.module)]);
      const name = this.names.next('Image', xobjectNames);
      xobjectNames.add(name);
      xobjects.push([name, number]);
      ops.push(qrOperators(layer.variables.qr, name, height));
    }
    const keys = new Map<Face, string>();
    for (const { line, runs, width, ascent } of set) {
      let x = line.align === 'center' ? line.box.x + (line.box.width - width) / 2 : line.align === 'right' ? line.box.x + line.box.width - width : line.box.x;
      const baseline = pdfNumber(height - (line.box.y + ascent));
      ops.push('q', 'BT', fillColor(line.color));
      for (const { face, run, width: runWidth } of runs) {
        const font = this.fonts.get(face)!;
        let key = keys.get(face);
        if (!key) {
          key = this.names.next(face.postscriptName, fontNames);
          fontNames.add(key);
          keys.set(face, key);
          fonts.push([key, font.number]);
        }
        ops.push(`${pdfName(key)} ${pdfNumber(line.size)} Tf`, `1 0 0 1 ${pdfNumber(x)} ${baseline} Tm`, showAdjusted(font.subset, face, run));
        x += runWidth;
      }
      ops.push('ET', 'Q');
    }
    return { content: ops.join('\n'), fonts, xobjects };
  }

  /** Adds what every document ends with: information, preferences, catalog, then each font's objects and each image's, in pdf-lib's order. */
  finish(file: PdfFile, meta: DocumentMetadata, trailing: readonly Uint8Array[] = [], claim?: string, signatureWidget?: number): void {
    this.info = this.take();
    const preferences = this.take();
    file.add(this.info, infoBody(meta, claim));
    file.add(preferences, PREFERENCES);
    file.add(2, catalogBody(preferences, meta, signatureWidget));
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
    for (const body of trailing) file.add(this.take(), body);
    for (const [number, body] of this.masks) file.add(number, body);
  }
}

/** A TJ with each glyph's kerning as react-pdf positions it: glyph ids as hex, adjustments in thousandths of an em. */
function showAdjusted(subset: FontSubset, face: Face, run: ShapedRun): string {
  const hex = subset.encode(run);
  const scale = 1000 / face.unitsPerEm;
  const parts: string[] = [];
  let pending = '';
  for (let g = 0; g < hex.length; g++) {
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

/** The resolution a print shop's preflight asks of every image (src/preflight/images.ts). */
const PRINT_PPI = 300;

/**
 * A QR code as an image mask: one bit a pixel, dark modules painted in the fill colour (ISO
 * 32000-1 8.9.6.2), not interpolated, so a viewer or a printer's RIP draws each module as a hard
 * square. Each module is a square of pixels, as many as make the mask 300 ppi or more where it is
 * placed (6 at 0.5 mm), so the preflight passes it as it passes every image: about 17 KB of bits,
 * 1-2 KB deflated. Vector squares (a rectangle per run of dark modules, some 900 of them) made
 * the content stream 11 KB of text and cost the certificate about 0.6 ms to write and deflate.
 */
function qrMask(modules: readonly (readonly boolean[])[], module: number): Body {
  const scale = Math.ceil((PRINT_PPI * module) / 72 - 1e-9);
  const size = modules.length * scale;
  const stride = Math.ceil(size / 8);
  const bits = new Uint8Array(stride * size);
  modules.forEach((row, y) => {
    const first = y * scale * stride;
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      for (let px = x * scale; px < (x + 1) * scale; px++) bits[first + (px >> 3)]! |= 0x80 >> (px & 7);
    }
    for (let copy = 1; copy < scale; copy++) bits.copyWithin(first + copy * stride, first, first + stride);
  });
  return flateStreamBody(deflate(bits), `/Type /XObject\n/Subtype /Image\n/Width ${size}\n/Height ${size}\n/ImageMask true\n/BitsPerComponent 1\n/Decode [ 1 0 ]\n`);
}

/** Draws the QR code's mask at its place: the unit square scaled to the symbol, in the ink's colour. */
function qrOperators(qr: NonNullable<CertificateVariables['qr']>, name: string, height: number): string {
  const side = qr.module * qr.modules.length;
  const at = (value: number) => pdfNumber(Math.round(value * 1e3) / 1e3);
  return `q\n${fillColor(QR_INK)}\n${at(side)} 0 0 ${at(side)} ${at(qr.x)} ${at(height - qr.y - side)} cm\n${pdfName(name)} Do\nQ`;
}

/** The QR code's ink: the text's near-black (theme COLOR.ink), for the most contrast on the cream paper. */
const QR_INK = COLOR.ink;

function deflatePage(content: string): Body {
  return flateStreamBody(deflate(content));
}

/**
 * The separate certificates' template: the static page copied into a fresh pdf-lib document (so
 * numbered as each certificate's own document numbered it), its contents wrapped in q … Q, its
 * objects serialised, and its page dictionary with marks where each document adds its parts.
 */
async function separateTemplate(layer: PDFDocument): Promise<SeparateTemplate> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const [page] = await doc.copyPages(layer, [0]);
  doc.addPage(page!);
  // react-pdf leaves its flipped CTM set: normalize wraps the layer's contents in q … Q.
  page!.node.normalize();
  const { context } = doc;
  const root = context.trailerInfo.Root as PDFRef;
  const framed: [number, Uint8Array][] = [];
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (ref === page!.ref || ref === root) continue;
    framed.push([ref.objectNumber, frameObject(ref.objectNumber, serialize(object))]);
  }
  const leaf = page!.node.clone(context);
  const resources = leaf.lookup(PDFName.of('Resources'), PDFDict).clone(context);
  const fonts = resources.lookup(PDFName.of('Font'), PDFDict).clone(context);
  const fontNames = new Set(fonts.keys().map((key) => key.decodeText()));
  fonts.set(PDFName.of('DPFonts'), PDFRef.of(MARK + 1));
  const xobjects = resources.lookup(PDFName.of('XObject'), PDFDict).clone(context);
  const xobjectNames = new Set(xobjects.keys().map((key) => key.decodeText()));
  xobjects.set(PDFName.of('DPImages'), PDFRef.of(MARK + 2));
  resources.set(PDFName.of('Font'), fonts);
  resources.set(PDFName.of('XObject'), xobjects);
  leaf.set(PDFName.of('Resources'), resources);
  const contents = leaf.lookup(PDFName.of('Contents'), PDFArray).clone(context);
  contents.push(PDFRef.of(MARK));
  leaf.set(PDFName.of('Contents'), contents);
  return {
    framed,
    page: fromLatin1(serialize(leaf)),
    pageNumber: page!.ref.objectNumber,
    next: context.largestObjectNumber + 1,
    height: page!.getHeight(),
    fontNames,
    xobjectNames,
  };
}

/**
 * The combined file's template: the static page embedded as a form XObject in a fresh pdf-lib
 * document, as pdf-lib embedded it before the pages were added (its resources copied as objects 3
 * on, the form next); the q … Q streams pdf-lib makes while embedding it are written last.
 */
async function combinedTemplate(layer: PDFDocument): Promise<CombinedTemplate> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  useNativeDeflate(doc);
  const form = await doc.embedPage(layer.getPage(0));
  const formNumber = form.ref.objectNumber;
  await form.embed();
  const framed: [number, Uint8Array][] = [];
  const trailing: Uint8Array[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (ref.objectNumber <= 2) continue;
    if (ref.objectNumber <= formNumber) framed.push([ref.objectNumber, frameObject(ref.objectNumber, serialize(object))]);
    else trailing.push(serialize(object));
  }
  return { framed, form: formNumber, trailing };
}

/** A signature image embedded by pdf-lib in a scratch document, its objects serialised with the mask's number left out. */
async function prepareImage(signature: SignatureBytes): Promise<PreparedImage> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  useNativeDeflate(doc);
  const image: PDFImage = signature.format === 'png' ? await doc.embedPng(signature.bytes) : await doc.embedJpg(signature.bytes);
  await image.embed();
  const stream = doc.context.lookup(image.ref) as PDFRawStream;
  const mask = stream.dict.get(PDFName.of('SMask'));
  if (!(mask instanceof PDFRef)) return { width: image.width, height: image.height, image: [serialize(stream)] };
  stream.dict.set(PDFName.of('SMask'), PDFRef.of(MARK + 3));
  const text = serialize(stream);
  const at = fromLatin1(text).indexOf(`/SMask ${MARK + 3} 0 R`);
  const before = text.subarray(0, at + '/SMask '.length);
  const after = text.subarray(at + `/SMask ${MARK + 3}`.length);
  return { width: image.width, height: image.height, image: [before, after], mask: serialize(doc.context.lookup(mask)!) };
}

