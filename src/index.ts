/**
 * The library API: the same work as the CLI, for programs. Functions return bytes or results and
 * throw PressError; nothing here prints or exits. Paths in results are absolute.
 */
export { PressError, type PressErrorCode } from './core/errors.js';
export { PAPER, POSTER_SIZES, POSTER_SIZE_NAMES, parseBleed, defaultBleed, orient, type PaperName, type PosterSizeName, type Orientation } from './core/paper.js';
export { parseLength, mm, inch, type PageSize } from './core/units.js';
export type { DocumentMetadata } from './core/document-metadata.js';
export { PRODUCTS, productNamed, type Product, type ProductName } from './products/index.js';
export { describeOptions, parseOptions, type OptionInfo } from './products/options.js';
export { makeProduct, type DocumentProduct } from './products/record.js';
export { makeDeclaration, declaration, type DeclarationOptions } from './products/declaration.js';
export { makeSigningSheet, signingSheet, type SigningSheetOptions } from './products/signing-sheet.js';
export { makeHandout, handout, HANDOUT_SHEETS, type HandoutOptions } from './products/handout.js';
export { makePoster, renderPoster, poster, type PosterOptions, type PosterResult, type TileSheet } from './products/poster.js';
export { makeSocialCard, social, type SocialOptions } from './products/social.js';
export { CARD_SIZES, CARD_SIZE_NAMES, CARD_CONTENTS, type CardSizeName, type CardContent } from './layout/social-layout.js';
export { makeFiles, outputName, outputOptions, pictureFiles, FORMATS, DEFAULT_DPI, type Format, type OutputFile } from './products/formats.js';
export { rasterizePdf, pixelSize, MAX_PIXELS, type RasterOptions } from './render/raster.js';
export { encodePng, readPngText, type PngText } from './render/png.js';
export { buildCertificates, certificates } from './products/certificates.js';
export { batchFailed, parseShard, type CertificateSummary, type ItemResult, type Shard } from './products/certificates/batch.js';
export { buildCertificatesInProcesses } from './batch/certificate-jobs.js';
export { buildManifest, DEFAULT_MANIFEST, DEFAULT_JOBS, type BuildOptions, type EntryResult, type ManifestEntry } from './batch/build.js';
export { findPdfs, preflightFile, preflightFiles, formatPreflight, type FilePreflight, type PreflightOptions } from './preflight/preflight.js';
export { checkPdf, formatCheckReport, type PdfCheckReport } from './preflight/check-pdf.js';
export { loadSignatories } from './input/load-signatories.js';
export { parseSignatoriesCsv, type Signatory, type SignatoryList, type ListRow } from './input/parse-signatories.js';
export { loadTexts } from './input/data.js';
export type { Texts } from './input/schema.js';
export { findMissingGlyphs, type TextOrigin } from './fonts/typeset.js';
export { LAYOUTS, type Layout } from './layout/declaration-layout.js';
export { run } from './cli/cli.js';
