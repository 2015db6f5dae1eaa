import { Path, Rect, Svg } from '@react-pdf/renderer';
import { type PageSize } from '../../src/core/units.js';
import { COLOR } from '../../src/layout/theme.js';
import { artifact } from './tags.js';

/**
 * A frame for a certificate or a poster, drawn in vectors: a heavy outer rule, a hairline inside
 * it, bracket corners with a small square between the rules, and a diamond at the middle of each
 * side. `inset` is the outer rule's distance from the paper's edge. Page furniture, not read.
 */
export function Border({ page, inset, color = COLOR.accent }: { page: PageSize; inset: number; color?: string }) {
  const { width, height } = page;
  const gap = inset * 0.22;
  const inner = inset + gap;
  const arm = inset * 1.1;
  const corners = [
    [inner, inner, 1, 1],
    [width - inner, inner, -1, 1],
    [inner, height - inner, 1, -1],
    [width - inner, height - inner, -1, -1],
  ] as const;
  const diamond = (cx: number, cy: number, r: number) => `M ${cx} ${cy - r} L ${cx + r} ${cy} L ${cx} ${cy + r} L ${cx - r} ${cy} Z`;
  const mids = [
    [width / 2, inset],
    [width / 2, height - inset],
    [inset, height / 2],
    [width - inset, height / 2],
  ] as const;
  // The drawing's box stops short of the page's edge: yoga rounds a box as tall as A4 (841.89 pt)
  // up to 842 pt, react-pdf then finds it taller than the page and moves everything after it onto
  // a second page (an A4 portrait certificate printed its border alone). The frame lies well inside.
  const box = { width: Math.floor(width) - 1, height: Math.floor(height) - 1 };
  return (
    <Svg {...artifact('Layout')} style={{ position: 'absolute', left: 0, top: 0, ...box }} viewBox={`0 0 ${box.width} ${box.height}`}>
      <Rect x={inset} y={inset} width={width - 2 * inset} height={height - 2 * inset} stroke={color} strokeWidth={2.2} fill="none" />
      <Rect x={inner} y={inner} width={width - 2 * inner} height={height - 2 * inner} stroke={color} strokeWidth={0.6} fill="none" />
      {corners.map(([x, y, dx, dy], i) => (
        <Path
          key={`c${i}`}
          d={`M ${x + dx * gap} ${y + dy * (gap + arm)} L ${x + dx * gap} ${y + dy * gap} L ${x + dx * (gap + arm)} ${y + dy * gap}`}
          stroke={color}
          strokeWidth={1.1}
          fill="none"
        />
      ))}
      {corners.map(([x, y, dx, dy], i) => (
        <Rect key={`s${i}`} x={Math.min(x, x - dx * gap)} y={Math.min(y, y - dy * gap)} width={gap} height={gap} fill={color} />
      ))}
      {mids.map(([cx, cy], i) => (
        <Path key={`d${i}`} d={diamond(cx, cy, gap * 0.9)} fill={color} />
      ))}
    </Svg>
  );
}
