import { View } from '@react-pdf/renderer';
import type { Declaration } from '../../src/input/schema.js';
import type { Typeset } from '../../src/fonts/typeset.js';
import { COLOR, settingOf, textMeasure, type TextStyle, type TextStyles } from '../../src/layout/theme.js';
import { bindRunt } from '../../src/layout/line-breaking.js';
import { AlignedText, NumberedText, ParallelRow, sharedBaseline } from './Parallel.js';
import { BalancedText } from './BalancedText.js';
import { ScriptText } from './ScriptText.js';
import { declarationSections, layoutLangs, type Layout, type Section } from '../../src/layout/declaration-layout.js';
import { outlineTitle, tag, type Tag } from './tags.js';

type Lang = 'en' | 'ko';
type Kind = Section['kind'];

interface BodyProps {
  /** The declaration's text. */
  declaration: Declaration;
  /** How the two languages share the page. */
  layout: Layout;
  /** The text styles of each language. */
  styles: Record<Lang, TextStyles>;
  /** Font measurements. */
  typeset: Typeset;
  /** Space between the two columns of the parallel layout and after each section (pt). */
  gap: number;
  /** Width of the page's text block, between its margins (pt): the title is balanced in it, the columns share it. */
  width: number;
  /** Each language's section of the structure tree (languageSections): each language is read whole, in the order the page leads with. */
  sections: Record<Lang, Tag>;
}

/** The outline item of a language's title: each section of that language is listed under it. */
const titleRef = (lang: Lang) => `title-${lang}`;

function styleFor(kind: Kind, styles: TextStyles): TextStyle {
  // Ragged right in both languages: react-pdf justifies by stretching spaces only, which opens
  // holes in narrow Korean columns (a long 어절 cannot move up).
  if (kind === 'motto') return { ...styles.strong, color: COLOR.accent };
  if (kind === 'slogan') return { ...styles.strong, color: COLOR.accent };
  return { ...styles.body, textAlign: 'left' };
}

/**
 * A paragraph's text with its last two words bound when the last is short (no runt), unless the two
 * would not fit the column together (binding them would make an overfull line).
 */
function withoutRunt(typeset: Typeset, text: string, style: TextStyle, column: number): string {
  const { stack, size, bold } = settingOf(style);
  return bindRunt(text, (pair) => typeset.measure(pair, stack, size, bold) <= column);
}

/**
 * The width of the declaration's text in a layout: the parallel layout's two columns share the
 * text block; a single column (stacked, English, Korean) is set to a measure of about 64
 * characters (textMeasure), centred under the title.
 */
export function bodyWidth(layout: Layout, styles: Record<Lang, TextStyles>, width: number): number {
  return layout === 'parallel' ? width : textMeasure(styles.en.body.fontSize, width);
}

/**
 * The declaration's text, from the mottos to the slogan, in the chosen layout. Read as each
 * language's section (`sections`): a paragraph each, the directives a list (the numeral its label),
 * each passage with its /Lang and an outline item under its language's title.
 */
export function DeclarationBody({ declaration, layout, styles, typeset, gap, width, sections: sects }: BodyProps) {
  const sections = declarationSections(declaration);
  const numeral = styles.en.body;
  const indent = numeral.fontSize * 1.6;
  const body = bodyWidth(layout, styles, width);
  const column = layout === 'parallel' ? (body - gap) / 2 : body;
  // One list of directives per language, in that language's section.
  const lists = { en: tag('L', { lang: 'en', parent: sects.en }), ko: tag('L', { lang: 'ko', parent: sects.ko }) };

  /** A section's text in one language; `numbered` hangs the directive's numeral (else only its indent). */
  const block = (section: Section, lang: Lang, baseline?: number, numbered = true) => {
    const raw = section[lang];
    if (raw === null) return null;
    const style = styleFor(section.kind, styles[lang]);
    const bookmark = { title: outlineTitle(raw, section.number), parent: titleRef(lang) };
    if (section.kind === 'directive') {
      const text = withoutRunt(typeset, raw, style, column - indent);
      const base = baseline ?? sharedBaseline(typeset, [{ text, style }, { text: '1.', style: numeral }]);
      const item = tag('LI', { lang, parent: lists[lang] });
      const tags = { label: tag('Lbl', { parent: item }), body: tag('LBody', { lang, parent: item }) };
      return <NumberedText typeset={typeset} number={numbered ? section.number! : null} text={text} style={style} numeralStyle={numeral} baseline={base} indent={indent} tags={tags} bookmark={bookmark} />;
    }
    return <AlignedText typeset={typeset} text={withoutRunt(typeset, raw, style, column)} style={style} baseline={baseline} tag={tag('P', { lang, parent: sects[lang] })} bookmark={bookmark} />;
  };

  if (layout === 'parallel') {
    return (
      <View>
        {sections.map((section, i) => {
          const leads = (['en', 'ko'] as const)
            .filter((lang) => section[lang] !== null)
            .map((lang) => ({ text: section[lang]!, style: styleFor(section.kind, styles[lang]) }));
          if (section.kind === 'directive') leads.push({ text: '1.', style: numeral });
          const baseline = sharedBaseline(typeset, leads);
          return <ParallelRow key={i} keepTogether={section.kind !== 'paragraph'} gap={gap} marginBottom={gap * 0.55} left={block(section, 'en', baseline)} right={block(section, 'ko', baseline)} />;
        })}
      </View>
    );
  }
  const langs = layoutLangs(layout);
  return (
    <View style={{ width: body, alignSelf: 'center' }}>
      {sections.map((section, i) => {
        // A directive is numbered once, in the first language that prints it.
        const first = langs.find((lang) => section[lang] !== null);
        return (
          <View key={i} style={{ marginBottom: gap * 0.55 }} wrap={section.kind === 'paragraph'}>
            {langs.map((lang) =>
              section[lang] === null ? null : (
                <View key={lang} style={{ marginBottom: langs.length > 1 && lang === 'ko' ? gap * 0.25 : 0 }}>
                  {block(section, lang, undefined, lang === first)}
                </View>
              ),
            )}
          </View>
        );
      })}
    </View>
  );
}

/**
 * The title block: both titles, each balanced on its lines, and the adoption date line. Each title
 * is its language's H1 and outline item; each half of the date line a paragraph of its language.
 */
export function TitleBlock({ declaration, layout, styles, typeset, gap, width, sections }: BodyProps) {
  const langs = layoutLangs(layout);
  const dateParts = langs.flatMap((lang, i) => [
    ...(i > 0 ? [{ text: '   ·   ', artifact: 'Layout' as const }] : []),
    { text: declaration.dateLine[lang], tag: tag('P', { lang, parent: sections[lang] }) },
  ]);
  return (
    <View style={{ marginBottom: gap, paddingBottom: gap * 0.6, borderBottomWidth: 0.8, borderBottomColor: COLOR.accent }}>
      {langs.map((lang) => (
        <View key={lang} style={{ marginBottom: gap * 0.3 }} bookmark={{ title: declaration.title[lang], ref: titleRef(lang) }}>
          <BalancedText typeset={typeset} text={declaration.title[lang]} style={{ ...styles[lang].title, textAlign: 'center' }} width={width} tag={tag('H1', { lang, parent: sections[lang] })} />
        </View>
      ))}
      <ScriptText style={{ ...styles.en.small, textAlign: 'center', marginTop: gap * 0.2 }} parts={dateParts} />
    </View>
  );
}
