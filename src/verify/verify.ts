/**
 * `verify`: whether a certificate is one its issuer signed, from the certificate alone and the
 * issuer's public key, offline. A PDF's claim (its document information, see
 * core/claim.ts PDF_CLAIM_KEY) must carry the issuer's signature; the names, role
 * and ID drawn on its page (text extracted with pdf.js) must be the claim's, so a page edited
 * under an intact claim fails; and its ID must not be in the revocation list. Only text a reader
 * can see counts as drawn: on the page, at a readable size, not in an invisible rendering mode,
 * so a page showing other names cannot pass by carrying the claim's names hidden. A scanned QR code's
 * address (`--url`) is checked the same way, without a page.
 */
import type { KeyObject } from 'node:crypto';
import { canonicalId, ClaimError, decodePayload, fromBase64Url, parseCanonicalClaim, payloadOfUrl, PDF_CLAIM_KEY, type Claim, type SignedClaim } from '../core/claim.js';
import { PressError } from '../core/errors.js';
import { readInput } from '../core/files.js';
import { verifyClaim } from '../core/signing.js';
import { loadPdfjs } from '../preflight/pdfjs.js';

/** Why a certificate is not valid, by name. */
export type InvalidReason =
  | 'UNREADABLE' // not a PDF pdf.js can open
  | 'NO_CLAIM' // no signed claim in the PDF or the address (made without --key, or not a certificate)
  | 'BAD_CLAIM' // a claim that cannot be read (cut short, a wrong version, bad characters)
  | 'BAD_SIGNATURE' // the claim was not signed by this key, or was changed after
  | 'PAGE_MISMATCH' // the names, role or ID drawn on the page are not the claim's
  | 'REVOKED'; // the ID is in the revocation list

/** What `verify` found about one certificate. */
export interface VerifyResult {
  /** The file, or the address, checked. */
  source: string;
  /** VALID or INVALID. */
  valid: boolean;
  /** The first reason it is not valid, by name. */
  reason?: InvalidReason;
  /** The reason in words. */
  detail?: string;
  /** The claim, when one could be read. */
  claim?: Claim;
}

/** The IDs an organiser has revoked. */
export type Revoked = ReadonlySet<string>;

/**
 * Reads a revocation list: one certificate ID a line (as printed, any case, hyphens optional), or
 * lines of register.csv whose first column is an ID; blank lines, `#` comments and an `id` header
 * are skipped. Any other line is an error, naming it: a revocation silently skipped is worse.
 */
export async function loadRevoked(file: string): Promise<Set<string>> {
  const text = new TextDecoder().decode(await readInput(file)).replace(/^\uFEFF/, '');
  const ids = new Set<string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const first = line.split(/[,;\t ]/)[0]!.replace(/^"|"$/g, '');
    if (first.toLowerCase() === 'id') continue;
    try {
      ids.add(canonicalId(first));
    } catch {
      throw new PressError('BAD_DATA', `"${first}" is not a certificate ID; allowed: one ID a line, such as 7K3F-9QXA-M2D0, or register.csv lines`, `${file}:${i + 1}`);
    }
  }
  return ids;
}

/** Verifies a certificate PDF. */
export async function verifyPdf(file: string, key: KeyObject, revoked: Revoked = new Set()): Promise<VerifyResult> {
  const bytes = await readInput(file);
  let read: { claim?: string; text: string; invisible: boolean };
  try {
    read = await readCertificate(bytes);
  } catch (error) {
    return invalid(file, 'UNREADABLE', `not a PDF that can be read (${(error as Error).message})`);
  }
  if (!read.claim) return invalid(file, 'NO_CLAIM', 'the PDF carries no signed claim: it was made without --key, or is not a certificate');
  let signed: SignedClaim;
  try {
    const [claim, signature, ...rest] = read.claim.split('.');
    if (!claim || !signature || rest.length > 0) throw new ClaimError('TRUNCATED', 'the claim is not two parts joined by a dot');
    signed = { claim: parseCanonicalClaim(fromBase64Url(claim)), signature: fromBase64Url(signature) };
  } catch (error) {
    if (error instanceof ClaimError) return invalid(file, 'BAD_CLAIM', `${error.reason}: ${error.message}`);
    throw error;
  }
  const checked = check(file, signed, key, revoked);
  if (!checked.valid) return checked;
  if (read.invisible) return { ...invalid(file, 'PAGE_MISMATCH', 'the page draws text invisibly, which no certificate does: it was changed after signing'), claim: signed.claim };
  const missing = notOnPage(signed.claim, read.text);
  if (missing) return { ...invalid(file, 'PAGE_MISMATCH', `the page does not show the claim's ${missing}: it was changed after signing`), claim: signed.claim };
  return checked;
}

/**
 * Verifies a scanned QR code's address (`https://…/verify#…`): the claim in its fragment, with the
 * declaration's title the verifier knows (the code leaves it out; see encodePayload).
 */
