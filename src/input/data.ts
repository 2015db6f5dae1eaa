/**
 * Step 1 of the pipeline, load + validate: the data files in `data/` (or a folder with the same
 * files), each read and validated against its schema; every failure names the file and the field.
 */
import { join } from 'node:path';
import { DATA_DIR, readJson } from '../core/files.js';
import type { TextOrigin } from '../fonts/typeset.js';
import {
  certificateWordingSchema,
  declarationSchema,
  handoutWordsSchema,
  labelsSchema,
  posterDataSchema,
  socialWordsSchema,
  type CertificateWording,
  type Declaration,
  type HandoutWords,
  type Labels,
  type PosterData,
  type SocialWords,
  type Texts,
} from './schema.js';

/** The declaration and labels from a data folder (the bundled `data/` by default). */
export async function loadTexts(dataDir: string = DATA_DIR): Promise<Texts> {
  const [declaration, labels] = await Promise.all([
    readJson(join(dataDir, 'declaration.json'), declarationSchema),
    readJson(join(dataDir, 'labels.json'), labelsSchema),
  ]);
  return { declaration, labels };
}

/** The files loadTexts reads from a data folder. */
export function textFiles(dataDir: string = DATA_DIR): string[] {
  return [join(dataDir, 'declaration.json'), join(dataDir, 'labels.json')];
}

/** The posters' own words (`poster.json`). */
export function loadPosterData(dataDir: string = DATA_DIR): Promise<PosterData> {
  return readJson(join(dataDir, 'poster.json'), posterDataSchema);
}

/** The social cards' own words (`social.json`). */
export function loadSocialWords(dataDir: string = DATA_DIR): Promise<SocialWords> {
  return readJson(join(dataDir, 'social.json'), socialWordsSchema);
}

/** The handout's own words (`handout.json`). */
export function loadHandoutWords(dataDir: string = DATA_DIR): Promise<HandoutWords> {
  return readJson(join(dataDir, 'handout.json'), handoutWordsSchema);
}

/** The certificates' wording (`certificate.json`). */
export function loadCertificateWording(dataDir: string = DATA_DIR): Promise<CertificateWording> {
  return readJson(join(dataDir, 'certificate.json'), certificateWordingSchema);
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

/** Where each text printed from the declaration and labels came from. */
export function dataTexts(texts: Texts, dataDir: string = DATA_DIR): TextOrigin[] {
  return [...textsOf(texts.declaration, join(dataDir, 'declaration.json')), ...textsOf(texts.labels, join(dataDir, 'labels.json'))];
}
