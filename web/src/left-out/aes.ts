/**
 * pdfkit's AES (for encrypted PDFs), left out of the studio's build (vite.config.ts): the package
 * builds its tables when it is loaded, in the render worker and the page, and no product writes
 * an encrypted PDF. The CLI keeps it.
 */
function unused(): never {
  throw new Error('the studio writes no encrypted PDF; allowed: the products as the CLI makes them (unencrypted)');
}

/** AES-CBC: not used. */
export const cbc = unused;
/** AES-ECB: not used. */
export const ecb = unused;
