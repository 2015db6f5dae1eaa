/**
 * A measuring pass: react-pdf lays a draft out, and the product reads back where the draft's marks
 * landed, to compose what react-pdf's flow cannot (how many signing lines each page holds). The
 * draft is rendered like any document and its bytes thrown away.
 */
import type { ReactElement } from 'react';
import { MARK_PROP, type MarkPosition } from '../layout/signing-pages.js';
import { render } from './compose.js';

/** A node of react-pdf's laid-out tree, as far as a mark's position needs it. */
interface LaidOutNode {
  type?: string;
  box?: { top: number; height: number; paddingTop?: number; paddingBottom?: number };
  props?: Record<string, unknown>;
  children?: LaidOutNode[];
}

/** What a template gives its Document as `onRender`, to hand the layout back. */
export type LayoutCallback = (result: unknown) => void;

/**
 * Lays out the draft `build(onRender)` makes and returns where each mark (a node with MARK_PROP)
 * landed. react-pdf hands a Document's onRender the laid-out tree under an internal name in 4.9
 * (renderer/src/index.js, `_INTERNAL__LAYOUT__DATA_`); a react-pdf that stops doing so fails here
 * with a message, not with a wrong layout.
 */
export async function measureMarks(build: (onRender: LayoutCallback) => ReactElement): Promise<Map<string, MarkPosition>> {
  let root: LaidOutNode | undefined;
  await render(build((result) => {
    root = (result as { _INTERNAL__LAYOUT__DATA_?: LaidOutNode } | undefined)?._INTERNAL__LAYOUT__DATA_;
  }));
  if (!root?.children) throw new Error('react-pdf gave no layout to onRender: the measuring pass needs react-pdf 4.9 (see src/render/measure.ts)');
  const marks = new Map<string, MarkPosition>();
  root.children.forEach((page, index) => {
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
