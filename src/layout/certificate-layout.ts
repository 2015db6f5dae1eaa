/**
 * Where everything on a certificate goes: the static layer (title, label, body, date, issuer,
 * seal, and a sample's mark) laid out once per batch from the wording and the page, the names
 * fitted into their boxes, and each certificate's own parts placed (number, names, role, rule,
 * signature). The same description feeds the react-pdf template (templates/Certificate.tsx) and the
 * fast path that draws only the variable parts over a static layer rendered once per batch
 * (src/products/certificates/writer.ts).
 *
 * Over 400 lines, and not split (issue 8): the static layout and each certificate's parts are one
 * geometry. Each half reads the other's types and helpers (the boxes and fit specs the names go
 * in, the line and language-stretch types, the wording's filled texts that the static layer sets
 * too, the verify corner laid out once and filled per certificate), so a file for each would
 * import the other (no-module-cycles forbids it) or move the shared half to a third file that all
 * some sixteen importers would have to follow; the per-certificate half is also where the signed
 * certificates' QR code and ID are being changed. A split is worth it once that work has landed.
 */
import { A4_WIDTH, officeMargin } from '../core/paper.js';
import { PressError } from '../core/errors.js';
import { makeQuickQrMatrix } from '../core/qr.js';
import { mm, type PageSize } from '../core/units.js';
import type { StackName } from '../fonts/registry.js';
import type { Typeset } from '../fonts/typeset.js';
import type { Bilingual, CertificateWording, Labels } from '../input/schema.js';
import { fitText, LEGIBLE, MEASURE, type Box, type Fit, type FitSpec } from './fit-text.js';
import { balanceLines, type DisplaySetting } from './line-breaking.js';
import { COLOR } from './theme.js';

/** What a template prints of one signatory. */
export interface SignatoryEntry {
  /** Name in Hangul. */
  nameKo?: string;
  /** Name in Latin script. */
  nameEn?: string;
  /** Role or affiliation in Korean. */
  roleKo?: string;
  /** Role or affiliation in English. */
  roleEn?: string;
  /** A handwritten signature image: a path react-pdf can load (absolute in Node, a URL in a browser). */
  signature?: string;
}

/** One certificate's signatory and its number in the list. */
export interface CertificateEntry extends SignatoryEntry {
  /** The printed number, already padded: "0042". */
  number: string;
  /** A signed certificate's ID and verify address (the signed claim in its fragment): printed small, and as a QR code. */
  verify?: { id: string; url: string };
}

/** The vermilion of a Korean seal's ink (인주): the seal, and a sample's mark. */
export const SEAL_RED = '#c0392b';

/** What a line of a certificate is: the structure element a screen reader reads it as. */
export type CertificatePart = 'title' | 'number' | 'label' | 'name' | 'role' | 'body' | 'date' | 'issuer' | 'sample' | 'seal' | 'id';

/** A stretch of a line's text in one language, by UTF-16 offsets (`to` exclusive). */
export interface LangStretch {
  /** Its language. */
  lang: 'en' | 'ko';
  /** Where it starts. */
  from: number;
  /** Where it ends. */
  to: number;
}

/** Texts of two languages joined by a separator, with the stretch each language covers (the separator is in none). */
function joinLangs(texts: readonly (readonly ['en' | 'ko', string])[], separator: string): { text: string; langs: LangStretch[] } {
  let text = '';
  const langs: LangStretch[] = [];
  for (const [lang, part] of texts) {
    if (text) text += separator;
    langs.push({ lang, from: text.length, to: text.length + part.length });
    text += part;
  }
  return { text, langs };
}

/** Lines marked as one part of the certificate, each wholly in `lang` (or, with `langs`, in those stretches). */
function partOf<L extends PlacedLine>(lines: L[], part: CertificatePart, lang?: 'en' | 'ko', langs?: readonly LangStretch[]): L[] {
  return lines.map((line) => ({ ...line, part, ...(langs ? { langs } : lang ? { langs: [{ lang, from: 0, to: line.text.length }] } : {}) }));
}

/**
 * The stretches of a line broken out of a longer text: where its characters lie in the text
 * (searched from `from`, a break's hyphen left out), and the languages there.
 */
function stretchesIn(line: string, text: string, langs: readonly LangStretch[], from: number): { langs: LangStretch[]; next: number } {
  const found = text.indexOf(line.replace(/-$/, ''), from);
  const start = found < 0 ? from : found;
  const end = start + line.length;
  const within = langs
    .map((stretch) => ({ lang: stretch.lang, from: Math.max(stretch.from, start) - start, to: Math.min(stretch.to, end) - start }))
    .filter((stretch) => stretch.to > stretch.from);
  return { langs: within, next: end };
}

/** One line of the static layer: a placed line that may be letter-spaced. */
export interface StaticLine extends PlacedLine {
  /** Space added after every character (pt), as react-pdf's letterSpacing adds it. */
  tracking?: number;
}

/** One letter of the seal's ring: set upright on its own, then turned about its centre. */
export interface ArcGlyph {
  /** The character. */
  char: string;
  /** Centre of the letter's line box (points, origin top left). */
  x: number;
  /** Centre of the letter's line box. */
  y: number;
  /** Its advance width (pt). */
  width: number;
  /** How far it is turned, clockwise, in degrees: its angle on the ring from the top. */
  angle: number;
}

