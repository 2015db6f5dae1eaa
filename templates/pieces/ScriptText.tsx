import { Text, type TextProps } from '@react-pdf/renderer';
import { familyFirst, familyRuns } from '../../src/fonts/faces.js';
import type { FamilyName } from '../../src/fonts/registry.js';

/** A text style with the font stack it is set in (fontFamily as the theme writes it: a list of families). */
export type StackStyle = { fontFamily?: string | readonly string[] } & Record<string, unknown>;

/**
 * A Text whose string is set stretch by stretch in the face the face rule gives each character
 * (fonts/faces.ts, familyRuns): Latin letters and digits in Source Serif 4 inside Korean text
 * ("2024년", "NED"), Hangul in NanumMyeongjo inside English, spaces and punctuation with the text
 * around them ("다." keeps its period). Each stretch is a nested Text with one family first in its
 * fontFamily; react-pdf alone would take every character from the first font of the stack that has
 * it, which sets Latin inside Korean in NanumMyeongjo's Latin. A text of one family is a plain Text.
 */
export function ScriptText({ style, children, ...props }: Omit<TextProps, 'style' | 'render'> & { style: StackStyle; children: string }) {
  const stack = style.fontFamily;
  const families = (typeof stack === 'string' ? [stack] : [...(stack ?? [])]) as FamilyName[];
  const runs = families.length > 1 ? familyRuns(children, families) : [];
  if (runs.length <= 1) {
    const only = runs[0]?.family;
    const fontFamily = only && only !== families[0] ? familyFirst(only, families) : style.fontFamily;
    return (
      <Text {...props} style={{ ...style, fontFamily } as TextProps['style']}>
        {children}
      </Text>
    );
  }
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
