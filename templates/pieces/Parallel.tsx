import { View } from '@react-pdf/renderer';
import type { ReactNode } from 'react';
import type { Typeset } from '../../src/fonts/typeset.js';
import { padToBaseline, stackOf, type TextStyle } from '../../src/layout/theme.js';
import { ScriptText } from './ScriptText.js';
import type { OutlineItem, Tag } from './tags.js';

/** One column's first text and its style: what decides where the column's first baseline falls. */
export interface Lead {
  /** The text of the column's first line (or its whole first paragraph). */
  text: string;
  /** Its style. */
  style: TextStyle;
}

/** The baseline both columns of a row share: the lower of the two natural first baselines. */
export function sharedBaseline(typeset: Typeset, leads: Lead[]): number {
  return Math.max(...leads.map((lead) => typeset.ascent(lead.text, stackOf(lead.style), lead.style.fontSize)));
}

/**
 * Two columns side by side whose first lines share one baseline, though English and Korean are set
 * at different sizes in different faces.
 */
export function ParallelRow({ left, right, gap, marginBottom, keepTogether }: { left: ReactNode; right: ReactNode; gap: number; marginBottom: number; keepTogether: boolean }) {
  return (
    <View style={{ flexDirection: 'row', marginBottom }} wrap={!keepTogether}>
      <View style={{ flex: 1, marginRight: gap / 2 }}>{left}</View>
      <View style={{ flex: 1, marginLeft: gap / 2 }}>{right}</View>
    </View>
  );
}

/** A paragraph whose first baseline sits `baseline` points below its top; read as `tag`, listed in the outline as `bookmark`. */
export function AlignedText({ typeset, text, style, baseline, tag, bookmark }: { typeset: Typeset; text: string; style: TextStyle; baseline?: number; tag?: Tag; bookmark?: OutlineItem }) {
  const paddingTop = baseline === undefined ? 0 : padToBaseline(typeset, text, style, baseline);
  return (
    <ScriptText style={{ ...style, paddingTop }} {...(tag ? { tag } : {})} {...(bookmark ? { bookmark } : {})}>
      {text}
    </ScriptText>
  );
}

/** The elements of one list item: its label (the numeral) and its body. */
export interface ItemTags {
  /** The numeral's element (Lbl). */
  label: Tag;
  /** The text's element (LBody). */
  body: Tag;
}

/**
 * A numbered item: the numeral in Source Serif at one size in both languages (so the first lines do
 * not drift), hanging in its own box, the text beside it. `number` null keeps the indent without a
 * numeral: the second language of a stacked directive, numbered once above it.
 */
export function NumberedText({ typeset, number, text, style, numeralStyle, baseline, indent, tags, bookmark }: {
  typeset: Typeset;
  number: number | null;
  text: string;
  style: TextStyle;
  numeralStyle: TextStyle;
  baseline: number;
  indent: number;
  /** Read as a list item: the numeral its label, the text its body. */
  tags?: ItemTags;
  /** Listed in the outline. */
  bookmark?: OutlineItem;
}) {
  return (
    <View style={{ flexDirection: 'row' }} wrap={false} {...(bookmark ? { bookmark } : {})}>
      <View style={{ width: indent }}>
        {number === null ? null : <AlignedText typeset={typeset} text={`${number}.`} style={numeralStyle} baseline={baseline} tag={tags?.label} />}
      </View>
      <View style={{ flex: 1 }}>
        <AlignedText typeset={typeset} text={text} style={style} baseline={baseline} tag={tags?.body} />
      </View>
    </View>
  );
}
