/**
 * The composition of a social card: a picture sized for where it is posted (a feed, a story, a link
 * preview), in the posters' type system and colours (poster-layout.ts), set for a phone held at
 * arm's length. A card's page is its size in pixels as points, so at 72 dpi one point is one
 * pixel and every size here is a pixel size; like the posters', every size is a share of the
 * card's width, measured with the embedded fonts, and the height left over is air.
 *
 * A card has three zones: the kicker at the top, the card's words in the middle (centred in the
 * height they leave), the event line at the foot. The call card's foot is its QR code, on the
 * right, with the call's text beside it (its heading in the middle); on a wide link card the code
 * has a column of its own.
 */
import { PressError } from '../core/errors.js';
import type { PageSize } from '../core/units.js';
import type { StackName } from '../fonts/registry.js';
import type { Typeset } from '../fonts/typeset.js';
import type { Declaration, Labels } from '../input/schema.js';
import { balanceLines, bindRunt } from './line-breaking.js';
import { breakLines, memoTypeset, posterLangs, type PosterLang, type Setting } from './poster-layout.js';

/** Card sizes, in pixels: where each is posted. */
export const CARD_SIZES = {
  square: { width: 1080, height: 1080, label: 'square, 1080 x 1080 px (a feed post)' },
  portrait: { width: 1080, height: 1350, label: 'portrait, 1080 x 1350 px (a feed post, 4:5)' },
  story: { width: 1080, height: 1920, label: 'story, 1080 x 1920 px (stories, status, reels)' },
  link: { width: 1200, height: 630, label: 'link, 1200 x 630 px (the preview of a shared link)' },
} as const satisfies Record<string, PageSize & { label: string }>;

/** A card size's name. */
export type CardSizeName = keyof typeof CARD_SIZES;

/** The card sizes, in the order --help lists them. */
export const CARD_SIZE_NAMES = Object.keys(CARD_SIZES) as CardSizeName[];

/** What a card says: the three mottos, one directive, the slogan, or the call to read the declaration. */
export const CARD_CONTENTS = ['mottos', 'directive-1', 'directive-2', 'directive-3', 'directive-4', 'directive-5', 'directive-6', 'directive-7', 'slogan', 'call'] as const;

/** A card's content. */
export type CardContent = (typeof CARD_CONTENTS)[number];

/**
 * The least type size, as a share of the card's width: 28 px on a card 1080 px wide. A card is seen
 * on a phone about 390 points wide, at a third of its pixels: 28 px is about 10 points there, the
 * smallest text a phone's own interface sets.
 */
export const CARD_FLOOR = 28 / 1080;

/** What a colour stands for; the template gives each its colour (the posters' palette). */
export type CardRole = 'onPanel' | 'onPanelSoft' | 'kicker' | 'ink' | 'muted' | 'accent';

/** A language a card prints. */
export type CardLang = 'en' | 'ko';

/**
 * What a block is to a reader, for the template's tags: the kicker (its languages, each a stretch
 * of its one line, and the separator between them, not read); a heading, a passage, a directive's
 * body or the QR code's caption, each in its language; a directive's numeral (its label).
 */
export type CardRead =
  | { as: 'kicker'; parts: { text: string; lang?: CardLang }[] }
  | { as: 'H1' | 'P' | 'LBody' | 'caption'; lang: CardLang }
  | { as: 'Lbl' };

/** A block of lines at one setting, placed on the card (top-left origin, pt = px). */
export interface CardText {
  /** What it is to a reader (the structure the template tags it with). */
  read: CardRead;
  /** Left edge. */
  x: number;
  /** Top of the first line's box. */
  y: number;
  /** The width the lines are set in. */
  width: number;
  /** The lines, each set as its own text (the layout broke them). */
  lines: string[];
  /** Type. */
  setting: Setting;
  /** Its colour's role. */
  role: CardRole;
  /** Tracking, pt (the kicker's). */
  letterSpacing?: number;
  /** Centred in its width (the QR code's caption), else ranged left. */
  center?: boolean;
}

