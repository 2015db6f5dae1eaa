/**
 * The issuer's Ed25519 key, with Node's own crypto: making a key pair, reading a private key to
 * sign with and a public key to verify with (each checked for its kind), certificate IDs, and
 * signing and verifying claims (src/core/claim.ts).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, hash, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalClaim, formatIdOfDigest, type Claim, type SignedClaim } from './claim.js';
import { PressError } from './errors.js';
import { ensureFolder, readInput } from './files.js';

/** The files `keys init` writes. */
export const KEY_FILES = { private: 'issuer.key', public: 'issuer.pub' } as const;

/** What `keys init` made. */
export interface KeyPairFiles {
  /** The private key (PKCS #8 PEM, mode 0600). */
  privateKey: string;
  /** The public key (SPKI PEM). */
  publicKey: string;
  /** The public key's fingerprint (see keyFingerprint). */
  fingerprint: string;
}

/**
 * Makes an issuer's Ed25519 key pair in `dir`: issuer.key (PKCS #8 PEM, readable by its owner
 * only) and issuer.pub (SPKI PEM). Refuses to replace either unless `force`: a lost private key
 * cannot sign again for the verify page already hosted. Both are written beside their names and
 * renamed into place, so an interrupted run leaves no half key.
 */
export async function initKeys(dir: string, force = false): Promise<KeyPairFiles> {
  const privateFile = join(dir, KEY_FILES.private);
  const publicFile = join(dir, KEY_FILES.public);
  if (!force) {
    for (const file of [privateFile, publicFile]) {
      if (existsSync(file)) throw new PressError('WRITE_FAILED', 'already exists; a new key would make every certificate signed with the old one unverifiable by a new verify page. Keep it, or give --force to replace it', file);
    }
  }
  await ensureFolder(dir);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const temps = [`${privateFile}.tmp-${process.pid}`, `${publicFile}.tmp-${process.pid}`];
  try {
    writeFileSync(temps[0]!, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    writeFileSync(temps[1]!, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
    renameSync(temps[0]!, privateFile);
    renameSync(temps[1]!, publicFile);
  } catch (error) {
    for (const temp of temps) rmSync(temp, { force: true });
    throw new PressError('WRITE_FAILED', `cannot write the key pair here (${(error as NodeJS.ErrnoException).code ?? String(error)})`, dir);
  }
  return { privateKey: privateFile, publicKey: publicFile, fingerprint: keyFingerprint(publicKey) };
}

/** Reads an issuer's private key to sign with: a PEM Ed25519 private key, or a PressError saying what the file is instead. */
export async function loadPrivateKey(file: string): Promise<KeyObject> {
  const text = Buffer.from(await readInput(file)).toString('utf8');
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    const what = /PUBLIC KEY/.test(text) ? 'is a public key; allowed: the private key keys init made (issuer.key), which signs' : 'is not a PEM private key; allowed: the Ed25519 private key keys init made (issuer.key)';
    throw new PressError('BAD_OPTION', `--key: ${what}`, file);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new PressError('BAD_OPTION', `--key: is an ${key.asymmetricKeyType?.toUpperCase()} key; allowed: an Ed25519 private key (keys init makes one)`, file);
  return key;
}

/** Reads an issuer's public key to verify with (a private key gives its public half); a PressError says what the file is otherwise. */
export async function loadPublicKey(file: string, flag = '--key'): Promise<KeyObject> {
  const text = Buffer.from(await readInput(file)).toString('utf8');
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new PressError('BAD_OPTION', `${flag}: is not a PEM key; allowed: the issuer's public key keys init made (issuer.pub)`, file);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new PressError('BAD_OPTION', `${flag}: is an ${key.asymmetricKeyType?.toUpperCase()} key; allowed: an Ed25519 public key (issuer.pub)`, file);
  return key;
}

/** A public key's 32 raw bytes (the last of its SPKI DER), as the verify page imports it. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const der = key.export({ type: 'spki', format: 'der' });
  return new Uint8Array(der.subarray(der.length - 32));
}

/** A public key's fingerprint: the first 16 hex digits of the SHA-256 of its raw bytes, in groups of four. */
export function keyFingerprint(key: KeyObject): string {
  const hex = createHash('sha256').update(rawPublicKey(key)).digest('hex').slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

/**
 * A certificate's ID, from what it says: the SHA-256 of its canonical claim with an empty ID, cut
 * to 60 bits. The same row and wording give the same ID in every run and shard, wherever the row
 * stands in the list; a row that says the same as another (the same person listed twice) is the
 * same certificate.
 */
export function certificateId(claim: Omit<Claim, 'id'>): string {
  return formatIdOfDigest(hash('sha256', canonicalClaim({ ...claim, id: '' }), 'buffer'));
}

/** Signs a claim with the issuer's private key. */
export function signClaim(claim: Claim, key: KeyObject): SignedClaim {
  return { claim, signature: new Uint8Array(sign(null, canonicalClaim(claim), key)) };
}

/** Whether `signature` is the issuer's over the claim. */
export function verifyClaim(signed: SignedClaim, key: KeyObject): boolean {
  return verify(null, canonicalClaim(signed.claim), key, signed.signature);
}
