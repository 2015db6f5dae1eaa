import { Text, View } from '@react-pdf/renderer';
import type { Labels } from '../../src/input/schema.js';
import { ScriptText } from './ScriptText.js';
import { COLOR, type TextStyles } from '../../src/layout/theme.js';
import type { LabelLangs } from './Signatories.js';
import { artifact } from './tags.js';

/** A footer on every page: the short title and "page / pages", in the chosen languages; page furniture, not read. */
export function PageFooter({ labels, langs, style, margin }: { labels: Labels; langs: LabelLangs; style: TextStyles['small']; margin: number }) {
  const title = langs.map((lang) => labels.shortTitle[lang]).join(' · ');
  const place = { position: 'absolute', bottom: margin * 0.45 } as const;
  // No lineHeight on a Text with a render prop: with one, react-pdf 4.9 lays the page number out
  // off the page (it vanishes; with a large lineHeight the render fails, "unsupported number").
  const { lineHeight: _unused, ...number } = style;
  return (
    <>
      <Text fixed {...artifact('Pagination')} style={{ ...style, ...place, left: margin }}>{title}</Text>
      <Text fixed {...artifact('Pagination')} style={{ ...number, ...place, right: margin, textAlign: 'right' }} render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} />
    </>
  );
}

/** The tint of the sample band: the accent, pale enough that the mark on it reads in the accent. */
const SAMPLE_TINT = '#f3e1e3';

/**
 * Where a sample's band goes in the top margin (pt from the page's top), and the top padding that
 * keeps the text block clear under it: a sample gives its text block a little less height.
 */
export function sampleBand(margin: number): { top: number; height: number; paddingTop: number } {
  // Below the 5 mm or so an office printer leaves unprinted, and a third of a margin above the text.
  return { top: margin * 0.3, height: margin * 0.8, paddingTop: margin * 1.45 };
}

/**
 * A band across the top of every page of a sample: SAMPLE · 견본 large enough to see across a
 * room, and what it means beside it, so a sample is never taken for a signed copy. It sits in the
 * top margin, never over the text. Page furniture: repeated on every page, it is not read.
 */
export function SampleBand({ labels, langs, styles, margin }: { labels: Labels; langs: LabelLangs; styles: { en: TextStyles; ko: TextStyles }; margin: number }) {
  const band = sampleBand(margin);
  const markSize = band.height * 0.56;
  const mark = (lang: 'en' | 'ko') => ({ ...styles[lang].strong, fontSize: lang === 'ko' ? markSize * 0.94 : markSize, lineHeight: 1.15, color: COLOR.accent, letterSpacing: markSize * 0.08 });
  const note = (lang: 'en' | 'ko') => ({ ...styles[lang].small, color: COLOR.accent });
  return (
    <View fixed {...artifact('Pagination')} style={{ position: 'absolute', left: margin, right: margin, top: band.top, height: band.height, backgroundColor: SAMPLE_TINT, flexDirection: 'row', alignItems: 'center', justifyContent: 'center' }}>
      <Text style={mark(langs[0]!)}>
        {langs.map((lang, i) => (
          <ScriptText key={lang} style={mark(lang)}>
            {`${i > 0 ? ' · ' : ''}${labels.sample[lang]}`}
          </ScriptText>
        ))}
      </Text>
      <View style={{ marginLeft: markSize * 0.8, paddingLeft: markSize * 0.6, borderLeftWidth: 0.8, borderLeftColor: COLOR.accent }}>
        {langs.map((lang) => (
          <ScriptText key={lang} style={note(lang)}>
            {labels.sampleNote[lang]}
          </ScriptText>
        ))}
      </View>
    </View>
  );
}
