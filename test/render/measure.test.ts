import { describe, expect, it } from 'vitest';
import { makeDeclaration } from '../../src/products/declaration.js';
import { draftKey, measureMarks, measuredDrafts, rememberDrafts, type DraftEntry } from '../../src/render/measure.js';

describe("drafts handed from one process to another (the start-up snapshot's, src/cli/snapshot.ts)", () => {
  it('takes a draft given under its key instead of laying it out', async () => {
    const key = draftKey({ product: 'test', paper: 'a4', texts: 'handed over' });
    const mark = { page: 2, top: 123.456789, contentTop: 56.69, contentBottom: 779.5 };
    rememberDrafts([[key, [['test-mark', mark]]]]);
    const marks = await measureMarks(() => {
      throw new Error('the draft was laid out again');
    }, key);
    expect(marks.get('test-mark')).toEqual(mark);
    expect(measuredDrafts().find(([known]) => known === key)).toEqual([key, [['test-mark', mark]]]);
  });

  it("keeps a real declaration's marks exactly through JSON, and the document made from them is the same", async () => {
    const first = await makeDeclaration({ paper: 'letter', layout: 'stacked' });
    const drafts = measuredDrafts().filter(([key]) => key.includes('"declaration"') && key.includes('"stacked"'));
    expect(drafts.length).toBeGreaterThan(0);
    // What the snapshot's builder reads back: every position the same double after JSON.
    const again = JSON.parse(JSON.stringify(drafts)) as DraftEntry[];
    expect(again).toEqual(drafts);
    rememberDrafts(again);
    expect(Buffer.from(await makeDeclaration({ paper: 'letter', layout: 'stacked' })).equals(first)).toBe(true);
  });
});
