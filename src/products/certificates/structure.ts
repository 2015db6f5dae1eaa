/**
 * The structure tree of the certificates' fast path. React-pdf renders the static layer tagged
 * (templates/Certificate.tsx): its tree holds every element of a certificate, in reading order,
 * those of a certificate's own parts empty and named by /T (CERTIFICATE_SLOTS). Each certificate's
 * page reuses the static layer's content and its marked-content ids, and draws its own parts with
 * new ids (PageTags); writeStructure then gives each page a copy of the static tree with the slots
 * filled, a slot the certificate has nothing for (no role, no signature) left out.
 *
 * What the writer of the variable layer (layer.ts, drawVariableLayers) does:
 *   once per batch:  structure = readStaticStructure(staticLayer)
 *   for each page:   tags = new PageTags(structure)
 *                    the signature's operators between tags.begin('signature') and tags.end(),
 *                    and tags.signatureAlt = certificateAlt(…).signature
 *                    the rule's between tags.artifact() and tags.end()
 *                    each line's glyphs, stretch by stretch of one language (glyphLangs), between
 *                    tags.begin(line.part, lang) and tags.end(), or tags.artifact() for a " · "
 *                    between two languages (a TJ per stretch, inside the line's BT … ET)
 *   once the pages are drawn:  writeStructure(doc, [{ page, tags }, …], structure)
 * Every page must hold the static layer's content as its own (addStaticPage, addStaticPages), not
 * as one form XObject drawn on every page: a form's marked content belongs to one page's tree.
 */
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFOperator,
  PDFOperatorNames,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFPage,
} from 'pdf-lib';
import type { CertificatePart, PlacedLine } from '../../layout/certificate-layout.js';

/** A certificate's own parts, as the static layer names their empty elements (/T). */
export type Slot = Extract<CertificatePart, 'number' | 'name' | 'role'> | 'signature';
const SLOTS: readonly string[] = ['number', 'name', 'role', 'signature'];

/** A language of a certificate's text. */
type Lang = 'en' | 'ko';

/** One element of the static layer's tree. */
interface StructNode {
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
  /** Its child elements, in order. */
  children: StructNode[];
  /** Its dictionary's fixed entries, written once per batch: /S, /Lang, /Alt. */
  head: string;
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
    const node: StructNode = { role, mcids: [], children: [], head: '' };
    const lang = textOf(dict.lookup(PDFName.of('Lang')));
    const alt = textOf(dict.lookup(PDFName.of('Alt')));
    const title = textOf(dict.lookup(PDFName.of('T')));
    if (lang) node.lang = lang;
    if (alt) node.alt = alt;
    if (title && SLOTS.includes(title)) node.slot = title as Slot;
    node.head = `/S ${PDFName.of(role)}${lang ? `/Lang ${PDFString.of(lang)}` : ''}${alt && node.slot !== 'signature' ? `/Alt ${PDFHexString.fromText(alt)}` : ''}`;
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
    return node;
  };
  const [document] = [read(root.lookup(PDFName.of('K')) instanceof PDFArray ? root.lookup(PDFName.of('K'), PDFArray).lookup(0, PDFDict) : root.lookup(PDFName.of('K'), PDFDict))];
  return { children: document!.children, nextMcid };
}

/**
 * The language of each glyph of a run that starts at or after `from` (UTF-16 offset) in its line:
 * each glyph covers its code points (a ligature more than one), each in its line's stretches
 * (certificate-layout's `langs`, null between two languages). Returns where the run ends.
 */
export function glyphLangs(line: PlacedLine, runText: string, from: number, glyphs: readonly { codePoints: readonly number[] }[]): { langs: (Lang | null)[]; next: number } {
  const found = line.text.indexOf(runText, from);
  let at = found < 0 ? from : found;
  const langAt = (offset: number) => line.langs?.find((stretch) => offset >= stretch.from && offset < stretch.to)?.lang ?? null;
  const langs = glyphs.map((glyph) => {
    const lang = langAt(at);
    for (const codePoint of glyph.codePoints) at += codePoint > 0xffff ? 2 : 1;
    return lang;
  });
  return { langs, next: found < 0 ? from : found + runText.length };
}

const slotKey = (slot: Slot, lang?: string) => `${slot}:${lang ?? ''}`;

/** The marked content of one certificate page's own parts: ids after the static layer's, each noted for its slot. */
export class PageTags {
  private next: number;
  /** The ids each slot's content was given, by slot and language. */
  readonly marks = new Map<string, number[]>();
  /** The signature's alternative text, when the page has one. */
  signatureAlt?: string;

  constructor(structure: StaticStructure) {
    this.next = structure.nextMcid;
  }

  /** Begins `slot`'s content (in `lang`): /P (or /Figure) <</MCID n>> BDC. */
  begin(slot: Slot, lang?: Lang): PDFOperator {
    const mcid = this.next++;
    const key = slotKey(slot, slot === 'signature' ? undefined : lang);
    this.marks.set(key, [...(this.marks.get(key) ?? []), mcid]);
    return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(slot === 'signature' ? 'Figure' : 'P'), `<</MCID ${mcid}>>`]);
  }

  /** Begins page furniture (a rule, the " · " between two languages): /Artifact BMC. */
  artifact(): PDFOperator {
    return PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of('Artifact')]);
  }

  /** Ends what begin or artifact began: EMC. */
  end(): PDFOperator {
    return PDFOperator.of(PDFOperatorNames.EndMarkedContent);
  }

  /** How many ids the page uses. */
  get count(): number {
    return this.next;
  }
}

/**
 * Writes the document's structure tree: for each page, the static layer's tree with its slots
 * filled from the page's tags (and the signature's alternative text), every element with /Pg;
 * the parent tree, each page's /StructParents and tab order (/Tabs /S), and MarkInfo /Marked true.
 * Each element is written as PDF syntax directly (Written): a certificate has some twenty, and
 * pdf-lib's dictionaries cost more than the rest of its tagging (measured).
 */
export function writeStructure(doc: PDFDocument, pages: readonly { page: PDFPage; tags: PageTags }[], structure: StaticStructure): void {
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
      const mcids = node.slot ? tags.marks.get(slotKey(node.slot, node.slot === 'signature' ? undefined : node.lang)) ?? [] : node.mcids;
      // A slot this certificate has nothing for (no role, no signature) is left out.
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

/** An object written as the PDF syntax it is given (ASCII): for objects made and written once. */
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
