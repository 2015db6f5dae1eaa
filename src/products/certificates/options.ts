/**
 * The certificates' options (browser-safe): the CLI's flags and the studio's controls are read
 * from this one schema.
 */
import { z } from 'zod';
import { option } from '../options.js';

/** The papers a certificate is printed on. */
export const CERTIFICATE_PAPERS = ['a4', 'letter'] as const;
/** A paper a certificate is printed on. */
export type CertificatePaper = (typeof CERTIFICATE_PAPERS)[number];

/** The certificates' options. */
export const certificateOptions = z
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
