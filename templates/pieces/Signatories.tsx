import { Image, Text, View } from '@react-pdf/renderer';
import type { Labels } from '../../src/input/schema.js';
import { COLOR, type TextStyles } from '../../src/layout/theme.js';
import type { SignatoryEntry } from '../../src/layout/certificate-layout.js';
import { ScriptText } from './ScriptText.js';

/** Which labels to print: both languages, or one. */
export type LabelLangs = readonly ('en' | 'ko')[];

interface BlockProps {
  labels: Labels;
  langs: LabelLangs;
  styles: { en: TextStyles; ko: TextStyles };
  /** Width of the text block (pt), to choose the number of columns. */
  width: number;
}

function Heading({ labels, langs, styles, text }: Omit<BlockProps, 'width'> & { text: keyof Labels }) {
  const pair = labels[text] as { en: string; ko: string };
  return (
    <View style={{ marginBottom: 10, borderBottomWidth: 0.6, borderBottomColor: COLOR.rule, paddingBottom: 4 }} minPresenceAhead={60}>
      <ScriptText style={{ ...styles.en.strong, color: COLOR.accent }}>{koFirst(langs).map((lang) => pair[lang]).join('  ')}</ScriptText>
    </View>
  );
}

const SIGNATURE_HEIGHT = 30;

/** Labels read Korean first where both languages are printed: 성명 Name, 서명 Signature, 날짜 Date. */
function koFirst(langs: LabelLangs): LabelLangs {
  return langs.length > 1 ? ['ko', 'en'] : langs;
}

/**
 * The signatories' names in columns that flow onto continuation pages: each entry stays whole on its
 * page, a signature image sits above its name, and the column count follows the text width.
 * A fragment, not a View: react-pdf honours minPresenceAhead only for a node with earlier siblings in
 * the same parent, so the heading must sit among the page's own children.
 */
export function SignatoryList({ labels, langs, styles, width, signatories, marginTop = 0 }: BlockProps & { signatories: readonly SignatoryEntry[]; marginTop?: number }) {
  const columns = Math.max(2, Math.floor(width / 118));
  const hasSignatures = signatories.some((entry) => entry.signature);
  const nameFirst = langs[0] === 'en' ? (['en', 'ko'] as const) : (['ko', 'en'] as const);
  return (
    <>
      <View wrap={false} minPresenceAhead={hasSignatures ? 80 : 50} style={{ marginTop }}>
        <Heading labels={labels} langs={langs} styles={styles} text="signatories" />
      </View>
      <View style={{ flexDirection: 'row', flexWrap: 'wrap' }}>
        {signatories.map((entry, i) => {
          const names = nameFirst.map((lang) => (lang === 'ko' ? entry.nameKo : entry.nameEn)).filter(Boolean) as string[];
          const role = nameFirst.map((lang) => (lang === 'ko' ? entry.roleKo : entry.roleEn)).filter(Boolean).join(' · ');
          return (
            <View key={i} wrap={false} style={{ width: `${100 / columns}%`, paddingRight: 8, marginBottom: 9 }}>
              {hasSignatures ? (
                <View style={{ height: SIGNATURE_HEIGHT, justifyContent: 'flex-end', marginBottom: 2 }}>
                  {entry.signature ? <Image src={entry.signature} style={{ height: SIGNATURE_HEIGHT, objectFit: 'contain', objectPosition: 'left bottom' }} /> : null}
                </View>
              ) : null}
              <View style={{ borderTopWidth: hasSignatures ? 0.5 : 0, borderTopColor: COLOR.rule, paddingTop: hasSignatures ? 2 : 0 }}>
                <ScriptText style={styles.en.strong}>{names[0]}</ScriptText>
                {names[1] ? <ScriptText style={styles.en.body}>{names[1]}</ScriptText> : null}
                {role ? <ScriptText style={styles.en.small}>{role}</ScriptText> : null}
              </View>
            </View>
          );
        })}
      </View>
    </>
  );
}

/**
 * Blank lines to sign at an event: number, name, signature, date, labelled in the chosen languages.
 * A fragment, like SignatoryList, so that the heading keeps a few lines with it.
 */
export function SigningLines({ labels, langs, styles, count, marginTop = 0 }: Omit<BlockProps, 'width'> & { count: number; marginTop?: number }) {
  const label = (key: 'name' | 'signature' | 'date') => koFirst(langs).map((lang) => labels[key][lang]).join(' ');
  const cell = (flex: number) => ({ flex, paddingRight: 10 });
  const rowHeight = styles.en.body.fontSize * 3.2;
  return (
    <>
      {/* The heading and column labels move to the next page unless a few lines fit under them. */}
      <View wrap={false} minPresenceAhead={rowHeight * Math.min(count, 3)} style={{ marginTop }}>
        <Heading labels={labels} langs={langs} styles={styles} text="signingSheet" />
        <View style={{ flexDirection: 'row', marginBottom: 2 }}>
          <Text style={{ ...styles.en.small, width: 22 }}> </Text>
          <ScriptText style={{ ...styles.en.small, ...cell(3) }}>{label('name')}</ScriptText>
          <ScriptText style={{ ...styles.en.small, ...cell(4) }}>{label('signature')}</ScriptText>
          <ScriptText style={{ ...styles.en.small, ...cell(2) }}>{label('date')}</ScriptText>
        </View>
      </View>
      {Array.from({ length: count }, (_, i) => (
        <View key={i} wrap={false} style={{ flexDirection: 'row', height: rowHeight, alignItems: 'flex-end' }}>
          <Text style={{ ...styles.en.small, width: 22 }}>{i + 1}</Text>
          {[3, 4, 2].map((flex, j) => (
            <View key={j} style={{ ...cell(flex), height: rowHeight * 0.72 }}>
              <View style={{ flex: 1, borderBottomWidth: 0.6, borderBottomColor: COLOR.muted }} />
            </View>
          ))}
        </View>
      ))}
    </>
  );
}
