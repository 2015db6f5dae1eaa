/**
 * What signing adds to a certificate batch (issue 11): the issuer's key and the verify address
 * read before anything is written, the PAdES signer, each row's signed claim (its ID, the QR
 * code's verify address, the PDF's claim entry) and its line in the register. batch.ts runs the
 * batch; it asks this module for these and knows nothing of keys and claims.
 */
import { sign, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { canonicalClaim, ClaimError, toBase64Url, verifyUrl, type Claim } from '../../core/claim.js';
import { PressError } from '../../core/errors.js';
import { ensureFolder } from '../../core/files.js';
import { certificateId, loadPrivateKey } from '../../core/signing.js';
import type { Signatory } from '../../input/parse-signatories.js';
import type { CertificateWording } from '../../input/schema.js';
import { loadPades, type PadesSigning } from './pades.js';
import { mergeRegister, type RegisterRow } from './register.js';

/** The issuer's key and the verify page's address: what a signed batch signs with. */
export interface Signing {
  /** The issuer's Ed25519 private key. */
  key: KeyObject;
  /** The verify page's address, which every QR code opens. */
  url: string;
}

/** What a batch signs with, when it is signed: read once, before anything is written. */
export interface BatchSigning {
  /** The Ed25519 key and verify address (`--key`), when the certificates are signed. */
  signing?: Signing;
  /** The PAdES signer (`--sign-p12`), when the PDFs get a digital signature. */
  pades?: PadesSigning;
}

/** A row's claim, signed. */
export interface SignedRow {
  /** The claim: the ID and what the certificate says. */
  claim: Claim;
  /** The verify address with the claim and its signature in the fragment: the QR code's. */
  url: string;
  /** The PDF's claim entry: the canonical bytes and the signature, each base64url, joined by a dot. */
  pdf: string;
}

/**
 * Reads the batch's keys: the issuer's key (a bad one fails the batch, not its rows), the verify
 * address it needs, and the P12 with its password's variable. Throws PressError naming the file
 * or the option.
 */
export async function loadBatchSigning(options: { key?: string; signP12?: string; signPassEnv?: string }, wording: CertificateWording, dataDir: string): Promise<BatchSigning> {
  const key = options.key === undefined ? undefined : await loadPrivateKey(options.key);
  if (key && !wording.verify) throw new PressError('BAD_DATA', 'verify.url: missing; certificates signed with --key need the address of the verify page their QR codes open, such as "verify": { "url": "https://example.org/verify" }', join(dataDir, 'certificate.json'));
  const signing = key && wording.verify ? { key, url: wording.verify.url.trim() } : undefined;
  const pades = options.signP12 === undefined ? undefined : await loadPades(options.signP12, options.signPassEnv);
  if (options.signPassEnv !== undefined && !pades) throw new PressError('BAD_OPTION', '--sign-pass-env is for --sign-p12: give the P12 too');
  return { signing, pades };
}

/** A row's claim, signed: its ID from what it says, the verify address (QR code), and the PDF's claim entry. */
export function signRow(signing: Signing, wording: CertificateWording, declarationTitle: { en: string; ko: string }, signatory: Signatory): SignedRow {
  const content = {
    nameKo: signatory.nameKo ?? '',
    nameEn: signatory.nameEn ?? '',
    roleKo: signatory.roleKo ?? '',
    roleEn: signatory.roleEn ?? '',
    eventKo: wording.event.ko,
    eventEn: wording.event.en,
    date: wording.date,
    titleKo: declarationTitle.ko,
    titleEn: declarationTitle.en,
  };
  try {
    const claim: Claim = { id: certificateId(content), ...content };
    const canonical = canonicalClaim(claim);
    const signature = new Uint8Array(sign(null, canonical, signing.key));
    return { claim, url: verifyUrl(signing.url, { claim, signature }), pdf: `${toBase64Url(canonical)}.${toBase64Url(signature)}` };
  } catch (error) {
    if (error instanceof ClaimError) throw new PressError('BAD_DATA', `cannot be signed: ${error.message}`, signatory.origin);
    throw error;
  }
}

/**
 * The register's rows a batch collects: each signed certificate, made or skipped (a run killed
 * before it wrote the register has its certificates registered by the run that resumes it),
 * merged into the folder's register.csv once, at the end.
 */
export class RegisterRows {
  private readonly rows: RegisterRow[] = [];

  /** Notes a signed certificate and its file's name in the folder. */
  add(claim: Claim, fileName: string): void {
    this.rows.push({ id: claim.id, nameKo: claim.nameKo, nameEn: claim.nameEn, roleKo: claim.roleKo, roleEn: claim.roleEn, file: fileName, issued: claim.date });
  }

  /** Merges the rows into `dir`'s register (see mergeRegister); nothing when none was signed. */
  async merge(dir: string): Promise<void> {
    if (this.rows.length === 0) return;
    await ensureFolder(dir);
    await mergeRegister(dir, this.rows);
  }
}
