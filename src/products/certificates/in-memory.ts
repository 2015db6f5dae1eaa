/**
 * Certificates made in memory, browser-safe: the studio's batch (in its render worker) on the
 * CLI's fast path. react-pdf renders the static layer once, and each certificate's own parts are
 * written by the same CertificateWriter (pre-serialised bytes, fflate's deflate) over it. The CLI's
 * batch (batch.ts) adds what a disk needs: input hashes to skip unchanged files, shards, atomic
 * writes, signature images read beside the list.
 */
import { createElement } from 'react';
import { CertificateDocument } from '../../../templates/index.js';
import { PressError } from '../../core/errors.js';
import { certificateFileNames } from '../../core/output-name.js';
import { orient, PAPER, type Orientation } from '../../core/paper.js';
import { loadFaceSet, loadStacks } from '../../fonts/faces.js';
import type { StackName } from '../../fonts/registry.js';
import { findMissingGlyphs, type TextOrigin } from '../../fonts/typeset.js';
import { dataFile, textsOf } from '../../input/data-texts.js';
import type { ListRow, Signatory, SignatoryList } from '../../input/parse-signatories.js';
import type { CertificateWording, Texts } from '../../input/schema.js';
import { certificateVariables, layoutCertificate, type CertificateEntry } from '../../layout/certificate-layout.js';
import { render, typesetRegistered } from '../../render/compose.js';
import { loadPdf } from '../../render/finish.js';
import { documentMetadata } from '../../render/metadata.js';
import { RunShaper } from './shaping.js';
import { CertificateWriter, type VariableLayer } from './writer.js';
import { joinParts } from './pdf-syntax.js';

/** The stacks a certificate is set in (as batch.ts). */
const CERTIFICATE_STACKS = ['serif', 'myeongjo'] as const satisfies readonly StackName[];

/** What the certificates print beside the list: the declaration's texts and the wording. */
export interface CertificateData {
  /** The declaration and labels. */
  texts: Texts;
  /** certificate.json. */
  wording: CertificateWording;
  /** Where the data came from, for messages. */
  dataDir: string;
}

/** How to make them. */
export interface InMemoryOptions {
  /** a4 or letter. */
  paper: 'a4' | 'letter';
  /** landscape or portrait. */
  orientation: Orientation;
  /** Mark every certificate SAMPLE. */
  sample: boolean;
  /** One PDF per signatory. */
  separate: boolean;
  /** One PDF with a page per signatory. */
  combined: boolean;
}

/** What happened to one row. */
export interface RowResult {
  /** made or failed. */
  status: 'made' | 'failed';
  /** The row's line in the list (1-based, the header is line 1). */
  line: number;
  /** Where: `list.csv:14`. */
  origin: string;
  /** The file made, when separate files are made. */
  file?: string;
  /** Why it failed, as the CLI says it. */
  error?: string;
}

/** The certificates made, and every row's result in list order. */
export interface InMemoryResult {
  /** The separate PDFs, by file name (the CLI's names). */
  files: { name: string; bytes: Uint8Array }[];
  /** The combined PDF, when asked for and any row was good. */
  combined?: Uint8Array;
  /** Each row's result. */
  rows: RowResult[];
}

/** The message of a bad row, its problems in one line (as batch.ts says it). */
function rowError(row: Extract<ListRow, { errors: PressError[] }>): PressError {
  const [first] = row.errors;
  if (row.errors.length === 1) return first!;
  const reasons = row.errors.map((error) => error.message.slice((error.where ?? '').length + 2));
  return new PressError('BAD_DATA', reasons.join('; '), first!.where);
}

/** The texts of a row the template prints, named by their columns. */
function rowTexts(row: Signatory): TextOrigin[] {
  const columns = [['nameKo', 'name_ko'], ['nameEn', 'name_en'], ['roleKo', 'role_ko'], ['roleEn', 'role_en']] as const;
  return columns.flatMap(([key, field]) => (row[key] ? [{ origin: row.origin, field, text: row[key]! }] : []));
}

/**
 * Makes the certificates of a parsed list; bad rows are reported while the good rows are made.
 * Fonts must be registered. `onRow` is called after each row; the loop yields to the event loop
 * every `yieldEvery` rows so a worker can post its progress.
 */
