/**
 * The poster's own words (`data/poster.json`): the event line, the QR code's address and caption,
 * and the label on each sheet of a tiled poster. Validated with zod; every failure names the file
 * and the field.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { DATA_DIR, readJson } from '../core/files.js';
import { bilingual, qrUrl, text } from './schema.js';


/** The placeholders a sheet label may use. */
export const SHEET_PLACEHOLDERS = ['row', 'column', 'index', 'count', 'overlap'] as const;

const sheetLabel = z
  .object({ en: text, ko: text })
  .strict()
  .refine((pair) => [pair.en, pair.ko].every((label) => [...label.matchAll(/\{([^}]*)\}/g)].every((m) => (SHEET_PLACEHOLDERS as readonly string[]).includes(m[1]!))), {
    message: `has an unknown {placeholder}; allowed: ${SHEET_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`,
  });

/** The schema of `data/poster.json`. */
export const posterDataSchema = z
  .object({
    /** What the file is for (not printed). */
    about: z.string().optional(),
    /** One line under the slogan (where and when, who organises); null to print none. */
    event: bilingual.nullable(),
    /** The QR code: where it leads and the words beside it. */
    qr: z.object({ url: qrUrl, caption: bilingual }).strict(),
    /** The label under each sheet of a tiled poster, with {row}, {column}, {index}, {count}, {overlap}. */
    sheet: sheetLabel,
  })
  .strict();

/** The poster's own words. */
export type PosterData = z.infer<typeof posterDataSchema>;

/** Reads and validates `poster.json` from a data folder (the bundled `data/` by default). */
export async function loadPosterData(dataDir: string = DATA_DIR): Promise<PosterData> {
  return readJson(join(dataDir, 'poster.json'), posterDataSchema);
}
