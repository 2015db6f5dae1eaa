/**
 * A structure tree for pages pdf-lib draws (a tiled poster's assembly map): elements made in
 * reading order, each drawing between begin(page, element) and endMarkedContent() is that
 * element's content, and write() gives the document its tree, parent tree, each page's
 * /StructParents and tab order. React-pdf's pages are tagged in its render step instead
 * (patches/@react-pdf+render+4.7.0.patch).
 */
import { PDFHexString, PDFName, PDFNull, PDFNumber, PDFOperator, PDFOperatorNames, PDFString, type PDFDocument, type PDFObject, type PDFPage, type PDFRef } from 'pdf-lib';

/** A structure element: its role, language, alternative text, and what it holds in order. */
export interface StructElement {
  /** Its role (/S): H1, P, L, LI, Lbl, LBody, Figure… */
  role: string;
  /** /Lang. */
  lang?: string;
  /** /Alt: what a figure says in words. */
  alt?: string;
  /** Child elements and marked content, in reading order. */
  kids: (StructElement | { page: PDFPage; mcid: number })[];
}

/** A document's structure tree, built while its pages are drawn. */
export class StructureTree {
  private readonly top: StructElement[] = [];
  private readonly next = new Map<PDFPage, number>();

  /** A new element, last in `parent` (or in the document). */
  element(role: string, options: { lang?: string; alt?: string } = {}, parent?: StructElement): StructElement {
    const element: StructElement = { role, ...options, kids: [] };
    (parent ? parent.kids : this.top).push(element);
    return element;
  }

  /** Begins `element`'s content on `page` (BDC with the page's next marked-content id); endMarkedContent() ends it. */
  begin(page: PDFPage, element: StructElement): PDFOperator {
    const mcid = this.next.get(page) ?? 0;
    this.next.set(page, mcid + 1);
    element.kids.push({ page, mcid });
    return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(element.role), `<</MCID ${mcid}>>`]);
  }

  /** Writes the tree into `doc` (its catalog's StructTreeRoot and MarkInfo, its pages' /StructParents and /Tabs). */
  write(doc: PDFDocument): void {
    const { context } = doc;
    const rootRef = context.nextRef();
    const documentRef = context.nextRef();
    const owners = new Map<PDFPage, PDFObject[]>();
    for (const [page, count] of this.next) owners.set(page, Array.from({ length: count }, () => PDFNull));
    const build = (element: StructElement, parent: PDFRef): PDFRef => {
      const ref = context.nextRef();
      const first = element.kids.find((kid): kid is { page: PDFPage; mcid: number } => 'mcid' in kid)?.page;
      const kids = element.kids.map((kid) => {
        if (!('mcid' in kid)) return build(kid, ref);
        owners.get(kid.page)![kid.mcid] = ref;
        return kid.page === first ? PDFNumber.of(kid.mcid) : context.obj({ Type: 'MCR', Pg: kid.page.ref, MCID: kid.mcid });
      });
      context.assign(ref, context.obj({
        Type: 'StructElem',
        S: element.role,
        P: parent,
        ...(first ? { Pg: first.ref } : {}),
        K: kids,
        ...(element.lang ? { Lang: PDFString.of(element.lang) } : {}),
        ...(element.alt ? { Alt: PDFHexString.fromText(element.alt) } : {}),
      }));
      return ref;
    };
    const top = this.top.map((element) => build(element, documentRef));
    const nums: PDFObject[] = [];
    doc.getPages().forEach((page, index) => {
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
      const array = owners.get(page);
      if (!array) return;
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(index));
      nums.push(PDFNumber.of(index), context.obj(array));
    });
    context.assign(documentRef, context.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: top }));
    context.assign(rootRef, context.obj({ Type: 'StructTreeRoot', K: documentRef, ParentTree: context.obj({ Nums: nums }), ParentTreeNextKey: doc.getPageCount() }));
    doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  }
}
