/**
 * The objects of a certificate's file other than its page's drawing (writer.ts draws that): the
 * static page serialised once per batch as the template every file starts from, with the marks
 * where each file's page dictionary takes its own entries; the document information, catalog,
 * viewer preferences and XMP metadata; a signature field's objects for PAdES; a signature image
 * embedded once per batch. Each as pdf-lib wrote it (see writer.ts).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFImage, type PDFObject } from 'pdf-lib';
import { KeptByBytes } from '../../core/bytes.js';
import { PDF_CLAIM_KEY } from '../../core/claim.js';
import type { DocumentMetadata } from '../../core/document-metadata.js';
import { xmpPacket } from '../../render/finish.js';
import { deflate, frameObject, fromLatin1, pdfDate, pdfName, PdfFile, utf16Hex, type Body } from './pdf-syntax.js';

/** A signature image's bytes and format, as the list's loader checked them (input/signature-image.ts). */
export interface SignatureBytes {
  /** PNG or JPEG bytes. */
  bytes: Uint8Array;
  /** Their format. */
  format: 'png' | 'jpeg';
}

/** Object numbers well past any document's, to mark where a template takes the numbers of each. */
export const MARK = 999_999_990;

/** An image serialised once per batch: its objects' bodies, the SMask's number left to fill in. */
export interface PreparedImage {
  width: number;
  height: number;
  /** The image XObject's body before and after its /SMask number (one part without a mask). */
  image: [Uint8Array, Uint8Array] | [Uint8Array];
  /** The soft mask's body (a PNG's alpha), when there is one. */
  mask?: Uint8Array;
}

