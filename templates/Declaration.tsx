import { Document, Page, View } from '@react-pdf/renderer';
import type { Declaration, Labels } from '../src/schema.js';
import type { PageSize } from '../src/paper.js';
import { officeMargin } from '../src/paper.js';
import type { Typeset } from '../src/typeset.js';
import { DeclarationBody, TitleBlock, type Layout } from './pieces/DeclarationBody.js';
import { PageFooter, SampleBanner } from './pieces/PageFrame.js';
import { SignatoryList, SigningLines, type SignatoryEntry } from './pieces/Signatories.js';
import { baseSize, textStyles } from './theme.js';

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
  /** Document metadata. */
  meta: { title: string; author: string; subject: string; keywords: string; language: string; creationDate: Date };
}

/** The declaration in one or both languages, with its signatory block. */
export function DeclarationDocument(props: DeclarationProps) {
  const { declaration, labels, page, layout, signatories, signatureLines, sample, typeset, meta } = props;
  const margin = officeMargin(page);
  const base = baseSize(page);
  const styles = textStyles(base);
  const gap = base * 1.6;
  const langs = layout === 'parallel' ? (['en', 'ko'] as const) : layout === 'stacked' ? (['ko', 'en'] as const) : ([layout] as const);
  const width = page.width - 2 * margin;
  return (
    <Document
      title={meta.title}
      author={meta.author}
      subject={meta.subject}
      keywords={meta.keywords}
      language={meta.language}
      creator="declaration-press"
      producer="declaration-press (react-pdf)"
      creationDate={meta.creationDate}
      modificationDate={meta.creationDate}
    >
      <Page size={[page.width, page.height]} style={{ paddingHorizontal: margin, paddingTop: margin, paddingBottom: margin * 1.15 }}>
        {sample ? <SampleBanner labels={labels} langs={langs} style={styles.en.small} margin={margin} /> : null}
        <TitleBlock declaration={declaration} layout={layout} styles={styles} typeset={typeset} gap={gap} />
        <DeclarationBody declaration={declaration} layout={layout} styles={styles} typeset={typeset} gap={gap} />
        <View style={{ marginTop: gap }}>
          {signatories && signatories.length > 0 ? (
            <SignatoryList labels={labels} langs={langs} styles={styles} width={width} signatories={signatories} />
          ) : (
            <SigningLines labels={labels} langs={langs} styles={styles} count={signatureLines} />
          )}
        </View>
        <PageFooter labels={labels} langs={langs} style={styles.en.small} margin={margin} />
      </Page>
    </Document>
  );
}
