/**
 * PAdES-B-B digital signatures on certificate PDFs (`certificates --sign-p12 FILE --sign-pass-env
 * VAR`), so that PDF readers show who signed a certificate and that it is unaltered: the writer
 * puts a signature field and its placeholder in each file (writer.ts signatureObjects, the objects
 * @signpdf/placeholder-pdf-lib makes, without a pdf-lib load and save per certificate), and
 * @signpdf/signpdf fills the byte range and puts the CMS signature in.
 *
 * The CMS signature is made here, not by @signpdf/signer-p12: that signer opens the P12 again for
 * every document (its key derivation and decryption in JavaScript: tens of milliseconds each),
 * signs with JavaScript RSA, and puts a signing-time attribute in the signed attributes, which
 * PAdES baseline signatures must not have (ETSI EN 319 142-1 5.2.1: the time is the signature
 * dictionary's /M). Here the P12 is opened once per batch with node-forge, the RSA signature is
 * Node's own, and the signed attributes are PAdES-B-B's: content type, message digest and the
 * signing certificate's hash (ESS signing-certificate-v2, RFC 5035). The CMS structure is encoded
 * once per batch, and each document's digest and signature are written into a copy of it.
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import forge from 'node-forge';
import type { SignatureField } from './writer.js';
import { PressError } from '../../core/errors.js';
import { readInput } from '../../core/files.js';

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
};
const oid = (value: string) => asn1.create(U, T.OID, false, asn1.oidToDer(value).getBytes());
const seq = (items: forge.asn1.Asn1[]) => asn1.create(U, T.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(U, T.SET, true, items);
const octets = (bytes: Buffer) => asn1.create(U, T.OCTETSTRING, false, bytes.toString('binary'));
const integer = (value: number) => asn1.create(U, T.INTEGER, false, asn1.integerToDer(value).getBytes());
const algorithm = (id: string) => seq([oid(id), asn1.create(U, T.NULL, false, '')]);
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/** A P12's certificate and key, opened once, signing as many documents as a batch has. */
class PadesSigner extends Signer {
  /** The signed attributes' DER with a marker digest, and where the digest goes in it. */
  private readonly attributes: { der: Buffer; digestAt: number };
  /** The whole CMS ContentInfo's DER with the marker digest and signature, and where each goes. */
  private readonly skeleton: { der: Buffer; digestAt: number; signatureAt: number; signatureLength: number };

  /**
   * Builds the CMS structure once, with a marker digest and a marker signature of the key's length:
   * every document's differs from it only in those bytes (an RSA PKCS #1 v1.5 signature is as
   * long as the modulus; the attributes' order, by their encodings, is fixed before the digest),
   * so signing a document is a hash, an RSA signature and two copies, not an ASN.1 tree built and
   * encoded again (about 0.3 ms a certificate).
   */
  constructor(
    private readonly key: KeyObject,
    cert: forge.asn1.Asn1,
    chain: forge.asn1.Asn1[],
  ) {
    super();
    const certHash = createHash('sha256').update(der(cert)).digest();
    const digestMark = Buffer.alloc(32, 0xd1);
    const signatureMark = Buffer.alloc(Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8), 0x5e);
    // DER sorts a SET OF by its elements' encodings.
    const attributes = [
      seq([oid(OID.contentType), set([oid(OID.data)])]),
      seq([oid(OID.messageDigest), set([octets(digestMark)])]),
      seq([oid(OID.signingCertificateV2), set([seq([seq([seq([octets(certHash)])])])])]),
    ].sort((a, b) => Buffer.compare(der(a), der(b)));
    const tbs = cert.value[0] as forge.asn1.Asn1;
    const fields = tbs.value as forge.asn1.Asn1[];
    // [0] version is there in a v3 certificate: the serial number and the issuer follow it.
    const at = fields[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
    const signerInfo = seq([
      integer(1),
      seq([fields[at + 2]!, fields[at]!]),
      algorithm(OID.sha256),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes),
      algorithm(OID.rsaEncryption),
      octets(signatureMark),
    ]);
    const signedData = seq([
      integer(1),
      set([algorithm(OID.sha256)]),
      seq([oid(OID.data)]),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [cert, ...chain]),
      set([signerInfo]),
    ]);
    const attributesDer = der(set(attributes));
    const skeleton = der(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
    this.attributes = { der: attributesDer, digestAt: only(attributesDer, digestMark) };
    this.skeleton = { der: skeleton, digestAt: only(skeleton, digestMark), signatureAt: only(skeleton, signatureMark), signatureLength: signatureMark.length };
  }

  /** The CMS SignedData (detached) of the byte ranges @signpdf/signpdf passes. */
  async sign(content: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(content).digest();
    const attributes = Buffer.from(this.attributes.der);
    digest.copy(attributes, this.attributes.digestAt);
    const signature = sign('sha256', attributes, this.key);
    const out = Buffer.from(this.skeleton.der);
    if (signature.length !== this.skeleton.signatureLength) throw new Error(`PAdES: a signature of ${signature.length} bytes; the key's are ${this.skeleton.signatureLength}`);
    digest.copy(out, this.skeleton.digestAt);
    signature.copy(out, this.skeleton.signatureAt);
    return out;
  }
}

