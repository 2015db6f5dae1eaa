import { STACKS } from '../../src/fonts/registry.js';
import type { StaticLine } from '../../src/layout/certificate-layout.js';
import { ScriptText } from './ScriptText.js';

const myeongjo = [...STACKS.myeongjo];
const serif = [...STACKS.serif];

/** Words are never hyphenated on a certificate: a line is fitted before it is set (a name least of all). */
const noHyphens = (word: string) => [word];

/**
 * One line placed by the certificate layout, as react-pdf sets it: absolute, no height (react-pdf
 * drops a line a fixed height holds only exactly), letter-spaced if the line says so, never hyphenated,
 * each character in the face the face rule gives it (ScriptText: "2024년" sets its digits in Source Serif).
 */
export function PlacedText({ line }: { line: StaticLine }) {
  return (
    <ScriptText
      hyphenationCallback={noHyphens}
      style={{
        position: 'absolute', left: line.box.x, top: line.box.y, width: line.box.width,
        fontFamily: line.stack === 'myeongjo' ? myeongjo : serif, fontWeight: line.bold ? 700 : 400,
        fontSize: line.size, lineHeight: line.leading, textAlign: line.align, color: line.color,
        ...(line.tracking ? { letterSpacing: line.tracking } : {}),
      }}
    >
      {line.text}
    </ScriptText>
  );
}
