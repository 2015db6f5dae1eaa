/**
 * The bundled fonts, registered with react-pdf by URL: the same FONT_FILES the CLI registers by
 * path, served from the site's own `fonts/` folder (never from the web). react-pdf fetches a
 * font only when a product sets text in it, so a poster loads Pretendard and a declaration not.
 */
import { registerFonts } from '../../src/fonts/registry.js';

/** Registers the bundled fonts under the site's base URL. */
export function registerSiteFonts(base: string): void {
  registerFonts((file) => new URL(`fonts/${file}`, base).href);
}
