import type * as asn1js from 'asn1js';
import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import './engine.ts';
import { contentCipherOf, hashOf, mgf1HashOf, OID, type ContentCipher } from './algorithms.ts';
import { readContentInfo, readEnvelopedData } from './cms.ts';
import { octets } from './der.ts';
import { smimeKind } from './detect.ts';
import { malformed, SmimeError, untrusted } from './errors.ts';
import type { Identity } from './identity.ts';
import { certificateRef, hasKeyId, isIssuerAndSerial, type CertificateRef } from './match.ts';
import { decodeBody, header, parseContentType, readEntity, startsLikeEntity, toCrlf } from './mime.ts';
import { decryptKeyPkcs1v15 } from './rsa-v15.ts';

const decryptFailed = () => new SmimeError('DECRYPT_FAILED',
  'The message cannot be decrypted with our private key: it was encrypted with a key that does not match ours, or damaged in transit. Ask the sender to encrypt it again to our current certificate.');

const notEncrypted = () => new SmimeError('NOT_ENCRYPTED', 'The message is signed but not encrypted, so there is nothing to decrypt; verify its signature instead.');

const authEnvelopedUnsupported = () => new SmimeError('UNSUPPORTED_ALGORITHM',
  'The message is AuthEnvelopedData (AES-GCM), which is not supported yet. Ask the sender to encrypt with AES-256-CBC.');

function isForUs(info: pkijs.RecipientInfo, own: CertificateRef): info is pkijs.RecipientInfo & { value: pkijs.KeyTransRecipientInfo } {
  if (info.variant !== 1) return false;
  const { rid } = info.value as pkijs.KeyTransRecipientInfo;
  return rid instanceof pkijs.IssuerAndSerialNumber ? isIssuerAndSerial(own, rid) : hasKeyId(own, octets(rid));
}

function hasField(params: unknown, tagNumber: number): boolean {
  const fields = (params as asn1js.Sequence | undefined)?.valueBlock?.value ?? [];
  return fields.some((field) => field.idBlock.tagClass === 3 && field.idBlock.tagNumber === tagNumber);
}

function oaepKey(privateKey: KeyObject, algorithm: pkijs.AlgorithmIdentifier, encryptedKey: Buffer): Buffer {
  const params = algorithm.algorithmParams ? new pkijs.RSAESOAEPParams({ schema: algorithm.algorithmParams }) : new pkijs.RSAESOAEPParams();
  const hash = hashOf(params.hashAlgorithm.algorithmId);
  if (mgf1HashOf(params.maskGenAlgorithm) !== hash) throw new SmimeError('UNSUPPORTED_ALGORITHM', 'RSA-OAEP with an MGF1 hash other than the OAEP hash is not supported. Ask the sender to use RSA-OAEP with SHA-256.');
  // pkijs's default pSourceAlgorithm is wrong (SHA-1 of the empty label); an absent field means the empty label
  let label: Buffer | undefined;
  if (hasField(algorithm.algorithmParams, 2)) {
    if (params.pSourceAlgorithm.algorithmId !== OID.pSpecified) throw new SmimeError('UNSUPPORTED_ALGORITHM', 'RSA-OAEP with a pSource other than pSpecified is not supported. Ask the sender to use RSA-OAEP with SHA-256.');
    label = octets(params.pSourceAlgorithm.algorithmParams as asn1js.OctetString);
  }
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash, ...(label?.length ? { oaepLabel: label } : {}) }, encryptedKey);
  } catch {
    throw decryptFailed();
  }
}

function contentKey(recipient: pkijs.KeyTransRecipientInfo, privateKey: KeyObject, cipher: ContentCipher): Buffer {
  const algorithm = recipient.keyEncryptionAlgorithm;
  const encryptedKey = octets(recipient.encryptedKey);
  if (algorithm.algorithmId === OID.rsaEncryption) return decryptKeyPkcs1v15(privateKey, encryptedKey, cipher.keyLength);
  if (algorithm.algorithmId === OID.rsaesOaep) {
    const key = oaepKey(privateKey, algorithm, encryptedKey);
    if (key.length !== cipher.keyLength) throw decryptFailed();
    return key;
  }
  throw new SmimeError('UNSUPPORTED_ALGORITHM', `The key transport algorithm ${algorithm.algorithmId} is not supported. Ask the sender to use RSA-OAEP or RSA PKCS#1 v1.5.`);
}

function decryptContent(cipher: ContentCipher, key: Buffer, iv: Buffer, encrypted: Buffer): Buffer {
  try {
    const decipher = createDecipheriv(cipher.name, key, iv);
    return Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } catch {
    throw decryptFailed();
  }
}

/**
 * Decrypts application/pkcs7-mime (or x-pkcs7-mime) enveloped-data with our identity and returns the inner
 * MIME entity with CRLF line endings.
 */
export async function decryptMime(entity: Buffer, identity: Identity): Promise<Buffer> {
  return untrusted(() => decryptEntity(entity, identity));
}

function decryptEntity(entity: Buffer, identity: Identity): Buffer {
  const top = readEntity(toCrlf(entity));
  const type = parseContentType(header(top, 'content-type'));
  const kind = smimeKind(type);
  if (!kind) throw new SmimeError('NOT_SMIME', `The message is ${type.mediaType}, not S/MIME, so there is nothing to decrypt.`);
  if (kind === 'signed') throw notEncrypted();
  if (type.params.get('smime-type')?.toLowerCase() === 'authenveloped-data') throw authEnvelopedUnsupported();

  const info = readContentInfo(decodeBody(top));
  if (info.contentType === OID.authEnvelopedData) throw authEnvelopedUnsupported();
  if (info.contentType === OID.signedData) throw notEncrypted();
  if (info.contentType !== OID.envelopedData) throw malformed(`The CMS content type ${info.contentType} is not EnvelopedData.`);
  const data = readEnvelopedData(info.content);

  const { contentEncryptionAlgorithm, encryptedContent } = data.encryptedContentInfo;
  const cipher = contentCipherOf(contentEncryptionAlgorithm.algorithmId);
  const ivParam: unknown = contentEncryptionAlgorithm.algorithmParams;
  const iv = ivParam instanceof Object && 'valueBlock' in ivParam ? octets(ivParam as asn1js.OctetString) : Buffer.alloc(0);
  if (iv.length !== 16) throw malformed('The AES-CBC initialisation vector is missing or not 16 bytes.');
  if (!encryptedContent) throw malformed('The EnvelopedData holds no encrypted content.');

  const own = certificateRef(identity.certificate);
  const recipient = data.recipientInfos.find((recipientInfo) => isForUs(recipientInfo, own));
  if (!recipient) {
    const serial = Buffer.from(own.certificate.serialNumber.valueBlock.valueHexView).toString('hex');
    throw new SmimeError('NOT_FOR_US', `The message is not encrypted for our certificate (serial ${serial}). The sender used another certificate; they must encrypt to our current one.`);
  }

  const key = contentKey(recipient.value, identity.privateKey, cipher);
  const plain = decryptContent(cipher, key, iv, octets(encryptedContent));
  key.fill(0);
  // a wrong key passes the CBC padding check once in 256 times; what it yields is noise, not MIME
  if (!startsLikeEntity(plain)) throw decryptFailed();
  return toCrlf(plain);
}