/** The seal (직인), placed: a round vermilion seal stamped over the last syllable of the Korean issuer. */
export interface SealLayout {
  /** Centre (points, origin top left). */
  x: number;
  /** Centre. */
  y: number;
  /** Outer diameter. */
  diameter: number;
  /** Radius of the inner ring, inside which the Korean words sit. */
  inner: number;
  /** Ink colour. */
  color: string;
  /** The Korean words in the centre, in rows. */
  rows: StaticLine[];
  /** The Latin line around the top of the ring, letter by letter. */
  ring: { size: number; glyphs: ArcGlyph[]; /** Half the angle the letters span, degrees either side of the top. */ span: number };
}

/** A sample's mark: a ruled box at the head of the page, clear of every text. */
export interface SampleMark {
  /** The box (its outer rule). */
  box: Box;
  /** Its lines: the mark in both languages, then what it means. */
  lines: StaticLine[];
  /** Ink colour. */
  color: string;
}

/** Where everything on a certificate goes (points, origin top left): exported so tests check the PDF against it. */
export interface CertificateLayout {
  /** The page, turned. */
  page: PageSize;
  /** Base text size (pt). */
  unit: number;
  /** The outer rule's distance from the paper's edge. */
  borderInset: number;
  /** The area text may use. */
  content: Box;
  /** The signature image, above the name. */
  signature: Box;
  /** The first name line: the Hangul name, or the Latin one when there is no Hangul. */
  primary: Box;
  /** The second name line: the Latin name when both are given. */
  secondary: Box;
  /** The label before the name (성 명 / Name). */
  label: Box;
  /** Role or affiliation, under the names. */
  role: Box;
  /** The static layer's text, line by line: title, label, body, date, issuer. */
  lines: StaticLine[];
  /** The Korean issuer's line, the one the seal is stamped over. */
  issuer: StaticLine;
  /** The seal. */
  seal: SealLayout;
  /** A sample's mark, when the certificates are samples. */
  sample?: SampleMark;
  /** Where a signed certificate's QR code and ID go, when the certificates are signed. */
  verify?: VerifyCorner;
}

/**
 * The corner a signed certificate's QR code and ID stand in: the foot of the page at the left,
 * across from the seal, where the issuer's block leaves the page empty.
 */
export interface VerifyCorner {
  /** The ID's line: at the content's foot, left-aligned. */
  id: Box;
  /** The ID's size (pt). */
  idSize: number;
  /** The QR symbol's usual side (pt, without its quiet zone): about 30 mm on A4. */
  side: number;
  /** The largest side the symbol may grow to (a long payload) before it would meet the issuer's block. */
  maxSide: number;
}

/**
 * The smallest QR module printed: 0.5 mm. An office printer draws it as 6 dots at 300 dpi and 12 at
 * 600 (toner spread and a misregistered dot leave it square), and a phone held 15 to 20 cm away
 * sees it over several pixels; GS1's smallest for a printed QR code is 0.396 mm. Smaller symbols
 * start to fail on worn or photocopied paper.
 */
export const QR_MODULE_MIN = mm(0.5);
/** The light modules a reader needs round a symbol (ISO/IEC 18004): nothing is drawn closer. */
const QR_QUIET = 4;

/** How each name line is fitted. */
export function nameSpecs(unit: number): { primaryKo: FitSpec; primaryEn: FitSpec; secondary: FitSpec; role: FitSpec } {
  return {
    primaryKo: { stack: 'myeongjo', bold: true, max: unit * 3.0, floor: unit * 1.9, leading: 1.2 },
    primaryEn: { stack: 'serif', bold: true, max: unit * 2.8, floor: unit * 1.8, leading: 1.2 },
    secondary: { stack: 'serif', max: unit * 1.6, floor: unit * 1.15, leading: 1.2 },
    role: { stack: 'serif', max: unit * 0.95, floor: unit * 0.75, leading: 1.2 },
  };
}

/** How a static text is set: sizes and letter spaces in units of the base size. */
interface Setting {
  /** The stack. */
  stack: StackName;
  /** Font size, in units. */
  size: number;
  /** Line height as a ratio of the size. */
  leading: number;
  /** Bold faces. */
  bold: boolean;
  /** Letter space after every character, in units. */
  tracking: number;
}

/** How the static layer's texts are set, in units of the base size. */
const SET = {
  titleKo: { stack: 'myeongjo', size: 2.7, leading: 1.3, bold: true, tracking: 0.5 },
  titleEn: { stack: 'serif', size: 1.35, leading: 1.4, bold: false, tracking: 0.12 },
  labelKo: { stack: 'myeongjo', size: 1.05, leading: 1.4, bold: false, tracking: 0 },
  labelEn: { stack: 'serif', size: 0.9, leading: 1.4, bold: false, tracking: 0 },
  bodyKo: { stack: 'myeongjo', size: 1.12, leading: 1.72, bold: false, tracking: 0 },
  bodyEn: { stack: 'serif', size: 1.02, leading: 1.45, bold: false, tracking: 0 },
  date: { stack: 'myeongjo', size: 1.05, leading: 1.4, bold: false, tracking: 0 },
  issuerKo: { stack: 'myeongjo', size: 1.45, leading: 1.35, bold: true, tracking: 0.174 },
  issuerEn: { stack: 'serif', size: 1.0, leading: 1.4, bold: false, tracking: 0 },
} as const satisfies Record<string, Setting>;

