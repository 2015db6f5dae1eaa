/**
 * Tagging for react-pdf: the props our patched render step (patches/@react-pdf+render+4.7.0.patch)
 * turns into a PDF structure tree. A node with `tag` is a structure element and what it draws is
 * that element's content; a node with `artifact` is page furniture a reader skips. Reading order
 * is the order in which elements are first met under their parent, so a tag object that names its
 * `parent` can gather parts drawn far apart (each language of the parallel layout read whole).
 */

/** A structure role of ISO 32000-1 (14.8.4) that the templates use. */
export type Role =
  | 'Document' | 'Sect' | 'Div' | 'H1' | 'H2' | 'P' | 'Span' | 'Caption'
  | 'L' | 'LI' | 'Lbl' | 'LBody'
  | 'Table' | 'THead' | 'TBody' | 'TR' | 'TH' | 'TD'
  | 'Figure';

/** A language a passage is in: each goes to its element's /Lang, so a screen reader changes voice. */
export type Lang = 'en' | 'ko';

/** One structure element. The same object on several nodes is one element (a paragraph split over pages). */
export interface Tag {
  /** Its role. */
  role: Role;
  /** Its language (/Lang). */
  lang?: Lang;
  /** Alternative text (/Alt), what a figure says in words. */
  alt?: string;
  /** A title for it (/T). */
  title?: string;
  /** What a header cell heads (/Scope in a Table attribute). */
  scope?: 'Row' | 'Column' | 'Both';
  /** The element it belongs to, when not the nearest tagged node above it. */
  parent?: Tag;
  /** Roles of empty elements that follow it in its parent (the blank cells of a row). */
  followedBy?: readonly Role[];
}

/** What kind of page furniture an artifact is (ISO 32000-1, 14.8.2.2). */
export type ArtifactType = 'Pagination' | 'Layout' | 'Page' | 'Background';

/** An outline item (bookmark): react-pdf's, with `ref` and `parent` to nest items. */
export interface OutlineItem {
  /** What the outline shows. */
  title: string;
  /** A name later items give as `parent`. */
  ref?: string;
  /** The `ref` of the item this one is nested under. */
  parent?: string;
  /** Whether its children show when the file opens. */
  expanded?: boolean;
}

declare module '@react-pdf/renderer' {
  interface NodeProps {
    /** The structure element this node is (patches/README.md). */
    tag?: Tag | Role;
    /** What this node draws is page furniture of this kind, outside the structure. */
    artifact?: ArtifactType;
    /** An outline item pointing at this node. */
    bookmark?: string | OutlineItem;
  }
  interface DocumentProps {
    /** Write a tagged PDF: a structure tree, MarkInfo /Marked true, tab order by structure. */
    tagged?: boolean;
  }
}

/** A new structure element (a new object each call: the same object is the same element). */
export function tag(role: Role, options: Omit<Tag, 'role'> = {}): Tag {
  return { role, ...options };
}

/** The props that make a node page furniture. */
export function artifact(type: ArtifactType): { artifact: ArtifactType } {
  return { artifact: type };
}

/** One Sect per language, made once per document: the parts of each language gather there, read whole. */
export function languageSections(langs: readonly Lang[]): Record<Lang, Tag> {
  const sections = {} as Record<Lang, Tag>;
  for (const lang of langs) sections[lang] = tag('Sect', { lang });
  // A language the document does not print still gets one, never used (no empty element is written).
  for (const lang of ['en', 'ko'] as const) sections[lang] ??= tag('Sect', { lang });
  return sections;
}

/** The longest an outline item may be, in characters: a bookmark pane is narrow. */
const OUTLINE_CHARS = 64;

/**
 * An outline item's words for a passage: its first sentence, cut at a word (Korean: 어절) before
 * OUTLINE_CHARS characters with an ellipsis. Numbered directives keep their number.
 */
export function outlineTitle(text: string, number?: number): string {
  const sentence = /^.+?[.!?。](?=\s|$)/u.exec(text)?.[0] ?? text;
  const chars = [...sentence];
  let title = sentence;
  if (chars.length > OUTLINE_CHARS) {
    const cut = chars.slice(0, OUTLINE_CHARS).join('');
    const space = cut.lastIndexOf(' ');
    title = `${(space > OUTLINE_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[,;:\s]+$/u, '')}…`;
  }
  return number === undefined ? title : `${number}. ${title}`;
}
