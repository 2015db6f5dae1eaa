/**
 * The bundled data (data/*.json), imported at build time and validated with the same schemas the
 * CLI reads them with: a broken data file fails the studio's build-time check the same way.
 */
import { BUNDLED_DATA } from '../../src/input/data-texts.js';
import { certificateWordingSchema, declarationSchema, handoutWordsSchema, labelsSchema, posterDataSchema } from '../../src/input/schema.js';
import certificateJson from '../../data/certificate.json';
import declarationJson from '../../data/declaration.json';
import handoutJson from '../../data/handout.json';
import labelsJson from '../../data/labels.json';
import posterJson from '../../data/poster.json';

/** The declaration and labels. */
export const texts = { declaration: declarationSchema.parse(declarationJson), labels: labelsSchema.parse(labelsJson) };
/** The handout's words. */
export const handoutWords = handoutWordsSchema.parse(handoutJson);
/** The posters' words. */
export const posterWords = posterDataSchema.parse(posterJson);
/** The certificates' wording. */
export const certificateWording = certificateWordingSchema.parse(certificateJson);
/** Where messages say the data is. */
export const dataDir = BUNDLED_DATA;