export async function makeCertificatesInMemory(
  list: SignatoryList,
  data: CertificateData,
  options: InMemoryOptions,
  onRow?: (result: RowResult, done: number, total: number) => void,
  yieldEvery = 25,
): Promise<InMemoryResult> {
  const { texts, wording, dataDir } = data;
  const checked = await typesetRegistered(
    [...textsOf(texts.declaration.title, dataFile(dataDir, 'declaration.json'), 'title'), ...textsOf(wording, dataFile(dataDir, 'certificate.json'))],
    CERTIFICATE_STACKS,
  );
  const shaper = new RunShaper();
  const typeset = shaper.typeset(checked, await loadStacks(CERTIFICATE_STACKS));
  const page = orient(PAPER[options.paper], options.orientation);
  const layout = layoutCertificate(page, typeset, wording, texts.declaration.title, { sample: options.sample });
  const meta = (title: string) =>
    documentMetadata(texts, ['en'], {
      title,
      author: `${wording.issuer.en} / ${wording.issuer.ko}`,
      subject: `${wording.title.en} / ${wording.title.ko}: ${texts.declaration.title.en}`,
      language: 'ko',
      producer: 'react-pdf, pdf-lib',
      date: wording.date,
    });
  const staticLayer = await loadPdf(
    await render(
      createElement(CertificateDocument, {
        wording,
        declarationTitle: texts.declaration.title,
        alt: texts.labels.alt,
        page,
        certificates: [null],
        sample: options.sample,
        typeset,
        meta: meta(wording.title.en),
      }),
    ),
  );
  if (staticLayer.getPageCount() !== 1) throw new Error(`the certificates' static layer came out on ${staticLayer.getPageCount()} pages, not 1`);
  const writer = await CertificateWriter.prepare(staticLayer, page, await loadFaceSet(CERTIFICATE_STACKS), shaper);

  const { rows } = list;
  const names = certificateFileNames(rows.map((row) => ('signatory' in row ? row.signatory : {})));
  const digits = Math.max(4, String(rows.length).length);
  const result: InMemoryResult = { files: [], rows: [] };
  const layers: VariableLayer[] = [];
  const report = (row: RowResult) => {
    result.rows.push(row);
    onRow?.(row, result.rows.length, rows.length);
  };
  for (const [i, row] of rows.entries()) {
    if (i > 0 && i % yieldEvery === 0) await new Promise((done) => setTimeout(done, 0));
    if ('errors' in row) {
      const error = rowError(row);
      report({ status: 'failed', line: row.line, origin: error.where ?? list.file, error: error.message });
      continue;
    }
    const { signatory } = row;
    try {
      if (signatory.signature) {
        throw new PressError('BAD_DATA', `signature: "${signatory.signature}" is not read by the studio, which reads no files beside the list; allowed: an empty signature column here, or the command line (declaration-press certificates), which reads the images`, signatory.origin);
      }
      const [missing] = await findMissingGlyphs(rowTexts(signatory), ['serif']);
      if (missing) throw missing;
      const entry: CertificateEntry = {
        nameKo: signatory.nameKo,
        nameEn: signatory.nameEn,
        roleKo: signatory.roleKo,
        roleEn: signatory.roleEn,
        number: String(i + 1).padStart(digits, '0'),
      };
      const layer: VariableLayer = { variables: certificateVariables(typeset, wording, texts.declaration.title, layout, entry) };
      if (options.combined) layers.push(writer.shapeNow(layer));
      if (options.separate) {
        const title = `${wording.title.en}: ${[signatory.nameKo, signatory.nameEn].filter(Boolean).join(' / ')}`;
        result.files.push({ name: names[i]!, bytes: joinParts(await writer.writeParts(layer, meta(title))) });
      }
      report({ status: 'made', line: row.line, origin: signatory.origin, file: options.separate ? names[i] : undefined });
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      report({ status: 'failed', line: row.line, origin: signatory.origin, error: error.message });
    }
  }
  if (options.combined && layers.length > 0) result.combined = await writer.writeCombined(layers, meta(`${wording.title.en} / ${wording.title.ko}`));
  return result;
}