/** A body line runs to about this many characters, comfortably inside MEASURE. */
const BODY_CHARS = 66;
/** The seal's diameter, in units: about 25 mm on A4, the size of an organisation's 직인. */
const SEAL_DIAMETER = 6.8;
/** Its ring's Latin letters, as a share of the diameter: 6.6 pt on A4, never under LEGIBLE. */
const SEAL_LATIN = 0.092;
/** The ring's letters may run this far either side of the top (degrees); the rest of the ring is dotted. */
const SEAL_MAX_SPAN = 100;
/**
 * How far the seal's centre sits above the middle of the issuer's last syllable, as a share of its
 * radius: the syllable meets the ring at about eight o'clock, below the lettering that runs round
 * the top, and the seal reaches less far down into the English under it.
 */
const SEAL_RISE = 0.3;
/** Source Serif 4's capital height, as a share of the size: the ring's capitals are centred between the rings. */
const CAP_HEIGHT = 0.66;

/** Where a static text's lines go across the page: the box they are aligned in. */
type Across = { x: number; width: number; align: PlacedLine['align'] };

/**
 * A static text's lines placed from `top`, one line box (size x leading) each. A letter-spaced
 * line is moved right by half a letter space: react-pdf adds the space after the last letter too,
 * and a centred line is centred on its letters, not on that space.
 */
function placeLines(lines: readonly string[], s: Setting, unit: number, top: number, across: Across, color: string): StaticLine[] {
  const size = s.size * unit;
  const height = size * s.leading;
  const tracking = s.tracking * unit;
  const shift = across.align === 'center' ? tracking / 2 : across.align === 'right' ? tracking : 0;
  return lines.map((text, i) => ({
    text,
    stack: s.stack,
    bold: s.bold,
    size,
    leading: s.leading,
    box: { x: across.x + shift, y: top + i * height, width: across.width, height },
    align: across.align,
    color,
    ...(tracking ? { tracking } : {}),
  }));
}

/** The height of `count` lines of a setting. */
const linesHeight = (count: number, s: Setting, unit: number) => count * s.size * unit * s.leading;

/**
 * A display text (a title, the issuer) or a paragraph in the fewest balanced lines that fit
 * `width` with none longer than `chars` characters: when the width allows longer lines, the lines
 * are balanced over one more line at a time until they keep to the count.
 */
function linesWithin(typeset: Typeset, text: string, s: Setting, unit: number, width: number, chars = MEASURE): string[] {
  const setting: DisplaySetting = { stack: s.stack, size: s.size * unit, bold: s.bold };
  // balanceLines measures without letter spaces: take the whole text's off the width (more than a line needs, never less).
  const room = width - [...text].length * s.tracking * unit;
  const total = typeset.measure(text, s.stack, s.size * unit, s.bold);
  let lines = [text];
  for (let count = 1; count <= 12; count++) {
    // A little wider than the even share, so the balancing has word breaks to choose from.
    lines = balanceLines(typeset, text, setting, count === 1 ? room : Math.min(room, (total / count) * 1.08));
    if (lines.every((line) => [...line].length <= chars)) break;
  }
  return lines;
}

/**
 * The certifying sentence in lines of even length: the English in the fewest balanced lines of
 * about BODY_CHARS characters (never over MEASURE), the Korean balanced to the same measure, so the
 * two read as one block.
 */
function bodyLines(typeset: Typeset, body: Bilingual, unit: number, maxWidth: number): { en: string[]; ko: string[] } {
  const en = linesWithin(typeset, body.en, SET.bodyEn, unit, maxWidth, BODY_CHARS);
  const measure = Math.max(...en.map((line) => typeset.measure(line, SET.bodyEn.stack, SET.bodyEn.size * unit)));
  // The English block's measure, a little over (Hangul sets denser); narrower only past MEASURE.
  const ko = linesWithin(typeset, body.ko, SET.bodyKo, unit, Math.min(maxWidth, measure * 1.06));
  return { en, ko };
}

/** The seal's ring letters (the Latin line), set around the top of the ring at LEGIBLE or larger. */
function sealRing(typeset: Typeset, text: string, diameter: number, centre: { x: number; y: number }, radius: number): SealLayout['ring'] {
  const letters = [...text];
  let size = Math.max(diameter * SEAL_LATIN, LEGIBLE);
  const advance = (sz: number) => letters.map((char) => typeset.measure(char, 'serif', sz, true));
  const length = (sz: number) => advance(sz).reduce((sum, w) => sum + w, 0) + (letters.length - 1) * sz * 0.12;
  const spanOf = (sz: number) => ((length(sz) / radius / 2) * 180) / Math.PI;
  if (spanOf(size) > SEAL_MAX_SPAN) size *= SEAL_MAX_SPAN / spanOf(size);
  if (size < LEGIBLE - 1e-9) {
    throw new PressError('BAD_DATA', `seal.en: "${text}" is too long to go round the top of the seal at ${LEGIBLE} pt; allowed: a line that fits there, such as 20 ordinary capitals`, 'certificate.json');
  }
  const widths = advance(size);
  const tracking = size * 0.12;
  const span = spanOf(size);
  // The letter's line box is turned about its centre, which lies above the capitals' middle by
  // the face's ascent less half a capital: so the box centre sits that much further out.
  const out = typeset.ascent('H', 'serif', size) - size / 2 - (CAP_HEIGHT * size) / 2;
  const glyphs: ArcGlyph[] = [];
  let along = 0;
  for (const [i, char] of letters.entries()) {
    const angle = -span + (((along + widths[i]! / 2) / radius) * 180) / Math.PI;
    along += widths[i]! + tracking;
    if (char.trim() === '') continue;
    const rad = (angle * Math.PI) / 180;
    glyphs.push({ char, width: widths[i]!, angle, x: centre.x + (radius + out) * Math.sin(rad), y: centre.y - (radius + out) * Math.cos(rad) });
  }
  return { size, glyphs, span };
}

