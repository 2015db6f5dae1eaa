/**
 * Certificates made in memory, browser-safe: the studio's batch (in its render worker) on the
 * CLI's fast path. react-pdf renders the static layer once, and each certificate's own parts are
 * written by the same CertificateWriter (pre-serialised bytes, fflate's deflate) over it. The CLI's
 * batch (batch.ts) adds what a disk needs: input hashes to skip unchanged files, shards, atomic
 * writes, signature images read beside the list.
 */
import { PressError } from '../../core/errors.js';
import { certificateFileNames } from '../../core/output-name.js';
import { orient, PAPER, type Orientation } from '../../core/paper.js';
import { dataFile, textsOf } from '../../input/data-texts.js';
import type { SignatoryList } from '../../input/parse-signatories.js';
import type { CertificateWording, Texts } from '../../input/schema.js';
import { certificateVariables } from '../../layout/certificate-layout.js';
import { typesetRegistered } from '../../render/compose.js';
import { joinParts } from './pdf-syntax.js';
import { certificateEntry, certificateMeta, certificateTitle, CERTIFICATE_STACKS, checkRow, numberDigits, prepareCertificates, rowError } from './prepare.js';
import type { VariableLayer } from './writer.js';

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
  const setup = { texts, wording, page: orient(PAPER[options.paper], options.orientation), sample: options.sample, verify: false };
  const { typeset, layout, writer } = await prepareCertificates(setup, checked, certificateMeta(texts, wording, wording.title.en));

  const { rows } = list;
  const names = certificateFileNames(rows.map((row) => ('signatory' in row ? row.signatory : {})));
  const digits = numberDigits(rows.length);
  const result: InMemoryResult = { files: [], rows: [] };
  const combined = options.combined ? writer.combined() : undefined;
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
      await checkRow(signatory);
      const layer: VariableLayer = { variables: certificateVariables(typeset, wording, texts.declaration.title, layout, certificateEntry(signatory, i, digits)) };
      // Shaped once for both (see shapeNow).
      if (combined) await combined.add(options.separate ? writer.shapeNow(layer) : layer);
      if (options.separate) {
        result.files.push({ name: names[i]!, bytes: joinParts(await writer.writeParts(layer, certificateMeta(texts, wording, certificateTitle(wording, signatory)))) });
      }
      report({ status: 'made', line: row.line, origin: signatory.origin, file: options.separate ? names[i] : undefined });
    } catch (error) {
      if (!(error instanceof PressError)) throw error;
      report({ status: 'failed', line: row.line, origin: signatory.origin, error: error.message });
    }
  }
  if (combined && combined.count > 0) result.combined = combined.bytes(certificateMeta(texts, wording, `${wording.title.en} / ${wording.title.ko}`));
  return result;
}