/** A rule: a short bar between the two languages of a directive. */
export interface CardRule {
  /** Left edge. */
  x: number;
  /** Top. */
  y: number;
  /** Width. */
  width: number;
  /** Thickness. */
  height: number;
}

/** Everything the card template draws. */
export interface CardComposition {
  /** The page: the card's size, pt = px. */
  page: PageSize;
  /** The background: the posters' red panel, or their warm paper. */
  background: 'panel' | 'paper';
  /** Margins no text crosses: left and right, top and bottom. */
  margin: { x: number; y: number };
  /** The texts, placed. */
  texts: CardText[];
  /** The rules, placed. */
  rules: CardRule[];
  /** The QR code's box with its quiet zone (the call card), else null. */
  qr: { x: number; y: number; side: number } | null;
  /** The least type size on this card (CARD_FLOOR of its width). */
  floor: number;
  /** How much the ideal sizes were scaled to fit the height (below 1) or fill it (above 1). */
  fit: number;
}

/** What composeCard needs. */
export interface CardInput {
  /** The card's size. */
  size: CardSizeName;
  /** What it says. */
  content: CardContent;
  /** Which languages: both (Korean leading), or one. */
  lang: PosterLang;
  /** The declaration (mottos, directives, slogan). */
  declaration: Declaration;
  /** The labels (the kicker is the short title). */
  labels: Labels;
  /** The event line at the foot, or null for none (data/poster.json's). */
  event: { en: string; ko: string } | null;
  /** The call card's words (data/social.json). */
  call: { heading: { en: string; ko: string }; text: { en: string; ko: string } };
  /** The caption under the call card's QR code. */
  caption: { en: string; ko: string };
  /** The fonts' measurements. */
  typeset: Typeset;
  /** Where the words came from, for a message when they do not fit. */
  origin?: string;
}

// Proportions of the card's width, tuned by looking at all four sizes side by side.
const MARGIN = 0.07;
// Stories are covered by the app's own bars at the top and the foot: keep 12 % of the height clear.
const STORY_MARGIN = 0.12;
const KICKER = 0.03;
const FOOT = 0.029;
const MOTTO_FILL = { both: 0.84, single: 0.92 };
const SECOND_MOTTO = 0.46;
const SLOGAN = 0.085;
const HEADING = 0.075;
const BODY = 0.05;
const NUMERAL = 0.15;
const QR_SIDE = 0.3;
const KO_SIZE = 0.94;
const LEADING = { ko: 1.62, en: 1.36, display: 1.12 };
// How far the words may shrink to fit the height, and grow to fill a tall card while keeping air.
const MIN_FIT = 0.3;
const MAX_GROW = 1.5;
const FIT_STEP = 0.02;
const AIR = 0.25;
// A display text's lines are balanced a hair inside their box, so react-pdf never breaks them again.
const SLACK = 1;

const set = (size: number, stack: StackName, bold: boolean, leading: number): Setting => ({ size, stack, bold, leading });

/** A block before it is placed: lines at a setting, and the space above it. */
type Item = { kind: 'text'; lines: string[]; setting: Setting; role: CardRole; read: CardRead; before: number; letterSpacing?: number; center?: boolean; indent?: number; hangs?: boolean } | { kind: 'rule'; width: number; height: number; before: number; indent?: number };

type TextItem = Extract<Item, { kind: 'text' }>;

/** The height a stack of items takes; a hanging item (a numeral beside its text) takes none. */
const heightOf = (items: readonly Item[]) =>
  items.reduce((sum, item) => (item.kind === 'text' && item.hangs ? sum : sum + item.before + (item.kind === 'text' ? item.lines.length * item.setting.size * item.setting.leading : item.height)), 0);

