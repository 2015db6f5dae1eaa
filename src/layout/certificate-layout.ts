/**
 * Where everything on a certificate goes: the geometry of the page, the names fitted into their
 * boxes, and each certificate's own parts placed (number, names, role, rule, signature). The same
 * description feeds the react-pdf template (templates/Certificate.tsx) and the fast path that draws
 * only the variable parts over a static layer rendered once per batch (src/products/certificates/layer.ts).
 */
import { A4_WIDTH, officeMargin } from '../core/paper.js';
import type { PageSize } from '../core/units.js';
import type { StackName } from '../fonts/registry.js';
import type { Typeset } from '../fonts/typeset.js';
import type { Bilingual, CertificateWording } from '../input/schema.js';
import { fitText, type Box, type Fit, type FitSpec } from './fit-text.js';
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

/**
 * The template's version: part of every certificate's input hash, so a rerun rebuilds certificates
 * made by an older layout. Raise it with every change that alters the page.
 */
export const CERTIFICATE_TEMPLATE_VERSION = 3;

/** One certificate's signatory and its number in the list. */
export interface CertificateEntry extends SignatoryEntry {
  /** The printed number, already padded: "0042". */
  number: string;
}

/** Where everything on a certificate goes (points, origin top left): exported so tests check the PDF against it. */
export interface CertificateGeometry {
  /** The page, turned. */
  page: PageSize;
  /** Base text size (pt). */
  unit: number;
  /** The outer rule's distance from the paper's edge. */
  borderInset: number;
  /** The area text may use. */
  content: Box;
  /** The title, Korean then English. */
  title: { ko: Box; en: Box };
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
  /** The certifying sentence in both languages. */
  body: Box;
  /** The date of issue. */
  date: Box;
  /** The issuer, Korean then English. */
  issuer: Box;
}

/** How each name line is fitted. */
export function nameSpecs(unit: number): { primaryKo: FitSpec; primaryEn: FitSpec; secondary: FitSpec; role: FitSpec } {
  return {
    primaryKo: { stack: 'myeongjo', bold: true, max: unit * 3.0, floor: unit * 1.9, leading: 1.2 },
    primaryEn: { stack: 'serif', bold: true, max: unit * 2.8, floor: unit * 1.8, leading: 1.2 },
    secondary: { stack: 'serif', max: unit * 1.6, floor: unit * 1.15, leading: 1.2 },
    role: { stack: 'serif', max: unit * 0.95, floor: unit * 0.75, leading: 1.2 },
  };
}

/** The geometry of a certificate on a page: proportions from the page, sizes from its short side. */
export function certificateGeometry(page: PageSize): CertificateGeometry {
  const { width, height } = page;
  const unit = (Math.min(width, height) / A4_WIDTH) * 10.5;
  const margin = officeMargin(page);
  const content: Box = { x: margin * 1.2, y: margin * 1.2, width: width - margin * 2.4, height: height - margin * 2.4 };
  const specs = nameSpecs(unit);
  const h = {
    number: unit * 1.2,
    titleKo: unit * 2.7 * 1.3,
    titleEn: unit * 1.35 * 1.4,
    signature: unit * 3.4,
    primary: specs.primaryKo.max * specs.primaryKo.leading,
    secondary: specs.secondary.max * specs.secondary.leading,
    role: unit * 1.5 * 1.2,
    body: unit * 8.6,
    date: unit * 1.6,
    issuer: unit * 3.4,
  };
  const fixed = Object.values(h).reduce((sum, value) => sum + value, 0);
  const spare = Math.max(0, content.height - fixed);
  const centred = (w: number, y: number, hh: number): Box => ({ x: (width - w) / 2, y, width: w, height: hh });
  const nameWidth = content.width * (width > height ? 0.6 : 0.68);
  let y = content.y + h.number + spare * 0.06;
  const titleKo = centred(content.width, y, h.titleKo);
  const titleEn = centred(content.width, (y += h.titleKo), h.titleEn);
  const signature = centred(nameWidth, (y += h.titleEn + spare * 0.2), h.signature);
  const primary = centred(nameWidth, (y += h.signature), h.primary);
  const secondary = centred(nameWidth, (y += h.primary), h.secondary);
  const role = centred(nameWidth, (y += h.secondary + unit * 0.5), h.role);
  const labelWidth = unit * 5;
  const label: Box = { x: primary.x - labelWidth - unit, y: primary.y, width: labelWidth, height: primary.height + secondary.height };
  const bottom = content.y + content.height;
  const issuer = centred(content.width, bottom - h.issuer, h.issuer);
  const date = centred(content.width, issuer.y - h.date - spare * 0.1, h.date);
  const bodyTop = y + h.role + spare * 0.16;
  const body = centred(content.width * 0.86, bodyTop, date.y - bodyTop - spare * 0.08);
  return { page, unit, borderInset: margin * 0.5, content, title: { ko: titleKo, en: titleEn }, signature, primary, secondary, label, role, body, date, issuer };
}