/** The seal's Korean words in rows of up to three syllables (워싱턴 / 선언), as large as the inner ring holds. */
function sealRows(typeset: Typeset, text: string, diameter: number, centre: { x: number; y: number }, inner: number): StaticLine[] {
  const syllables = [...text.replace(/\s+/g, '')];
  const rows = Array.from({ length: Math.ceil(syllables.length / 3) }, (_, i) => syllables.slice(i * 3, (i + 1) * 3).join(''));
  const leading = 1.1;
  const spacing = 0.08;
  const widest = Math.max(...rows.map((row) => typeset.measure(row, 'myeongjo', 1, true) + ([...row].length - 1) * spacing));
  // The rows' block, corner to corner, inside 0.92 of the inner ring.
  const size = Math.min(diameter * 0.21, (inner * 0.92) / Math.hypot(widest / 2, (rows.length * leading) / 2));
  const top = centre.y - (rows.length * size * leading) / 2;
  return rows.map((row, i) => ({
    text: row,
    stack: 'myeongjo',
    bold: true,
    size,
    leading,
    box: { x: centre.x - inner + (size * spacing) / 2, y: top + i * size * leading, width: inner * 2, height: size * leading },
    align: 'center',
    color: SEAL_RED,
    tracking: size * spacing,
  }));
}

/** What makes one batch's static layer differ from another's, besides the page and the wording. */
export interface StaticOptions {
  /** Mark every certificate as a sample (placeholder names). */
  sample?: boolean;
  /** The certificates are signed: keep the foot's left corner for a QR code and an ID. */
  verify?: boolean;
}

/**
 * Lays out a certificate on a page: the boxes of each certificate's own parts, and the static
 * layer, placed line by line. Proportions come from the page, sizes from its short side; display
 * lines are balanced, the body set in lines of at most MEASURE characters, and the seal stamped
 * over the last syllable of the Korean issuer with every Latin line kept clear of it.
 */
