/**
 * fontkit's Brotli decoder (for WOFF2 fonts), left out of the studio's build (vite.config.ts): the
 * package decompresses its 120 KB dictionary when it is loaded, which cost the render worker
 * and the page 200 ms of their start on the loaded two-core machine, and the studio reads no
 * WOFF2 font: its fonts are the bundled TrueType and OpenType files (fonts/). The CLI keeps it.
 */
export default function decompress(): never {
  throw new Error('the studio reads no WOFF2 font; allowed: the bundled TrueType and OpenType fonts (fonts/)');
}
