/**
 * The library API: the same work as the CLI, for programs. Functions return bytes or results and
 * throw PressError; nothing here prints or exits.
 */
export { PressError, type PressErrorCode } from './error.js';
export { makeDeclaration, buildDeclaration, makeSigningSheet, DECLARATION_DEFAULTS, type DeclarationOptions, type SigningSheetOptions } from './declaration.js';
export { buildManifest, DEFAULT_MANIFEST, DEFAULT_JOBS, type BuildOptions, type EntryResult, type ManifestEntry } from './build.js';
export { buildCertificates, CERTIFICATE_DEFAULTS, parseShard, type CertificateOptions, type CertificateSummary, type ItemResult, type Shard } from './certificates.js';
export { buildCertificatesInProcesses } from './certificate-jobs.js';
export { makePoster, renderPoster, buildPoster, posterFileName, POSTER_DEFAULTS, type PosterOptions, type PosterResult, type TileSheet } from './poster.js';
export { POSTER_SIZES, POSTER_SIZE_NAMES, parseBleed, defaultBleed, type PosterSizeName } from './poster-sizes.js';
export { makeHandout, buildHandout, HANDOUT_DEFAULTS, HANDOUT_SHEETS, type HandoutOptions, type HandoutPaper } from './handout.js';
export { findPdfs, preflightFile, preflightFiles, formatPreflight, type FilePreflight, type PreflightOptions } from './preflight/preflight.js';
export { parseLength } from './core/units.js';
export { checkPdf, formatCheckReport, type PdfCheckReport } from './preflight/check-pdf.js';
export { loadSignatories } from './load-signatories.js';
export { parseSignatoriesCsv, type Signatory, type SignatoryList } from './parse-signatories.js';
export { loadTexts, type Texts } from './pipeline.js';
export { findMissingGlyphs, type TextOrigin } from './typeset.js';
export { PAPER, type PaperName } from './paper.js';
export { PRODUCTS, LAYOUTS, type Layout } from '../templates/index.js';
export { run } from './cli.js';
