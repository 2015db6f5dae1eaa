/** A page size in PDF points (1/72 in). */
export interface PageSize {
  /** Width in points. */
  width: number;
  /** Height in points. */
  height: number;
}

const MM = 72 / 25.4;
const INCH = 72;

/** Millimetres to points. */
export const mm = (value: number): number => value * MM;
/** Inches to points. */
export const inch = (value: number): number => value * INCH;

/** Office paper the declaration, signing sheets and certificates are printed on (portrait). */
export const PAPER = {
  a4: { width: mm(210), height: mm(297) },
  letter: { width: inch(8.5), height: inch(11) },
  a3: { width: mm(297), height: mm(420) },
} as const satisfies Record<string, PageSize>;

/** An office paper name. */
export type PaperName = keyof typeof PAPER;

/**
 * A margin an office printer can print: most laser and inkjet printers leave 4–6 mm unprinted,
 * so keep text well inside it, a little more on larger sheets.
 */
export function officeMargin(size: PageSize): number {
  return Math.max(mm(16), Math.min(size.width, size.height) * 0.085);
}
