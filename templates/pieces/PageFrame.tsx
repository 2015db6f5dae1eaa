import { Text } from '@react-pdf/renderer';
import type { Labels } from '../../src/input/schema.js';
import { COLOR, type TextStyles } from '../../src/layout/theme.js';
import type { LabelLangs } from './Signatories.js';
import { ScriptText } from './ScriptText.js';

/** A footer on every page: the short title and "page / pages", in the chosen languages. */
export function PageFooter({ labels, langs, style, margin }: { labels: Labels; langs: LabelLangs; style: TextStyles['small']; margin: number }) {
  const title = langs.map((lang) => labels.shortTitle[lang]).join(' · ');
  const place = { position: 'absolute', bottom: margin * 0.45 } as const;
  // No lineHeight on a Text with a render prop: with one, react-pdf 4.9 lays the page number out
  // off the page (it vanishes; with a large lineHeight the render fails, "unsupported number").
  const { lineHeight: _unused, ...number } = style;
  return (
    <>
      <ScriptText fixed style={{ ...style, ...place, left: margin }}>{title}</ScriptText>
      <Text fixed style={{ ...number, ...place, right: margin, textAlign: 'right' }} render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} />
    </>
  );
}

/** A banner on every page that says the names are placeholders, so a sample is never taken for a signed copy. */
export function SampleBanner({ labels, langs, style, margin }: { labels: Labels; langs: LabelLangs; style: TextStyles['small']; margin: number }) {
  return (
    <ScriptText fixed style={{ ...style, position: 'absolute', left: margin, right: margin, top: margin * 0.4, color: COLOR.accent, textAlign: 'center' }}>
      {langs.map((lang) => labels.sample[lang]).join('  ·  ')}
    </ScriptText>
  );
}
