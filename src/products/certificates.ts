/**
 * Certificates: a bilingual certificate for every signatory of a list, one PDF each and/or one
 * combined PDF to print. A batch product: it writes many files, so its record runs a batch
 * (products/certificates/batch.ts) rather than making one document.
 */
import { z } from 'zod';
import { PressError } from '../core/errors.js';
import { runCertificates, CERTIFICATE_PAPERS, type CertificateOptions, type CertificateSummary } from './certificates/batch.js';
import { option, parseOptions, type OptionsSchema } from './options.js';

const options = z
  .object({
    signatories: option(z.string().min(1), { description: 'CSV (UTF-8 or CP949) or XLSX list: name_ko,name_en,role_ko,role_en,signature', path: 'input' }),
    paper: option(z.enum(CERTIFICATE_PAPERS).default('a4'), { description: 'Paper size' }),
    orientation: option(z.enum(['landscape', 'portrait']).default('landscape'), { description: 'Which way the paper lies' }),
    combined: option(z.string().min(1).optional(), { description: 'One PDF with a page per signatory, to print in one go', path: 'output' }),
    sample: option(z.boolean().default(false), { description: 'Mark every certificate SAMPLE (placeholder names); always so for the bundled data/signatories.sample.csv' }),
    force: option(z.boolean().default(false), { description: 'Rebuild certificates whose inputs are unchanged' }),
    key: option(z.string().min(1).optional(), {
      description: "Sign: the issuer's Ed25519 private key (keys init makes one). Each certificate gets an ID, a signed claim and a QR code to the verify page (verify.url in certificate.json); the folder gets register.csv",
      path: 'input',
    }),
    signP12: option(z.string().min(1).optional(), {
      description: 'Add a PAdES-B-B digital signature to each PDF with this P12 (.p12/.pfx) certificate and key, so PDF readers show who signed it and that it is unaltered; its password from --sign-pass-env',
      path: 'input',
    }),
    signPassEnv: option(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(), { description: "The name of the environment variable that holds --sign-p12's password (never the password itself)" }),
  })
  .strict();

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
  weight: () => 3,
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