/** Composes a card: sizes from the width, the middle scaled to fit (or fill) the height between the kicker and the foot. */
export function composeCard(input: CardInput): CardComposition {
  const { size, content, lang, declaration: d, labels } = input;
  const typeset = memoTypeset(input.typeset);
  const { width: W, height: H } = CARD_SIZES[size];
  const mx = W * MARGIN;
  // A link preview is wide and low: its margins are shares of its height; it has no foot (the
  // platform prints the page's title and address under it), and a directive's numeral hangs.
  const wide = W / H > 1.5;
  const my = size === 'story' ? H * STORY_MARGIN : wide ? H * MARGIN : mx;
  const floor = W * CARD_FLOOR;
  const { first, second } = posterLangs(lang);
  const langs = second ? [first, second] : [first];
  const panel = content === 'mottos' || content === 'slogan';
  const call = content === 'call';
  // A wide card gives the QR code a column of its own; the others put it at the foot, on the right.
  const qrColumn = call && wide;
  const gutter = W * 0.04;
  const measure = (text: string, s: Setting) => typeset.measure(text, s.stack, s.size, s.bold);
  const balanced = (text: string, s: Setting, width: number) => balanceLines(typeset, text, s, width - SLACK);
  // A paragraph: filled line by line, its last words bound against a runt.
  const paragraph = (text: string, s: Setting, width: number) => breakLines(typeset, bindRunt(text, (words) => measure(words, s) <= width - SLACK), s, width - SLACK);
  const text = (lines: string[], setting: Setting, role: CardRole, read: CardRead, before = 0, extra: { letterSpacing?: number; center?: boolean } = {}): TextItem => ({ kind: 'text', lines, setting, role, read, before, ...extra });

  // The kicker: the short title, tracked out, as on the posters.
  const kickerSetting = set(Math.max(floor, W * KICKER), 'sans', true, 1.2);
  const tracking = kickerSetting.size * 0.12;
  const kickerLangs: CardLang[] = second ? ['en', 'ko'] : [first];
  const kickerParts = kickerLangs.flatMap((l, i) => [...(i > 0 ? [{ text: '   ·   ' }] : []), { text: labels.shortTitle[l], lang: l }]);
  const kickerText = kickerParts.map((part) => part.text).join('');
  const kicker = [text([kickerText], kickerSetting, panel ? 'kicker' : 'accent', { as: 'kicker', parts: kickerParts }, 0, { letterSpacing: tracking })];
  if (measure(kickerText, kickerSetting) + tracking * [...kickerText].length > W - 2 * mx) throw notFit(input, 'the short title (labels.json shortTitle)');

  // The QR code and its caption (the call card).
  const captionSetting = set(floor, 'sans', false, 1.25);
  const captionAt = (side: number): Item[] =>
    call ? langs.map((l, i) => text(balanced(input.caption[l], captionSetting, side), captionSetting, 'muted', { as: 'caption', lang: l }, i === 0 ? captionSetting.size * 0.5 : 0, { center: true })) : [];
  // The QR code: a share of the width; in a column of its own (under the kicker), as large as the
  // height there leaves beside its caption.
  const gap = Math.min(mx, my) * 0.6;
  const qrRoom = H - 2 * my - heightOf(kicker) - gap;
  let qrSide = call ? W * (qrColumn ? 0.26 : QR_SIDE) : 0;
  while (qrColumn && qrSide + heightOf(captionAt(qrSide)) > qrRoom) qrSide -= 2;
  const caption = captionAt(qrSide);
  const qrBlock = call ? qrSide + heightOf(caption) : 0;
  const column = W - 2 * mx - (qrColumn ? qrSide + gutter : 0);

  // The foot: the event line in each language; on the call card, the call's text beside the QR
  // code instead, as large as the code's height allows (down to the floor).
  const besideQr = call && !qrColumn;
  const footSetting = set(Math.max(floor, W * FOOT), 'sans', false, 1.3);
  const footWidth = column - (besideQr ? qrSide + gutter : 0);
  let foot: Item[] = input.event && !wide ? langs.map((l, i) => text(balanced(input.event![l], footSetting, footWidth), footSetting, panel ? 'onPanelSoft' : 'muted', { as: 'P', lang: l }, i === 0 ? 0 : footSetting.size * 0.2)) : [];
  if (besideQr) {
    const callText = (f: number) => body(langs.map((l) => input.call.text[l]), f, 0, 0, footWidth);
    let f = 1;
    while (f - FIT_STEP >= MIN_FIT - 1e-9 && heightOf(callText(f)) > qrBlock) f -= FIT_STEP;
    foot = callText(f);
  }

  const main = (f: number): Item[] => {
    const items: Item[] = [];
    if (content === 'mottos') {
      const widest = (texts: string[], bold: boolean) => Math.max(...texts.map((t) => typeset.measure(t, 'sans', 1, bold)));
      if (wide && second) {
        // A wide card sets each motto as a row: the first language, and the second beside it on
        // the same baseline, the rows filling the width.
        const ratio = 0.55;
        const size = ((column * MOTTO_FILL.both) / (widest(d.mottos[first], true) + 0.5 + ratio * widest(d.mottos[second], false))) * Math.min(f, 1);
        const motto = set(size, 'sans', true, 1.08);
        const mottoSecond = set(Math.max(floor, size * ratio), 'sans', false, 1.08);
        const indent = size * (widest(d.mottos[first], true) + 0.5);
        d.mottos[first].forEach((m, i) => {
          const other = d.mottos[second][i]!;
          items.push(text([m], motto, 'onPanel', { as: 'P', lang: first }, i === 0 ? 0 : size * 0.3));
          const baseline = typeset.ascent(m, 'sans', motto.size) - typeset.ascent(other, 'sans', mottoSecond.size);
          items.push({ ...text([other], mottoSecond, 'onPanelSoft', { as: 'P', lang: second }, baseline - motto.size * motto.leading), indent, hangs: true });
        });
        return items;
      }
      const fill = (second ? MOTTO_FILL.both : MOTTO_FILL.single) * column;
      const motto = set((fill / widest(d.mottos[first], true)) * Math.min(f, 1), 'sans', true, 1.08);
      const mottoSecond = set(second ? Math.max(floor, Math.min(motto.size * SECOND_MOTTO, (column * 0.9) / widest(d.mottos[second], false))) : 0, 'sans', false, 1.2);
      d.mottos[first].forEach((m, i) => {
        items.push(text(balanced(m, motto, column), motto, 'onPanel', { as: 'P', lang: first }, i === 0 ? 0 : motto.size * (second ? 0.42 : 0.3)));
        if (second) items.push(text(balanced(d.mottos[second][i]!, mottoSecond, column), mottoSecond, 'onPanelSoft', { as: 'P', lang: second }));
      });
    } else if (content === 'slogan') {
      const slogan = set(W * SLOGAN * f * (first === 'ko' ? KO_SIZE : 1), 'sans', true, 1.2);
      items.push(text(balanced(d.slogan[first], slogan, column), slogan, 'onPanel', { as: 'P', lang: first }));
      if (second) {
        const sloganSecond = set(Math.max(floor, slogan.size * 0.55), 'sans', false, 1.25);
        items.push(text(balanced(d.slogan[second], sloganSecond, column), sloganSecond, 'onPanelSoft', { as: 'P', lang: second }, slogan.size * 0.45));
      }
    } else if (call) {
      const heading = set(Math.max(floor, W * HEADING * f * (first === 'ko' ? KO_SIZE : 1)), 'sans', true, first === 'ko' ? 1.3 : 1.15);
      items.push(text(balanced(input.call.heading[first], heading, column), heading, 'ink', { as: 'H1', lang: first }));
      if (second) {
        const headingSecond = set(Math.max(floor, heading.size * 0.62), 'sans', false, 1.25);
        items.push(text(balanced(input.call.heading[second], headingSecond, column), headingSecond, 'muted', { as: 'H1', lang: second }, heading.size * 0.2));
      }
      if (!besideQr) items.push(...body(langs.map((l) => input.call.text[l]), f, heading.size * 0.6));
    } else {
      const n = Number(content.slice('directive-'.length));
      if (wide) {
        // The numeral hangs to the left of the text, its top on the text's first line.
        const numeral = set(Math.max(floor, W * BODY * f * 2.2), 'sans', true, 1);
        const indent = numeral.size * 1.2;
        items.push({ ...text([`${n}`], numeral, 'accent', { as: 'Lbl' }), hangs: true });
        items.push(...body(langs.map((l) => d.directives[n - 1]![l]), f, 0, indent));
      } else {
        const numeral = set(Math.max(floor, W * NUMERAL * f), 'sans', true, 1);
        items.push(text([`${n}`], numeral, 'accent', { as: 'Lbl' }));
        items.push(...body(langs.map((l) => d.directives[n - 1]![l]), f, numeral.size * 0.25));
      }
    }
    return items;
  };

  // Body text in each language printed, the second under a short red rule; Korean at KO_SIZE of
  // the English, and neither under the floor.
  function body(texts: string[], f: number, before: number, indent = 0, width = column): Item[] {
    const base = Math.max(W * BODY * f, second || first === 'ko' ? floor / KO_SIZE : floor);
    const settingOf = (l: 'en' | 'ko') => (l === 'ko' ? set(base * KO_SIZE, 'myeongjo', false, LEADING.ko) : set(base, 'serif', false, LEADING.en));
    const items: Item[] = [];
    langs.forEach((l, i) => {
      const s = settingOf(l);
      if (i > 0) items.push({ kind: 'rule', width: column * 0.12, height: Math.max(2, W * 0.003), before: base * 0.9, indent });
      items.push({ ...text(paragraph(texts[i]!, s, width - indent), s, i === 0 ? 'ink' : 'muted', { as: call ? 'P' : 'LBody', lang: l }, i === 0 ? before : base * 0.9), indent });
    });
    return items;
  }

  // The height between the kicker and the foot, less the gaps that keep them apart.
  const footHeight = Math.max(heightOf(foot), qrColumn ? 0 : qrBlock);
  const room = H - 2 * my - heightOf(kicker) - footHeight - 2 * gap;
  const fits = (f: number) => heightOf(main(f)) <= room + 0.01;
  let fit = 1;
  if (!fits(1)) {
    while (fit - FIT_STEP >= MIN_FIT - 1e-9 && !fits(fit)) fit -= FIT_STEP;
    if (!fits(fit)) throw notFit(input, content);
  } else {
    // A tall card lets the words grow, keeping a share of the room as air.
    while (fit + FIT_STEP <= MAX_GROW + 1e-9 && heightOf(main(fit + FIT_STEP)) <= room * (1 - AIR)) fit += FIT_STEP;
  }
  const middle = main(fit);

  // Place: the kicker at the top margin, the foot on the bottom margin, the middle centred between.
  const texts: CardText[] = [];
  const rules: CardRule[] = [];
  const place = (items: readonly Item[], x: number, top: number, width: number) => {
    let y = top;
    for (const item of items) {
      const indent = item.indent ?? 0;
      if (item.kind === 'rule') {
        y += item.before;
        rules.push({ x: x + indent, y, width: item.width, height: item.height });
        y += item.height;
      } else {
        texts.push({ x: x + indent, y: y + item.before, width: width - indent, lines: item.lines, setting: item.setting, role: item.role, read: item.read, letterSpacing: item.letterSpacing, center: item.center });
        if (!item.hangs) y += item.before + item.lines.length * item.setting.size * item.setting.leading;
      }
    }
  };
  place(kicker, mx, my, W - 2 * mx);
  const middleTop = my + heightOf(kicker) + gap;
  place(middle, mx, middleTop + (room - heightOf(middle)) / 2, column);
  const footTop = H - my - footHeight;
  place(foot, mx, footTop, footWidth);
  let qr: CardComposition['qr'] = null;
  if (call) {
    const x = W - mx - qrSide;
    const y = qrColumn ? middleTop + (qrRoom - qrBlock) / 2 : footTop;
    qr = { x, y, side: qrSide };
    place(caption, x, y + qrSide, qrSide);
  }
  return { page: { width: W, height: H }, background: panel ? 'panel' : 'paper', margin: { x: mx, y: my }, texts, rules, qr, floor, fit };
}

/** A card whose words do not fit at the least size: names the words and the way out. */
function notFit(input: CardInput, what: string): PressError {
  const { width, height } = CARD_SIZES[input.size];
  return new PressError(
    'BAD_DATA',
    `${what} does not fit a ${input.size} card (${width} x ${height} px) in ${input.lang === 'both' ? 'both languages' : input.lang} with no text under ${Math.round(width * CARD_FLOOR)} px; allowed: shorter words, a taller --size, or one --lang`,
    input.origin,
  );
}