/** The fitted lines of one certificate's names and role, and the boxes they go in. */
export interface NameLayout {
  /** Each fitted text with its box and its face. */
  lines: { box: Box; fit: Fit; spec: FitSpec; text: string }[];
}

/** Fits a signatory's names and role into the geometry's boxes: Hangul first and larger, Latin below. */
export function layoutNames(typeset: Typeset, geometry: CertificateGeometry, entry: SignatoryEntry): NameLayout {
  const specs = nameSpecs(geometry.unit);
  const lines: NameLayout['lines'] = [];
  const place = (text: string | undefined, box: Box, spec: FitSpec) => {
    if (text) lines.push({ box, fit: fitText(typeset, text, box, spec), spec, text });
  };
  if (entry.nameKo) {
    place(entry.nameKo, geometry.primary, specs.primaryKo);
    place(entry.nameEn, geometry.secondary, specs.secondary);
  } else {
    place(entry.nameEn, geometry.primary, specs.primaryEn);
  }
  place([entry.roleKo, entry.roleEn].filter(Boolean).join(' · ') || undefined, geometry.role, specs.role);
  return { lines };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An ISO date as each language writes it: 2024년 7월 22일, July 22, 2024. */
export function formatDate(iso: string): Bilingual {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { ko: `${year}년 ${month}월 ${day}일`, en: `${MONTHS[month - 1]} ${day}, ${year}` };
}

/** The wording with its placeholders filled. */
export function certificateTexts(wording: CertificateWording, declarationTitle: Bilingual, number: string) {
  const fill = (lang: 'en' | 'ko', text: string) =>
    text.replaceAll('{declaration}', declarationTitle[lang]).replaceAll('{event}', wording.event[lang]).replaceAll('{number}', number);
  return {
    number: `${fill('ko', wording.number.ko)}  ·  ${fill('en', wording.number.en)}`,
    body: { ko: fill('ko', wording.body.ko), en: fill('en', wording.body.en) },
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
  /** Left-aligned or centred in the box. */
  align: 'left' | 'center';
  /** Fill colour, #rrggbb. */
  color: string;
}

/** What differs from one certificate to the next, placed: everything else is the static layer. */
export interface CertificateVariables {
  /** The number, the names and the role, one entry per line. */
  lines: PlacedLine[];
  /** The rule under the names: a filled bar. */
  rule: Box & { color: string };
  /** The signature image (path) and the box it is fitted into, bottom-centred; absent without one. */
  signature?: { src: string; box: Box };
}

/**
 * Places one certificate's own parts (number, names, role, rule, signature) on the page: the same
 * description feeds the react-pdf page (templates) and the fast path that draws only these parts
 * over a static layer rendered once per batch (src/certificate-layer.ts).
 */
export function certificateVariables(typeset: Typeset, wording: CertificateWording, declarationTitle: Bilingual, g: CertificateGeometry, entry: CertificateEntry): CertificateVariables {
  const texts = certificateTexts(wording, declarationTitle, entry.number);
  const lines: PlacedLine[] = [
    { text: texts.number, stack: 'myeongjo', bold: false, size: g.unit * 0.85, leading: 1.3, box: { ...g.content, height: g.unit * 0.85 * 1.3 }, align: 'left', color: COLOR.muted },
  ];
  // Each fitted block is centred in its box both ways, one line box (size x leading) per line.
  for (const fitted of layoutNames(typeset, g, entry).lines) {
    const lineHeight = fitted.fit.size * fitted.spec.leading;
    const top = fitted.box.y + (fitted.box.height - fitted.fit.lines.length * lineHeight) / 2;
    fitted.fit.lines.forEach((text, i) => {
      lines.push({
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
  return {
    lines,
    rule: { x: g.primary.x, y: nameBottom.y + nameBottom.height + 1, width: g.primary.width, height: 0.7, color: COLOR.rule },
    signature: entry.signature ? { src: entry.signature, box: g.signature } : undefined,
  };
}

