import { describe, expect, it } from 'vitest';
import { MIN_ROWS, planSigningPages, roomFromMarks, rowRange, SIGNING_MARKS, type MarkPosition, type SigningRoom } from '../../src/layout/signing-pages.js';

/** A4's body size and rows: 30 pt ideal, 25.5–39 pt. */
const range = rowRange(9.4);
/** Rooms like the real ones: a signing sheet's first page under its title, a page of lines alone, and the text's last page. */
const rooms: Record<string, SigningRoom> = {
  sheet: { here: 545, next: 700 },
  tail: { here: 330, fresh: 680, next: 700 },
  tight: { here: 110, fresh: 680, next: 700 },
  none: { here: 40, fresh: 680, next: 700 },
};

const rowsIn = (room: number, height: number) => Math.floor(room / height + 1e-9);

describe('planSigningPages', () => {
  it('plans nothing for no lines', () => {
    expect(planSigningPages(0, rooms.sheet!, range).pages).toEqual([]);
  });

  it.each(Object.keys(rooms))('shares 1–1000 lines over the fewest pages, none with 1–3 lines (%s)', (name) => {
    const room = rooms[name]!;
    // What is wrong with each count's plan, collected: one expect for the thousand plans.
    const wrong: string[] = [];
    const check = (ok: boolean, what: string, where: string) => ok || wrong.push(`${where}: ${what}`);
    for (let count = 1; count <= 1000; count++) {
      const plan = planSigningPages(count, room, range);
      const where = `${name}, ${count} lines: ${plan.pages.join(' ')} at ${plan.rowHeight} pt`;
      check(plan.pages.reduce((a, b) => a + b, 0) === count, 'not every line placed once', where);
      check(plan.pages.every((rows) => rows >= Math.min(MIN_ROWS, count)), `a page with fewer than ${MIN_ROWS} lines`, where);
      check(plan.rowHeight >= range.min - 1e-9 && plan.rowHeight <= range.max + 1e-9, 'rows outside the range', where);
      const first = plan.breakBefore ? room.fresh! : room.here;
      const capacities = plan.pages.map((_, i) => rowsIn(i === 0 ? first : room.next, plan.rowHeight));
      check(plan.pages.every((rows, i) => rows <= capacities[i]!), 'a page holding more lines than fit', where);
      // The fewest pages: one page fewer would not hold the lines even at the tightest rows.
      const fewer = [first, ...Array<number>(Math.max(0, plan.pages.length - 2)).fill(room.next)].slice(0, plan.pages.length - 1);
      check(fewer.reduce((sum, r) => sum + rowsIn(r, range.min), 0) < count, 'one page fewer would hold them', where);
      if (room.fresh === undefined) check(!plan.breakBefore, 'a break before where no fresh page is offered', where);
    }
    expect(wrong).toEqual([]);
  });

  it('squeezes the lines onto the page rather than leave one alone on the next', () => {
    // 12 lines where 11 fit at the ideal 30 pt: all 12 stay, a little tighter.
    const plan = planSigningPages(12, { here: 345, fresh: 680, next: 700 }, range);
    expect(plan).toMatchObject({ pages: [12], breakBefore: false });
    expect(plan.rowHeight).toBeLessThan(30);
  });

  it('stretches the rows to fill the pages, up to the loosest row', () => {
    const full = planSigningPages(30, rooms.sheet!, range);
    expect(full.pages).toHaveLength(2);
    const used = full.pages.map((rows, i) => (rows * full.rowHeight) / (i === 0 ? rooms.sheet!.here : rooms.sheet!.next));
    for (const share of used) expect(share).toBeGreaterThan(0.8);
    expect(planSigningPages(3, rooms.sheet!, range).rowHeight).toBe(range.max);
  });

  it('starts on a new page when the text leaves room for fewer than four lines', () => {
    expect(planSigningPages(12, rooms.none!, range)).toMatchObject({ pages: [12], breakBefore: true });
    // Three lines where three fit stay under the text.
    expect(planSigningPages(3, { here: 80, fresh: 680, next: 700 }, range)).toMatchObject({ pages: [3], breakBefore: false });
  });

  it('never moves a signing sheet\'s lines off its first page', () => {
    for (const count of [1, 20, 24, 25, 60]) expect(planSigningPages(count, rooms.sheet!, range).breakBefore).toBe(false);
  });
});

describe('roomFromMarks', () => {
  const mark = (page: number, top: number): MarkPosition => ({ page, top, contentTop: 50, contentBottom: 780 });
  it('measures the room under the header, on a new page and on a continuation page', () => {
    const marks = new Map([
      [SIGNING_MARKS.headTop, mark(2, 400)],
      [SIGNING_MARKS.rowsTop, mark(2, 440)],
      [SIGNING_MARKS.nextRowsTop, mark(3, 95)],
    ]);
    expect(roomFromMarks(marks, true)).toEqual({ here: 339, fresh: 689, next: 684 });
    expect(roomFromMarks(marks, false).fresh).toBeUndefined();
  });

  it('says which mark a draft lacks', () => {
    expect(() => roomFromMarks(new Map(), true)).toThrow(/signing-head-top/);
  });
});
