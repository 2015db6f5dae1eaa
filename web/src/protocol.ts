/** The messages between the page and its render worker. */

/** Make one document product's PDF. */
export interface RenderRequest {
  /** Matches the reply to the request. */
  id: number;
  /** What to do. */
  kind: 'document';
  /** The product's name (its CLI command). */
  product: string;
  /** The options as the form holds them (unparsed: the worker parses them with the product's schema). */
  options: Record<string, unknown>;
  /** The site's base URL: fonts are fetched from `fonts/` under it. */
  base: string;
}

/** A request's answer. */
export type RenderReply =
  | { id: number; ok: true; bytes: Uint8Array; fileName: string; millis: number }
  | { id: number; ok: false; message: string };
