/**
 * The images check: every image, at the size it is placed on the page, must have at least the
 * resolution asked for (300 ppi by default). The placements come from the content walk (content.ts).
 */
import { MM_PER_PT, plural, round, type PdfCheck } from './verdict.js';

/** One drawing of one image. */
export interface ImagePlacement {
  /** Page number, 1-based. */
  page: number;
  /** The XObject's resource name (`/Im1`), `inline image`, or a form path (`/Fm1 /Im0`). */
  name: string;
  /** Width in pixels. */
  widthPx: number;
  /** Height in pixels. */
  heightPx: number;
  /** Placed width in points. */
  widthPt: number;
  /** Placed height in points. */
  heightPt: number;
  /** Effective resolution: the lower of the horizontal and vertical pixels per inch. */
  ppi: number;
}

/** Fails every image placed below `minPpi` (once per distinct line), and what the walk could not read. */
export function judgeImages(images: ImagePlacement[], problems: string[], minPpi: number): PdfCheck {
  // A zero-size placement paints nothing: it cannot be too coarse.
  const visible = images.filter((image) => Number.isFinite(image.ppi));
  const low = visible.filter((image) => Math.round(image.ppi) < minPpi).sort((a, b) => a.ppi - b.ppi);
  const seen = new Set<string>();
  const detail: string[] = [...problems];
  for (const image of low) {
    const line = `page ${image.page}: image ${image.name} (${image.widthPx} × ${image.heightPx} px placed at `
      + `${round(image.widthPt * MM_PER_PT, 1)} × ${round(image.heightPt * MM_PER_PT, 1)} mm) is ${Math.round(image.ppi)} ppi, `
      + `below ${minPpi}`;
    if (!seen.has(line)) detail.push(line);
    seen.add(line);
  }
  if (detail.length > 0) return { name: 'images', ok: false, detail };
  if (visible.length === 0) return { name: 'images', ok: true, detail: ['no images'] };
  const lowest = visible.reduce((a, b) => (b.ppi < a.ppi ? b : a));
  return {
    name: 'images',
    ok: true,
    detail: [`${plural(visible.length, 'image placement')}, lowest ${Math.round(lowest.ppi)} ppi (page ${lowest.page}, ${lowest.name})`],
  };
}
