/**
 * The document products without their loading, in the CLI's order: the studio's menu reads this
 * list (browser-safe), the CLI the records built on it (src/products/index.ts).
 */
import { declarationSpec } from './declaration.js';
import { handoutSpec } from './handout.js';
import { posterSpec } from './poster.js';
import { signingSheetSpec } from './signing-sheet.js';

/** Every document product, in the order --help lists them. */
export const DOCUMENT_SPECS = [declarationSpec, signingSheetSpec, posterSpec, handoutSpec] as const;

/** A document product's name. */
export type DocumentSpecName = (typeof DOCUMENT_SPECS)[number]['name'];
