/**
 * The declaration as the layouts read it: its sections in reading order, aligned by section, and
 * the languages each layout prints.
 */
import type { Declaration } from '../input/schema.js';

/** How the two languages share the page. */
export type Layout = 'parallel' | 'stacked' | 'en' | 'ko';

/** The layouts, for the CLI's choices. */
export const LAYOUTS: readonly Layout[] = ['parallel', 'stacked', 'en', 'ko'];

/** A language of the declaration. */
export type Lang = 'en' | 'ko';
/** What a section is: it decides its style. */
export type Kind = 'motto' | 'paragraph' | 'directive' | 'slogan';

/** One section of the declaration in both languages: the unit English and Korean align on. */
export interface Section {
  kind: Kind;
  en: string | null;
  ko: string | null;
  number?: number;
}

/** The declaration's sections in reading order, aligned by section, never by sentence. */
export function declarationSections(declaration: Declaration): Section[] {
  const paragraphs = Math.max(declaration.preamble.en.length, declaration.preamble.ko.length);
  return [
    { kind: 'motto', en: declaration.mottos.en.join(' '), ko: declaration.mottos.ko.join(' ') },
    ...Array.from({ length: paragraphs }, (_, i): Section => ({
      kind: 'paragraph',
      en: declaration.preamble.en[i] ?? null,
      ko: declaration.preamble.ko[i] ?? null,
    })),
    { kind: 'paragraph', en: declaration.callToAction.en, ko: declaration.callToAction.ko },
    ...declaration.directives.map((directive, i): Section => ({ kind: 'directive', number: i + 1, ...directive })),
    { kind: 'paragraph', en: declaration.closing.en, ko: declaration.closing.ko },
    { kind: 'slogan', en: declaration.slogan.en, ko: declaration.slogan.ko },
  ];
}

/** The languages a layout prints, in reading order. */
export function layoutLangs(layout: Layout): readonly ('en' | 'ko')[] {
  return layout === 'parallel' ? ['en', 'ko'] : layout === 'stacked' ? ['ko', 'en'] : [layout];
}

