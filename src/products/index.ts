/**
 * The one list of products: the CLI's commands, the manifest's `product` values, the library's
 * makers and the studio's menu all come from here.
 */
import { certificates } from './certificates.js';
import { declaration } from './declaration.js';
import { handout } from './handout.js';
import { poster } from './poster.js';
import { signingSheet } from './signing-sheet.js';
import { social } from './social.js';

/** Every product, in the order --help lists them. */
export const PRODUCTS = [declaration, signingSheet, poster, certificates, handout, social] as const;

/** A product of the list. */
export type Product = (typeof PRODUCTS)[number];

/** A product's name. */
export type ProductName = Product['name'];

/** The product of a name, or undefined. */
export function productNamed(name: string): Product | undefined {
  return PRODUCTS.find((product) => product.name === name);
}
