/**
 * The verify page's script (runs in the browser; bundled into the one HTML file by
 * src/verify/verify-page.ts). It reads the claim from the address's fragment, which the browser
 * never sends to a server, checks its Ed25519 signature with the issuer's public key built into
 * the page (WebCrypto where the browser has Ed25519, @noble/ed25519 otherwise), and shows the
 * certificate with VALID or NOT VALID. It makes no network request (the page's Content Security
 * Policy forbids any) and works from a file:// address too.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2';
import { canonicalClaim, ClaimError, decodePayload, fromBase64Url, payloadOfUrl, type SignedClaim } from '../../core/claim.js';

/** What verify-page builds into the page. */
interface PageConfig {
  /** The issuer's raw Ed25519 public key, base64url. */
  key: string;
  /** Its fingerprint, as `keys init` printed it. */
  fingerprint: string;
  /** The declaration's title: the signature covers it, the code leaves it out. */
  title: { ko: string; en: string };
  /** Who issues the certificates. */
  issuer: { ko: string; en: string };
  /** Revoked IDs. */
  revoked: string[];
}

declare global {
  interface Window {
    /** The page's configuration, set by verify-page in a script before this one. */
    VERIFY_CONFIG: PageConfig;
    /** How the last check ran, for tests: 'webcrypto' or 'noble'. */
    verifiedWith?: string;
  }
}

// @noble/hashes 1.8 types its output as any buffer; the bytes are a plain ArrayBuffer view.
ed.hashes.sha512 = (message) => sha512(message) as Uint8Array<ArrayBuffer>;

/** Verifies with WebCrypto's Ed25519 where the browser has it, else with @noble/ed25519. */
async function verifySignature(key: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  try {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) throw new Error('no WebCrypto here (an http:// page)');
    const imported = await subtle.importKey('raw', key as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    const valid = await subtle.verify({ name: 'Ed25519' }, imported, signature as BufferSource, message as BufferSource);
    window.verifiedWith = 'webcrypto';
    return valid;
  } catch {
    window.verifiedWith = 'noble';
    return ed.verify(signature, message, key);
  }
}

/** The page's text, set safely (textContent, never HTML). */
function set(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

function show(id: string, visible: boolean): void {
  const element = document.getElementById(id);
  if (element) element.hidden = !visible;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dates(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}년 ${m}월 ${d}일 · ${MONTHS[m - 1]} ${d}, ${y}`;
}

/** Checks the address's claim and shows the verdict. */
async function run(): Promise<void> {
  const config = window.VERIFY_CONFIG;
  set('issuer', `${config.issuer.ko} · ${config.issuer.en}`);
  set('fingerprint', config.fingerprint);
  show('details', false);
  show('empty', false);
  const verdict = (valid: boolean, why: string) => {
    document.body.dataset.verdict = valid ? 'valid' : 'invalid';
    set('verdict', valid ? 'VALID · 유효' : 'NOT VALID · 무효');
    set('reason', why);
  };
  if (!location.hash || location.hash === '#') {
    document.body.dataset.verdict = 'none';
    set('verdict', '');
    show('empty', true);
    return;
  }
  let signed: SignedClaim;
  try {
    signed = decodePayload(payloadOfUrl(location.href), config.title);
  } catch (error) {
    const reason = error instanceof ClaimError ? error.message : String(error);
    return verdict(false, `This link does not carry a readable certificate (${reason}). Was it copied whole? · 링크가 온전하지 않습니다.`);
  }
  const { claim } = signed;
  set('name', [claim.nameKo, claim.nameEn].filter(Boolean).join(' · '));
  set('role', [claim.roleKo, claim.roleEn].filter(Boolean).join(' · '));
  set('event', [claim.eventKo, claim.eventEn].filter(Boolean).join(' · '));
  set('date', dates(claim.date));
  set('id', claim.id);
  show('details', true);
  let valid = false;
  try {
    valid = await verifySignature(fromBase64Url(config.key), signed.signature, canonicalClaim(claim));
  } catch {
    valid = false;
  }
  if (!valid) return verdict(false, 'The signature does not match: this certificate was changed, or this issuer did not issue it. · 서명이 맞지 않습니다: 내용이 바뀌었거나 이 발급자가 발급하지 않았습니다.');
  if (config.revoked.includes(claim.id)) return verdict(false, 'The issuer has revoked this certificate. · 발급자가 이 증서를 취소했습니다.');
  verdict(true, 'The issuer signed exactly these details. Compare them with the printed certificate. · 발급자가 이 내용에 서명했습니다. 인쇄된 증서와 같은지 확인하십시오.');
}

window.addEventListener('hashchange', () => void run());
void run();
