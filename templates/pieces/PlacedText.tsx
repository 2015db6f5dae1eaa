import { STACKS } from '../../src/fonts/registry.js';
import type { CertificatePart, StaticLine } from '../../src/layout/certificate-layout.js';
import { ScriptText, type TextPart } from './ScriptText.js';
import type { ArtifactType, Lang, Tag } from './tags.js';

const myeongjo = [...STACKS.myeongjo];
const serif = [...STACKS.serif];

/** Words are never hyphenated on a certificate: a line is fitted before it is set (a name least of all). */
const noHyphens = (word: string) => [word];

/** The element each part of a certificate is read as, in each language. */
export type ReadPart = (part: CertificatePart, lang: Lang) => Tag;

/**
 * A line's text cut into its languages' stretches, each read as `read` gives its part in that
 * language; what lies between them (a " · ") is page furniture.
 */
function partsOf(line: StaticLine, read: ReadPart): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const stretch of [...(line.langs ?? [])].sort((a, b) => a.from - b.from)) {
    if (stretch.from > at) parts.push({ text: line.text.slice(at, stretch.from), artifact: 'Layout' });
    parts.push({ text: line.text.slice(stretch.from, stretch.to), tag: read(line.part!, stretch.lang) });
    at = stretch.to;
  }
  if (at < line.text.length) parts.push({ text: line.text.slice(at), artifact: 'Layout' });
  return parts;
}

/**
 * One line placed by the certificate layout, as react-pdf sets it: absolute, no height (react-pdf
 * drops a line a fixed height holds only exactly), letter-spaced if the line says so, never hyphenated,
 * each character in the face the face rule gives it (ScriptText: "2024년" sets its digits in Source Serif).
 * With `read`, each language of the line is read as its part's element; without, the line belongs
 * to the element around it (the seal's figure), or is page furniture (`artifact`).
 */
export function PlacedText({ line, read, artifact }: { line: StaticLine; read?: ReadPart; artifact?: ArtifactType }) {
  const style = {
    position: 'absolute', left: line.box.x, top: line.box.y, width: line.box.width,
    fontFamily: line.stack === 'myeongjo' ? myeongjo : serif, fontWeight: line.bold ? 700 : 400,
    fontSize: line.size, lineHeight: line.leading, textAlign: line.align, color: line.color,
    ...(line.tracking ? { letterSpacing: line.tracking } : {}),
  };
  const common = { hyphenationCallback: noHyphens, style, ...(artifact ? { artifact } : {}) };
  if (read && line.part && line.langs) {
    const parts = partsOf(line, read);
    // A line wholly in one language is that element's content as it stands.
    if (parts.length === 1 && parts[0]!.tag) return <ScriptText {...common} tag={parts[0]!.tag}>{line.text}</ScriptText>;
    return <ScriptText {...common} parts={parts} />;
  }
  return <ScriptText {...common}>{line.text}</ScriptText>;
}
