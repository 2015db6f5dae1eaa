import { Page, View } from '@react-pdf/renderer';
import { STACKS } from '../src/fonts/registry.js';
import type { Declaration, Labels } from '../src/input/schema.js';
import { type PageSize } from '../src/core/units.js';
import type { Typeset } from '../src/fonts/typeset.js';
import { CropMarks } from './pieces/CropMarks.js';
import { PressDocument } from './pieces/PressDocument.js';
import type { DocumentMetadata } from '../src/core/document-metadata.js';
import { QrCode } from './pieces/QrCode.js';
import { ScriptText } from './pieces/ScriptText.js';
import { composePoster, posterLangs, type PosterComposition, type PosterLang, type PosterWords, type Setting } from '../src/layout/poster-layout.js';
import { COLOR } from '../src/layout/theme.js';
import type { ItemTags } from './pieces/Parallel.js';
import { artifact, languageSections, tag, type Lang, type Tag } from './pieces/tags.js';

/** Poster colours: the house red as a full-bleed panel, warm paper below it. */
export const POSTER_COLOR = {
  panel: COLOR.accent,
  paper: '#faf6ef',
  onPanel: '#ffffff',
  onPanelSoft: '#f2d3d7',
  kicker: '#e3b3ba',
  ink: COLOR.ink,
  muted: COLOR.muted,
  accent: COLOR.accent,
} as const;

/** Everything the poster template prints. */
export interface PosterProps {
  declaration: Declaration;
  labels: Labels;
  /** The poster's own words: event line, QR caption. */
  words: PosterWords;
  /** Trim size, pt. */
  trim: PageSize;
  /** Bleed on every side, pt (0 for none). */
  bleed: number;
  /** Slug beyond the bleed for crop marks, pt; crop marks are drawn when it is above 0. */
  slug: number;
  lang: PosterLang;
  /** The QR code's modules (src/qr.ts's makeQrMatrix). */
  qr: readonly (readonly boolean[])[];
  /** Where the QR code leads: its alternative text says so. */
  qrUrl: string;
  typeset: Typeset;
  meta: DocumentMetadata;
}

/** A react-pdf text style for a setting; lineHeight travels with its fontSize (see theme.ts). */
function style(setting: Setting, color: string, extra: { letterSpacing?: number; marginTop?: number; paddingTop?: number; textAlign?: 'center' } = {}) {
  return {
    fontFamily: [...STACKS[setting.stack]] as string[],
    fontSize: setting.size,
    lineHeight: setting.leading,
    fontWeight: setting.bold ? 700 : 400,
    color,
    ...extra,
  };
}

/**
 * A numbered directive: the numeral hanging in its own box, the text beside it, both on one first
 * baseline (react-pdf puts a baseline at its line's top plus the face's ascent, and Pretendard's
 * numeral and NanumMyeongjo's Hangul have different ascents).
 */
function Directive({ n, lines, setting, c, typeset, tags }: { n: number; lines: readonly string[]; setting: Setting; c: PosterComposition; typeset: Typeset; tags: ItemTags }) {
  const numeral = c.type.numeral;
  const label = `${n}`;
  const textAscent = typeset.ascent(lines[0] ?? '', setting.stack, setting.size);
  const numeralAscent = typeset.ascent(label, numeral.stack, numeral.size);
  const baseline = Math.max(textAscent, numeralAscent);
  return (
    <View style={{ flexDirection: 'row' }}>
      <View style={{ width: numeral.size * 1.7 }}>
        <ScriptText tag={tags.label} style={style({ ...numeral, leading: 1 }, POSTER_COLOR.accent, { paddingTop: baseline - numeralAscent })}>{label}</ScriptText>
      </View>
      <View style={{ flex: 1, paddingTop: baseline - textAscent }}>
        {lines.map((line, i) => (
          <ScriptText key={i} tag={tags.body} style={style(setting, POSTER_COLOR.ink)}>
            {line}
          </ScriptText>
        ))}
      </View>
    </View>
  );
}

/**
 * The seven directives: Korean and English side by side, a row each, or one language in two
 * columns split where they come out even (poster-layout.ts chooses the split). Each language's
 * directives are read as one list in its section.
 */
