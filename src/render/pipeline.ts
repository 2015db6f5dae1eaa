/**
 * The pipeline, written once as named steps:
 *
 *   load (data + signatories) -> validate -> typeset (fonts, coverage) -> template (React)
 *     -> render (react-pdf) -> finish (pdf-lib) -> write (atomic)
 *
 * Each product (templates/index.ts) says which texts it prints and which element it renders; the
 * steps here are the same for all of them.
 */
import { renderToBuffer } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { join } from 'node:path';
import { DATA_DIR, displayPath, readJson, registerBundledFonts, writeAtomic } from '../core/files.js';
import { declarationSchema, labelsSchema, type Declaration, type Labels } from '../input/schema.js';
import { assertCoverage, findMissingGlyphs, prepareTypeset, type TextOrigin, type Typeset } from '../fonts/typeset.js';
import type { PressError } from '../core/errors.js';
import { resetGlyphCaches, type StackName } from '../fonts/registry.js';

/** The declaration's words and the labels around them. */
export interface Texts {
  declaration: Declaration;
  labels: Labels;
}

/** Step 1, load + validate: the bundled declaration and labels (or a folder with the same files). */
export async function loadTexts(dataDir: string = DATA_DIR): Promise<Texts> {
  const [declaration, labels] = await Promise.all([
    readJson(join(dataDir, 'declaration.json'), declarationSchema),
    readJson(join(dataDir, 'labels.json'), labelsSchema),
  ]);
  return { declaration, labels };
}

/** Every string of a data file with its JSON path, for the coverage check's messages. */
export function textsOf(value: unknown, origin: string, path = ''): TextOrigin[] {
  if (typeof value === 'string') return [{ origin, field: path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => textsOf(item, origin, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => textsOf(item, origin, path ? `${path}.${key}` : key));
  }
  return [];
}

/**
 * Step 2, typeset: fonts registered once, every text checked against the font stacks the product
 * sets it in, metrics ready. Only those stacks' fonts are loaded.
 */
export async function typeset(texts: readonly TextOrigin[], stacks: readonly StackName[] = ['serif', 'myeongjo', 'sans']): Promise<Typeset> {
  registerBundledFonts();
  await assertCoverage(texts, stacks);
  return prepareTypeset(stacks);
}

/** Step 3 is the template itself (templates/); step 4, render: react-pdf lays out and writes the PDF. */
export async function render(element: ReactElement): Promise<Uint8Array> {
  resetGlyphCaches();
  // renderToBuffer's types want a Document element; templates return one.
  const buffer = await renderToBuffer(element as Parameters<typeof renderToBuffer>[0]);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Step 6, write: atomically, and returns the path as the user would read it. */
export async function write(file: string, bytes: Uint8Array): Promise<string> {
  await writeAtomic(file, bytes);
  return displayPath(file);
}

/** Where each text printed from the bundled data came from. */
export function dataTexts(texts: Texts, dataDir: string = DATA_DIR): TextOrigin[] {
  return [
    ...textsOf(texts.declaration, displayPath(join(dataDir, 'declaration.json'))),
    ...textsOf(texts.labels, displayPath(join(dataDir, 'labels.json'))),
  ];
}
