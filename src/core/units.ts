/**
 * Lengths: the units the press measures in, and the one parser for a length a person types
 * (`--bleed 3mm`, `check --bleed 0.125in`, a manifest's `"bleed": "9pt"`). Everything inside the
 * press is in PDF points (1/72 in).
 */
import { PressError } from './errors.js';

/** A width and height in PDF points. */
export interface PageSize {
  /** Width in points. */
  width: number;
  /** Height in points. */
  height: number;
}

const POINTS_PER = { pt: 1, mm: 72 / 25.4, cm: 72 / 2.54, in: 72 } as const;

/** A unit a length may be written in. */
export type LengthUnit = keyof typeof POINTS_PER;

/** Millimetres to points. */
export const mm = (value: number): number => value * POINTS_PER.mm;
/** Inches to points. */
export const inch = (value: number): number => value * POINTS_PER.in;
/** Points to millimetres. */
export const toMm = (points: number): number => points / POINTS_PER.mm;

/** What a length may be, for the message that refuses another. */
export interface LengthLimits {
  /** The largest length accepted, pt. */
  max?: number;
  /** How the largest length reads to a person, e.g. "12.7mm (0.5in)". */
  maxText?: string;
}

/**
 * Parses a length such as `3mm`, `0.3cm`, `0.125in`, `9pt` or `0` into points. A number needs its
 * unit, except 0, which is 0 in every unit: a bare `3` is a unit mistake waiting to happen (3 pt
 * or 3 mm?). Negative, exponent and unit-less lengths are refused, naming `option`, what was
 * found and what is allowed.
 */
export function parseLength(value: string | number, option: string, limits: LengthLimits = {}): number {
  const read = readLength(value, limits);
  if (typeof read === 'string') throw new PressError('BAD_OPTION', `${option}: "${String(value).trim()}" ${read}`);
  return read;
}

/** What is wrong with a length, worded to follow it ("is not a length; allowed: …"), or undefined when it will do. */
export function lengthProblem(value: string | number, limits: LengthLimits = {}): string | undefined {
  const read = readLength(value, limits);
  return typeof read === 'string' ? read : undefined;
}

/** A length in points, or what is wrong with it. */
function readLength(value: string | number, limits: LengthLimits): number | string {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(mm|cm|in|pt)?$/i.exec(text);
  const amount = match ? Number(match[1]) : NaN;
  const unit = match?.[2]?.toLowerCase() as LengthUnit | undefined;
  const upTo = limits.max === undefined ? '' : ` from 0 to ${limits.maxText ?? `${formatPt(limits.max)}pt`}`;
  const allowed = `a length in mm, cm, in or pt${upTo}, e.g. 3mm, 0.125in, 9pt, or 0`;
  if (!match || (unit === undefined && amount !== 0)) return `is not a length; allowed: ${allowed}`;
  const points = unit ? amount * POINTS_PER[unit] : 0;
  if (limits.max !== undefined && points > limits.max + 1e-9) return `is too large; allowed: ${allowed}`;
  return points;
}

/** A length in pt for messages: at most two decimals, no trailing zeros. */
export function formatPt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
