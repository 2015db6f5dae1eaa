import { Image, Page, Path, Rect, Svg, View } from '@react-pdf/renderer';
import type { PageSize } from '../src/core/units.js';
import type { Bilingual, CertificateWording } from '../src/input/schema.js';
import type { Typeset } from '../src/fonts/typeset.js';
import type { Box } from '../src/layout/fit-text.js';
import { certificateVariables, layoutCertificate, type CertificateEntry, type CertificateLayout, type SampleMark } from '../src/layout/certificate-layout.js';
import { Border } from './pieces/Border.js';
import { PlacedText } from './pieces/PlacedText.js';
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

/** A sample's mark: its words in a double-ruled box, in the seal's vermilion. */
function SampleStamp({ mark }: { mark: SampleMark }) {
  const { box, color } = mark;
  return (
    <>
      <Svg style={{ position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height }} viewBox={`0 0 ${box.width} ${box.height}`}>
        <Rect x={0.8} y={0.8} width={box.width - 1.6} height={box.height - 1.6} stroke={color} strokeWidth={1.6} fill="none" />
        <Rect x={3.2} y={3.2} width={box.width - 6.4} height={box.height - 6.4} stroke={color} strokeWidth={0.5} fill="none" />
      </Svg>
      {mark.lines.map((line, i) => (
        <PlacedText key={i} line={line} />
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
 */
export function CertificatePage({ wording, declarationTitle, entry, layout, typeset }: {
  wording: CertificateWording;
  declarationTitle: Bilingual;
  entry?: CertificateEntry;
  layout: CertificateLayout;
  typeset: Typeset;
}) {
  const g = layout;
  const variables = entry && certificateVariables(typeset, wording, declarationTitle, g, entry);
  const at = (box: Box) => ({ position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height }) as const;
  return (
    <Page size={[g.page.width, g.page.height]} style={{ backgroundColor: '#fffdf8' }}>
      <Border page={g.page} inset={g.borderInset} />
      {g.sample ? <SampleStamp mark={g.sample} /> : null}
      {variables?.signature ? (
        <View style={{ ...at(variables.signature.box), alignItems: 'center', justifyContent: 'flex-end' }}>
          <Image src={variables.signature.src} style={{ height: variables.signature.box.height * 0.95, objectFit: 'contain' }} />
        </View>
      ) : null}
      {g.lines.map((line, i) => (
        <PlacedText key={`s${i}`} line={line} />
      ))}
      {variables?.lines.map((placed, i) => <PlacedText key={i} line={placed} />)}
      {variables ? <View style={{ ...at(variables.rule), backgroundColor: variables.rule.color }} /> : null}
      {variables?.qr ? (
        <Svg style={at({ x: variables.qr.x, y: variables.qr.y, width: variables.qr.module * variables.qr.modules.length, height: variables.qr.module * variables.qr.modules.length })} viewBox={`0 0 ${variables.qr.modules.length} ${variables.qr.modules.length}`}>
          <Path d={qrPath(variables.qr.modules)} fill={COLOR.ink} />
        </Svg>
      ) : null}
      <Seal seal={g.seal} />
    </Page>
  );
}

/** Certificates, one page each: one entry for a single certificate, many for a combined print file. */
export function CertificateDocument({ wording, declarationTitle, page, certificates, sample, verify, typeset, meta }: CertificateProps) {
  const layout = layoutCertificate(page, typeset, wording, declarationTitle, { sample, verify });
  return (
    <PressDocument meta={meta}>
      {certificates.map((entry, i) => (
        <CertificatePage key={i} wording={wording} declarationTitle={declarationTitle} entry={entry ?? undefined} layout={layout} typeset={typeset} />
      ))}
    </PressDocument>
  );
}
