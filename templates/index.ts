/**
 * The one list of products: the CLI's commands and choices come from here.
 */
import { ORIENTATIONS } from './Certificate.js';
import { LAYOUTS } from './pieces/DeclarationBody.js';
import { POSTER_LANGS } from '../src/layout/poster-layout.js';
import { POSTER_SIZE_NAMES } from '../src/core/poster-sizes.js';

export { DeclarationDocument, SigningSheetDocument, layoutLangs, type DeclarationProps } from './Declaration.js';
export type { DocumentMeta } from './pieces/PressDocument.js';
export { LAYOUTS, declarationSections, type Layout } from './pieces/DeclarationBody.js';
export type { SignatoryEntry } from './pieces/Signatories.js';
export { PosterDocument, POSTER_COLOR, type PosterProps } from './Poster.js';
export { composePoster, posterLangs, POSTER_LANGS, type PosterComposition, type PosterLang, type PosterWords } from '../src/layout/poster-layout.js';
export { QrCode, qrPath, QR_QUIET_ZONE } from './pieces/QrCode.js';
export { HandoutDocument, handoutBaseSize, handoutMargin, type HandoutProps, type HandoutWords } from './Handout.js';
export { CertificateDocument, certificateGeometry, layoutNames, orient, ORIENTATIONS, type CertificateEntry, type Orientation } from './Certificate.js';

/** Each product, what it makes, and the choices its options allow. */
export const PRODUCTS = {
  declaration: {
    describe: 'The declaration in English and Korean with its signatory block (blank signing lines or names)',
    papers: ['a4', 'letter', 'a3'] as const,
    layouts: LAYOUTS,
  },
  'signing-sheet': {
    describe: 'A signing sheet for an event: the title, the mottos and numbered blank lines, in both languages',
    papers: ['a4', 'letter', 'a3'] as const,
  },
  handout: {
    describe: 'A one-sheet handout: the declaration in both languages, an about panel and a QR code (or two A5/half-letter handouts two-up)',
    papers: ['a4', 'letter'] as const,
    nups: [1, 2] as const,
  },
  certificates: {
    describe: 'A bilingual certificate for every signatory of a list: one PDF each, and/or one combined PDF to print',
    papers: ['a4', 'letter'] as const,
    orientations: ORIENTATIONS,
  },
  poster: {
    describe: 'A poster of the mottos, directives and slogan (A3 to 24x36 in) with bleed, crop marks, a QR code, or tiled on office sheets',
    sizes: POSTER_SIZE_NAMES,
    langs: POSTER_LANGS,
    tiles: ['a4', 'letter'] as const,
  },
} as const;

/** A product's name. */
export type ProductName = keyof typeof PRODUCTS;
