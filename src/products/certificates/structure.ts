/**
 * The structure tree of the certificates' fast path. React-pdf renders the static layer tagged
 * (templates/Certificate.tsx): its tree holds every element of a certificate, in reading order,
 * those of a certificate's own parts empty and named by /T (CERTIFICATE_SLOTS). Each certificate's
 * page reuses the static layer's content and its marked-content ids, and draws its own parts with
 * new ids (PageTags); writeStructure then gives each page a copy of the static tree with the slots
 * filled, a slot the certificate has nothing for (no role, no signature) left out.
 *
 * What the certificates' writer (writer.ts) does:
 *   once per batch:  structure = readStaticStructure(staticLayer)
 *   for each page:   tags = new PageTags(structure)
 *                    the signature's operators between tags.begin('signature') and tags.end(),
 *                    and tags.signatureAlt = certificateAlt(…).signature
 *                    a signed certificate's QR code between tags.begin('qr') and tags.end(),
 *                    and tags.qrAlt = certificateAlt(…).qr (its ID line is a line, part 'id')
 *                    the rule's between tags.artifact() and tags.end()
 *                    each line's glyphs, stretch by stretch of one language (glyphLangs), between
 *                    tags.begin(line.part, lang) and tags.end(), or tags.artifact() for a " · "
 *                    between two languages (a TJ per stretch, inside the line's BT … ET)
 *   once the pages are drawn:  structureObjects([{ page, tags }, …], structure, take), each
 *                    page with /StructParents its index and /Tabs /S, the catalog with
 *                    /StructTreeRoot and MarkInfo /Marked true
 * Every page must hold the static layer's content as its own (each page's /Contents the static
 * layer's streams, then its own), not one form XObject drawn on every page: a form's marked
 * content belongs to one page's tree. Everything here is PDF syntax as text, as pdf-lib wrote the
 * same objects (test/products/certificates/pdf-lib-writer.ts is the reference).
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { CertificatePart, PlacedLine } from '../../layout/certificate-layout.js';

/** A certificate's own parts, as the static layer names their empty elements (/T). */
export type Slot = Extract<CertificatePart, 'number' | 'name' | 'role' | 'id'> | 'signature' | 'qr';
const SLOTS: readonly string[] = ['number', 'name', 'role', 'signature', 'qr', 'id'];

/** Whether a slot is a figure: its content marked /Figure, its alternative text the page's own. */
const isFigure = (slot: Slot | undefined) => slot === 'signature' || slot === 'qr';

/** A language of a certificate's text. */
export type Lang = 'en' | 'ko';

/** One element of the static layer's tree. */
export interface StructNode {
  /** Its role (/S). */
  role: string;
  /** /Lang. */
  lang?: string;
  /** /Alt. */
  alt?: string;
  /** The certificate part whose empty element this is. */
  slot?: Slot;
  /** The static layer's marked content it owns, in order. */
  mcids: number[];
  /** The same, as its /K lists them (set once the tree is read). */
  mcidText: string;
  /** Its child elements, in order. */
  children: StructNode[];
  /** Its dictionary's fixed entries, written once per batch: /S, /Lang, /Alt. */
  head: string;
  /** A slot's key in PageTags.marks (slotKey). */
  key?: string;
}

/** The static layer's tree, read once per batch: what every certificate's page copies. */
export interface StaticStructure {
  /** The children of its Document element. */
  children: StructNode[];
  /** The first marked-content id the static layer leaves free on its page. */
  nextMcid: number;
}

const textOf = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

/** Reads the static layer's structure tree (its one page's). */
export function readStaticStructure(layer: PDFDocument): StaticStructure {
  const root = layer.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) throw new Error('the certificates\' static layer has no structure tree (is the template tagged?)');
  let nextMcid = 0;
  const read = (dict: PDFDict): StructNode => {
    const role = dict.lookup(PDFName.of('S'), PDFName).decodeText();
    const node: StructNode = { role, mcids: [], mcidText: '', children: [], head: '' };
    const lang = textOf(dict.lookup(PDFName.of('Lang')));
    const alt = textOf(dict.lookup(PDFName.of('Alt')));
    const title = textOf(dict.lookup(PDFName.of('T')));
    if (lang) node.lang = lang;
    if (alt) node.alt = alt;
    if (title && SLOTS.includes(title)) {
      node.slot = title as Slot;
      node.key = slotKey(node.slot, lang);
    }
    node.head = `/S ${PDFName.of(role)}${lang ? `/Lang ${PDFString.of(lang)}` : ''}${alt && !isFigure(node.slot) ? `/Alt ${PDFHexString.fromText(alt)}` : ''}`;
    const kids = dict.lookup(PDFName.of('K'));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : []) {
      const value = kid instanceof PDFRef ? layer.context.lookup(kid) : kid;
      if (value instanceof PDFNumber) {
        node.mcids.push(value.asNumber());
        nextMcid = Math.max(nextMcid, value.asNumber() + 1);
      } else if (value instanceof PDFDict && value.lookup(PDFName.of('MCID')) instanceof PDFNumber) {
        const mcid = value.lookup(PDFName.of('MCID'), PDFNumber).asNumber();
        node.mcids.push(mcid);
        nextMcid = Math.max(nextMcid, mcid + 1);
      } else if (value instanceof PDFDict) {
        node.children.push(read(value));
      }
    }
    node.mcidText = node.mcids.join(' ');
    return node;
  };
  const [document] = [read(root.lookup(PDFName.of('K')) instanceof PDFArray ? root.lookup(PDFName.of('K'), PDFArray).lookup(0, PDFDict) : root.lookup(PDFName.of('K'), PDFDict))];
  return { children: document!.children, nextMcid };
}

