import { Path, Svg, View } from '@react-pdf/renderer';
import { COLOR } from '../../src/layout/theme.js';
import type { Tag } from './tags.js';

/** ISO/IEC 18004 wants four light modules around a symbol; a camera finds the code by them. */
export const QR_QUIET_ZONE = 4;

/** What a QR code piece draws: the matrix from src/qr.ts's makeQrMatrix. */
export interface QrCodeProps {
  /** `modules[row][col]` is true for a dark module; row 0 is the top. */
  modules: readonly (readonly boolean[])[];
  /** Side of the whole code including its quiet zone, pt. */
  side: number;
  /** Dark module colour (default: ink). */
  dark?: string;
  /** Light colour of the quiet zone and light modules (default: white, for contrast on tinted paper). */
  light?: string;
  /** Read as this figure (with its alternative text); without it the code is page furniture. */
  tag?: Tag;
}

/**
 * The path of a QR matrix in module units: one rectangle per horizontal run of dark modules, all in
 * one path, so a rasteriser fills touching modules as one area (separate rectangles show hairline
 * seams where anti-aliased edges meet, which can confuse a phone's decoder).
 */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      parts.push(`M${start} ${y}H${x}V${y + 1}H${start}Z`);
    }
  });
  return parts.join('');
}

/** A QR code drawn as vector squares (no image, so it prints sharp at any size), with its quiet zone. */
export function QrCode({ modules, side, dark = COLOR.ink, light = '#ffffff', tag }: QrCodeProps) {
  const count = modules.length;
  const module = side / (count + 2 * QR_QUIET_ZONE);
  const symbol = module * count;
  return (
    <View style={{ width: side, height: side, backgroundColor: light, padding: module * QR_QUIET_ZONE }} {...(tag ? { tag } : {})}>
      <Svg width={symbol} height={symbol} viewBox={`0 0 ${count} ${count}`}>
        <Path d={qrPath(modules)} fill={dark} />
      </Svg>
    </View>
  );
}
