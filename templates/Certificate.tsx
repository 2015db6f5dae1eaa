import { Image, Page, Text, View } from '@react-pdf/renderer';
import { STACKS, type StackName } from '../src/fonts/registry.js';
import { officeMargin, type PageSize } from '../src/core/paper.js';
import type { Bilingual, CertificateWording } from '../src/input/schema.js';
import type { Typeset } from '../src/fonts/typeset.js';
import { Border } from './pieces/Border.js';
import { fitText, type Box, type Fit, type FitSpec } from '../src/layout/fit-text.js';
import { PressDocument, type DocumentMeta } from './pieces/PressDocument.js';
import { Seal } from './pieces/Seal.js';
import type { SignatoryEntry } from './pieces/Signatories.js';
import { COLOR } from '../src/layout/theme.js';

/**
 * The template's version: part of every certificate's input hash, so a rerun rebuilds certificates
 * made by an older layout. Raise it with every change that alters the page.
 */
export const CERTIFICATE_TEMPLATE_VERSION = 3;

/** Which way the paper lies. */
export type Orientation = 'landscape' | 'portrait';

/** The orientations, for the CLI's choices; landscape is the default. */
export const ORIENTATIONS: readonly Orientation[] = ['landscape', 'portrait'];

/** A paper size turned to an orientation. */
export function orient(paper: PageSize, orientation: Orientation): PageSize {
  const long = Math.max(paper.width, paper.height);
  const short = Math.min(paper.width, paper.height);
  return orientation === 'landscape' ? { width: long, height: short } : { width: short, height: long };
}

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
  const unit = (Math.min(width, height) / 595.28) * 10.5;
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

/** Everything the certificate template prints. */
export interface CertificateProps {
  /** The wording (data/certificate.json). */
  wording: CertificateWording;
  /** The declaration's title (data/declaration.json). */
  declarationTitle: Bilingual;
  /** The page, already turned (see `orient`). */
  page: PageSize;
  /** One page per entry; `null` is a page with the static layer only (see CertificatePage). */
  certificates: readonly (CertificateEntry | null)[];
  typeset: Typeset;
  meta: DocumentMeta;
}

const myeongjo = [...STACKS.myeongjo];
const serif = [...STACKS.serif];

/** How a placed line is set in react-pdf: absolute, no height (react-pdf drops a line a fixed height holds only exactly). */
function PlacedText({ line }: { line: PlacedLine }) {
  return (
    <Text
      style={{
        position: 'absolute', left: line.box.x, top: line.box.y, width: line.box.width,
        fontFamily: line.stack === 'myeongjo' ? myeongjo : serif, fontWeight: line.bold ? 700 : 400,
        fontSize: line.size, lineHeight: line.leading, textAlign: line.align, color: line.color,
      }}
    >
      {line.text}
    </Text>
  );
}

/**
 * One certificate page: border, title, label, body, date, issuer and seal (the static layer, the
 * same on every page of a batch) and, when `entry` is given, that signatory's number, signature,
 * names, role and rule (see certificateVariables). Without `entry` it is the layer the fast path
 * renders once per batch and draws each certificate's own parts over.
 */
