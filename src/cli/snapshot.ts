/**
 * The CLI's start-up snapshot (scripts/snapshot.mjs): what its builder runs after loading the
 * bundle, so that a command started from the snapshot finds it done. Everything it leaves behind
 * is derived from the code and the fonts alone (both recorded with the snapshot, which is not used
 * once either changes: bin/launch.cjs); the data files are read only to exercise the code, and
 * nothing read from them is kept.
 *
 * What it saves a command: parsing the fonts and decoding the tables shaping reads (cmap, GSUB,
 * GPOS, hmtx), and compiling the code of the paths it runs (V8 keeps a function's bytecode in the
 * snapshot once it has run). Layout cannot run here: WebAssembly (yoga) is absent while a snapshot
 * is built.
 */
import { createElement } from 'react';
import { pdf } from '@react-pdf/renderer';
import { PAPER } from '../core/paper.js';
import { STACKS, type StackName } from '../fonts/registry.js';
import { familyRuns } from '../fonts/faces.js';
import { dataTexts, loadHandoutWords, loadPosterData, loadTexts, textsOf } from '../input/data.js';
import { layoutLangs } from '../layout/declaration-layout.js';
import { documentMetadata } from '../render/metadata.js';
import { typeset } from '../render/pipeline.js';
import { DeclarationDocument } from '../../templates/Declaration.js';
import { makeParser } from './cli.js';

/** Every stack the products set text in. */
const ALL_STACKS = Object.keys(STACKS) as StackName[];

/** Runs the work a command would otherwise do first: see the module's comment. */
export async function prepareSnapshot(): Promise<void> {
  const texts = await loadTexts();
  const [posterWords, handoutWords] = await Promise.all([loadPosterData(), loadHandoutWords()]);
  const words = [...dataTexts(texts), ...textsOf(posterWords, 'poster.json'), ...textsOf(handoutWords, 'handout.json')];
  // Registers the fonts, parses every face, and reads each character's glyph (the coverage check).
  const ts = await typeset(words, ALL_STACKS);
  // Shapes every word in every stack, regular and bold: glyphs made, tables decoded, shaping compiled.
  for (const stack of ALL_STACKS) {
    for (const { text } of words) {
      for (const word of new Set(text.split(/\s+/))) {
        ts.measure(word, stack, 10);
        ts.measure(word, stack, 10, true);
        ts.ascent(word, stack, 10);
      }
      familyRuns(text, STACKS[stack]);
    }
  }
  // React and react-pdf's reconciler build the declaration's tree (no layout: that needs yoga).
  const page = PAPER.a4;
  pdf(
    createElement(DeclarationDocument, {
      declaration: texts.declaration,
      labels: texts.labels,
      page,
      layout: 'parallel',
      signatureLines: 12,
      signing: { pages: [12], rowHeight: 30, breakBefore: false },
      listStart: 0,
      sample: false,
      typeset: ts,
      meta: documentMetadata(texts, layoutLangs('parallel')),
    }) as Parameters<typeof pdf>[0],
  );
  // The command line's parser, every command's options built (not parsed: parsing runs a command).
  makeParser(['declaration']);
}