function Directives({ lang, c, typeset, sections }: { lang: PosterLang; c: PosterComposition; typeset: Typeset; sections: Record<Lang, Tag> }) {
  const { first, second } = posterLangs(lang);
  const settingOf = (l: 'en' | 'ko') => (l === 'ko' ? c.type.directiveKo : c.type.directiveEn);
  const directives = c.text.directives;
  const lists = { en: tag('L', { lang: 'en', parent: sections.en }), ko: tag('L', { lang: 'ko', parent: sections.ko }) };
  const item = (l: Lang): ItemTags => {
    const li = tag('LI', { lang: l, parent: lists[l] });
    return { label: tag('Lbl', { parent: li }), body: tag('LBody', { lang: l, parent: li }) };
  };
  if (second) {
    return (
      <View>
        {directives.map((dir, i) => (
          <View key={i} style={{ flexDirection: 'row', marginTop: i === 0 ? 0 : c.directiveGap }}>
            <View style={{ width: (c.column - c.gutter) * c.share, marginRight: c.gutter }}>
              <Directive n={i + 1} lines={dir.first} setting={settingOf(first)} c={c} typeset={typeset} tags={item(first)} />
            </View>
            <View style={{ width: (c.column - c.gutter) * (1 - c.share) }}>
              <Directive n={i + 1} lines={dir.second!} setting={settingOf(second)} c={c} typeset={typeset} tags={item(second)} />
            </View>
          </View>
        ))}
      </View>
    );
  }
  const columns = [directives.slice(0, c.split), directives.slice(c.split)];
  return (
    <View style={{ flexDirection: 'row' }}>
      {columns.map((items, col) => (
        <View key={col} style={{ flex: 1, marginLeft: col === 0 ? 0 : c.gutter / 2, marginRight: col === 0 ? c.gutter / 2 : 0 }}>
          {items.map((dir, i) => (
            <View key={i} style={{ marginTop: i === 0 ? 0 : c.directiveGap }}>
              <Directive n={col * c.split + i + 1} lines={dir.first} setting={settingOf(first)} c={c} typeset={typeset} tags={item(first)} />
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

/**
 * A display text set as its balanced lines (poster-layout.ts), a Text each: a "\n" inside one
 * Text would be a character no face has, and react-pdf would embed Helvetica for it. Its lines are
 * read as one element, `tag`.
 */
function Lines({ lines, s, color, extra = {}, tag: read }: { lines: readonly string[]; s: Setting; color: string; extra?: Parameters<typeof style>[2]; tag: Tag }) {
  const { marginTop, textAlign } = extra;
  return (
    <View style={{ marginTop }}>
      {lines.map((line, i) => (
        <ScriptText key={i} tag={read} style={style(s, color, { textAlign })}>
          {line}
        </ScriptText>
      ))}
    </View>
  );
}

/**
 * A poster: a full-bleed red panel with the three mottos as the anchor, the title and the seven
 * directives on paper below, the slogan, the event line and a QR code at the foot. Every size is
 * composed from its own trim (poster-layout.ts). Everything is absolutely placed on one page, so
 * nothing can push react-pdf onto a second page. Read as each language whole (the first language
 * the poster leads with, then the second): its mottos, title, directives, slogan and event line;
 * then the QR code (its alternative text gives the address) and its caption. The kicker repeats
 * the title and is not read; backgrounds and crop marks are page furniture.
 */
export function PosterDocument(props: PosterProps) {
  const { declaration: d, labels, trim, bleed, slug, lang, qr, meta, qrUrl } = props;
  const c = composePoster(props);
  const { first, second } = posterLangs(lang);
  const t = c.type;
  const edge = slug + bleed;
  const kicker = (second ? [labels.shortTitle.en, labels.shortTitle.ko] : [labels.shortTitle[first]]).join('   ·   ');
  const langs = second ? [first, second] : [first];
  const sections = languageSections(langs);
  const read = (l: Lang, role: 'P' | 'H1') => tag(role, { lang: l, parent: sections[l] });
  const qrSection = tag('Sect');
  return (
    <PressDocument meta={meta}>
      <Page size={[c.page.width, c.page.height]} style={{ backgroundColor: '#ffffff' }}>
        {/* Backgrounds run into the bleed, never into the slug where the marks are. */}
        <View style={{ position: 'absolute', left: slug, top: slug, width: trim.width + 2 * bleed, height: trim.height + 2 * bleed, backgroundColor: POSTER_COLOR.paper }} />
        <View style={{ position: 'absolute', left: slug, top: slug, width: trim.width + 2 * bleed, height: bleed + c.panel, backgroundColor: POSTER_COLOR.panel }} />
        {slug > 0 ? <CropMarks width={trim.width} height={trim.height} bleed={bleed} slug={slug} /> : null}

        {/* The panel: kicker and mottos. */}
        <View style={{ position: 'absolute', left: edge + c.margin, top: edge + c.margin, width: c.column, height: c.panel - c.margin }}>
          <ScriptText {...artifact('Layout')} style={style(t.kicker, POSTER_COLOR.kicker, { letterSpacing: t.kicker.size * 0.12 })}>{kicker}</ScriptText>
          <View style={{ flex: 1, justifyContent: 'center' }}>
            {d.mottos[first].map((motto, i) => (
              <View key={i} style={{ marginTop: i === 0 ? 0 : c.mottoGap }}>
                <ScriptText tag={read(first, 'P')} style={style(t.motto, POSTER_COLOR.onPanel)}>{motto}</ScriptText>
                {second ? <ScriptText tag={read(second, 'P')} style={style(t.mottoSecond, POSTER_COLOR.onPanelSoft)}>{d.mottos[second][i]}</ScriptText> : null}
              </View>
            ))}
          </View>
        </View>

        {/* On paper: title, directives, then slogan and event line beside the QR code. */}
        <View style={{ position: 'absolute', left: edge + c.margin, top: edge + c.panel + c.gaps.top, width: c.column }}>
          <Lines lines={c.text.title} s={t.title} color={POSTER_COLOR.ink} tag={read(first, 'H1')} />
          {second ? <Lines lines={c.text.titleSecond} s={t.titleSecond} color={POSTER_COLOR.muted} extra={{ marginTop: t.title.size * 0.25 }} tag={read(second, 'H1')} /> : null}
          <View style={{ marginTop: c.gaps.title * 0.5, marginBottom: c.gaps.title * 0.5, height: Math.max(1, trim.width * 0.0015), width: c.column * 0.12, backgroundColor: POSTER_COLOR.accent }} />
          <Directives lang={lang} c={c} typeset={props.typeset} sections={sections} />
        </View>

        <View style={{ position: 'absolute', left: edge + c.margin, bottom: edge + c.margin, width: c.column - c.qr.side - c.gutter }}>
          <Lines lines={c.text.slogan} s={t.slogan} color={POSTER_COLOR.accent} tag={read(first, 'P')} />
          {second ? <Lines lines={c.text.sloganSecond} s={t.sloganSecond} color={POSTER_COLOR.accent} tag={read(second, 'P')} /> : null}
          {c.text.event.length > 0 ? (
            <View style={{ marginTop: t.event.size * 0.6 }}>
              {c.text.event.map((event, i) => (
                <Lines key={i} lines={event} s={t.event} color={POSTER_COLOR.muted} tag={read(langs[i]!, 'P')} />
              ))}
            </View>
          ) : null}
        </View>

        <View style={{ position: 'absolute', left: c.qr.x, top: c.qr.y, width: c.qr.side }}>
          <QrCode modules={qr} side={c.qr.side} tag={tag('Figure', { alt: labels.alt.qr[first].replaceAll('{url}', qrUrl), lang: first, parent: qrSection })} />
          <View style={{ marginTop: t.caption.size * 0.5 }}>
            {c.text.caption.map((caption, i) => (
              <Lines key={i} lines={caption} s={t.caption} color={POSTER_COLOR.muted} extra={{ textAlign: 'center' }} tag={tag('P', { lang: langs[i]!, parent: qrSection })} />
            ))}
          </View>
        </View>
      </Page>
    </PressDocument>
  );
}
