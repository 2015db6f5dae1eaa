/**
 * How numbered signing lines share out over pages (the declaration's blank lines, the signing
 * sheet): react-pdf's flow fills each page and leaves the rest to the last, which gave a page with
 * one line on it. Here the number of pages is the fewest that hold the lines, the row height is
 * chosen within a writing range so that the lines fill those pages, and no page holds fewer than
 * MIN_ROWS lines. The room on each page is measured by the product (a draft laid out by react-pdf).
 */

/** No page holds fewer signing lines than this (unless fewer were asked for): one to three lines alone on a page look like a mistake. */
export const MIN_ROWS = 4;

/** The height (pt) each kind of page leaves for rows, under the block's header. */
export interface SigningRoom {
  /** On the page where the block starts under the text before it. */
  here: number;
  /** On a new page, when the block starts there instead; absent when it may not move (a signing sheet's first page would hold its title alone). */
  fresh?: number;
  /** On each continuation page, under its running title and column labels. */
  next: number;
}

/** The range of row heights (pt) a signing line may take: a comfortable height to write a name and sign in. */
export interface RowRange {
  /** The tightest row. */
  min: number;
  /** The loosest row: rows stretch up to it to fill their pages. */
  max: number;
}

/** Where the signing lines go. */
export interface SigningPlan {
  /** How many lines each page holds, in order; they add up to the count (empty for none). */
  pages: number[];
  /** The height of every row (pt). */
  rowHeight: number;
  /** The block starts on a new page rather than under the text before it. */
  breakBefore: boolean;
}

/** The row heights for a body size: about 9–14 mm on A4, scaled with the type on larger sheets. */
export function rowRange(base: number): RowRange {
  const ideal = base * 3.2;
  return { min: ideal * 0.85, max: ideal * 1.3 };
}

/** How many rows of `height` a room holds. */
const rowsIn = (room: number, height: number) => Math.floor(room / height + 1e-9);

/**
 * Shares `count` lines out over the fewest pages that hold them, no page with fewer than MIN_ROWS
 * (or the count, when smaller), each row as tall as the range allows while the pages still hold them
 * all. The block starts under the text when that takes no more pages, and no more signing pages
 * than starting on a new page would; otherwise on a new page.
 */
export function planSigningPages(count: number, room: SigningRoom, range: RowRange): SigningPlan {
  if (count <= 0) return { pages: [], rowHeight: range.max, breakBefore: false };
  const least = Math.min(MIN_ROWS, count);
  const fits = (rooms: readonly number[], height: number) => {
    if (rooms.length * least > count) return false;
    const caps = rooms.map((r) => rowsIn(r, height));
    return caps.every((cap) => cap >= least) && caps.reduce((a, b) => a + b, 0) >= count;
  };
  /** The fewest pages that hold the lines starting with a page of `first`, or undefined if none do. */
  const pagesFrom = (first: number): number[] | undefined => {
    for (let n = 1; n * least <= count; n++) {
      const rooms = [first, ...Array<number>(n - 1).fill(room.next)];
      if (fits(rooms, range.min)) return rooms;
    }
    return undefined;
  };
  const here = pagesFrom(room.here);
  const fresh = room.fresh === undefined ? undefined : pagesFrom(room.fresh);
  // Starting under the text saves a page only if it needs no more signing pages than a new page would.
  const breakBefore = !here || (fresh !== undefined && fresh.length < here.length);
  const rooms = breakBefore ? fresh : here;
  if (!rooms) throw new RangeError(`no page holds ${least} signing lines (room ${JSON.stringify(room)}, rows ${range.min.toFixed(1)} pt)`);
  // The tallest row the pages still hold the lines at: rows stretch to fill them.
  const candidates = [range.max, range.min, ...new Set(rooms)].flatMap((r, i) =>
    i < 2 ? [r] : Array.from({ length: rowsIn(r, range.min) }, (_, k) => r / (k + 1)),
  );
  const rowHeight = candidates.filter((h) => h >= range.min && h <= range.max).sort((a, b) => b - a).find((h) => fits(rooms, h))!;
  // Fill the pages in order, keeping `least` lines for each page still to come.
  const pages: number[] = [];
  let left = count;
  rooms.forEach((r, i) => {
    const take = Math.min(rowsIn(r, rowHeight), left - least * (rooms.length - 1 - i));
    pages.push(take);
    left -= take;
  });
  return { pages, rowHeight, breakBefore };
}

/** The prop a draft's marks carry (zero-size views whose position the product reads back from react-pdf's layout). */
export const MARK_PROP = 'data-mark';

/** The marks a draft of the signing block carries: where its header starts and ends on the first page, and where rows start on a continuation page. */
export const SIGNING_MARKS = { headTop: 'signing-head-top', rowsTop: 'signing-rows-top', nextRowsTop: 'signing-next-rows-top' } as const;

/** The mark a draft of the signatory list carries at its start: the page the list starts on. */
export const LIST_MARK = 'signatories-top';

/**
 * From this many names a list is long: its rows (four or more, at four columns) run past the room
 * kept ahead of its heading (templates/pieces/Signatories.tsx), so the page it starts on depends
 * on where the text ends, not on its names. Its draft lays out no name (the same draft for every
 * long list: the CLI's start-up snapshot holds them); a shorter list's draft lays out all of its
 * names.
 */
export const LONG_LIST = 16;

/** Where a mark landed in a draft: its page and top, and the page's text block (pt from the page's top). */
export interface MarkPosition {
  /** The page, from 1. */
  page: number;
  /** The mark's top. */
  top: number;
  /** The top of the page's text block (its top padding). */
  contentTop: number;
  /** The bottom of the page's text block (its height less its bottom padding). */
  contentBottom: number;
}

/** Rooms are measured this much short (pt): react-pdf moves a block that overshoots its page by a hair. */
const ROOM_SLACK = 1;

/**
 * The room for rows on each kind of page, from a draft's marks: under the header where the block
 * landed, under the same header at the top of a new page, and under a continuation page's header.
 */
export function roomFromMarks(marks: ReadonlyMap<string, MarkPosition>, canMove: boolean): SigningRoom {
  const get = (name: string) => {
    const mark = marks.get(name);
    if (!mark) throw new Error(`the draft has no mark "${name}"`);
    return mark;
  };
  const head = get(SIGNING_MARKS.headTop);
  const rows = get(SIGNING_MARKS.rowsTop);
  const next = get(SIGNING_MARKS.nextRowsTop);
  const header = rows.top - head.top;
  return {
    here: rows.contentBottom - rows.top - ROOM_SLACK,
    fresh: canMove ? rows.contentBottom - rows.contentTop - header - ROOM_SLACK : undefined,
    next: next.contentBottom - next.top - ROOM_SLACK,
  };
}
