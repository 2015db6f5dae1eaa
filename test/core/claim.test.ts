import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalClaim,
  canonicalId,
  ClaimError,
  decodePayload,
  encodePayload,
  formatId,
  fromBase64Url,
  idNumber,
  parseCanonicalClaim,
  payloadOfUrl,
  toBase64Url,
  verifyUrl,
  type Claim,
} from '../../src/core/claim.js';
import { certificateId, signClaim, verifyClaim } from '../../src/core/signing.js';

const TITLE = { ko: '존엄, 희망, 자유를 위한 워싱턴 선언', en: 'Washington Declaration for the Dignity, Hope, and Freedom of North Koreans' };
const content = {
  nameKo: '홍길동',
  nameEn: 'Hong Gil-dong',
  roleKo: '견본 서명자',
  roleEn: 'Sample signatory',
  eventKo: '2024년 7월 22일 워싱턴',
  eventEn: 'on July 22, 2024, in Washington',
  date: '2024-07-22',
  titleKo: TITLE.ko,
  titleEn: TITLE.en,
};
const claim: Claim = { id: certificateId(content), ...content };
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

describe('claims', () => {
  it('has a documented canonical form: the magic line, then each field as a two-byte length and its UTF-8', () => {
    const bytes = canonicalClaim(claim);
    const text = new TextDecoder().decode(bytes.subarray(0, 26));
    expect(text).toBe('declaration-press claim 1\n');
    // The ID first: 14 bytes ("XXXX-XXXX-XXXX").
    expect([bytes[26], bytes[27]]).toEqual([0, 14]);
    expect(new TextDecoder().decode(bytes.subarray(28, 42))).toBe(claim.id);
    // 홍길동 is 9 bytes of UTF-8.
    expect([bytes[42], bytes[43]]).toEqual([0, 9]);
    expect(parseCanonicalClaim(bytes)).toEqual(claim);
  });

  it('gives an ID from what the certificate says: the same row the same ID, another name another', () => {
    expect(claim.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(certificateId({ ...content })).toBe(claim.id);
    expect(certificateId({ ...content, nameEn: 'Hong Gil-Dong' })).not.toBe(claim.id);
    expect(certificateId({ ...content, eventEn: 'elsewhere' })).not.toBe(claim.id);
    // The ID is the first 60 bits of the SHA-256 of the claim with an empty ID, as a number, and
    // the payload carries that number in 8 bytes: spelled out here with BigInt, over many rows.
    for (let i = 0; i < 300; i++) {
      const row = { ...content, nameEn: `Signatory ${i}`, roleEn: 'x'.repeat(i % 7) };
      const digest = createHash('sha256').update(canonicalClaim({ ...row, id: '' })).digest();
      const id = certificateId(row);
      expect(id).toBe(formatId(digest.readBigUInt64BE(0) >> 4n));
      const payload = encodePayload({ claim: { ...row, id }, signature: new Uint8Array(64) });
      expect(Buffer.from(payload.subarray(1, 9)).readBigUInt64BE(0)).toBe(idNumber(id));
    }
    // Typed by hand: lower case, no hyphens, O for zero.
    expect(canonicalId(claim.id.toLowerCase().replaceAll('-', '').replaceAll('0', 'o'))).toBe(claim.id);
  });

  it('packs the QR payload and reads it back with the title the verifier knows', () => {
    const signed = signClaim(claim, privateKey);
    const payload = encodePayload(signed);
    // version, ID, date, six texts with their lengths, signature; the title is not carried.
    const texts = [content.nameKo, content.nameEn, content.roleKo, content.roleEn, content.eventKo, content.eventEn];
    expect(payload.length).toBe(1 + 8 + 2 + texts.reduce((sum, text) => sum + 1 + new TextEncoder().encode(text).length, 0) + 64);
    const back = decodePayload(payload, TITLE);
    expect(back.claim).toEqual(claim);
    expect(verifyClaim(back, publicKey)).toBe(true);
    // Another declaration's title: the signature no longer covers the claim.
    expect(verifyClaim(decodePayload(payload, { ...TITLE, en: 'Another declaration' }), publicKey)).toBe(false);
  });

  it('puts the payload in the fragment as base64url, and names a link cut short', () => {
    const url = verifyUrl('https://example.org/verify', signClaim(claim, privateKey));
    expect(url).toMatch(/^https:\/\/example\.org\/verify#[A-Za-z0-9_-]+$/);
    expect(decodePayload(payloadOfUrl(url), TITLE).claim).toEqual(claim);
    const reasons = (text: string) => {
      try {
        decodePayload(payloadOfUrl(text), TITLE);
        return 'read';
      } catch (error) {
        return (error as ClaimError).reason;
      }
    };
    for (const cut of [url.length - 1, url.length - 40, url.length - 100, url.indexOf('#') + 5]) expect(reasons(url.slice(0, cut))).toBe('TRUNCATED');
    expect(reasons(url.split('#')[0]!)).toBe('NO_CLAIM');
    expect(reasons(`${url}AAAA`)).toBe('TRAILING_BYTES');
    expect(reasons(`${url.slice(0, -1)}*`)).toBe('BAD_ENCODING');
  });

  it('reads and writes base64url as RFC 4648 does', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
  });
});
