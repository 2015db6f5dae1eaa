// fontkit imports a 1.3 MB Brotli decoder for WOFF2 fonts at start-up; the bundled fonts are TTF and
// OTF, so the CLI bundle gets this stub instead (see scripts/bundle.mjs).
export default function decompress() {
  throw new Error('WOFF2 fonts are not supported: declaration-press bundles TTF and OTF fonts only');
}