export function layoutCertificate(page: PageSize, typeset: Typeset, wording: CertificateWording, declarationTitle: Bilingual, options: StaticOptions = {}): CertificateLayout {
  const { width, height } = page;
  const u = (Math.min(width, height) / A4_WIDTH) * 10.5;
  const margin = officeMargin(page);
  const content: Box = { x: margin * 1.2, y: margin * 1.2, width: width - margin * 2.4, height: height - margin * 2.4 };
  const axis = width / 2;
  const full: Across = { x: content.x, width: content.width, align: 'center' };
  const specs = nameSpecs(u);
  const texts = certificateTexts(wording, declarationTitle, '');
  const size = (s: Setting) => s.size * u;
  const measure = (text: string, s: Setting) => typeset.measure(text, s.stack, size(s), s.bold) + [...text].length * s.tracking * u;
  const display = (text: string, s: Setting, across: number) => linesWithin(typeset, text, s, u, across);

  // Top: the number, the title, then the names.
  const title = { ko: display(wording.title.ko, SET.titleKo, content.width), en: display(wording.title.en, SET.titleEn, content.width) };
  const h = {
    number: u * 1.2,
    title: linesHeight(title.ko.length, SET.titleKo, u) + linesHeight(title.en.length, SET.titleEn, u),
    signature: u * 3.4,
    primary: specs.primaryKo.max * specs.primaryKo.leading,
    secondary: specs.secondary.max * specs.secondary.leading,
    role: u * 1.5 * 1.2,
  };
  const body = bodyLines(typeset, texts.body, u, content.width * 0.86);
  const bodyHeight = linesHeight(body.ko.length, SET.bodyKo, u) + u * 0.6 + linesHeight(body.en.length, SET.bodyEn, u);

  // Bottom: the issuer in Korean, the seal stamped over its last syllable (직인), the English
  // beside or below the seal, never under it; measured from the Korean line's top.
  const issuerKo = wording.issuer.ko;
  const issuerTracking = SET.issuerKo.tracking * u;
  const issuerInk = measure(issuerKo, SET.issuerKo) - issuerTracking;
  const diameter = SEAL_DIAMETER * u;
  const radius = diameter / 2;
  if (issuerInk + diameter > content.width) {
    throw new PressError('BAD_DATA', `issuer.ko: "${issuerKo}" is too long to print on one line beside the seal (${Math.round(issuerInk)} pt; allowed: ${Math.round(content.width - diameter)} pt on this page)`, 'certificate.json');
  }
  const lastSyllable = typeset.measure([...issuerKo].at(-1)!, SET.issuerKo.stack, size(SET.issuerKo), true);
  // The seal's edge crosses the last syllable a little past its middle, as a hand stamps it.
  let issuerLeft = axis - issuerInk / 2;
  let sealX = issuerLeft + issuerInk - lastSyllable * 0.55 + radius;
  const overflow = sealX + radius - (content.x + content.width);
  if (overflow > 0) [issuerLeft, sealX] = [issuerLeft - overflow, sealX - overflow];
  // The syllable's ink is centred about 0.38 of the size above its baseline; the seal sits a
  // little higher, so the syllable meets its ring below the lettering that runs round the top.
  const inkMiddle = typeset.ascent(issuerKo, SET.issuerKo.stack, size(SET.issuerKo)) - size(SET.issuerKo) * 0.38;
  const sealY = inkMiddle - radius * SEAL_RISE;
  const clear = u * 0.5;
  const issuerKoHeight = linesHeight(1, SET.issuerKo, u);
  // The English beside the seal keeps clear of the widest part of the circle it passes (its
  // first line, just under the Korean): as wide as that leaves, centred on the page's axis.
  const enSize = size(SET.issuerEn);
  const nearest = Math.min(Math.max(sealY, issuerKoHeight), issuerKoHeight + enSize * SET.issuerEn.leading) - sealY;
  const chord = Math.abs(nearest) < radius ? Math.sqrt(radius ** 2 - nearest ** 2) : 0;
  const beside = 2 * (sealX - chord - clear - axis);
  let issuerEn = beside >= u * 8 ? display(wording.issuer.en, SET.issuerEn, beside) : [];
  const besideFits = issuerEn.length > 0 && issuerEn.length <= 3 && issuerEn.every((line) => measure(line, SET.issuerEn) <= beside);
  if (!besideFits) issuerEn = display(wording.issuer.en, SET.issuerEn, content.width);
  const enTop = besideFits ? issuerKoHeight : Math.max(issuerKoHeight, sealY + radius + clear);
  const blockBottom = Math.max(enTop + linesHeight(issuerEn.length, SET.issuerEn, u), sealY + radius);
  // The date keeps clear of the seal when the two would meet across the page.
  const dateLine = joinLangs([['ko', texts.date.ko], ['en', texts.date.en]], '   ·   ');
  const dateText = dateLine.text;
  const dateHeight = linesHeight(1, SET.date, u);
  const dateMeets = axis + measure(dateText, SET.date) / 2 + clear > sealX - radius;
  // The date's foot, and the top of the whole block (the seal may stand higher, beside the date).
  const dateFoot = (gap: number) => Math.min(-gap, dateMeets ? sealY - radius - clear : Infinity);
  const blockTop = (gap: number) => Math.min(dateFoot(gap) - dateHeight, sealY - radius);

  const fixed = h.number + h.title + h.signature + h.primary + h.secondary + u * 0.5 + h.role + bodyHeight + blockBottom - blockTop(u * 0.9);
  const spare = Math.max(0, content.height - fixed);
  const dateGap = u * 0.9 + spare * 0.08;
  const room = spare - (blockTop(u * 0.9) - blockTop(dateGap));

  const centred = (w: number, y: number, hh: number): Box => ({ x: (width - w) / 2, y, width: w, height: hh });
  const nameWidth = content.width * (width > height ? 0.6 : 0.68);
  let y = content.y + h.number + room * 0.06;
  const titleTop = y;
  const lines: StaticLine[] = [
    ...partOf(placeLines(title.ko, SET.titleKo, u, y, full, COLOR.ink), 'title', 'ko'),
    ...partOf(placeLines(title.en, SET.titleEn, u, (y += linesHeight(title.ko.length, SET.titleKo, u)), full, COLOR.accent), 'title', 'en'),
  ];
  const titleBottom = titleTop + h.title;
  const signature = centred(nameWidth, (y = titleBottom + room * 0.22), h.signature);
  const primary = centred(nameWidth, (y += h.signature), h.primary);
  const secondary = centred(nameWidth, (y += h.primary), h.secondary);
  const role = centred(nameWidth, (y += h.secondary + u * 0.5), h.role);
  const labelWidth = u * 5;
  const label: Box = { x: primary.x - labelWidth - u, y: primary.y, width: labelWidth, height: primary.height + secondary.height };
  const labelTop = label.y + (label.height - linesHeight(1, SET.labelKo, u) - linesHeight(1, SET.labelEn, u)) / 2;
  const right: Across = { x: label.x, width: label.width, align: 'right' };
  lines.push(...partOf(placeLines([wording.nameLabel.ko], SET.labelKo, u, labelTop, right, COLOR.muted), 'label', 'ko'));
  lines.push(...partOf(placeLines([wording.nameLabel.en], SET.labelEn, u, labelTop + linesHeight(1, SET.labelKo, u), right, COLOR.muted), 'label', 'en'));

  // The bottom block, from the content's foot up.
  const issuerTop = content.y + content.height - blockBottom;
  const dateTop = issuerTop + dateFoot(dateGap) - dateHeight;
  const bodyTop = y + h.role + (issuerTop + blockTop(dateGap) - (y + h.role) - bodyHeight) / 2;
  const bodyBox: Across = { x: content.x, width: content.width, align: 'center' };
  lines.push(...partOf(placeLines(body.ko, SET.bodyKo, u, bodyTop, bodyBox, COLOR.ink), 'body', 'ko'));
  lines.push(...partOf(placeLines(body.en, SET.bodyEn, u, bodyTop + linesHeight(body.ko.length, SET.bodyKo, u) + u * 0.6, bodyBox, COLOR.ink), 'body', 'en'));
  lines.push(...partOf(placeLines([dateText], SET.date, u, dateTop, full, COLOR.ink), 'date', undefined, dateLine.langs));
  // The Korean issuer is set from its left edge, so that the seal meets its last syllable exactly.
  const [issuer] = partOf(placeLines([issuerKo], SET.issuerKo, u, issuerTop, { x: issuerLeft, width: issuerInk + issuerTracking * 4, align: 'left' }, COLOR.ink), 'issuer', 'ko');
  lines.push(issuer!, ...partOf(placeLines(issuerEn, SET.issuerEn, u, issuerTop + enTop, full, COLOR.ink), 'issuer', 'en'));

  const seal = { x: sealX, y: issuerTop + sealY };
  const inner = radius * 0.7;
  const ringRadius = (radius - 2.3 + inner + 0.4) / 2;
  const layout: CertificateLayout = {
    page,
    unit: u,
    borderInset: margin * 0.5,
    content,
    signature,
    primary,
    secondary,
    label,
    role,
    lines,
    issuer: issuer!,
    seal: {
      ...seal,
      diameter,
      inner,
      color: SEAL_RED,
      rows: partOf(sealRows(typeset, wording.seal.ko, diameter, seal, inner), 'seal'),
      ring: sealRing(typeset, wording.seal.en, diameter, seal, ringRadius),
    },
  };
  if (options.verify) layout.verify = verifyCorner(typeset, layout);
  if (options.sample) layout.sample = sampleMark(typeset, wording, layout, Math.max(...lines.filter((line) => line.box.y < titleBottom).map((line) => lineRight(typeset, line))));
  return layout;
}