/** An object as pdf-lib serialises it. */
export function serialize(object: PDFObject): Uint8Array {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

/** pdf-lib compresses with pako; the writer's own streams with fflate (pdf-syntax.ts): the objects it takes from pdf-lib are deflated alike. */
export function useNativeDeflate(doc: PDFDocument): void {
  doc.context.flateStream = (contents, dict = {}) => doc.context.stream(deflate(contents), { ...dict, Filter: 'FlateDecode' });
}

/** The document information dictionary, as applyMetadata (render/finish.ts) has pdf-lib write it. */
export function infoBody(meta: DocumentMetadata, claim?: string): string {
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

/** The catalog, as writeStructure and then applyMetadata (render/finish.ts) had pdf-lib write it; a signed file's form after. */
export function catalogBody(structTreeRoot: number, preferences: number, metadata: number, meta: DocumentMetadata, signatureWidget?: number): string {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(meta.language)) throw new Error(`certificate writer: language "${meta.language}" is not a BCP 47 tag`);
  // SigFlags 3: the document has signatures, and is to be saved only by appending to it.
  const form = signatureWidget === undefined ? '' : `/AcroForm <<\n/Fields [ ${signatureWidget} 0 R ]\n/SigFlags 3\n>>\n`;
  return (
    `<<\n/Type /Catalog\n/Pages 1 0 R\n/StructTreeRoot ${structTreeRoot} 0 R\n/MarkInfo <<\n/Marked true\n>>\n` +
    `/ViewerPreferences ${preferences} 0 R\n/Lang (${meta.language})\n/Metadata ${metadata} 0 R\n${form}>>`
  );
}

/** The XMP metadata stream, uncompressed, as applyMetadata writes it for a tagged document (PDF/UA-1). */
export function xmpBody(meta: DocumentMetadata): Body {
  const packet = new TextEncoder().encode(xmpPacket(meta, true));
  return [`<<\n/Type /Metadata\n/Subtype /XML\n/Length ${packet.length}\n>>\nstream\n`, packet, '\nendstream'];
}

export const PREFERENCES = '<<\n/DisplayDocTitle true\n>>';

/** The static page of the separate certificates, serialised: every document starts from it. */
export interface SeparateTemplate {
  /** Objects 1 (the page tree) to the page's last, framed, except the catalog and the page. */
  framed: [number, Uint8Array][];
  /**
   * The page dictionary's text, cut where each document adds its own: its /StructParents (a
   * combined file's page's index), its content stream, its fonts and images (PAGE_HOLES, in the
   * order they come), for pageBody to fill.
   */
  page: { text: string[]; holes: PageHole[] };
  pageNumber: number;
  /** The first number a document's own objects take. */
  next: number;
  /** The page's height as its MediaBox says it (the number react-pdf wrote). */
  height: number;
  /** Font and XObject names the page already has. */
  fontNames: Set<string>;
  xobjectNames: Set<string>;
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
export function signatureObjects(file: PdfFile, take: () => number, field: SignatureField, page: number): number {
  const signature = take();
  const widget = take();
  const appearance = take();
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

/** Where a page's dictionary takes each document's own entries: the marks the template leaves, and what each becomes. */
export type PageHole = 'index' | 'contents' | 'fonts' | 'images';
const PAGE_HOLES: [PageHole, string][] = [
  ['index', `/StructParents ${MARK + 4}\n`],
  ['contents', ` ${MARK} 0 R ]`],
  ['fonts', `/DPFonts ${MARK + 1} 0 R\n`],
  ['images', `/DPImages ${MARK + 2} 0 R\n`],
];

/** Cuts the template's page dictionary at its marks (once per batch). */
function cutPage(text: string): SeparateTemplate['page'] {
  const found = PAGE_HOLES.map(([hole, mark]) => ({ hole, mark, at: text.indexOf(mark) }));
  const missing = found.find((hole) => hole.at < 0 || text.indexOf(hole.mark, hole.at + 1) >= 0);
  if (missing) throw new Error(`certificate writer: the static page's dictionary has no single ${missing.hole} mark`);
  found.sort((a, b) => a.at - b.at);
  const pieces: string[] = [];
  let from = 0;
  for (const { mark, at } of found) {
    pieces.push(text.slice(from, at));
    from = at + mark.length;
  }
  pieces.push(text.slice(from));
  return { text: pieces, holes: found.map(({ hole }) => hole) };
}

/** A page's dictionary: the template's, with its index, its own content stream, fonts and images. */
export function pageBody(t: SeparateTemplate, index: number, contents: number, fonts: [string, number][], xobjects: [string, number][]): string {
  const entries = (list: [string, number][]) => {
    let text = '';
    for (const [name, number] of list) text += `${pdfName(name)} ${number} 0 R\n`;
    return text;
  };
  const { text, holes } = t.page;
  let body = text[0]!;
  for (const [i, hole] of holes.entries()) {
    body += hole === 'index' ? `/StructParents ${index}\n` : hole === 'contents' ? ` ${contents} 0 R ]` : hole === 'fonts' ? entries(fonts) : entries(xobjects);
    body += text[i + 1]!;
  }
  return body;
}

/**
 * The separate certificates' template: the static page copied into a fresh pdf-lib document (so
 * numbered as each certificate's own document numbered it), its contents wrapped in q … Q, its
 * objects serialised, and its page dictionary with marks where each document adds its parts.
 */
export async function separateTemplate(layer: PDFDocument): Promise<SeparateTemplate> {
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
  // As writeStructure set them, after the page was drawn: in place when the static page has them.
  leaf.set(PDFName.of('StructParents'), PDFNumber.of(MARK + 4));
  leaf.set(PDFName.of('Tabs'), PDFName.of('S'));
  return {
    framed,
    page: cutPage(fromLatin1(serialize(leaf))),
    pageNumber: page!.ref.objectNumber,
    next: context.largestObjectNumber + 1,
    height: page!.getHeight(),
    fontNames,
    xobjectNames,
  };
}

/**
 * Images embedded once for the process (keepPreparedImage): the start-up snapshot's, the data's
 * sample signatures. Embedding the standard set's 900 x 300 signature (decoding it, splitting its
 * alpha, deflating both) took a cold build 100-330 ms.
 */
const keptImages = new KeptByBytes<PreparedImage>();

/** Embeds an image as prepareImage does and keeps the result for the process, by its bytes. */
export async function keepPreparedImage(signature: SignatureBytes): Promise<void> {
  keptImages.set(signature.bytes, await prepareImage(signature));
}

/** A signature image embedded by pdf-lib in a scratch document, its objects serialised with the mask's number left out. */
export async function prepareImage(signature: SignatureBytes): Promise<PreparedImage> {
  const kept = keptImages.get(signature.bytes);
  if (kept) return kept;
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
