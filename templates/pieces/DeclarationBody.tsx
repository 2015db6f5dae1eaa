import { Text, View } from '@react-pdf/renderer';
import type { Declaration } from '../../src/input/schema.js';
import type { Typeset } from '../../src/fonts/typeset.js';
import { COLOR, type TextStyle, type TextStyles } from '../../src/layout/theme.js';
import { AlignedText, NumberedText, ParallelRow, sharedBaseline } from './Parallel.js';
import { declarationSections, type Layout, type Section } from '../../src/layout/declaration-layout.js';

type Lang = 'en' | 'ko';
type Kind = Section['kind'];

interface BodyProps {
  declaration: Declaration;
  layout: Layout;
  styles: Record<Lang, TextStyles>;
  typeset: Typeset;
  /** Space between the two columns of the parallel layout and after each section (pt). */
  gap: number;
}

function styleFor(kind: Kind, styles: TextStyles, lang: Lang): TextStyle {
  // Ragged right in both languages: react-pdf justifies by stretching spaces only, which opens
  // holes in narrow Korean columns (a long 어절 cannot move up).
  const align = 'left';
  if (kind === 'motto') return { ...styles.strong, color: COLOR.accent };
  if (kind === 'slogan') return { ...styles.strong, color: COLOR.accent };
  return { ...styles.body, textAlign: align };
}

/** The declaration's text, from the mottos to the slogan, in the chosen layout. */
export function DeclarationBody({ declaration, layout, styles, typeset, gap }: BodyProps) {
  const sections = declarationSections(declaration);
  const numeral = styles.en.body;
  const indent = numeral.fontSize * 1.6;

  const block = (section: Section, lang: Lang, baseline?: number) => {
    const text = section[lang];
    if (text === null) return null;
    const style = styleFor(section.kind, styles[lang], lang);
    if (section.kind === 'directive') {
      const base = baseline ?? sharedBaseline(typeset, [{ text, style }, { text: '1.', style: numeral }]);
      return <NumberedText typeset={typeset} number={section.number!} text={text} style={style} numeralStyle={numeral} baseline={base} indent={indent} />;
    }
    return <AlignedText typeset={typeset} text={text} style={style} baseline={baseline} />;
  };

  if (layout === 'parallel') {
    return (
      <View>
        {sections.map((section, i) => {
          const leads = (['en', 'ko'] as const)
            .filter((lang) => section[lang] !== null)
            .map((lang) => ({ text: section[lang]!, style: styleFor(section.kind, styles[lang], lang) }));
          if (section.kind === 'directive') leads.push({ text: '1.', style: numeral });
          const baseline = sharedBaseline(typeset, leads);
          return <ParallelRow key={i} keepTogether={section.kind !== 'paragraph'} gap={gap} marginBottom={gap * 0.55} left={block(section, 'en', baseline)} right={block(section, 'ko', baseline)} />;
        })}
      </View>
    );
  }
  const langs: Lang[] = layout === 'stacked' ? ['ko', 'en'] : [layout];
  return (
    <View>
      {sections.map((section, i) => (
        <View key={i} style={{ marginBottom: gap * 0.55 }} wrap={section.kind === 'paragraph'}>
          {langs.map((lang) =>
            section[lang] === null ? null : (
              <View key={lang} style={{ marginBottom: langs.length > 1 && lang === 'ko' ? gap * 0.25 : 0 }}>
                {block(section, lang)}
              </View>
            ),
          )}
        </View>
      ))}
    </View>
  );
}

/** The title block: both titles, the adoption date line. */
export function TitleBlock({ declaration, layout, styles, typeset, gap }: BodyProps) {
  const langs: Lang[] = layout === 'parallel' ? ['en', 'ko'] : layout === 'stacked' ? ['ko', 'en'] : [layout];
  return (
    <View style={{ marginBottom: gap, paddingBottom: gap * 0.6, borderBottomWidth: 0.8, borderBottomColor: COLOR.accent }}>
      {langs.map((lang) => (
        <View key={lang} style={{ marginBottom: gap * 0.3 }}>
          <Text style={{ ...styles[lang].title, textAlign: 'center' }}>{declaration.title[lang]}</Text>
        </View>
      ))}
      <Text style={{ ...styles.en.small, textAlign: 'center', marginTop: gap * 0.2 }}>
        {langs.map((lang) => declaration.dateLine[lang]).join('   ·   ')}
      </Text>
    </View>
  );
}
