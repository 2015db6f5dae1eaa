/**
 * Preflight of PDF files on disk: finds them (a folder stands for the PDFs in it), reads each, runs
 * checkPdf on it, and decides whether print boxes are required. The command line (`check`,
 * `build --check`) and programs share it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PressError } from '../core/errors.js';
import { readInput } from '../core/files.js';
import { checkPdf, formatCheckReport, type PdfCheckReport } from './check-pdf.js';

/** What a preflight of files demands. */
export interface PreflightOptions {
  /**
   * Whether every page must have a TrimBox and a BleedBox. 'auto' (the default): only when the file
   * has a TrimBox or BleedBox on some page (posters have them on every page; office documents,
   * which a print shop trims nothing from, have none and need none).
   */
  boxes?: boolean | 'auto';
  /** Bleed in pt every side of every page must have; implies boxes. Unchecked when omitted. */
  bleed?: number;
  /** Lowest acceptable image resolution at placed size, pixels per inch (default 300). */
  minPpi?: number;
}

/** The preflight of one file. */
export interface FilePreflight {
  /** The file (the path it was given as). */
  file: string;
  /** True when the file was read and every check passes. */
  ok: boolean;
  /** Whether boxes were required of this file. */
  boxesRequired: boolean;
  /** The report, when the file could be read as a PDF. */
  report?: PdfCheckReport;
  /** Why the file could not be checked (missing, not a PDF, encrypted). */
  error?: PressError;
}

/** Checks one PDF file; never throws for a bad file (the result says why), only for bad options. */
export async function preflightFile(path: string, options: PreflightOptions = {}): Promise<FilePreflight> {
  const file = path;
  const boxes = options.bleed !== undefined ? true : (options.boxes ?? 'auto');
  if (options.bleed !== undefined && options.boxes === false) {
    throw new PressError('BAD_OPTION', '--bleed checks the BleedBox, so it cannot go with --no-boxes');
  }
  const common = { file, expectedBleed: options.bleed, minPpi: options.minPpi };
  try {
    const read = await readInput(path);
    // A Node Buffer, which pdf.js refuses: give it a plain Uint8Array view of the same bytes.
    const bytes = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
    let report = await checkPdf(bytes, { ...common, requireBoxes: boxes === true });
    let boxesRequired = boxes === true;
    if (boxes === 'auto') {
      const pages = report.facts.boxes;
      const some = pages.some((page) => page.trim || page.bleed);
      boxesRequired = some;
      // A file with boxes on some pages only: check again demanding them, so the missing ones are named.
      if (some && !pages.every((page) => page.trim && page.bleed)) {
        report = await checkPdf(bytes, { ...common, requireBoxes: true });
      }
    }
    return { file, ok: report.ok, boxesRequired, report };
  } catch (error) {
    if (error instanceof PressError && error.code !== 'BAD_OPTION') return { file, ok: false, boxesRequired: boxes === true, error };
    throw error;
  }
}

/**
 * The files to check for the paths given, each once: a file as it is (whatever its name), a folder
 * as every `*.pdf` in it and its subfolders (any case), sorted, without hidden files and folders
 * (the atomic writer's unfinished `.name.pdf.tmp-…` among them). Throws MISSING_FILE for a folder
 * without a PDF; a missing file is left for preflightFile to report with the others.
 */
export async function findPdfs(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = await pdfsUnder(path);
    if (found.pdfs.length === 0) {
      const others = found.others === 0 ? 'it holds no files' : `found ${found.others} other file(s)`;
      throw new PressError('MISSING_FILE', `no PDF in this folder or its subfolders: looked for *.pdf (any case), hidden files skipped; ${others}`, path);
    }
    // By code unit, not locale: the same order, and the same report, on every machine.
    files.push(...found.pdfs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  // `check output output/posters` names the posters twice: check them once.
  return [...new Set(files)];
}

async function pdfsUnder(folder: string): Promise<{ pdfs: string[]; others: number }> {
  const pdfs: string[] = [];
  let others = 0;
  const visit = async (dir: string): Promise<void> => {
    const items = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      throw new PressError('MISSING_FILE', `this folder cannot be read (${error.code ?? error.message})`, dir);
    });
    for (const item of items) {
      if (item.name.startsWith('.')) continue;
      const path = join(dir, item.name);
      // A link to a folder is not followed: it may lead back up and never end.
      const isFile = item.isFile() || (item.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile());
      if (item.isDirectory()) await visit(path);
      else if (isFile && item.name.toLowerCase().endsWith('.pdf')) pdfs.push(path);
      else if (isFile) others++;
    }
  };
  await visit(folder);
  return { pdfs, others };
}

/** Checks files one after another (pdf.js is the cost, and it is single-threaded); `onFile` after each. */
export async function preflightFiles(
  paths: readonly string[],
  options: PreflightOptions = {},
  onFile?: (result: FilePreflight, done: number, total: number) => void,
): Promise<FilePreflight[]> {
  const results: FilePreflight[] = [];
  for (const path of paths) {
    const result = await preflightFile(path, options);
    results.push(result);
    onFile?.(result, results.length, paths.length);
  }
  return results;
}

/** A file's preflight for people: the report, or the one line saying why it could not be checked. */
export function formatPreflight(result: FilePreflight): string {
  if (result.report) return formatCheckReport(result.report);
  return `${result.file}: cannot be checked\n  FAIL read: ${result.error?.message ?? 'unknown error'}`;
}

/** A file's preflight for programs (`--json`): the report with its facts, or the error. */
export function preflightJson(result: FilePreflight): object {
  const { file, ok, boxesRequired, report, error } = result;
  return report
    ? { file, ok, boxesRequired, checks: report.checks, facts: report.facts }
    : { file, ok, boxesRequired, error: { code: error?.code, message: error?.message } };
}
