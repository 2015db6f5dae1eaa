/**
 * A certificate's claim: what its issuer signs (the certificate ID, both names, the role, the
 * event, the date of issue, the declaration's title), in one canonical byte form, and the compact
 * payload a QR code carries to the verify page in its URL fragment. Browser-safe (no Node module):
 * the verify page (src/verify/page/) bundles this same module, so the two sides cannot disagree.
 * The byte forms are documented in docs/claims.md; change them only with a new version byte.
 */
import { concatBytes } from './bytes.js';

/** The statement a certificate's issuer signs. Absent texts are empty strings. */
export interface Claim {
  /** The certificate ID: 12 Crockford base-32 characters in three groups, `7K3F-9QXA-M2D0`. */
  id: string;
  /** Name in Hangul. */
  nameKo: string;
  /** Name in Latin script. */
  nameEn: string;
  /** Role or affiliation in Korean. */
  roleKo: string;
  /** Role or affiliation in English. */
  roleEn: string;
  /** The event, in Korean. */
  eventKo: string;
  /** The event, in English. */
  eventEn: string;
  /** The date of issue, YYYY-MM-DD. */
  date: string;
  /** The declaration's title in Korean. */
  titleKo: string;
  /** The declaration's title in English. */
  titleEn: string;
}

/** A claim and its Ed25519 signature (64 bytes) over canonicalClaim(claim). */
export interface SignedClaim {
  /** The claim. */
  claim: Claim;
  /** The issuer's Ed25519 signature of its canonical bytes. */
  signature: Uint8Array;
}

/** What a claim could not be read as, by name: the verify page and `verify` print it. */
export class ClaimError extends Error {
  constructor(
    /** A stable name: TRUNCATED, BAD_VERSION, BAD_ENCODING, TRAILING_BYTES, TOO_LONG, BAD_DATE, BAD_ID. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClaimError';
  }
}

/** The first bytes of every canonical claim: what it is and which version of the form. */
export const CLAIM_MAGIC = 'declaration-press claim 1\n';
/** The payload's first byte: the version of the compact form. */
export const PAYLOAD_VERSION = 1;
/**
 * The key of the document information entry that carries a signed certificate's claim in its PDF:
 * the canonical bytes and the signature, each base64url, joined by a dot.
 */
export const PDF_CLAIM_KEY = 'DeclarationPressClaim';
/** An Ed25519 signature's length. */
export const SIGNATURE_BYTES = 64;

/** The fields in the order the canonical form lists them. */
const CANONICAL_FIELDS = ['id', 'nameKo', 'nameEn', 'roleKo', 'roleEn', 'eventKo', 'eventEn', 'date', 'titleKo', 'titleEn'] as const;
/** The texts the payload carries, in order (the ID and the date are packed; the title is not carried). */
const PAYLOAD_TEXTS = ['nameKo', 'nameEn', 'roleKo', 'roleEn', 'eventKo', 'eventEn'] as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The canonical bytes of a claim, the bytes that are signed: the ASCII line
 * `declaration-press claim 1` and a line feed, then each field in CANONICAL_FIELDS' order as its
 * UTF-8 length (two bytes, big-endian) and its UTF-8 bytes, exactly as given (no normalisation).
 */
export function canonicalClaim(claim: Claim): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(CLAIM_MAGIC)];
  for (const field of CANONICAL_FIELDS) {
    const bytes = encoder.encode(claim[field]);
    if (bytes.length > 0xffff) throw new ClaimError('TOO_LONG', `${field} is ${bytes.length} bytes; allowed: at most 65535`);
    parts.push(new Uint8Array([bytes.length >> 8, bytes.length & 0xff]), bytes);
  }
  return concatBytes(parts);
}

/** Reads canonical claim bytes back into a claim (the form a certificate PDF carries). */
export function parseCanonicalClaim(bytes: Uint8Array): Claim {
  const magic = encoder.encode(CLAIM_MAGIC);
  if (bytes.length < magic.length || !magic.every((byte, i) => bytes[i] === byte)) throw new ClaimError('BAD_VERSION', 'not a declaration-press claim of version 1');
  let at = magic.length;
  const claim = {} as Claim;
  for (const field of CANONICAL_FIELDS) {
    if (at + 2 > bytes.length) throw new ClaimError('TRUNCATED', `the claim ends before its ${field}`);
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    at += 2;
    if (at + length > bytes.length) throw new ClaimError('TRUNCATED', `the claim ends inside its ${field}`);
    claim[field] = decodeText(bytes.subarray(at, (at += length)), field);
  }
  if (at !== bytes.length) throw new ClaimError('TRAILING_BYTES', `${bytes.length - at} byte(s) after the claim's last field`);
  return claim;
}

