import { Text, type TextProps } from '@react-pdf/renderer';
import { familyFirst, familyRuns } from '../../src/fonts/faces.js';
import type { FamilyName } from '../../src/fonts/registry.js';
import type { ArtifactType, Tag } from './tags.js';

/** A text style with the font stack it is set in (fontFamily as the theme writes it: a list of families). */
export type StackStyle = { fontFamily?: string | readonly string[] } & Record<string, unknown>;

/**
 * A stretch of one text that is read as its own element (one language of a line that prints two,
 * "2024년 7월 22일 · July 22, 2024") or skipped as page furniture (the " · " between them).
 */
export interface TextPart {
  /** Its characters. */
  text: string;
  /** The element it is read as (a Span or P with its /Lang). */
  tag?: Tag;
  /** Page furniture instead: not read. */
  artifact?: ArtifactType;
}

type Contents = { children: string; parts?: undefined } | { parts: readonly TextPart[]; children?: undefined };

/**
 * A Text whose string is set stretch by stretch in the face the face rule gives each character
 * (fonts/faces.ts, familyRuns): Latin letters and digits in Source Serif 4 inside Korean text
 * ("2024년", "NED"), Hangul in NanumMyeongjo inside English, spaces and punctuation with the text
 * around them ("다." keeps its period). Each stretch is a nested Text with one family first in its
 * fontFamily; react-pdf alone would take every character from the first font of the stack that has
 * it, which sets Latin inside Korean in NanumMyeongjo's Latin. A text of one family is a plain Text.
 * Given `parts` instead of a string, the faces are chosen over the whole text, as for the string,
 * and the stretches are cut where a part ends, so each part is tagged on its own.
 */
export function ScriptText({ style, children, parts, ...props }: Omit<TextProps, 'style' | 'render' | 'children'> & { style: StackStyle } & Contents) {
  const text = parts ? parts.map((part) => part.text).join('') : children;
  const stack = style.fontFamily;
  const families = (typeof stack === 'string' ? [stack] : [...(stack ?? [])]) as FamilyName[];
  const runs = families.length > 1 ? familyRuns(text, families) : [];
  if (runs.length <= 1) {
    const only = runs[0]?.family;
    const fontFamily = only && only !== families[0] ? familyFirst(only, families) : style.fontFamily;
    return (
      <Text {...props} style={{ ...style, fontFamily } as TextProps['style']}>
        {parts ? parts.map((part, i) => <Part key={i} part={part} text={part.text} />) : text}
      </Text>
    );
  }
  if (!parts) {
    return (
      <Text {...props} style={style as TextProps['style']}>
        {runs.map((run, i) => (
          <Text key={i} style={{ fontFamily: familyFirst(run.family, families) }}>
            {run.text}
          </Text>
        ))}
      </Text>
    );
  }
  return (
    <Text {...props} style={style as TextProps['style']}>
      {cut(runs, parts).map((piece, i) => (
        <Part key={i} part={piece.part} text={piece.text} style={{ fontFamily: familyFirst(piece.family, families) }} />
      ))}
    </Text>
  );
}

/** A stretch of a part: its text, in its face, tagged as the part is. */
function Part({ part, text, style }: { part: TextPart; text: string; style?: TextProps['style'] }) {
  return (
    <Text style={style} {...(part.tag ? { tag: part.tag } : {})} {...(part.artifact ? { artifact: part.artifact } : {})}>
      {text}
    </Text>
  );
}

/** The face runs cut where a part ends: each piece in one face and one part. */
function cut(runs: readonly { family: FamilyName; text: string }[], parts: readonly TextPart[]) {
  const pieces: { family: FamilyName; part: TextPart; text: string }[] = [];
  let p = 0;
  let left = parts[0]?.text.length ?? 0;
  for (const run of runs) {
    let rest = run.text;
    while (rest.length > 0) {
      while (left === 0 && p < parts.length - 1) left = parts[++p]!.text.length;
      const take = Math.min(left, rest.length);
      if (take === 0) throw new Error(`ScriptText: the parts (${parts.length}) are shorter than the text`);
      pieces.push({ family: run.family, part: parts[p]!, text: rest.slice(0, take) });
      rest = rest.slice(take);
      left -= take;
    }
  }
  return pieces;
}
