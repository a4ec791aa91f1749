import * as asn1js from 'asn1js';
import { createHash, sign } from 'node:crypto';
import { promisify } from 'node:util';
import * as pkijs from 'pkijs';
import './engine.ts';
import { OID } from './algorithms.ts';
import { encode, pkijsCertificate } from './der.ts';
import type { Identity } from './identity.ts';
import { base64Lines, newBoundary, toCrlf } from './mime.ts';

const signAsync = promisify(sign);

function timeOf(date: Date): asn1js.UTCTime | asn1js.GeneralizedTime {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const year = whole.getUTCFullYear();
  return year >= 1950 && year < 2050 ? new asn1js.UTCTime({ valueDate: whole }) : new asn1js.GeneralizedTime({ valueDate: whole });
}

/** What we can decrypt, strongest first (RFC 8551 §2.5.2). */
function capabilities(): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [OID.aes256Cbc, OID.aes192Cbc, OID.aes128Cbc].map((oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] })),
  });
}

/** DER: the elements of a SET OF are sorted by their encodings. */
function derSetOrder(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: encode(attribute) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ attribute }) => attribute);
}

/** Detached SignedData over `content`: SHA-256, RSA PKCS#1 v1.5, signer certificate and chain included. */
export async function signedData(content: Buffer, signer: Identity, signingTime = new Date()): Promise<Buffer> {
  const certificate = pkijsCertificate(signer.certificate);
  const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: derSetOrder([
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.signingTime, values: [timeOf(signingTime)] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() })] }),
      new pkijs.Attribute({ type: OID.smimeCapabilities, values: [capabilities()] }),
    ]),
  });
  // the signature covers the attributes encoded as a SET, not with their [0] IMPLICIT tag
  const signedBytes = encode(signedAttrs);
  signedBytes[0] = 0x31;
  const signature = await signAsync('sha256', signedBytes, signer.privateKey);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: sha256,
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const data = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate, ...signer.chain.map((der) => pkijsCertificate(der))],
    signerInfos: [signerInfo],
  });
  return encode(new pkijs.ContentInfo({ contentType: OID.signedData, content: data.toSchema() }));
}

/**
 * Signs a complete MIME entity (CRLF; bare LFs would be made CRLF) as multipart/signed: the first part is
 * `entity` byte for byte, the second the detached CMS signature. The caller adds the message headers (From,
 * To, Subject, MIME-Version…). Use 7bit content (quoted-printable/base64 bodies): relays may re-encode 8bit.
 */
export async function signMime(entity: Buffer, signer: Identity): Promise<Buffer> {
  const content = toCrlf(entity);
  const signature = await signedData(content, signer);
  const boundary = newBoundary(content);
  return Buffer.concat([
    Buffer.from(
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature";\r\n' +
      `\tmicalg=sha-256; boundary="${boundary}"\r\n` +
      '\r\n' +
      'This is an S/MIME signed message.\r\n' +
      '\r\n' +
      `--${boundary}\r\n`,
      'latin1'),
    content,
    Buffer.from(
      `\r\n--${boundary}\r\n` +
      'Content-Type: application/pkcs7-signature; name=smime.p7s\r\n' +
      'Content-Transfer-Encoding: base64\r\n' +
      'Content-Disposition: attachment; filename=smime.p7s\r\n' +
      '\r\n' +
      `${base64Lines(signature)}\r\n` +
      '\r\n' +
      `--${boundary}--\r\n`,
      'latin1'),
  ]);
}