/**
 * The compact payload a QR code carries (base64url in the verify URL's fragment): one version
 * byte (1); the ID as a 60-bit number in 8 bytes, big-endian; the date as days since 1970-01-01 in
 * 2 bytes, big-endian; the names, roles and event (PAYLOAD_TEXTS' order) each as one length byte
 * and its UTF-8; then the 64-byte signature. The declaration's title is not carried (it is the
 * same on every certificate and 126 bytes long: the code would be a third larger): the verifier
 * knows it, and the signature covers it, so a claim about another declaration fails.
 */
export function encodePayload(signed: SignedClaim): Uint8Array {
  const { claim, signature } = signed;
  if (signature.length !== SIGNATURE_BYTES) throw new ClaimError('BAD_SIGNATURE', `the signature is ${signature.length} bytes; allowed: ${SIGNATURE_BYTES}`);
  const head = new Uint8Array(11);
  head[0] = PAYLOAD_VERSION;
  idBytes(claim.id, head, 1);
  const days = daysOf(claim.date);
  head[9] = days >> 8;
  head[10] = days & 0xff;
  const parts: Uint8Array[] = [head];
  for (const field of PAYLOAD_TEXTS) {
    const bytes = encoder.encode(claim[field]);
    if (bytes.length > 255) throw new ClaimError('TOO_LONG', `${field} is ${bytes.length} bytes of UTF-8; allowed in the QR code: at most 255`);
    parts.push(new Uint8Array([bytes.length]), bytes);
  }
  parts.push(signature);
  return concatBytes(parts);
}

/** Reads a payload back, with the declaration's title the verifier knows. */
export function decodePayload(bytes: Uint8Array, title: { ko: string; en: string }): SignedClaim {
  if (bytes.length < 1) throw new ClaimError('TRUNCATED', 'the code carries nothing');
  if (bytes[0] !== PAYLOAD_VERSION) throw new ClaimError('BAD_VERSION', `payload version ${bytes[0]}; allowed: ${PAYLOAD_VERSION}`);
  if (bytes.length < 11) throw new ClaimError('TRUNCATED', 'the code ends inside its ID or date');
  let id = 0n;
  for (let i = 0; i < 8; i++) id = (id << 8n) | BigInt(bytes[1 + i]!);
  if (id >> 60n) throw new ClaimError('BAD_ID', 'the ID has more than 60 bits');
  const claim = { id: formatId(id), date: dateOf((bytes[9]! << 8) | bytes[10]!), titleKo: title.ko, titleEn: title.en } as Claim;
  let at = 11;
  for (const field of PAYLOAD_TEXTS) {
    if (at >= bytes.length) throw new ClaimError('TRUNCATED', `the code ends before its ${field}`);
    const length = bytes[at++]!;
    if (at + length > bytes.length) throw new ClaimError('TRUNCATED', `the code ends inside its ${field}`);
    claim[field] = decodeText(bytes.subarray(at, (at += length)), field);
  }
  const rest = bytes.length - at;
  if (rest < SIGNATURE_BYTES) throw new ClaimError('TRUNCATED', `the code ends inside its signature (${rest} of ${SIGNATURE_BYTES} bytes)`);
  if (rest > SIGNATURE_BYTES) throw new ClaimError('TRAILING_BYTES', `${rest - SIGNATURE_BYTES} byte(s) after the signature`);
  return { claim, signature: bytes.slice(at) };
}

/** The verify address of a claim: the organiser's page, the payload in the fragment (never sent to a server). */
export function verifyUrl(base: string, signed: SignedClaim): string {
  return `${base.split('#')[0]}#${toBase64Url(encodePayload(signed))}`;
}

