import { Image, Page, Path, Rect, Svg, View } from '@react-pdf/renderer';
import type { PageSize } from '../src/core/units.js';
import type { Bilingual, CertificateWording, Labels } from '../src/input/schema.js';
import type { Typeset } from '../src/fonts/typeset.js';
import type { Box } from '../src/layout/fit-text.js';
import { CERTIFICATE_FIGURE_LANG, certificateAlt, certificateVariables, layoutCertificate, type CertificateEntry, type CertificateLayout, type CertificatePart, type SampleMark } from '../src/layout/certificate-layout.js';
import { Border } from './pieces/Border.js';
import { PlacedText, type ReadPart } from './pieces/PlacedText.js';
import { ReadingOrder } from './pieces/ReadingOrder.js';
import { artifact, languageSections, tag, type Lang, type Tag } from './pieces/tags.js';
import { PressDocument } from './pieces/PressDocument.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { Seal } from './pieces/Seal.js';
import { qrPath } from './pieces/QrCode.js';
import { COLOR } from '../src/layout/theme.js';

/** Everything the certificate template prints. */
export interface CertificateProps {
  /** The wording (data/certificate.json). */
  wording: CertificateWording;
  /** The declaration's title (data/declaration.json). */
  declarationTitle: Bilingual;
  /** The alternative text of the signature and the seal (labels.json). */
  alt: Labels['alt'];
  /** The page, already turned (see `orient`). */
  page: PageSize;
  /** One page per entry; `null` is a page with the static layer only (see CertificatePage). */
  certificates: readonly (CertificateEntry | null)[];
  /** Mark every page as a sample (placeholder names). */
  sample?: boolean;
  /** The certificates are signed: the page keeps a corner for each one's QR code and ID. */
  verify?: boolean;
  /** Font measurements, for the layout. */
  typeset: Typeset;
  /** The document's information. */
  meta: DocumentMetadata;
}

/** A sample's mark: its words in a double-ruled box, in the seal's vermilion; page furniture, as a sample band is. */
function SampleStamp({ mark }: { mark: SampleMark }) {
  const { box, color } = mark;
  return (
    <>
      <Svg {...artifact('Pagination')} style={{ position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height }} viewBox={`0 0 ${box.width} ${box.height}`}>
        <Rect x={0.8} y={0.8} width={box.width - 1.6} height={box.height - 1.6} stroke={color} strokeWidth={1.6} fill="none" />
        <Rect x={3.2} y={3.2} width={box.width - 6.4} height={box.height - 6.4} stroke={color} strokeWidth={0.5} fill="none" />
      </Svg>
      {mark.lines.map((line, i) => (
        <PlacedText key={i} line={line} artifact="Pagination" />
      ))}
    </>
  );
}

/**
 * One certificate page: border, title, label, body, date, issuer and seal (the static layer, the
 * same on every page of a batch, with a sample's mark when the batch is one) and, when `entry` is
 * given, that signatory's number, signature, names, role and rule (see certificateVariables).
 * Without `entry` it is the layer the fast path renders once per batch and draws each
 * certificate's own parts over.
 *
 * Read as each language whole, Korean first as the page leads: title (H1), number, name label,
 * name, role, body, date, issuer, each a paragraph with its /Lang (a line of both languages split
 * between them); the signature (after the Korean label) and the seal (after the Korean issuer) as
 * figures with alternative text. The static layer holds every element, those of a certificate's
 * own parts empty and named by their /T (CERTIFICATE_SLOTS) for the fast path to fill.
 */
