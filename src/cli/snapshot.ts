/**
 * The CLI's start-up snapshot (scripts/snapshot.mjs): what its builder runs after loading the
 * bundle, so that a command started from the snapshot finds it done. The snapshot is not used
 * once the code or the fonts change (both are recorded with it: bin/launch.cjs).
 *
 * What it saves a command: parsing the fonts and decoding the tables shaping reads (cmap, GSUB,
 * GPOS, hmtx), and compiling the code of the paths it runs (V8 keeps a function's bytecode in the
 * snapshot once it has run). Layout cannot run here: WebAssembly (yoga) is absent while a snapshot
 * is built.
 *
 * What it keeps that was made from the data files is kept under a key that holds every input it
 * depends on besides the code and the fonts, so one whose data changed is simply not found: the
 * widths of the data's words (and of the letters around their spaces), by text; the QR codes of
 * the data's addresses, by address; the glyph runs of the texts the standard set lays out, by text
 * and options (fonts/faces.ts keepLayouts), and those its certificates shape, by text
 * (products/certificates/shaping.ts keepRuns); the data's sample signatures checked and embedded,
 * by their bytes; and the drafts of the standard set (where the text
 * ends, to plan the signing lines: src/render/measure.ts), which save a cold declaration one of
 * its two layouts. The runs and the drafts are laid out beforehand by another process of the same
 * bundle (measureDrafts), where WebAssembly is, and handed over in a file.
 */
import { createElement } from 'react';
import { pdf } from '@react-pdf/renderer';
import { PAPER } from '../core/paper.js';
import { FONT_FILES, STACKS, type StackName } from '../fonts/registry.js';
import { familyRuns, laidOutTexts, loadedFace, releaseBytes, type LaidOutText } from '../fonts/faces.js';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR, FONTS_DIR, readJson } from '../core/files.js';
import { dataTexts, loadHandoutWords, loadPosterData, loadTexts, textsOf } from '../input/data.js';
import { LAYOUTS } from '../layout/declaration-layout.js';
import { loadSignatoryEntries } from '../products/declaration.js';
import { declarationSpec, declarationSteps, OFFICE_PAPERS } from '../products/documents/declaration.js';
import { signingSheetSpec, signingSheetSteps } from '../products/documents/signing-sheet.js';
import { measuredDrafts, rememberDrafts, type DraftEntry } from '../render/measure.js';
import { LONG_LIST } from '../layout/signing-pages.js';
import { layoutLangs } from '../layout/declaration-layout.js';
import { documentMetadata } from '../render/metadata.js';
import { typeset } from '../render/pipeline.js';
import { DeclarationDocument } from '../../templates/Declaration.js';
import { run } from './cli.js';
import { PDFDocument, PDFName } from 'pdf-lib';
import { applyMetadata, loadPdf, savePdf } from '../render/finish.js';
import { buildManifest, DEFAULT_MANIFEST, manifestSchema } from '../batch/build.js';
import { keepRuns, keptTexts, RunShaper } from '../products/certificates/shaping.js';
import { keepPreparedImage } from '../products/certificates/document-objects.js';
import { keepSignatureImage } from '../input/signature-image.js';
import { PressError } from '../core/errors.js';
import { productNamed } from '../products/index.js';
import { parseOptions } from '../products/options.js';
import { makeQrMatrix } from '../core/qr.js';
import { memoTypeset } from '../layout/poster-layout.js';

/** The products of the standard set whose texts the snapshot keeps laid out, besides the declaration's and signing sheet's drafts. */
const STANDARD_SET_KEPT = new Set(['poster', 'handout', 'social']);

/** Every stack the products set text in. */
const ALL_STACKS = Object.keys(STACKS) as StackName[];

/**
 * Runs the work a command would otherwise do first: see the module's comment. `draftsFile`: the
 * JSON measureDrafts wrote, when there is one.
 */
