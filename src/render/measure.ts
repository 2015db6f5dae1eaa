/**
 * A measuring pass: react-pdf lays a draft out, and the product reads back where the draft's marks
 * landed, to compose what react-pdf's flow cannot (how many signing lines each page holds). The
 * draft is only laid out, never drawn: no PDF is written for it.
 */
import layoutDocument from '@react-pdf/layout';
import { Font, pdf } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { MARK_PROP, type MarkPosition } from '../layout/signing-pages.js';
import { keyGlyphCaches } from '../fonts/faces.js';

/** A node of react-pdf's laid-out tree, as far as a mark's position needs it. */
interface LaidOutNode {
  type?: string;
  box?: { top: number; height: number; paddingTop?: number; paddingBottom?: number };
  props?: Record<string, unknown>;
  children?: LaidOutNode[];
}

/** The marks of a laid-out draft, by name. */
export type Marks = Map<string, MarkPosition>;

// Marks measured in this process, by the draft's key (see measureMarks): a second document from the
// same inputs (a preview redrawn, a test, a build that makes one twice) skips its draft. A draft is
// a pure function of its key's inputs and the fonts, which do not change while the process runs.
// Bounded: the oldest key goes past DRAFTS (a key is the JSON of the draft's texts, about 30 KB).
const drafts = new Map<string, Marks>();
const DRAFTS = 64;

/**
 * Lays out the draft `build()` makes and returns where each mark (a node with MARK_PROP)
 * landed. The draft is laid out by react-pdf's own layout step (@react-pdf/layout, the version
 * react-pdf 4.9 renders with) on the tree react-pdf's reconciler builds, as `renderToBuffer` does
 * before it draws; drawing it (fonts subset and embedded, pages written) would be thrown away.
 * `key`, when given, names everything the draft depends on besides the fonts (see draftKey): a draft
 * with a key measured before in this process is not laid out again.
 */
export async function measureMarks(build: () => ReactElement, key?: string): Promise<Marks> {
  const known = key === undefined ? undefined : drafts.get(key);
  if (known) return known;
  keyGlyphCaches();
  const instance = pdf(build() as Parameters<typeof pdf>[0]) as unknown as { container: { document: unknown } };
  // The layout step takes the font store as a second argument, as react-pdf calls it; its types leave it out.
  const layout = layoutDocument as unknown as (document: unknown, fontStore: unknown) => Promise<LaidOutNode | undefined>;
  const root = await layout(instance.container.document, Font);
  if (!root?.children) throw new Error('react-pdf laid out no pages: the measuring pass needs @react-pdf/layout 5.2 (see src/render/measure.ts)');
  const marks = marksOf(root);
  if (key !== undefined) {
    drafts.set(key, marks);
    if (drafts.size > DRAFTS) drafts.delete(drafts.keys().next().value!);
  }
  return marks;
}

/** A draft's marks as JSON can hold them: its key and each mark by name. */
export type DraftEntry = [key: string, marks: [name: string, position: MarkPosition][]];

/** The drafts measured in this process, oldest first: what the CLI's start-up snapshot is given (src/cli/snapshot.ts). */
export function measuredDrafts(): DraftEntry[] {
  return [...drafts].map(([key, marks]) => [key, [...marks]]);
}

/**
 * Takes drafts another process measured with the same code and fonts (see measuredDrafts): the
 * CLI's start-up snapshot holds those of the standard set, so a cold command skips its draft. A
 * draft's key holds every input besides the code and the fonts, and the snapshot is used only with
 * the bundle and fonts it was built from (bin/launch.cjs), so a draft taken is the one that would
 * be measured.
 */
export function rememberDrafts(entries: readonly DraftEntry[]): void {
  for (const [key, marks] of entries) drafts.set(key, new Map(marks));
  while (drafts.size > DRAFTS) drafts.delete(drafts.keys().next().value!);
}

/**
 * A draft's key: the JSON of everything it is made from (paper, layout, texts, counts), for
 * measureMarks. Callers leave out what cannot change the draft in one process (the fonts, the
 * typeset measures made from them). Not hashed: the first hash of a process set up the crypto
 * library on a cold start (25 ms measured), and the map keeps few keys.
 */
export function draftKey(inputs: unknown): string {
  return JSON.stringify(inputs);
}

/** Where each mark landed in a laid-out document: its page, its top, and the page's text block. */
function marksOf(root: LaidOutNode): Marks {
  const marks: Marks = new Map();
  root.children!.forEach((page, index) => {
    const box = page.box!;
    const frame = { page: index + 1, contentTop: box.paddingTop ?? 0, contentBottom: box.height - (box.paddingBottom ?? 0) };
    // A child's top is relative to its parent's: add them up on the way down.
    const walk = (node: LaidOutNode, top: number) => {
      const at = top + (node.box?.top ?? 0);
      const name = node.props?.[MARK_PROP];
      if (typeof name === 'string' && !marks.has(name)) marks.set(name, { ...frame, top: at });
      for (const child of node.children ?? []) walk(child, at);
    };
    for (const child of page.children ?? []) walk(child, 0);
  });
  return marks;
}
