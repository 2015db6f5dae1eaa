/**
 * The page's first script, kept small so that it runs at once: it starts the previews' render
 * worker and asks it for the first preview (the declaration at its defaults) before the page's
 * main script (main.tsx: React, the controls, the product records, pdf.js; 2.8 MB) is fetched
 * and parsed. The worker loads, fetches its fonts and lays the declaration out while the page
 * mounts: the two ran one after the other before, and the worker waited for React to mount.
 */
import { Renderer, type DoneReply } from './renderer.js';

/** The product the studio opens on (main.tsx's first product). */
export const FIRST_PRODUCT = 'declaration';

/** The previews' worker (a batch of certificates runs in a worker of its own). */
export const previewRenderer = new Renderer();

// Options left out take their defaults, as the form's first values do (main.tsx checks they agree).
let first: Promise<DoneReply> | undefined = previewRenderer.request({ kind: 'document', product: FIRST_PRODUCT, options: {} });

/** The first preview asked for here, handed out once: to the page's first render. */
export function takeFirstPreview(): Promise<DoneReply> | undefined {
  const taken = first;
  first = undefined;
  return taken;
}

void import('./main.js');