/**
 * The corner a signed certificate's QR code and ID stand in (see VerifyCorner): the ID at the
 * content's foot, the symbol above it, about 30 mm a side (on A4), and how far it may grow before
 * it, with its quiet zone, would meet a line of the static layer or the seal.
 */
function verifyCorner(typeset: Typeset, layout: CertificateLayout): VerifyCorner {
  const { unit: u, content } = layout;
  const idSize = u * 0.62;
  const idHeight = idSize * 1.3;
  const id: Box = { x: content.x, y: content.y + content.height - idHeight, width: content.width / 3, height: idHeight };
  const quiet = QR_QUIET * QR_MODULE_MIN;
  const obstacles: Box[] = layout.lines.map((line) => {
    const right = lineRight(typeset, line);
    const w = typeset.measure(line.text, line.stack, line.size, line.bold) + [...line.text].length * (line.tracking ?? 0);
    return { x: right - w, y: line.box.y, width: w, height: line.box.height };
  });
  const { seal } = layout;
  obstacles.push({ x: seal.x - seal.diameter / 2, y: seal.y - seal.diameter / 2, width: seal.diameter, height: seal.diameter });
  // The symbol's square with its quiet zone: bottom-left at the ID's top, less the zone.
  const clear = (side: number) => {
    const square: Box = { x: content.x - quiet, y: id.y - quiet - side - quiet, width: side + 2 * quiet, height: side + 2 * quiet };
    return obstacles.every((box) => box.x >= square.x + square.width || box.x + box.width <= square.x || box.y >= square.y + square.height || box.y + box.height <= square.y);
  };
  const side = u * 8.1;
  if (!clear(side)) throw new Error(`certificate layout: the QR code's corner (${Math.round(side)} pt) meets the static layer on this page`);
  let maxSide = side;
  while (maxSide < side * 2 && clear(maxSide + 1)) maxSide += 1;
  return { id, idSize, side, maxSide };
}

/** Where a placed line's letters end on the right. */
function lineRight(typeset: Typeset, line: StaticLine): number {
  const w = typeset.measure(line.text, line.stack, line.size, line.bold) + [...line.text].length * (line.tracking ?? 0);
  return line.align === 'center' ? line.box.x + (line.box.width + w) / 2 : line.align === 'right' ? line.box.x + line.box.width : line.box.x + w;
}

/**
 * A sample's mark: 견 본 / SAMPLE in the seal's vermilion, large, with what it means below, in a
 * double-ruled box at the head of the page, right of the title and above the names (the number
 * stands at the left), so that it covers nothing. Made smaller only if the title leaves less room.
 */
function sampleMark(typeset: Typeset, wording: CertificateWording, layout: CertificateLayout, titleRight: number): SampleMark {
  const { unit: u, content, signature } = layout;
  const right = content.x + content.width;
  const room = { width: right - titleRight - u * 1.5, height: signature.y - content.y - u * 0.5 };
  const set = (scale: number) => {
    const s = (stack: StackName, sz: number, bold: boolean, tracking: number, leading: number): Setting => ({ stack, size: sz, leading, bold, tracking });
    // The note never below LEGIBLE: the mark shrinks, what it says stays readable.
    const note = Math.max(0.72 * scale, (LEGIBLE + 0.3) / u);
    const rows = [
      { text: wording.sample.ko, setting: s('myeongjo', 1.6 * scale, true, 0.5 * scale, 1.2), before: 0 },
      { text: wording.sample.en, setting: s('serif', 1.6 * scale, true, 0.16 * scale, 1.15), before: 0 },
      { text: wording.sample.note.ko, setting: s('myeongjo', note, false, 0, 1.35), before: 0.35 * scale },
      { text: wording.sample.note.en, setting: s('serif', note, false, 0, 1.35), before: 0 },
    ];
    const pad = u * 0.75 * scale;
    const widths = rows.map(({ text, setting }) => typeset.measure(text, setting.stack, setting.size * u, setting.bold) + [...text].length * setting.tracking * u);
    const width = Math.max(...widths) + pad * 2;
    const height = rows.reduce((sum, row) => sum + row.before * u + linesHeight(1, row.setting, u), 0) + pad * 2;
    return { rows, pad, width, height };
  };
  // As large as a rubber stamp reads from across a table, smaller where the title leaves less room.
  let scale = 1.15;
  let fit = set(scale);
  while ((fit.width > room.width || fit.height > room.height) && scale > 0.62) fit = set((scale -= 0.02));
  const box: Box = { x: right - fit.width, y: content.y, width: fit.width, height: fit.height };
  let y = box.y + fit.pad;
  const lines = fit.rows.flatMap(({ text, setting, before }) => {
    y += before * u;
    const placed = partOf(placeLines([text], setting, u, y, { x: box.x, width: box.width, align: 'center' }, SEAL_RED), 'sample');
    y += linesHeight(1, setting, u);
    return placed;
  });
  return { box, lines, color: SEAL_RED };
}

