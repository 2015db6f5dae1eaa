import type { PressError } from '../../src/core/errors.js';
import type { Signatory, SignatoryList } from '../../src/input/parse-signatories.js';

/** The good rows of a list, in file order. */
export const goodRows = (list: SignatoryList): Signatory[] => list.rows.flatMap((row) => ('signatory' in row ? [row.signatory] : []));

/** Every problem of every bad row, in file order. */
export const rowErrors = (list: SignatoryList): PressError[] => list.rows.flatMap((row) => ('errors' in row ? row.errors : []));
