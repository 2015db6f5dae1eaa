import { Page, Text, View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import type { Declaration, Labels } from '../src/input/schema.js';
import { type PageSize } from '../src/core/units.js';
import { officeMargin } from '../src/core/paper.js';
import type { Typeset } from '../src/fonts/typeset.js';
import { DeclarationBody, TitleBlock } from './pieces/DeclarationBody.js';
import { layoutLangs, type Layout } from '../src/layout/declaration-layout.js';
import { PageFooter, SampleBand, sampleBand } from './pieces/PageFrame.js';
import { PressDocument } from './pieces/PressDocument.js';
import { ScriptText } from './pieces/ScriptText.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { SignatoryList, SigningLines, signingPageCount, signingTags, type LabelLangs } from './pieces/Signatories.js';
import { languageSections, tag } from './pieces/tags.js';
import type { SignatoryEntry } from '../src/layout/certificate-layout.js';
import type { SigningPlan } from '../src/layout/signing-pages.js';
import { baseSize, COLOR, textStyles } from '../src/layout/theme.js';

/** Everything the declaration template prints. */
export interface DeclarationProps {
  declaration: Declaration;
  labels: Labels;
  page: PageSize;
  layout: Layout;
  /** Named signatories; when absent, `signatureLines` blank lines to sign. */
  signatories?: readonly SignatoryEntry[];
  /** How many blank signing lines when there are no named signatories. */
  signatureLines: number;
  /** Where the signing lines go (planSigningPages, from a measured draft), or 'draft' for the measuring pass. */
  signing: SigningPlan | 'draft';
  /** The page the signatory list starts on (from a measured draft), or 'draft' for the measuring pass. */
  listStart: number | 'draft';
  /** Mark every page as a sample (placeholder signatories). */
  sample: boolean;
  typeset: Typeset;
  meta: DocumentMetadata;
}

/**
 * The frame every page of a document shares: paper, margins (a little more at the foot for the
 * footer, more at the head for a sample's band), the sample band and the footer.
 */
function framer({ page, labels, langs, sample, base }: { page: PageSize; labels: Labels; langs: LabelLangs; sample: boolean; base: number }) {
  const margin = officeMargin(page);
  const styles = textStyles(base);
  const style = { paddingHorizontal: margin, paddingTop: sample ? sampleBand(margin).paddingTop : margin, paddingBottom: margin * 1.15 };
  return {
    margin,
    frame: (key: string, children: ReactNode) => (
      <Page key={key} size={[page.width, page.height]} style={style}>
        {sample ? <SampleBand labels={labels} langs={langs} styles={styles} margin={margin} /> : null}
        {children}
        <PageFooter labels={labels} langs={langs} style={styles.en.small} margin={margin} />
      </Page>
    ),
  };
}

/** The declaration in one or both languages, with its signatory block. */
export function DeclarationDocument(props: DeclarationProps) {
  const { declaration, labels, page, layout, signatories, signatureLines, signing, listStart, sample, typeset, meta } = props;
  const base = baseSize(page);
  const styles = textStyles(base);
  const gap = base * 1.6;
  const langs = layoutLangs(layout);
  const { margin, frame } = framer({ page, labels, langs, sample, base });
  const named = signatories !== undefined && signatories.length > 0;
  const lines = named || signatureLines === 0 ? 0 : signingPageCount(signing);
  // Each language read whole, in the order the layout sets them; then the signatories or the lines.
  const sections = languageSections(langs);
  const signingRead = signingTags();
  const signingPage = (n: number) => <SigningLines labels={labels} langs={langs} styles={styles} typeset={typeset} count={signatureLines} plan={signing} page={n} marginTop={gap} tags={signingRead} />;
  return (
    <PressDocument meta={meta}>
      {frame(
        'text',
        <>
          <TitleBlock declaration={declaration} layout={layout} styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin} sections={sections} />
          <DeclarationBody declaration={declaration} layout={layout} styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin} sections={sections} />
          {named ? <SignatoryList labels={labels} langs={langs} styles={styles} typeset={typeset} width={page.width - 2 * margin} signatories={signatories} firstPage={listStart} marginTop={gap} /> : null}
          {lines > 0 ? signingPage(0) : null}
        </>,
      )}
      {Array.from({ length: Math.max(0, lines - 1) }, (_, i) => frame(`lines-${i + 1}`, signingPage(i + 1)))}
    </PressDocument>
  );
}

/**
 * A signing sheet for an event: the title and mottos, then numbered blank lines over as many pages
 * as the plan gives them.
 */
export function SigningSheetDocument(props: Omit<DeclarationProps, 'layout' | 'signatories' | 'sample' | 'listStart'>) {
  const { declaration, labels, page, signatureLines, signing, typeset, meta } = props;
  const base = baseSize(page);
  const styles = textStyles(base);
  const gap = base * 1.6;
  const langs = layoutLangs('stacked');
  const { margin, frame } = framer({ page, labels, langs, sample: false, base });
  const lines = signatureLines === 0 ? 0 : signingPageCount(signing);
  const sections = languageSections(langs);
  const signingRead = signingTags();
  const signingPage = (n: number) => <SigningLines labels={labels} langs={langs} styles={styles} typeset={typeset} count={signatureLines} plan={signing} page={n} tags={signingRead} />;
  return (
    <PressDocument meta={meta}>
      {frame(
        'title',
        <>
          <TitleBlock declaration={declaration} layout="stacked" styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin} sections={sections} />
          <View style={{ marginBottom: gap, alignItems: 'center' }}>
            <ScriptText tag={tag('P', { lang: 'ko', parent: sections.ko })} style={{ ...styles.ko.strong, color: COLOR.accent }}>{declaration.mottos.ko.join(' ')}</ScriptText>
            <Text tag={tag('P', { lang: 'en', parent: sections.en })} style={{ ...styles.en.strong, color: COLOR.accent }}>{declaration.mottos.en.join(' ')}</Text>
          </View>
          {lines > 0 ? signingPage(0) : null}
        </>,
      )}
      {Array.from({ length: Math.max(0, lines - 1) }, (_, i) => frame(`lines-${i + 1}`, signingPage(i + 1)))}
    </PressDocument>
  );
}
