import { View } from '@react-pdf/renderer';
import { artifact } from './tags.js';

/** Where the trim lies on a page rendered with bleed and a slug for marks, pt. */
export interface CropMarksProps {
  /** Trim width. */
  width: number;
  /** Trim height. */
  height: number;
  /** Bleed beyond the trim on every side. */
  bleed: number;
  /** Slug beyond the bleed on every side: the marks are drawn here. */
  slug: number;
}

/** Hairline for crop marks: 0.25 pt, what print shops' imposition software draws. */
const HAIRLINE = 0.25;
/** Registration black: a mark must print on every plate. */
const MARK = '#000000';

/**
 * Crop marks at the four corners of the trim, in the slug outside the bleed, as absolutely placed
 * thin Views: a page-sized <Svg> or wrap={false} on such a page gives react-pdf 4.9 a zero-height
 * page or a spill onto a second one (measured). Page artifacts: a reader skips them.
 */
export function CropMarks({ width, height, bleed, slug }: CropMarksProps) {
  const edge = slug + bleed;
  // Each mark stops short of the bleed by a gap, so a cutter off by a hair never prints it.
  const gap = Math.min(2, slug * 0.1);
  const start = slug * 0.15;
  const length = slug - gap - start;
  const xs = [edge, edge + width];
  const ys = [edge, edge + height];
  const far = 2 * edge + width; // page width
  const farY = 2 * edge + height;
  const marks: { left: number; top: number; width: number; height: number }[] = [];
  for (const y of ys) {
    marks.push({ left: start, top: y - HAIRLINE / 2, width: length, height: HAIRLINE });
    marks.push({ left: far - start - length, top: y - HAIRLINE / 2, width: length, height: HAIRLINE });
  }
  for (const x of xs) {
    marks.push({ left: x - HAIRLINE / 2, top: start, width: HAIRLINE, height: length });
    marks.push({ left: x - HAIRLINE / 2, top: farY - start - length, width: HAIRLINE, height: length });
  }
  return (
    <>
      {marks.map((mark, i) => (
        <View key={i} {...artifact('Page')} style={{ position: 'absolute', ...mark, backgroundColor: MARK }} />
      ))}
    </>
  );
}
