/**
 * What the CLI's batch (batch.ts) and the studio's batch in memory (in-memory.ts) share, written
 * once and browser-safe: the stacks a certificate is set in, its document information, the writer
 * prepared over the static layer that react-pdf renders once per batch, and each row's checks,
 * entry and title.
 */
import { createElement } from 'react';
import { CertificateDocument } from '../../../templates/Certificate.js';
import type { DocumentMetadata } from '../../core/document-metadata.js';
import { PressError } from '../../core/errors.js';
import type { PageSize } from '../../core/units.js';
import { loadFaceSet, loadStacks } from '../../fonts/faces.js';
import type { StackName } from '../../fonts/registry.js';
import { findMissingGlyphs, type TextOrigin, type Typeset } from '../../fonts/typeset.js';
import type { ListRow, Signatory } from '../../input/parse-signatories.js';
import type { CertificateWording, Texts } from '../../input/schema.js';
import { layoutCertificate, type CertificateEntry, type CertificateLayout } from '../../layout/certificate-layout.js';
import { render } from '../../render/compose.js';
import { loadPdf } from '../../render/finish.js';
import { documentMetadata } from '../../render/metadata.js';
import { RunShaper } from './shaping.js';
import { CertificateWriter } from './writer.js';

/** The stacks a certificate is set in: the fonts it loads and checks, no others. */
export const CERTIFICATE_STACKS = ['serif', 'myeongjo'] as const satisfies readonly StackName[];

/** What a batch's certificates share: the texts, the wording, the page and how it is marked. */
export interface CertificateSetup {
  /** The declaration's texts and labels. */
  texts: Texts;
  /** certificate.json. */
  wording: CertificateWording;
  /** The paper, turned as the certificates stand. */
  page: PageSize;
  /** Every certificate says SAMPLE. */
  sample: boolean;
  /** The certificates are signed: the page keeps a corner for the QR code and the ID. */
  verify: boolean;
}

/** A batch's writer and what it measures and places with, prepared once. */
export interface PreparedCertificates {
  /** Measures with the shaper the writer draws with, so every fit comes out the same. */
  typeset: Typeset;
  /** Where everything goes on the batch's page. */
  layout: CertificateLayout;
  /** Writes the certificates over the static layer (border, title, body, date, issuer, seal). */
  writer: CertificateWriter;
}

/**
 * The document information of a certificate file (or of a combined file, or of the static layer),
 * titled `title`, with `keywords` after the labels' own (the CLI's input hash).
 */
export function certificateMeta(texts: Texts, wording: CertificateWording, title: string, keywords: string[] = []): DocumentMetadata {
  return documentMetadata(texts, ['en'], {
    title,
    author: `${wording.issuer.en} / ${wording.issuer.ko}`,
    subject: `${wording.title.en} / ${wording.title.ko}: ${texts.declaration.title.en}`,
    keywords,
    language: 'ko',
    producer: 'react-pdf, pdf-lib',
    date: wording.date,
  });
}

/** A separate certificate's title: the wording's, and the signatory's names. */
export function certificateTitle(wording: CertificateWording, signatory: Signatory): string {
  return `${wording.title.en}: ${[signatory.nameKo, signatory.nameEn].filter(Boolean).join(' / ')}`;
}

/** @internal How many batches this process has prepared (prepareCertificates): a rerun with nothing to make prepares none (the tests count them). */
export const preparations = { count: 0 };

/**
 * Prepares a batch: every text shaped once (the layout's measurements, each name's fitting and
 * its drawing share the runs), the page laid out, and the static layer (everything the same on
 * every certificate) rendered by react-pdf once, with `staticMeta` as its document information.
 * `checked` is the typeset the wording and the declaration's title were checked with.
 */
export async function prepareCertificates(setup: CertificateSetup, checked: Typeset, staticMeta: DocumentMetadata): Promise<PreparedCertificates> {
  preparations.count += 1;
  const { texts, wording, page, sample, verify } = setup;
  const shaper = new RunShaper();
  const typeset = shaper.typeset(checked, await loadStacks(CERTIFICATE_STACKS));
  const layout = layoutCertificate(page, typeset, wording, texts.declaration.title, { sample, verify });
  const element = createElement(CertificateDocument, {
    wording,
    declarationTitle: texts.declaration.title,
    alt: texts.labels.alt,
    page,
    certificates: [null],
    sample,
    verify,
    typeset,
    meta: staticMeta,
  });
  const staticLayer = await loadPdf(await render(element));
  // Only its first page is drawn under each certificate: a layer react-pdf broke onto a second page
  // would print certificates without their text.
  if (staticLayer.getPageCount() !== 1) throw new Error(`the certificates' static layer came out on ${staticLayer.getPageCount()} pages, not 1`);
  return { typeset, layout, writer: await CertificateWriter.prepare(staticLayer, page, await loadFaceSet(CERTIFICATE_STACKS), shaper) };
}

/** The message of a bad row: its problems in one line, named by the row's place in the list. */
export function rowError(row: Extract<ListRow, { errors: PressError[] }>): PressError {
  const [first] = row.errors;
  if (row.errors.length === 1) return first!;
  const reasons = row.errors.map((error) => error.message.slice((error.where ?? '').length + 2));
  return new PressError('BAD_DATA', reasons.join('; '), first!.where);
}

/** The texts of a row the template prints, named by their columns, for the coverage check. */
function rowTexts(row: Signatory): TextOrigin[] {
  const texts: TextOrigin[] = [];
  for (const [key, field] of ROW_COLUMNS) if (row[key]) texts.push({ origin: row.origin, field, text: row[key] });
  return texts;
}
const ROW_COLUMNS = [['nameKo', 'name_ko'], ['nameEn', 'name_en'], ['roleKo', 'role_ko'], ['roleEn', 'role_en']] as const;

/** Checks a row's coverage (typeset), so one emoji fails one certificate, not the batch: throws its first character no font has. */
export async function checkRow(signatory: Signatory): Promise<void> {
  const [missing] = await findMissingGlyphs(rowTexts(signatory), ['serif']);
  if (missing) throw missing;
}

/** How many digits a list's certificate numbers have: four, or as many as its last row's number needs. */
export function numberDigits(rows: number): number {
  return Math.max(4, String(rows).length);
}

/** A row's entry: its names, role and signature, and its number (`index` 0-based in the list). */
export function certificateEntry(signatory: Signatory, index: number, digits: number): CertificateEntry {
  return {
    nameKo: signatory.nameKo,
    nameEn: signatory.nameEn,
    roleKo: signatory.roleKo,
    roleEn: signatory.roleEn,
    signature: signatory.signature,
    number: String(index + 1).padStart(digits, '0'),
  };
}