export function CertificatePage({ wording, declarationTitle, entry, geometry, typeset }: {
  wording: CertificateWording;
  declarationTitle: Bilingual;
  entry?: CertificateEntry;
  geometry: CertificateGeometry;
  typeset: Typeset;
}) {
  const g = geometry;
  const u = g.unit;
  const texts = certificateTexts(wording, declarationTitle, '');
  const variables = entry && certificateVariables(typeset, wording, declarationTitle, g, entry);
  const at = (box: Box) => ({ position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height }) as const;
  // A single-line Text gets no height: react-pdf drops a line that a fixed height cannot hold exactly.
  const line = (box: Box) => ({ position: 'absolute', left: box.x, top: box.y, width: box.width }) as const;
  const issuerKoSize = u * 1.45;
  const issuerKoWidth = typeset.measure(wording.issuer.ko, 'myeongjo', issuerKoSize, true) + [...wording.issuer.ko].length * issuerKoSize * 0.12;
  const sealDiameter = u * 6.2;
  // As a Korean issuer stamps its seal (직인) over the last syllable of its name.
  const sealX = g.page.width / 2 + issuerKoWidth / 2 + sealDiameter * 0.3;
  return (
    <Page size={[g.page.width, g.page.height]} style={{ backgroundColor: '#fffdf8' }}>
      <Border page={g.page} inset={g.borderInset} />
      <Text style={{ ...line(g.title.ko), fontFamily: myeongjo, fontWeight: 700, fontSize: u * 2.7, lineHeight: 1.3, letterSpacing: u * 0.5, textAlign: 'center', color: COLOR.ink }}>
        {wording.title.ko}
      </Text>
      <Text style={{ ...line(g.title.en), fontFamily: serif, fontSize: u * 1.35, lineHeight: 1.4, letterSpacing: u * 0.12, textAlign: 'center', color: COLOR.accent }}>
        {wording.title.en}
      </Text>
      {variables?.signature ? (
        <View style={{ ...at(variables.signature.box), alignItems: 'center', justifyContent: 'flex-end' }}>
          <Image src={variables.signature.src} style={{ height: variables.signature.box.height * 0.95, objectFit: 'contain' }} />
        </View>
      ) : null}
      <View style={{ ...at(g.label), justifyContent: 'center' }}>
        <Text style={{ fontFamily: myeongjo, fontSize: u * 1.05, lineHeight: 1.4, color: COLOR.muted, textAlign: 'right' }}>{wording.nameLabel.ko}</Text>
        <Text style={{ fontFamily: serif, fontSize: u * 0.9, lineHeight: 1.4, color: COLOR.muted, textAlign: 'right' }}>{wording.nameLabel.en}</Text>
      </View>
      {variables?.lines.map((placed, i) => <PlacedText key={i} line={placed} />)}
      {variables ? <View style={{ ...at(variables.rule), backgroundColor: variables.rule.color }} /> : null}
      <View style={{ ...at(g.body), justifyContent: 'center' }}>
        <Text style={{ fontFamily: myeongjo, fontSize: u * 1.12, lineHeight: 1.72, textAlign: 'center', color: COLOR.ink }}>{texts.body.ko}</Text>
        <Text style={{ fontFamily: serif, fontSize: u * 1.02, lineHeight: 1.45, textAlign: 'center', color: COLOR.ink, marginTop: u * 0.6 }}>{texts.body.en}</Text>
      </View>
      <Text style={{ ...line(g.date), fontFamily: myeongjo, fontSize: u * 1.05, lineHeight: 1.4, textAlign: 'center', color: COLOR.ink }}>
        {`${texts.date.ko}   ·   ${texts.date.en}`}
      </Text>
      <View style={{ ...at(g.issuer), alignItems: 'center', justifyContent: 'center' }}>
        <Text style={{ fontFamily: myeongjo, fontWeight: 700, fontSize: issuerKoSize, lineHeight: 1.35, letterSpacing: issuerKoSize * 0.12, color: COLOR.ink }}>{wording.issuer.ko}</Text>
        <Text style={{ fontFamily: serif, fontSize: u * 1.0, lineHeight: 1.4, color: COLOR.ink }}>{wording.issuer.en}</Text>
      </View>
      <Seal x={sealX} y={g.issuer.y + g.issuer.height * 0.4} diameter={sealDiameter} ko={wording.seal.ko} en={wording.seal.en} typeset={typeset} />
    </Page>
  );
}

/** Certificates, one page each: one entry for a single certificate, many for a combined print file. */
export function CertificateDocument({ wording, declarationTitle, page, certificates, typeset, meta }: CertificateProps) {
  const geometry = certificateGeometry(page);
  return (
    <PressDocument meta={meta}>
      {certificates.map((entry, i) => (
        <CertificatePage key={i} wording={wording} declarationTitle={declarationTitle} entry={entry ?? undefined} geometry={geometry} typeset={typeset} />
      ))}
    </PressDocument>
  );
}