export async function prepareSnapshot(draftsFile?: string): Promise<void> {
  const measured = draftsFile ? (JSON.parse(await readFile(draftsFile, 'utf8')) as Measured) : null;
  if (measured) rememberDrafts(measured.drafts);
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
  // Measures every text as the posters and social cards do (memoTypeset: each word, and the
  // letters either side of each space, laid out once and kept by advanceWidth): a poster built from
  // the snapshot measured some 300 of those letters and pairs afresh (2026-12-03).
  const byWords = memoTypeset(ts);
  for (const stack of ALL_STACKS) {
    for (const { text } of words) {
      byWords.measure(text, stack, 1);
      byWords.measure(text, stack, 1, true);
    }
  }
  // The QR codes of the data's addresses, as the posters, social cards and handouts encode them,
  // kept by makeQrMatrix under the address (a changed address is simply encoded anew). Each is some
  // eight mask evaluations of a 49-module symbol in code not compiled yet: 0.15 s of a build at a
  // slow hour (2026-12-03).
  makeQrMatrix(posterWords.qr.url);
  makeQrMatrix(handoutWords.qr.url, { fewestModules: true });
  // The runs of text the drafts' layout shaped, shaped again: kept by the faces (keepLayouts), so a
  // command sets the standard set's paragraphs without shaping them.
  // And the certificates' runs, shaped again and kept for the process (shaping.ts keepRuns).
  const shaper = new RunShaper();
  keepRuns(true);
  for (const { file, texts, runs } of measured?.shaped ?? []) {
    const font = FONT_FILES.find((candidate) => candidate.file === file);
    const face = font && loadedFace(font);
    if (!face) continue;
    for (const { text, options } of texts) (face.layout as (text: string, ...options: unknown[]) => unknown)(text, ...options);
    for (const text of runs) shaper.shape(face, text);
  }
  keepRuns(false);
  // The data's sample signatures, checked (input/signature-image.ts) and embedded as a certificate
  // embeds them (products/certificates/document-objects.ts), kept by their bytes: a changed file is
  // simply checked and embedded anew.
  const signatures = join(DATA_DIR, 'signatures');
  for (const name of (await readdir(signatures).catch(() => [])).sort()) {
    const image = keepSignatureImage(new Uint8Array(await readFile(join(signatures, name))));
    if (typeof image !== 'string') await keepPreparedImage({ bytes: image.bytes, format: image.format });
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
  // The command line parsed as a command's is, up to its strict check of the options: an option no
  // command has fails there, before any command runs. And pdf-lib's writer and parser, pako's
  // deflate and the document information, as every product finishes its PDF. Compiled here, so a
  // command does not compile them: at a slow hour a cold declaration compiled 61 ms of the bundle's
  // functions, yargs 12 ms and pdf-lib 5 ms of them (V8's --log-function-events, 2026-12-03).
  await run(['declaration', '--not-an-option'], { stdout: () => {}, stderr: () => {} });
  const scratch = await PDFDocument.create({ updateMetadata: false });
  scratch.addPage([72, 72]).node.set(PDFName.of('Contents'), scratch.context.register(scratch.context.flateStream('q 1 0 0 1 0 0 cm Q\n')));
  const finished = await loadPdf(await savePdf(scratch));
  applyMetadata(finished, documentMetadata(texts, layoutLangs('parallel')));
  await savePdf(finished);
  // The faces stay parsed, their font files are read again when a command needs their bytes.
  for (const font of FONT_FILES) {
    const face = loadedFace(font);
    if (face) releaseBytes(face, () => readFileSync(join(FONTS_DIR, font.file)));
  }
}

/**
 * Lays out what the snapshot keeps from the data (see the module's comment) and returns it as
 * JSON, for the snapshot's builder: the drafts of the declaration on each office paper in each
 * layout with its blank lines, of the standard set's declaration with the sample signatories
 * (data/manifest.json) and of the signing sheet on each office paper; and the texts laid out for
 * those and for the standard set's posters, handouts and social cards, made here once (their files
 * are not written).
 */
export async function measureDrafts(): Promise<string> {
  const texts = await loadTexts();
  const ts = await typeset(dataTexts(texts), ['serif', 'myeongjo']);
  const sample = await loadSignatoryEntries(join(DATA_DIR, 'signatories.sample.csv'));
  for (const paper of OFFICE_PAPERS) {
    for (const layout of LAYOUTS) await declarationSteps.element({ texts, dataDir: DATA_DIR }, declarationSpec.options.parse({ paper, layout }), ts);
    await signingSheetSteps.element({ texts, dataDir: DATA_DIR }, signingSheetSpec.options.parse({ paper }), ts);
  }
  const signed = await typeset([...dataTexts(texts), ...sample.texts], ['serif', 'myeongjo']);
  await declarationSteps.element({ texts, dataDir: DATA_DIR, signatories: sample }, declarationSpec.options.parse({ signatories: join(DATA_DIR, 'signatories.sample.csv'), sample: true }), signed);
  // A long list's draft has no names (templates/pieces/Signatories.tsx): one per paper and layout,
  // with and without signatures, serves every long list a user brings.
  for (const signature of [undefined, join(DATA_DIR, 'signatures', 'hong-gildong.png')]) {
    const entries = Array.from({ length: LONG_LIST }, () => ({ ...sample.entries[0], signature }));
    for (const paper of OFFICE_PAPERS) {
      for (const layout of LAYOUTS) await declarationSteps.element({ texts, dataDir: DATA_DIR, signatories: { entries, texts: [] } }, declarationSpec.options.parse({ paper, layout, signatories: 'list.csv' }), signed);
    }
  }
  // The standard set's posters, handouts and social cards (data/manifest.json), made once: the
  // texts they lay out (react-pdf's paragraphs, pdf-lib's labels) are kept with the drafts'. 9
  // alternated cold builds (2026-12-03, a slow hour): 4.03 s against 4.41 s, CPU 0.93x; the
  // snapshot 0.4 MB larger, the cold declaration level (0.97 s, 15 rounds).
  const manifest = await readJson(DEFAULT_MANIFEST, manifestSchema);
  for (const entry of manifest.outputs) {
    const { product: name, options = {} } = entry as { product?: unknown; options?: Record<string, unknown> };
    const product = productNamed(String(name));
    if (!product || product.kind !== 'document' || !STANDARD_SET_KEPT.has(product.name)) continue;
    try {
      await product.make(parseOptions(product.options, options) as never);
    } catch (error) {
      // Data a product cannot make is reported by the command that makes it; the drafts above are kept.
      if (!(error instanceof PressError)) throw error;
    }
  }
  // The standard set's certificates, made once in a scratch folder: the runs their batch shapes
  // (the layout's trial lines, the wording, the sample names: products/certificates/shaping.ts) are
  // kept with their texts, and the texts react-pdf lays out for their static layer with the others.
  const certificates = manifest.outputs.flatMap((entry, i) => (productNamed(String((entry as { product?: unknown }).product))?.kind === 'batch' ? [i + 1] : []));
  if (certificates.length > 0) {
    const scratch = await mkdtemp(join(tmpdir(), 'declaration-press-snapshot-'));
    keepRuns(true);
    try {
      const results = await buildManifest(DEFAULT_MANIFEST, { outDir: scratch, only: certificates, jobs: 1, force: true });
      const failed = results.find((result) => result.error);
      // A list the certificates cannot be made from is reported by the build that makes them.
      if (failed?.error && !(failed.error instanceof PressError)) throw failed.error;
    } finally {
      keepRuns(false);
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const shaped = FONT_FILES.flatMap((font) => {
    const face = loadedFace(font);
    return face ? [{ file: font.file, texts: laidOutTexts(face), runs: keptTexts(face) }] : [];
  });
  return JSON.stringify({ drafts: measuredDrafts(), shaped } satisfies Measured);
}

/**
 * What measureDrafts hands the snapshot's builder: the drafts, and for each font file the texts its
 * face laid out (react-pdf's) and those the certificates' RunShaper shaped.
 */
interface Measured {
  drafts: DraftEntry[];
  shaped: { file: string; texts: LaidOutText[]; runs: string[] }[];
}