/** The fitted lines of one certificate's names and role, and the boxes they go in. */
export interface NameLayout {
  /** Each fitted text with its box and its face, what it is and the language of each stretch. */
  lines: { box: Box; fit: Fit; spec: FitSpec; text: string; part: 'name' | 'role'; langs: LangStretch[] }[];
}

/** Fits a signatory's names and role into the geometry's boxes: Hangul first and larger, Latin below. */
export function layoutNames(typeset: Typeset, geometry: CertificateLayout, entry: SignatoryEntry): NameLayout {
  const specs = nameSpecs(geometry.unit);
  const lines: NameLayout['lines'] = [];
  const place = (joined: { text: string; langs: LangStretch[] }, box: Box, spec: FitSpec, part: 'name' | 'role') => {
    if (joined.text) lines.push({ box, fit: fitText(typeset, joined.text, box, spec), spec, text: joined.text, part, langs: joined.langs });
  };
  const one = (lang: 'en' | 'ko', text: string | undefined) => (text ? [[lang, text] as const] : []);
  if (entry.nameKo) {
    place(joinLangs(one('ko', entry.nameKo), ''), geometry.primary, specs.primaryKo, 'name');
    place(joinLangs(one('en', entry.nameEn), ''), geometry.secondary, specs.secondary, 'name');
  } else {
    place(joinLangs(one('en', entry.nameEn), ''), geometry.primary, specs.primaryEn, 'name');
  }
  place(joinLangs([...one('ko', entry.roleKo), ...one('en', entry.roleEn)], ' · '), geometry.role, specs.role, 'role');
  return { lines };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An ISO date as each language writes it: 2024년 7월 22일, July 22, 2024. */
export function formatDate(iso: string): Bilingual {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { ko: `${year}년 ${month}월 ${day}일`, en: `${MONTHS[month - 1]} ${day}, ${year}` };
}

/** The language a certificate's figures are described in: the page's first, its /Lang. */
export const CERTIFICATE_FIGURE_LANG = 'ko' as const;

/**
 * What a screen reader says for a certificate's figures (labels.json `alt`, in CERTIFICATE_FIGURE_LANG):
 * the signature, naming the signatory, when the entry has one; the seal, with its words; and a
 * signed certificate's QR code, naming the host of the verify page it opens (the whole address
 * carries the signed claim: hundreds of characters no one would listen to).
 */
export function certificateAlt(alt: Labels['alt'], wording: CertificateWording, entry?: SignatoryEntry & { verify?: CertificateEntry['verify'] }): { signature?: string; seal: string; qr?: string } {
  const lang = CERTIFICATE_FIGURE_LANG;
  const names = entry ? [entry.nameKo, entry.nameEn].filter(Boolean).join(' / ') : '';
  return {
    ...(entry?.signature ? { signature: alt.signature[lang].replaceAll('{name}', names) } : {}),
    ...(entry?.verify ? { qr: alt.verify[lang].replaceAll('{host}', new URL(entry.verify.url).host) } : {}),
    seal: alt.seal[lang].replaceAll('{issuer}', wording.issuer[lang]).replaceAll('{text}', `${wording.seal.ko} · ${wording.seal.en}`),
  };
}

/** A text of the wording with its placeholders filled. */
function fillWording(wording: CertificateWording, declarationTitle: Bilingual, number: string, lang: 'en' | 'ko', text: string): string {
  return text.replaceAll('{declaration}', declarationTitle[lang]).replaceAll('{event}', wording.event[lang]).replaceAll('{number}', number);
}

/** The number line (certificate `number` of the list), with its stretch in each language: what each certificate's own layer fills in. */
function numberLine(wording: CertificateWording, declarationTitle: Bilingual, number: string): { text: string; langs: LangStretch[] } {
  return joinLangs([['ko', fillWording(wording, declarationTitle, number, 'ko', wording.number.ko)], ['en', fillWording(wording, declarationTitle, number, 'en', wording.number.en)]], '  ·  ');
}

/** The wording with its placeholders filled. */
export function certificateTexts(wording: CertificateWording, declarationTitle: Bilingual, number: string) {
  const line = numberLine(wording, declarationTitle, number);
  return {
    number: line.text,
    /** The number line's stretch in each language. */
    numberLangs: line.langs,
    body: { ko: fillWording(wording, declarationTitle, number, 'ko', wording.body.ko), en: fillWording(wording, declarationTitle, number, 'en', wording.body.en) },
    date: formatDate(wording.date),
  };
}

/** One line of text set without wrapping: where its line box lies and how it is set. */
export interface PlacedLine {
  /** The text. */
  text: string;
  /** The stack it is set in: each character in the first face that has it. */
  stack: StackName;
  /** Bold faces. */
  bold: boolean;
  /** Font size (pt). */
  size: number;
  /** Line height as a ratio of the size. */
  leading: number;
  /** The line's box: top edge and the width it is aligned in (points, origin top left). */
  box: Box;
  /** Aligned left, centred or right in the box. */
  align: 'left' | 'center' | 'right';
  /** Fill colour, #rrggbb. */
  color: string;
  /** What part of the certificate it is, for its structure element. */
  part?: CertificatePart;
  /** The language of each stretch of its text; characters in none (a " · " between two languages) are not read. */
  langs?: readonly LangStretch[];
  /** Set character by character, without kerning: a certificate ID, unique on every page (see RunShaper.shapeChars). */
  byChar?: boolean;
}

/** What differs from one certificate to the next, placed: everything else is the static layer. */
export interface CertificateVariables {
  /** The number, the names and the role, one entry per line. */
  lines: PlacedLine[];
  /** The rule under the names: a filled bar. */
  rule: Box & { color: string };
  /** The signature image (path) and the box it is fitted into, bottom-centred; absent without one. */
  signature?: { src: string; box: Box };
  /** A signed certificate's QR code: its top-left corner (points, origin top left), its module's side, and its modules. */
  qr?: { x: number; y: number; module: number; modules: boolean[][] };
}

/**
 * A signed certificate's QR code, placed: the verify address in the fewest modules (see
 * makeQuickQrMatrix), drawn at the corner's side, or larger where a long payload would
 * make its modules smaller than QR_MODULE_MIN; a payload too long for the corner fails the row.
 */
function placeQr(corner: VerifyCorner, url: string): NonNullable<CertificateVariables['qr']> {
  const { modules, size } = makeQuickQrMatrix(url);
  const module = Math.max(corner.side / size, QR_MODULE_MIN);
  if (module * size > corner.maxSide + 1e-6) {
    throw new PressError(
      'BAD_DATA',
      `the names, role and event are too long for the certificate's QR code (${size} modules of 0.5 mm make ${(module * size / mm(1)).toFixed(0)} mm; allowed: ${(corner.maxSide / mm(1)).toFixed(0)} mm in the corner): shorten the role`,
    );
  }
  return { x: corner.id.x, y: corner.id.y - QR_QUIET * module - module * size, module, modules };
}

/**
 * Places one certificate's own parts (number, names, role, rule, signature) on the page: the same
 * description feeds the react-pdf page (templates) and the fast path that draws only these parts
 * over a static layer rendered once per batch (src/products/certificates/writer.ts).
 */
export function certificateVariables(typeset: Typeset, wording: CertificateWording, declarationTitle: Bilingual, g: CertificateLayout, entry: CertificateEntry): CertificateVariables {
  const number = numberLine(wording, declarationTitle, entry.number);
  const lines: PlacedLine[] = [
    { text: number.text, stack: 'myeongjo', bold: false, size: g.unit * 0.85, leading: 1.3, box: { ...g.content, height: g.unit * 0.85 * 1.3 }, align: 'left', color: COLOR.muted, part: 'number', langs: number.langs },
  ];
  // Each fitted block is centred in its box both ways, one line box (size x leading) per line.
  for (const fitted of layoutNames(typeset, g, entry).lines) {
    const lineHeight = fitted.fit.size * fitted.spec.leading;
    const top = fitted.box.y + (fitted.box.height - fitted.fit.lines.length * lineHeight) / 2;
    let from = 0;
    fitted.fit.lines.forEach((text, i) => {
      const where = stretchesIn(text, fitted.text, fitted.langs, from);
      from = where.next;
      lines.push({
        part: fitted.part,
        langs: where.langs,
        text,
        stack: fitted.spec.stack,
        bold: Boolean(fitted.spec.bold),
        size: fitted.fit.size,
        leading: fitted.spec.leading,
        box: { x: fitted.box.x, y: top + i * lineHeight, width: fitted.box.width, height: lineHeight },
        align: 'center',
        color: fitted.box === g.role ? COLOR.muted : COLOR.ink,
      });
    });
  }
  const nameBottom = entry.nameKo && entry.nameEn ? g.secondary : g.primary;
  let qr: CertificateVariables['qr'];
  if (entry.verify) {
    if (!g.verify) throw new Error('certificate layout: a signed certificate on a page laid out without its QR corner');
    qr = placeQr(g.verify, entry.verify.url);
    const { id, idSize } = g.verify;
    const idText = `ID ${entry.verify.id}`;
    // Read after the certificate's own text, in English (the ID is Latin letters and digits).
    lines.push({ text: idText, stack: 'serif', bold: false, size: idSize, leading: 1.3, box: id, align: 'left', color: COLOR.muted, byChar: true, part: 'id', langs: [{ lang: 'en', from: 0, to: idText.length }] });
  }
  return {
    lines,
    rule: { x: g.primary.x, y: nameBottom.y + nameBottom.height + 1, width: g.primary.width, height: 0.7, color: COLOR.rule },
    signature: entry.signature ? { src: entry.signature, box: g.signature } : undefined,
    ...(qr ? { qr } : {}),
  };
}

