import { decodePDFRawStream, ParseSpeeds, PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFPage } from 'pdf-lib';
import { fail } from '../core/errors.js';
import { formatPt, type PageSize } from '../core/units.js';
import type { DocumentMetadata } from '../core/document-metadata.js';

/** Where the trim and bleed lie in a page rendered with bleed, and optionally crop marks. */
export interface PrintBoxOptions {
  /** Bleed beyond the trim on every side, in pt (3 mm = 8.504 pt). */
  bleed: number;
  /**
   * Slug beyond the bleed on every side, in pt: the room a page rendered with crop marks keeps
   * for them. 0 (the default) for a page that is trim + 2 x bleed.
   */
  slug?: number;
  /**
   * The trim size the page was rendered for, in pt. When given, the trim is this size centred
   * on the page, and the page must have room for it plus the bleed (and the slug, when given):
   * a render that forgot its bleed is refused instead of being trimmed into its artwork.
   */
  trim?: PageSize;
}

/** Everything the finish step may do to one rendered PDF; steps left out are skipped. */
export interface FinishOptions {
  /** Set TrimBox and BleedBox on every page. */
  boxes?: PrintBoxOptions;
  /** Replace the document information and the file identifier. */
  metadata?: DocumentMetadata;
}

// Within this, two lengths in pt are the same: 0.01 pt is 3.5 µm, far below any cutter's accuracy.
const EPSILON = 0.01;
const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Sets TrimBox and BleedBox on every page (react-pdf cannot), leaving the MediaBox as it is.
 * The trim is the page inset by bleed + slug (or the given trim size, centred); the BleedBox is
 * the trim grown by the bleed.
 */
export async function setPrintBoxes(bytes: Uint8Array, options: PrintBoxOptions): Promise<Uint8Array> {
  return finishPdf(bytes, { boxes: options });
}

/**
 * Replaces the document information, /Lang and the trailer /ID so the same content and metadata
 * always give the same bytes, whatever creation time or /ID the renderer wrote.
 */
export async function setMetadata(bytes: Uint8Array, metadata: DocumentMetadata): Promise<Uint8Array> {
  return finishPdf(bytes, { metadata });
}

/**
 * Sets print boxes and metadata in one parse and one write (what the pipeline calls); a document
 * already parsed (by loadPdf, unchanged) is not parsed again.
 */
export async function finishPdf(pdf: Uint8Array | PDFDocument, options: FinishOptions): Promise<Uint8Array> {
  const doc = pdf instanceof PDFDocument ? pdf : await loadPdf(pdf);
  if (options.boxes) applyPrintBoxes(doc, options.boxes);
  if (options.metadata) applyMetadata(doc, options.metadata);
  return options.metadata ? saveWithContentId(doc) : savePdf(doc);
}

/**
 * pdf-lib's parser and writer stop every 100 objects read and every 50 written to let the event
 * loop run, each time by a `setTimeout(0)`, which Node holds for at least a millisecond: the
 * process waited, idle, some 400 ms of a cold build's 6.7 s and 40 ms of a cold declaration's
 * (2026-12-02, CPU profiles). Nothing here needs the event loop meanwhile (the studio renders in a
 * worker): read and write in one go. The bytes are the same.
 */
export const WITHOUT_PAUSES = { parseSpeed: ParseSpeeds.Fastest, objectsPerTick: Number.POSITIVE_INFINITY } as const;

/** Parses a PDF without pdf-lib's own Producer and ModDate (which would make the output differ per run). */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: WITHOUT_PAUSES.parseSpeed });
  } catch (error) {
    fail('BAD_PDF', `cannot read the PDF (${bytes.length} bytes): ${(error as Error).message}`);
  }
}

/**
 * Writes a PDF the same way every time, with a classic cross-reference table. Object streams
 * would save only a few KB (measured on react-pdf output: a 1-page A2 poster 16.7 -> 14.9 KB, a
 * 4-page bilingual A4 document 125.2 -> 117.3 KB; font programs and content streams cannot go
 * in object streams); without them, RIPs that predate PDF 1.5 can read the file, and its page
 * dictionaries (MediaBox, TrimBox) stay visible to a plain-text check.
 */
export async function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: WITHOUT_PAUSES.objectsPerTick });
}

