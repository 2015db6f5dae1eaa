import { View } from '@react-pdf/renderer';
import type { Tag } from './tags.js';

/** A box that takes no room and draws nothing. */
const NOWHERE = { position: 'absolute', left: 0, top: 0, width: 0, height: 0 } as const;

/**
 * Fixes the reading order of elements ahead of the page's drawing order: an element is placed in
 * its parent when first met, and these empty boxes, first on the page, meet `tags` in the order
 * given. What is drawn later with the same tag objects fills them. For a page whose parts are
 * drawn in another order than they are read (a certificate: the names are drawn after the body).
 */
export function ReadingOrder({ tags }: { tags: readonly Tag[] }) {
  return (
    <>
      {tags.map((element, i) => (
        <View key={i} tag={element} style={NOWHERE} />
      ))}
    </>
  );
}
