/**
 * The templates: one React document per product, for react-pdf, built from shared pieces. They
 * know layout, not I/O; what the tool offers (options, outputs) is in src/products/.
 */
export { DeclarationDocument, SigningSheetDocument, type DeclarationProps } from './Declaration.js';
export { PosterDocument, POSTER_COLOR, type PosterProps } from './Poster.js';
export { HandoutDocument, type HandoutProps } from './Handout.js';
export { CertificateDocument, CertificatePage, type CertificateProps } from './Certificate.js';
export { SocialDocument, type SocialProps } from './Social.js';
export { QrCode, qrPath, QR_QUIET_ZONE } from './pieces/QrCode.js';