/**
 * The language of each glyph of a run that starts at or after `from` (UTF-16 offset) in its line:
 * each glyph covers `units[g]` UTF-16 code units (its code points; a ligature's more than one),
 * each in its line's stretches (certificate-layout's `langs`, null between two languages).
 * Returns where the run ends.
 */
export function glyphLangs(line: PlacedLine, runText: string, from: number, units: readonly number[]): { langs: (Lang | null)[]; next: number } {
  const found = line.text.indexOf(runText, from);
  let at = found < 0 ? from : found;
  const stretches = line.langs ?? [];
  const langs = units.map((count) => {
    let lang: Lang | null = null;
    for (const stretch of stretches) {
      if (at >= stretch.from && at < stretch.to) {
        lang = stretch.lang;
        break;
      }
    }
    at += count;
    return lang;
  });
  return { langs, next: found < 0 ? from : found + runText.length };
}

/** A glyph's UTF-16 code units, from the code points fontkit gave it. */
export function codeUnits(codePoints: readonly number[]): number {
  let units = 0;
  for (const codePoint of codePoints) units += codePoint > 0xffff ? 2 : 1;
  return units;
}

/** The key of a slot's marks: the slot and, but for a figure, its language. */
export const slotKey = (slot: Slot, lang?: string) => `${slot}:${isFigure(slot) ? '' : (lang ?? '')}`;

/** The marked content of one certificate page's own parts: ids after the static layer's, each noted for its slot. */
export class PageTags {
  private next: number;
  /** The ids each slot's content was given, by slotKey. */
  readonly marks = new Map<string, number[]>();
  /** The signature's alternative text, when the page has one. */
  signatureAlt?: string;
  /** A signed certificate's QR code's alternative text. */
  qrAlt?: string;

  constructor(structure: StaticStructure) {
    this.next = structure.nextMcid;
  }

  /** Begins `slot`'s content (in `lang`): `/P <</MCID n>> BDC` (a signature's or QR code's `/Figure`). */
  begin(slot: Slot, lang?: Lang): string {
    const mcid = this.next++;
    const key = slotKey(slot, lang);
    const marks = this.marks.get(key);
    if (marks) marks.push(mcid);
    else this.marks.set(key, [mcid]);
    return `${isFigure(slot) ? '/Figure' : '/P'} <</MCID ${mcid}>> BDC`;
  }

  /** Begins page furniture (a rule, the " · " between two languages): `/Artifact BMC`. */
  artifact(): string {
    return '/Artifact BMC';
  }

  /** Ends what begin or artifact began: `EMC`. */
  end(): string {
    return 'EMC';
  }

  /** How many ids the page uses. */
  get count(): number {
    return this.next;
  }
}

/**
 * The document's structure tree as objects: for each page, the static layer's tree with its slots
 * filled from the page's tags (and the signature's alternative text), every element with /Pg; the
 * StructTreeRoot with the parent tree. `take` gives object numbers: the root's, the Document
 * element's, then each element's before its children's (as pdf-lib numbered the reference's).
 * `page` is each page's object number, whose dictionary gets /StructParents its index. Each object
 * is given to `add` as soon as it is written (a combined file's thousands then die young); returns
 * the root's number.
 */
export function structureObjects(pages: readonly { page: number; tags: PageTags }[], structure: StaticStructure, take: () => number, add: (number: number, body: string) => void): number {
  const root = take();
  const document = take();
  let top = '';
  let nums = '';
  for (const [index, { page, tags }] of pages.entries()) {
    const owners = new Array<string>(tags.count).fill('null');
    const on: OnPage = { pg: `/Pg ${page} 0 R/K [`, tags, owners, add, take };
    for (const child of structure.children) {
      const kid = element(child, document, on);
      if (kid) top += top ? ` ${kid}` : kid;
    }
    nums += `${nums ? ' ' : ''}${index} [${owners.join(' ')}]`;
  }
  add(document, `<</S /Document/P ${root} 0 R/K [${top}]>>`);
  add(root, `<</Type /StructTreeRoot/K ${document} 0 R/ParentTree <</Nums [${nums}]>>/ParentTreeNextKey ${pages.length}>>`);
  return root;
}

/** What the elements of one page share while they are written. */
interface OnPage {
  /** `/Pg n 0 R/K [`: the page, and the start of the kids. */
  pg: string;
  tags: PageTags;
  /** The element of each marked-content id, for the parent tree. */
  owners: string[];
  add: (number: number, body: string) => void;
  take: () => number;
}

/** One element and its children as objects (a slot the page has nothing for, none): its reference. */
function element(node: StructNode, parent: number, on: OnPage): string | undefined {
  const mcids = node.slot ? on.tags.marks.get(node.key!) : node.mcids;
  // A slot this certificate has nothing for (no role, no signature) is left out.
  if (!mcids) return undefined;
  const number = on.take();
  const ref = `${number} 0 R`;
  let kids = node.slot ? mcids.join(' ') : node.mcidText;
  for (const mcid of mcids) on.owners[mcid] = ref;
  for (const child of node.children) {
    const kid = element(child, number, on);
    if (kid) kids += kids ? ` ${kid}` : kid;
  }
  const figureAlt = node.slot === 'signature' ? on.tags.signatureAlt : node.slot === 'qr' ? on.tags.qrAlt : undefined;
  const alt = figureAlt ? `/Alt ${PDFHexString.fromText(figureAlt)}` : '';
  on.add(number, `<<${node.head}${alt}/P ${parent} 0 R${on.pg}${kids}]>>`);
  return ref;
}