function applyPrintBoxes(doc: PDFDocument, options: PrintBoxOptions): void {
  const { bleed, slug, trim } = options;
  checkLength('bleed', bleed);
  if (slug !== undefined) checkLength('slug', slug);
  if (trim) {
    checkLength('trim.width', trim.width, true);
    checkLength('trim.height', trim.height, true);
  }
  doc.getPages().forEach((page, index) => {
    const box = trimBoxOf(page, index, options);
    page.setTrimBox(box.x, box.y, box.width, box.height);
    page.setBleedBox(box.x - bleed, box.y - bleed, box.width + 2 * bleed, box.height + 2 * bleed);
  });
}

function trimBoxOf(page: PDFPage, index: number, { bleed, slug, trim }: PrintBoxOptions) {
  const media = page.getMediaBox();
  const where = `page ${index + 1}`;
  const mediaSize = `${formatPt(media.width)} x ${formatPt(media.height)} pt`;
  if (!trim) {
    const inset = bleed + (slug ?? 0);
    const width = media.width - 2 * inset;
    const height = media.height - 2 * inset;
    if (width <= 0 || height <= 0) {
      fail('BAD_OPTION', `bleed ${formatPt(bleed)} pt + slug ${formatPt(slug ?? 0)} pt on each side leaves no trim on a ${mediaSize} page`, where);
    }
    return { x: media.x + inset, y: media.y + inset, width, height };
  }
  const slugX = (media.width - trim.width) / 2 - bleed;
  const slugY = (media.height - trim.height) / 2 - bleed;
  const expected = `trim ${formatPt(trim.width)} x ${formatPt(trim.height)} + 2 x bleed ${formatPt(bleed)}` +
    (slug === undefined ? '' : ` + 2 x slug ${formatPt(slug)}`);
  if (slugX < -EPSILON || slugY < -EPSILON) {
    fail('BAD_OPTION', `the page is ${mediaSize}, too small for ${expected} pt (rendered without bleed, or in the other orientation?)`, where);
  }
  if (slug !== undefined && (Math.abs(slugX - slug) > EPSILON || Math.abs(slugY - slug) > EPSILON)) {
    fail('BAD_OPTION', `the page is ${mediaSize}, not ${expected} = ${formatPt(trim.width + 2 * (bleed + slug))} x ${formatPt(trim.height + 2 * (bleed + slug))} pt`, where);
  }
  return {
    x: media.x + (media.width - trim.width) / 2,
    y: media.y + (media.height - trim.height) / 2,
    width: trim.width,
    height: trim.height,
  };
}

/**
 * Writes the document information, /Lang and DisplayDocTitle into a pdf-lib document, and the same
 * words as XMP metadata. A tagged document (one with a structure tree) is declared so: MarkInfo
 * /Marked true, and PDF/UA-1 (ISO 14289-1) identified in its XMP (pdfuaid:part 1).
 */
export function applyMetadata(doc: PDFDocument, metadata: DocumentMetadata): void {
  const { language, creationDate } = metadata;
  if (!BCP47.test(language)) {
    fail('BAD_OPTION', `metadata.language must be a BCP 47 tag such as "en", "ko" or "en-US". Received: "${language}"`);
  }
  if (!(creationDate instanceof Date) || Number.isNaN(creationDate.getTime())) {
    fail('BAD_OPTION', `metadata.creationDate must be a valid Date. Received: ${String(creationDate)}`);
  }
  // DisplayDocTitle: PDF/UA wants the title, not the file name, in the title bar.
  doc.setTitle(metadata.title, { showInWindowTitleBar: true });
  doc.setAuthor(metadata.author);
  doc.setSubject(metadata.subject);
  // pdf-lib joins keywords with spaces, which splits "human rights" in two; and it writes them as
  // UTF-16 hex, where ASCII keywords stay greppable as a literal (certificates find their input
  // hash in them: see products/certificates/batch.ts).
  const keywords = metadata.keywords.join(', ');
  if (/^[\x20-\x7e]*$/.test(keywords)) doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of('Keywords'), PDFString.of(keywords.replace(/[\\()]/g, '\\$&')));
  else doc.setKeywords([keywords]);
  doc.setCreator(metadata.creator);
  doc.setProducer(metadata.producer);
  doc.setCreationDate(creationDate);
  doc.setModificationDate(creationDate);
  doc.setLanguage(language);
  const tagged = isTagged(doc);
  if (tagged) doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: true }));
  setXmp(doc, xmpPacket(metadata, tagged));
}

/** Whether a document has a structure tree (the render step's tagging, or the fast paths'). */
export function isTagged(doc: PDFDocument): boolean {
  return doc.catalog.get(PDFName.of('StructTreeRoot')) !== undefined;
}

