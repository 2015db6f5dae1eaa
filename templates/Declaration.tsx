import { Page, Text, View } from '@react-pdf/renderer';
import type { Declaration, Labels } from '../src/input/schema.js';
import { type PageSize } from '../src/core/units.js';
import { officeMargin } from '../src/core/paper.js';
import type { Typeset } from '../src/fonts/typeset.js';
import { DeclarationBody, TitleBlock } from './pieces/DeclarationBody.js';
import { layoutLangs, type Layout } from '../src/layout/declaration-layout.js';
import { PageFooter, SampleBanner } from './pieces/PageFrame.js';
import { PressDocument } from './pieces/PressDocument.js';
import { ScriptText } from './pieces/ScriptText.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { SignatoryList, SigningLines } from './pieces/Signatories.js';
import type { SignatoryEntry } from '../src/layout/certificate-layout.js';
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
  /** Mark every page as a sample (placeholder signatories). */
  sample: boolean;
  typeset: Typeset;
  meta: DocumentMetadata;
}

/** The declaration in one or both languages, with its signatory block. */
export function DeclarationDocument(props: DeclarationProps) {
  const { declaration, labels, page, layout, signatories, signatureLines, sample, typeset, meta } = props;
  const margin = officeMargin(page);
  const base = baseSize(page);
  const styles = textStyles(base);
  const gap = base * 1.6;
  const langs = layoutLangs(layout);
  return (
    <PressDocument meta={meta}>
      <Page size={[page.width, page.height]} style={{ paddingHorizontal: margin, paddingTop: margin, paddingBottom: margin * 1.15 }}>
        {sample ? <SampleBanner labels={labels} langs={langs} style={styles.en.small} margin={margin} /> : null}
        <TitleBlock declaration={declaration} layout={layout} styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin} />
        <DeclarationBody declaration={declaration} layout={layout} styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin} />
        {signatories && signatories.length > 0 ? (
          <SignatoryList labels={labels} langs={langs} styles={styles} width={page.width - 2 * margin} signatories={signatories} marginTop={gap} />
        ) : signatureLines > 0 ? (
          <SigningLines labels={labels} langs={langs} styles={styles} count={signatureLines} marginTop={gap} />
        ) : null}
        <PageFooter labels={labels} langs={langs} style={styles.en.small} margin={margin} />
      </Page>
    </PressDocument>
  );
}

/**
 * A signing sheet for an event: the title and mottos, then numbered blank lines that flow onto as
 * many pages as needed.
 */
export function SigningSheetDocument(props: Omit<DeclarationProps, 'layout' | 'signatories' | 'sample'>) {
  const { declaration, labels, page, signatureLines, typeset, meta } = props;
  const margin = officeMargin(page);
  const base = baseSize(page);
  const styles = textStyles(base);
  const gap = base * 1.6;
  const langs = layoutLangs('stacked');
  return (
    <PressDocument meta={meta}>
      <Page size={[page.width, page.height]} style={{ paddingHorizontal: margin, paddingTop: margin, paddingBottom: margin * 1.15 }}>
        <TitleBlock declaration={declaration} layout="stacked" styles={styles} typeset={typeset} gap={gap} width={page.width - 2 * margin} />
        <View style={{ marginBottom: gap, alignItems: 'center' }}>
          <ScriptText style={{ ...styles.ko.strong, color: COLOR.accent }}>{declaration.mottos.ko.join(' ')}</ScriptText>
          <Text style={{ ...styles.en.strong, color: COLOR.accent }}>{declaration.mottos.en.join(' ')}</Text>
        </View>
        <SigningLines labels={labels} langs={langs} styles={styles} count={signatureLines} />
        <PageFooter labels={labels} langs={langs} style={styles.en.small} margin={margin} />
      </Page>
    </PressDocument>
  );
}
