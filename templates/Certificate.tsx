import { Image, Page, Text, View } from '@react-pdf/renderer';
import { STACKS } from '../src/fonts/registry.js';
import type { PageSize } from '../src/core/units.js';
import type { Bilingual, CertificateWording } from '../src/input/schema.js';
import type { Typeset } from '../src/fonts/typeset.js';
import type { Box } from '../src/layout/fit-text.js';
import { certificateGeometry, certificateTexts, certificateVariables, type CertificateEntry, type CertificateGeometry, type PlacedLine } from '../src/layout/certificate-layout.js';
import { COLOR } from '../src/layout/theme.js';
import { Border } from './pieces/Border.js';
import { PressDocument } from './pieces/PressDocument.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { Seal } from './pieces/Seal.js';
import { ScriptText } from './pieces/ScriptText.js';

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
  meta: DocumentMetadata;
}

const myeongjo = [...STACKS.myeongjo];
const serif = [...STACKS.serif];

/** How a placed line is set in react-pdf: absolute, no height (react-pdf drops a line a fixed height holds only exactly). */
function PlacedText({ line }: { line: PlacedLine }) {
  return (
    <ScriptText
      style={{
        position: 'absolute', left: line.box.x, top: line.box.y, width: line.box.width,
        fontFamily: line.stack === 'myeongjo' ? myeongjo : serif, fontWeight: line.bold ? 700 : 400,
        fontSize: line.size, lineHeight: line.leading, textAlign: line.align, color: line.color,
      }}
    >
      {line.text}
    </ScriptText>
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
      <ScriptText style={{ ...line(g.title.ko), fontFamily: myeongjo, fontWeight: 700, fontSize: u * 2.7, lineHeight: 1.3, letterSpacing: u * 0.5, textAlign: 'center', color: COLOR.ink }}>
        {wording.title.ko}
      </ScriptText>
      <Text style={{ ...line(g.title.en), fontFamily: serif, fontSize: u * 1.35, lineHeight: 1.4, letterSpacing: u * 0.12, textAlign: 'center', color: COLOR.accent }}>
        {wording.title.en}
      </Text>
      {variables?.signature ? (
        <View style={{ ...at(variables.signature.box), alignItems: 'center', justifyContent: 'flex-end' }}>
          <Image src={variables.signature.src} style={{ height: variables.signature.box.height * 0.95, objectFit: 'contain' }} />
        </View>
      ) : null}
      <View style={{ ...at(g.label), justifyContent: 'center' }}>
        <ScriptText style={{ fontFamily: myeongjo, fontSize: u * 1.05, lineHeight: 1.4, color: COLOR.muted, textAlign: 'right' }}>{wording.nameLabel.ko}</ScriptText>
        <Text style={{ fontFamily: serif, fontSize: u * 0.9, lineHeight: 1.4, color: COLOR.muted, textAlign: 'right' }}>{wording.nameLabel.en}</Text>
      </View>
      {variables?.lines.map((placed, i) => <PlacedText key={i} line={placed} />)}
      {variables ? <View style={{ ...at(variables.rule), backgroundColor: variables.rule.color }} /> : null}
      <View style={{ ...at(g.body), justifyContent: 'center' }}>
        <ScriptText style={{ fontFamily: myeongjo, fontSize: u * 1.12, lineHeight: 1.72, textAlign: 'center', color: COLOR.ink }}>{texts.body.ko}</ScriptText>
        <Text style={{ fontFamily: serif, fontSize: u * 1.02, lineHeight: 1.45, textAlign: 'center', color: COLOR.ink, marginTop: u * 0.6 }}>{texts.body.en}</Text>
      </View>
      <ScriptText style={{ ...line(g.date), fontFamily: myeongjo, fontSize: u * 1.05, lineHeight: 1.4, textAlign: 'center', color: COLOR.ink }}>
        {`${texts.date.ko}   ·   ${texts.date.en}`}
      </ScriptText>
      <View style={{ ...at(g.issuer), alignItems: 'center', justifyContent: 'center' }}>
        <ScriptText style={{ fontFamily: myeongjo, fontWeight: 700, fontSize: issuerKoSize, lineHeight: 1.35, letterSpacing: issuerKoSize * 0.12, color: COLOR.ink }}>{wording.issuer.ko}</ScriptText>
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