export function CertificatePage({ wording, declarationTitle, alt, entry, layout, typeset }: {
  wording: CertificateWording;
  declarationTitle: Bilingual;
  alt: Labels['alt'];
  entry?: CertificateEntry;
  layout: CertificateLayout;
  typeset: Typeset;
}) {
  const g = layout;
  const variables = entry && certificateVariables(typeset, wording, declarationTitle, g, entry);
  const at = (box: Box) => ({ position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height }) as const;
  const { order, read, signature, seal, qr } = certificateReading(wording, alt, entry, Boolean(g.verify));
  return (
    <Page size={[g.page.width, g.page.height]} style={{ backgroundColor: '#fffdf8' }}>
      <ReadingOrder tags={order} />
      <Border page={g.page} inset={g.borderInset} />
      {g.sample ? <SampleStamp mark={g.sample} /> : null}
      {variables?.signature ? (
        <View style={{ ...at(variables.signature.box), alignItems: 'center', justifyContent: 'flex-end' }}>
          <Image src={variables.signature.src} tag={signature} style={{ height: variables.signature.box.height * 0.95, objectFit: 'contain' }} />
        </View>
      ) : null}
      {g.lines.map((line, i) => (
        <PlacedText key={`s${i}`} line={line} read={read} />
      ))}
      {variables?.lines.map((placed, i) => <PlacedText key={i} line={placed} read={read} />)}
      {variables ? <View style={{ ...at(variables.rule), backgroundColor: variables.rule.color }} /> : null}
      {variables?.qr ? (
        <Svg tag={qr} style={at({ x: variables.qr.x, y: variables.qr.y, width: variables.qr.module * variables.qr.modules.length, height: variables.qr.module * variables.qr.modules.length })} viewBox={`0 0 ${variables.qr.modules.length} ${variables.qr.modules.length}`}>
          <Path d={qrPath(variables.qr.modules)} fill={COLOR.ink} />
        </Svg>
      ) : null}
      <Seal seal={g.seal} tag={seal} />
    </Page>
  );
}

/** The parts a certificate's fast path draws (src/products/certificates/writer.ts): the static layer names their elements so. */
export const CERTIFICATE_SLOTS = ['number', 'name', 'role', 'signature', 'qr', 'id'] as const;

/**
 * A certificate's elements in reading order, one set per page: each part in each language (the
 * same element for every line of it) and the two figures; on a signed certificate (`verify`),
 * then a section of its own with the QR code (a figure naming the verify page) and the ID line.
 * Without an entry (the static layer), a certificate's own parts are all there, empty and named,
 * and the signature and the QR code have no words yet.
 */
function certificateReading(wording: CertificateWording, alt: Labels['alt'], entry: CertificateEntry | undefined, verify: boolean) {
  const sections = languageSections(['ko', 'en']);
  const verifySection = tag('Sect');
  const slot = (name: string) => (entry ? {} : { title: name });
  const elements = new Map<string, Tag>();
  const read: ReadPart = (part, lang) => {
    const key = `${part}:${lang}`;
    let element = elements.get(key);
    if (!element) {
      const named = (CERTIFICATE_SLOTS as readonly string[]).includes(part) ? slot(part) : {};
      elements.set(key, (element = tag(part === 'title' ? 'H1' : 'P', { lang, parent: part === 'id' ? verifySection : sections[lang], ...named })));
    }
    return element;
  };
  const words = certificateAlt(alt, wording, entry);
  const lang = CERTIFICATE_FIGURE_LANG;
  const signature = tag('Figure', { lang, parent: sections.ko, ...(entry ? { alt: words.signature } : slot('signature')) });
  const seal = tag('Figure', { lang, parent: sections.ko, alt: words.seal });
  const qr = tag('Figure', { lang, parent: verifySection, ...(entry ? { alt: words.qr } : slot('qr')) });
  // What this page prints: everything, or (the static layer) every slot the fast path may fill.
  const has = (part: CertificatePart, lang: Lang) => {
    if (!entry || (part !== 'name' && part !== 'role')) return true;
    return Boolean(part === 'name' ? (lang === 'ko' ? entry.nameKo : entry.nameEn) : lang === 'ko' ? entry.roleKo : entry.roleEn);
  };
  const parts = (lang: Lang) => (['title', 'number', 'label', 'name', 'role', 'body', 'date', 'issuer'] as const).filter((part) => has(part, lang)).map((part) => read(part, lang));
  const ko = parts('ko');
  const order = [
    ...ko.slice(0, 3),
    ...(!entry || entry.signature ? [signature] : []),
    ...ko.slice(3),
    seal,
    ...parts('en'),
    ...(verify && (!entry || entry.verify) ? [qr, read('id', 'en')] : []),
  ];
  return { order, read, signature, seal, qr };
}

/** Certificates, one page each: one entry for a single certificate, many for a combined print file. */
export function CertificateDocument({ wording, declarationTitle, alt, page, certificates, sample, verify, typeset, meta }: CertificateProps) {
  const layout = layoutCertificate(page, typeset, wording, declarationTitle, { sample, verify });
  return (
    <PressDocument meta={meta}>
      {certificates.map((entry, i) => (
        <CertificatePage key={i} wording={wording} declarationTitle={declarationTitle} alt={alt} entry={entry ?? undefined} layout={layout} typeset={typeset} />
      ))}
    </PressDocument>
  );
}
