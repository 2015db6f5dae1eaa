import { View } from '@react-pdf/renderer';
import type { Typeset } from '../../src/fonts/typeset.js';
import { balanceLines } from '../../src/layout/line-breaking.js';
import { settingOf, type TextStyle } from '../../src/layout/theme.js';
import { ScriptText } from './ScriptText.js';
import type { Tag } from './tags.js';

/**
 * Room kept at the end of each balanced line (pt): balanceLines and react-pdf measure with the same
 * fonts, but a line measured a hair inside the width must not wrap again in react-pdf.
 */
const SLACK = 1;

/**
 * A display text (a title, a motto) broken into balanced lines, lines of similar length, instead of
 * a full line and a short one ("…and Freedom of" / "North Koreans"): balanceLines chooses the
 * breaks for `width`, and each line is its own Text, in the faces of the face rule (one Text with
 * "\n" between the lines would do, but react-pdf then adds an unembedded Helvetica to the page).
 * For any product that sets a title: `style` is the text's style (font, size, leading, alignment);
 * margins go on a View around it. Its lines are read as one element, `tag` (a title's H1).
 */
export function BalancedText({ typeset, text, style, width, tag }: { typeset: Typeset; text: string; style: TextStyle & Record<string, unknown>; width: number; tag?: Tag }) {
  const lines = balanceLines(typeset, text, settingOf(style), Math.max(0, width - SLACK));
  return (
    <View>
      {lines.map((line, i) => (
        <ScriptText key={i} style={style} {...(tag ? { tag } : {})}>
          {line}
        </ScriptText>
      ))}
    </View>
  );
}