/** Where `mark` stands in `bytes`: once, or the skeleton cannot be filled in. */
function only(bytes: Buffer, mark: Buffer): number {
  const at = bytes.indexOf(mark);
  if (at < 0 || bytes.indexOf(mark, at + 1) >= 0) throw new Error('PAdES: a marker is not found once in the CMS skeleton');
  return at;
}

/** Signs certificate PDFs with one P12's key: what a batch keeps. */
export interface PadesSigning {
  /** The signature field the writer puts in a PDF to be signed at `date`. */
  field(date: Date): SignatureField;
  /** A PDF with its field (see field) signed: PAdES-B-B, reproducible (RSA PKCS #1 v1.5 signatures are deterministic). */
  sign(pdf: Uint8Array): Promise<Uint8Array>;
  /** The SHA-256 of the P12 file: part of every certificate's input hash. */
  digest: string;
  /** The signer's name, from the certificate's common name. */
  name: string;
}

/**
 * Opens a P12 (PKCS #12) with the password in the environment variable `passEnv`. A missing
 * variable, a wrong password (named as such: the password itself is never printed), a file that
 * is no P12 and a P12 without an RSA key and its certificate are PressErrors, before anything is
 * written.
 */
export async function loadPades(file: string, passEnv: string | undefined): Promise<PadesSigning> {
  if (!passEnv) throw new PressError('BAD_OPTION', '--sign-p12 needs --sign-pass-env VAR: the name of the environment variable that holds its password (never the password itself)');
  const password = process.env[passEnv];
  if (password === undefined) throw new PressError('BAD_OPTION', `--sign-pass-env: the environment variable ${passEnv} is not set; set it to the P12's password`);
  const bytes = Buffer.from(await readInput(file));
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const parsed = asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(parsed, false, password);
    } catch (error) {
      if (/password|MAC/i.test(String((error as Error).message))) {
        throw new PressError('BAD_OPTION', `--sign-p12: wrong password: the password in ${passEnv} does not open this P12`, file);
      }
      throw error;
    }
  } catch (error) {
    if (error instanceof PressError) throw error;
    throw new PressError('BAD_OPTION', '--sign-p12: is not a PKCS #12 (.p12, .pfx) file this tool can read', file);
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)][0];
  const certs = bags(forge.pki.oids.certBag).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const privateKey = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!privateKey) throw new PressError('BAD_OPTION', '--sign-p12: holds no RSA private key (an ECDSA key cannot be read here)', file);
  const own = certs.find((cert) => {
    const pub = cert.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(privateKey.n) === 0 && pub.e?.compareTo(privateKey.e) === 0;
  });
  if (!own) throw new PressError('BAD_OPTION', "--sign-p12: holds no certificate for its private key", file);
  const key = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
  const signer = new PadesSigner(key, forge.pki.certificateToAsn1(own), certs.filter((cert) => cert !== own).map((cert) => forge.pki.certificateToAsn1(cert)));
  const name = String(own.subject.getField('CN')?.value ?? 'Issuer');
  return {
    digest: createHash('sha256').update(bytes).digest('hex'),
    name,
    // @signpdf's default room: an RSA 2048 signature with its certificate is about 1.5 KB, an RSA
    // 4096 one with a chain of three about 6 KB; a larger one fails the row with @signpdf's message.
    field: (date) => ({ name, date, length: 8192 }),
    async sign(pdf) {
      return new Uint8Array(await new SignPdf().sign(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), signer));
    },
  };
}
