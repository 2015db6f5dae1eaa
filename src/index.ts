/**
 * The library API: the same work as the CLI, for programs. Functions return bytes or results and
 * throw PressError; nothing here prints or exits.
 */
export { PressError, type PressErrorCode } from './core/errors.js';
export { makeDeclaration, buildDeclaration, makeSigningSheet, DECLARATION_DEFAULTS, type DeclarationOptions, type SigningSheetOptions } from './products/declaration.js';
export { buildManifest, DEFAULT_MANIFEST, DEFAULT_JOBS, type BuildOptions, type EntryResult, type ManifestEntry } from './batch/build.js';
export { buildCertificates, CERTIFICATE_DEFAULTS, parseShard, type CertificateOptions, type CertificateSummary, type ItemResult, type Shard } from './products/certificates/batch.js';
export { buildCertificatesInProcesses } from './batch/certificate-jobs.js';
export { makePoster, renderPoster, buildPoster, posterFileName, POSTER_DEFAULTS, type PosterOptions, type PosterResult, type TileSheet } from './products/poster.js';
export { POSTER_SIZES, POSTER_SIZE_NAMES, parseBleed, defaultBleed, type PosterSizeName } from './core/poster-sizes.js';
export { makeHandout, buildHandout, HANDOUT_DEFAULTS, HANDOUT_SHEETS, type HandoutOptions, type HandoutPaper } from './products/handout.js';
export { preflightFile, preflightFiles, formatPreflight, parseLength, type FilePreflight, type PreflightOptions } from './check.js';
export { checkPdf, formatCheckReport, type PdfCheckReport } from './check-pdf.js';
export { loadSignatories } from './input/load-signatories.js';
export { parseSignatoriesCsv, type Signatory, type SignatoryList } from './input/parse-signatories.js';
export { loadTexts, type Texts } from './render/pipeline.js';
export { findMissingGlyphs, type TextOrigin } from './fonts/typeset.js';
export { PAPER, type PaperName } from './core/paper.js';
export { PRODUCTS, LAYOUTS, type Layout } from '../templates/index.js';
export { run } from './cli/cli.js';
