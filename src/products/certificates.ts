/**
 * Certificates: a bilingual certificate for every signatory of a list, one PDF each and/or one
 * combined PDF to print. A batch product: it writes many files, so its record runs a batch
 * (products/certificates/batch.ts) rather than making one document.
 */
import type { z } from 'zod';
import { PressError } from '../core/errors.js';
import { runCertificates, type CertificateOptions, type CertificateSummary } from './certificates/batch.js';
import { certificateOptions } from './certificates/options.js';
import { parseOptions, type OptionsSchema } from './options.js';

const options = certificateOptions;

/** The certificates' product options, parsed. */
export type CertificateProductOptions = z.output<typeof options>;

/** The certificates product: its `out` is the folder of the separate PDFs. */
export const certificates = {
  kind: 'batch' as const,
  name: 'certificates',
  describe: 'A bilingual certificate for every signatory of a list: one PDF each, and/or one combined PDF to print',
  options: options as typeof options & OptionsSchema,
  examples: [
    ['$0 certificates --signatories data/signatories.sample.csv', 'One PDF per signatory in output/certificates/'],
    ['$0 certificates --signatories list.xlsx --paper letter --combined print.pdf', 'One Letter PDF to print, no separate files'],
    ['$0 certificates --signatories big.csv --shard 3/8', 'The third of eight slices, for a job runner'],
    ['$0 certificates --signatories list.csv --key keys/issuer.key', 'Signed certificates anyone can verify, and output/certificates/register.csv'],
  ] as const,
  output: () => 'certificates',
  weight: () => 5,
};

/** What a batch is run with, beyond the product's options: where to write and what part to build. */
export type CertificateRun = Omit<CertificateOptions, keyof CertificateProductOptions>;

/**
 * Builds the certificates of a signatory list (library API). Bad rows are reported in the summary
 * while the good rows are built; throws PressError only for the batch as a whole (options, a list
 * that cannot be read, the wording).
 */
export function buildCertificates(input: z.input<typeof options> & CertificateRun): Promise<CertificateSummary> {
  const { out, shard, part, dataDir, onItem, ...raw } = input;
  const parsed = parseOptions(options, raw);
  if (!out && !parsed.combined) throw new PressError('BAD_OPTION', 'nothing to make: give --out DIR (one PDF per signatory), --combined FILE (one PDF), or both');
  return runCertificates({ ...parsed, out, shard, part, dataDir, onItem });
}