/** The payload of a verify address's fragment; a missing fragment or a character outside base64url is named. */
export function payloadOfUrl(url: string): Uint8Array {
  const hash = url.indexOf('#');
  const fragment = hash < 0 ? '' : url.slice(hash + 1);
  if (!fragment) throw new ClaimError('NO_CLAIM', 'the address has no fragment (#…): it is not a certificate’s verify link');
  return fromBase64Url(fragment);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 60-bit number as a certificate ID: 12 Crockford base-32 characters, grouped by four. */
export function formatId(value: bigint): string {
  let text = '';
  for (let i = 11; i >= 0; i--) text += CROCKFORD[Number((value >> BigInt(5 * i)) & 31n)];
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/** A certificate ID's number; case, hyphens and spaces ignored, O read as 0 and I, L as 1 (Crockford). */
export function idNumber(id: string): bigint {
  const text = normaliseId(id);
  if (text.length !== 12) throw new ClaimError('BAD_ID', `"${id}" is not a certificate ID; allowed: 12 characters such as 7K3F-9QXA-M2D0`);
  let value = 0n;
  for (const char of text) {
    const digit = CROCKFORD.indexOf(char);
    if (digit < 0) throw new ClaimError('BAD_ID', `"${id}" is not a certificate ID: "${char}" is not a Crockford base-32 digit`);
    value = (value << 5n) | BigInt(digit);
  }
  return value;
}

/**
 * A certificate ID's number as 8 bytes, big-endian, at `at` in `out` (what idNumber gives, without
 * BigInt arithmetic: every signed certificate's payload packs one).
 */
function idBytes(id: string, out: Uint8Array, at: number): void {
  const text = normaliseId(id);
  if (text.length !== 12) idNumber(id); // throws its error
  // 60 bits: four zero bits, then the 12 digits' 5 bits each, most significant first.
  let acc = 0;
  let bits = 4;
  for (const char of text) {
    const digit = CROCKFORD.indexOf(char);
    if (digit < 0) idNumber(id); // throws its error
    acc = ((acc << 5) | digit) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
}

/**
 * The certificate ID of a digest: its first 60 bits (the first 7.5 bytes) as 12 Crockford base-32
 * digits, grouped by four; what formatId gives for the digest's first 8 bytes shifted right by 4.
 */
export function formatIdOfDigest(digest: Uint8Array): string {
  let text = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; text.length < 12; ) {
    if (bits < 5) {
      acc = ((acc << 8) | digest[i++]!) & 0xfff;
      bits += 8;
    }
    bits -= 5;
    text += CROCKFORD[(acc >> bits) & 31];
  }
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/** An ID as typed (lower case, without hyphens, O for 0) in its printed form: `7k3f9qxam2do` → `7K3F-9QXA-M2D0`. */
export function canonicalId(id: string): string {
  return formatId(idNumber(id));
}

function normaliseId(id: string): string {
  return id.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const DAY = 86_400_000;

// The last date read (a batch's certificates share their date of issue), so it is checked once.
let lastDate = { date: '', days: 0 };

function daysOf(date: string): number {
  if (date === lastDate.date) return lastDate.days;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  const days = time / DAY;
  if (!match || !Number.isInteger(days) || days < 0 || days > 0xffff || dateOf(days) !== date) {
    throw new ClaimError('BAD_DATE', `"${date}" is not a date the code can carry; allowed: YYYY-MM-DD from 1970-01-01 to 2149-06-06`);
  }
  lastDate = { date, days };
  return days;
}

function dateOf(days: number): string {
  return new Date(days * DAY).toISOString().slice(0, 10);
}

function decodeText(bytes: Uint8Array, field: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ClaimError('BAD_ENCODING', `the ${field} is not UTF-8`);
  }
}


const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Bytes as base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) text += BASE64URL[(n >> (18 - 6 * c)) & 63];
  }
  return text;
}

/** base64url (padding optional) back to bytes; a character outside the alphabet, or a length no bytes have, is named. */
export function fromBase64Url(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) throw new ClaimError('TRUNCATED', `${clean.length} base64url characters is no whole number of bytes: the link was cut short`);
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of clean) {
    const digit = BASE64URL.indexOf(char);
    if (digit < 0) throw new ClaimError('BAD_ENCODING', `"${char}" is not a base64url character`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
