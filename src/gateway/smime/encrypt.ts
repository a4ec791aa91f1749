import * as asn1js from 'asn1js';
import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import * as pkijs from 'pkijs';
import './engine.ts';
import { OID } from './algorithms.ts';
import { loadCertificate } from './certificates.ts';
import { encode, pkijsCertificate } from './der.ts';
import { SmimeError, untrusted } from './errors.ts';
import { base64Lines, toCrlf } from './mime.ts';

function oaepSha256(): pkijs.AlgorithmIdentifier {
  const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const params = new pkijs.RSAESOAEPParams({
    hashAlgorithm: sha256,
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: sha256.toSchema() }),
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaesOaep, algorithmParams: params.toSchema() });
}

function recipientInfo(der: Buffer, contentKey: Buffer): pkijs.RecipientInfo {
  const { node, x509 } = loadCertificate(der);
  if (node.publicKey.asymmetricKeyType !== 'rsa') {
    throw new SmimeError('UNSUPPORTED_ALGORITHM', `The recipient certificate "${x509.subject}" has a ${node.publicKey.asymmetricKeyType ?? 'non-RSA'} key; encryption here needs an RSA certificate.`);
  }
  const certificate = pkijsCertificate(der);
  const encryptedKey = publicEncrypt({ key: node.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, contentKey);
  return new pkijs.RecipientInfo({
    variant: 1,
    value: new pkijs.KeyTransRecipientInfo({
      version: 0,
      rid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
      keyEncryptionAlgorithm: oaepSha256(),
      encryptedKey: new asn1js.OctetString({ valueHex: encryptedKey }),
    }),
  });
}

/** EnvelopedData: AES-256-CBC content, the key sent to each recipient with RSA-OAEP (SHA-256, MGF1-SHA-256). */
export function envelopedData(content: Buffer, recipients: Buffer[]): Buffer {
  if (recipients.length === 0) throw new RangeError('encryptMime needs at least one recipient certificate.');
  const contentKey = randomBytes(32);
  const recipientInfos = untrusted(() => recipients.map((der) => recipientInfo(der, contentKey)));
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', contentKey, iv);
  const encrypted = Buffer.concat([cipher.update(content), cipher.final()]);
  const data = new pkijs.EnvelopedData({
    version: 0,
    recipientInfos,
    encryptedContentInfo: new pkijs.EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.aes256Cbc, algorithmParams: new asn1js.OctetString({ valueHex: iv }) }),
      encryptedContent: new asn1js.OctetString({ valueHex: encrypted }),
      disableSplit: true,
    }),
  });
  contentKey.fill(0);
  return encode(new pkijs.ContentInfo({ contentType: OID.envelopedData, content: data.toSchema() }));
}

/**
 * Encrypts a complete MIME entity for every recipient certificate (DER, RSA). Returns the
 * application/pkcs7-mime entity; the caller adds the message headers. Check the recipients first with
 * verifyCertificate(…, { usage: 'encrypt' }).
 */
export async function encryptMime(entity: Buffer, recipients: Buffer[]): Promise<Buffer> {
  const cms = envelopedData(toCrlf(entity), recipients);
  return Buffer.from(
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data;\r\n\tname=smime.p7m\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Disposition: attachment; filename=smime.p7m\r\n' +
    '\r\n' +
    `${base64Lines(cms)}\r\n`,
    'latin1');
}