/** Reads a loaded document's MarkInfo /Marked. */
export function readMarked(doc: PDFDocument): boolean {
  const marked = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)?.lookup(PDFName.of('Marked'));
  return marked instanceof PDFBool && marked.asBoolean();
}

/** Reads a loaded document's XMP metadata packet (empty when it has none). */
export function readXmp(doc: PDFDocument): string {
  const stream = doc.context.lookup(doc.catalog.get(PDFName.of('Metadata')));
  return stream instanceof PDFRawStream ? new TextDecoder().decode(decodePDFRawStream(stream).decode()) : '';
}

/**
 * Replaces the catalog's XMP stream (react-pdf's pdfkit writes its own, unescaped, from the render's
 * words) with `packet`, uncompressed as XMP is meant to be found; the old stream is dropped.
 */
function setXmp(doc: PDFDocument, packet: string): void {
  const old = doc.catalog.get(PDFName.of('Metadata'));
  if (old instanceof PDFRef) doc.context.delete(old);
  const stream = doc.context.stream(new TextEncoder().encode(packet), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);

/**
 * The XMP packet of `metadata`: Dublin Core title, creator, description and language, the PDF
 * keywords and producer, the dates (one, for reproducible bytes), and, for a tagged document,
 * pdfuaid:part 1: the PDF/UA-1 identification a checker (PAC, veraPDF) looks for.
 */
export function xmpPacket(metadata: DocumentMetadata, ua: boolean): string {
  const date = metadata.creationDate.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const lines = [
    '<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(metadata.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(metadata.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(metadata.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${xml(metadata.language)}</rdf:li></rdf:Bag></dc:language>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Keywords>${xml(metadata.keywords.join(', '))}</pdf:Keywords>`,
    `<pdf:Producer>${xml(metadata.producer)}</pdf:Producer>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreatorTool>${xml(metadata.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '</rdf:Description>',
    ...(ua ? ['<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">', '<pdfuaid:part>1</pdfuaid:part>', '</rdf:Description>'] : []),
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ];
  return lines.join('\n');
}

// /ID is two 16-byte strings; this placeholder is written first, then replaced by a content hash.
const ID_BYTES = 16;
const PLACEHOLDER_HEX = '0'.repeat(2 * ID_BYTES);

/**
 * Saves with a trailer /ID derived from the file itself. The renderer's /ID hashes its own
 * creation time (pdfkit's `generateFileID`), and pdf-lib would keep it, so two renders of the
 * same document would differ in it; hashing the finished bytes instead ties it to the content.
 */
async function saveWithContentId(doc: PDFDocument): Promise<Uint8Array> {
  const placeholder = PDFHexString.of(PLACEHOLDER_HEX);
  doc.context.trailerInfo.ID = doc.context.obj([placeholder, placeholder]);
  const bytes = await savePdf(doc);
  const marker = new TextEncoder().encode(`/ID [ <${PLACEHOLDER_HEX}> <${PLACEHOLDER_HEX}> ]`);
  const at = lastIndexOf(bytes, marker);
  if (at < 0) fail('BAD_PDF', 'pdf-lib wrote no trailer /ID where one was set (pdf-lib changed its trailer format?)');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const hex = new TextEncoder().encode(toHex(digest.subarray(0, ID_BYTES)));
  const first = at + '/ID [ <'.length;
  bytes.set(hex, first);
  bytes.set(hex, first + PLACEHOLDER_HEX.length + '> <'.length);
  return bytes;
}

/** Reads the trailer /ID of a loaded PDF as hex strings (empty when the file has none). */
export function readFileId(doc: PDFDocument): string[] {
  const id = doc.context.trailerInfo.ID;
  if (!(id instanceof PDFArray)) return [];
  return id.asArray().map((item) => (item instanceof PDFHexString ? item.asString() : String(item)));
}

/** Reads the catalog's /Lang of a loaded PDF. */
export function readLanguage(doc: PDFDocument): string | undefined {
  const lang = doc.catalog.lookup(PDFName.of('Lang'));
  return lang && 'decodeText' in lang ? (lang as PDFHexString).decodeText() : undefined;
}

function lastIndexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = haystack.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Throws BAD_OPTION unless `value` is a finite length in pt, >= 0 (or > 0 when `positive`). */
export function checkLength(name: string, value: number, positive = false): void {
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    fail('BAD_OPTION', `${name} must be a ${positive ? 'positive' : 'non-negative'} length in pt. Received: ${value}`);
  }
}
