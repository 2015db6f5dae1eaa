/** The messages between the page and its render worker. */
import type { RowResult } from '../../src/products/certificates/in-memory.js';

/** Make one document product's PDF. */
export interface DocumentRequest {
  /** Matches the reply to the request. */
  id: number;
  /** What to make. */
  kind: 'document';
  /** The product's name (its CLI command). */
  product: string;
  /** The options as the form holds them (unparsed: the worker parses them with the product's schema). */
  options: Record<string, unknown>;
  /** Files chosen for the options that name one (the declaration's signatory list), by option. */
  files?: Record<string, { name: string; bytes: Uint8Array }>;
  /** The site's base URL: fonts are fetched from `fonts/` under it. */
  base: string;
}

/** Make the certificates of a signatory list. */
export interface CertificatesRequest {
  /** Matches the replies to the request. */
  id: number;
  /** What to make. */
  kind: 'certificates';
  /** The options as the form holds them, without the list. */
  options: Record<string, unknown>;
  /** The list: its file name (for its type and for messages) and bytes. */
  list: { name: string; bytes: Uint8Array };
  /** A ZIP of separate PDFs, or one combined PDF. */
  output: 'zip' | 'combined';
  /** The site's base URL. */
  base: string;
}

/** A request to the worker. */
export type RenderRequest = DocumentRequest | CertificatesRequest;

/** A request's answer: progress (certificates), then the result or the error. */
export type RenderReply =
  | { id: number; kind: 'progress'; done: number; total: number }
  | { id: number; kind: 'done'; ok: true; bytes: Uint8Array; fileName: string; millis: number; made?: number; failed?: RowResult[] }
  | { id: number; kind: 'done'; ok: false; message: string };