export function verifyLink(url: string, key: KeyObject, title: { ko: string; en: string }, revoked: Revoked = new Set()): VerifyResult {
  let signed: SignedClaim;
  try {
    signed = decodePayload(payloadOfUrl(url), title);
  } catch (error) {
    if (error instanceof ClaimError) return error.reason === 'NO_CLAIM' ? invalid(url, 'NO_CLAIM', error.message) : invalid(url, 'BAD_CLAIM', `${error.reason}: ${error.message}`);
    throw error;
  }
  return check(url, signed, key, revoked);
}

/** The signature, then the revocation list. */
function check(source: string, signed: SignedClaim, key: KeyObject, revoked: Revoked): VerifyResult {
  if (!verifyClaim(signed, key)) return { ...invalid(source, 'BAD_SIGNATURE', 'the signature is not this issuer’s over this claim: the claim was changed, or another key signed it'), claim: signed.claim };
  if (revoked.has(signed.claim.id)) return { ...invalid(source, 'REVOKED', `the issuer revoked certificate ${signed.claim.id}`), claim: signed.claim };
  return { source, valid: true, claim: signed.claim };
}

function invalid(source: string, reason: InvalidReason, detail: string): VerifyResult {
  return { source, valid: false, reason, detail };
}

/** Text with every kind of space and line break taken out: the page's lines may break a name anywhere. */
const squash = (text: string) => text.normalize('NFC').replace(/[\s\u00a0\u200b]+/g, '');

/**
 * The first of the claim's drawn texts (names, role, ID) the page's text does not contain, by
 * field name; undefined when it shows them all. A long name or role is broken over lines, and the
 * roles are drawn joined (`role_ko · role_en`): each is looked for on its own, spaces aside.
 */
export function notOnPage(claim: Claim, pageText: string): string | undefined {
  const page = squash(pageText);
  const fields: [string, string][] = [
    ['ID', `ID${claim.id}`],
    ['name_ko', claim.nameKo],
    ['name_en', claim.nameEn],
    ['role_ko', claim.roleKo],
    ['role_en', claim.roleEn],
  ];
  for (const [field, text] of fields) {
    if (text && !page.includes(squash(text))) return `${field} "${text}"`;
  }
  return undefined;
}

/** Text smaller than this (pt) is not counted as shown: a certificate's smallest is 6 pt. */
const READABLE_SIZE = 4;

/** What pdf.js gives for one piece of a page's text: its string, its matrix and its width. */
interface TextPiece {
  /** The text. */
  str: string;
  /** Its text-space-to-page matrix [a b c d e f] (the font size is the length of (c, d)). */
  transform: number[];
  /** Its advance, in page units. */
  width: number;
}

/**
 * Whether a reader sees the piece on a page whose box is `view` ([x0 y0 x1 y1]): its start and its
 * end inside the box, at a readable size. (Colour is not judged: VALID lists the claim's names for
 * the verifier to compare with the paper.)
 */
export function shown(piece: TextPiece, view: number[]): boolean {
  const [, , c = 0, d = 0, x = 0, y = 0] = piece.transform;
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = view;
  const inside = (px: number, py: number) => px >= x0 - 1 && px <= x1 + 1 && py >= y0 - 1 && py <= y1 + 1;
  const size = Math.hypot(c, d);
  const [a = 1, b = 0] = piece.transform;
  const run = Math.hypot(a, b) || 1;
  return size >= READABLE_SIZE && inside(x, y) && inside(x + (piece.width * a) / run, y + (piece.width * b) / run);
}

/** The text rendering modes that draw nothing (3) or only clip (7). */
const INVISIBLE_MODES = new Set([3, 7]);

/**
 * A certificate's claim entry, its first page's text as a reader sees it (see shown), and whether
 * the page sets text in an invisible rendering mode, read with pdf.js.
 */
async function readCertificate(bytes: Uint8Array): Promise<{ claim?: string; text: string; invisible: boolean }> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  try {
    const { info } = (await doc.getMetadata()) as { info: { Custom?: Record<string, unknown> } };
    const claim = info.Custom?.[PDF_CLAIM_KEY];
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item && shown(item, page.view) ? item.str : '')).join(' ');
    const operators = await page.getOperatorList();
    const invisible = operators.fnArray.some((fn, i) => fn === pdfjs.OPS.setTextRenderingMode && INVISIBLE_MODES.has(operators.argsArray[i]?.[0]));
    return { claim: typeof claim === 'string' ? claim : undefined, text, invisible };
  } finally {
    await doc.destroy();
  }
}

/** One line of `verify`'s report: VALID or INVALID, the source, then the ID and names, or the reason by name. */
export function formatResult(result: VerifyResult): string {
  const who = result.claim ? `${result.claim.id}  ${[result.claim.nameKo, result.claim.nameEn].filter(Boolean).join(' / ')}` : '';
  return result.valid ? `VALID    ${result.source}  ${who}` : `INVALID  ${result.source}  ${result.reason}: ${result.detail}`;
}
