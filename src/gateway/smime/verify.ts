import type * as asn1js from 'asn1js';
import { constants, createHash, timingSafeEqual, verify, X509Certificate, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import './engine.ts';
import { mgf1HashOf, OID, SIGNATURE_ALGORITHMS, signatureHashOf, type HashName } from './algorithms.ts';
import { rawCertificates, readContentInfo, readSignedData } from './cms.ts';
import { memoizedByDer, octets, toBuffer } from './der.ts';
import { smimeKind } from './detect.ts';
import { malformed, SmimeError, untrusted } from './errors.ts';
import { certificateRef, hasKeyId, isIssuerAndSerial, type CertificateRef } from './match.ts';
import { decodeBody, header, multipartParts, parseContentType, readEntity, toCrlf } from './mime.ts';

export interface SignedContent {
  /** the signed MIME entity, CRLF */
  content: Buffer;
  /** DER certificate of the (first) signer */
  signer: Buffer;
  /** every certificate in the message, DER */
  certificates: Buffer[];
  signingTime?: Date;
}

const SIGNATURE_PART_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);

const invalidSignature = () => new SmimeError('SIGNATURE_INVALID',
  "The signature does not verify with the signer's certificate: the signature was altered or made with another key.");

function findSigner(sid: pkijs.SignerInfo['sid'], refs: CertificateRef[]): CertificateRef {
  const found = sid instanceof pkijs.IssuerAndSerialNumber
    ? refs.find((ref) => isIssuerAndSerial(ref, sid))
    : refs.find((ref) => hasKeyId(ref, subjectKeyIdOf(sid as asn1js.AsnType)));
  if (!found) {
    throw new SmimeError('NO_SIGNER_CERTIFICATE', "The message does not contain the signer's certificate. Ask the sender to include their certificate when signing.");
  }
  return found;
}

/** `[0] IMPLICIT OCTET STRING`, which pkijs leaves as a tagged primitive (or, leniently, constructed). */
function subjectKeyIdOf(sid: asn1js.AsnType): Buffer {
  const block = sid as { valueBlock: { valueHexView?: Uint8Array; value?: { valueBlock: { valueHexView: Uint8Array } }[] } };
  const inner = block.valueBlock.value?.[0]?.valueBlock.valueHexView;
  return toBuffer(inner ?? block.valueBlock.valueHexView ?? new Uint8Array());
}

function signatureVerifies(algorithm: pkijs.AlgorithmIdentifier, digest: HashName, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  let hash: HashName = digest;
  let options: Parameters<typeof verify>[2];
  if (algorithm.algorithmId === OID.rsassaPss) {
    const params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
    hash = signatureHashOf(params.hashAlgorithm.algorithmId);
    if (mgf1HashOf(params.maskGenAlgorithm) !== hash) throw new SmimeError('UNSUPPORTED_ALGORITHM', 'RSA-PSS signatures whose MGF1 hash differs from the message hash are not supported. Ask the sender to sign with RSA and SHA-256.');
    options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength };
  } else {
    const known = SIGNATURE_ALGORITHMS[algorithm.algorithmId];
    if (!known) throw new SmimeError('UNSUPPORTED_ALGORITHM', `The signature algorithm ${algorithm.algorithmId} is not supported. Ask the sender to sign with RSA and SHA-256.`);
    if (known.hash && known.hash !== digest) throw new SmimeError('UNSUPPORTED_ALGORITHM', 'The signature algorithm names another hash than the digest algorithm. Ask the sender to sign with RSA and SHA-256.');
    const keyType = key.asymmetricKeyType;
    if (known.kind === 'rsa' ? keyType !== 'rsa' : keyType !== 'ec') return false;
    options = known.kind === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key;
  }
  try {
    return verify(hash, data, options, signature);
  } catch {
    return false;
  }
}

function attributeValues(attrs: pkijs.SignedAndUnsignedAttributes, type: string): unknown[] {
  const found = attrs.attributes.filter((attribute) => attribute.type === type);
  if (found.length > 1) throw malformed(`The signed attribute ${type} occurs more than once.`);
  return found[0]?.values ?? [];
}

const publicKeyOf = memoizedByDer((der: Buffer) => new X509Certificate(der).publicKey);

function verifySignerInfo(info: pkijs.SignerInfo, eContentType: string, content: Buffer, refs: CertificateRef[]): { signer: CertificateRef; signingTime?: Date } {
  const digest = signatureHashOf(info.digestAlgorithm.algorithmId);
  const signer = findSigner(info.sid, refs);
  const key = publicKeyOf(signer.der);
  const signature = octets(info.signature);
  const attrs = info.signedAttrs;
  if (!attrs) {
    if (!signatureVerifies(info.signatureAlgorithm, digest, key, content, signature)) throw invalidSignature();
    return { signer };
  }
  const [contentType] = attributeValues(attrs, OID.contentType) as { valueBlock?: { toString(): string } }[];
  const [messageDigest] = attributeValues(attrs, OID.messageDigest) as asn1js.OctetString[];
  if (contentType?.valueBlock?.toString() !== eContentType) throw malformed('The signed contentType attribute is missing or does not match the content.');
  if (!messageDigest?.valueBlock?.valueHexView) throw malformed('The signed messageDigest attribute is missing.');
  if (!signatureVerifies(info.signatureAlgorithm, digest, key, toBuffer(attrs.encodedValue), signature)) throw invalidSignature();

  const expected = toBuffer(messageDigest.valueBlock.valueHexView);
  const actual = createHash(digest).update(content).digest();
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new SmimeError('DIGEST_MISMATCH', 'The content differs from what was signed: it was altered after signing, for example by a mail server that re-encoded it.');
  }
  const [time] = attributeValues(attrs, OID.signingTime) as Partial<asn1js.UTCTime>[];
  return { signer, ...(typeof time?.toDate === 'function' ? { signingTime: time.toDate() } : {}) };
}

function verifySignedData(signedData: asn1js.AsnType, detached: Buffer | undefined): SignedContent {
  const certificates = rawCertificates(signedData);
  const data = readSignedData(signedData);
  if (data.encapContentInfo.eContentType !== OID.data) throw malformed(`The signed content type is ${data.encapContentInfo.eContentType}, not data.`);
  const eContent = data.encapContentInfo.eContent;
  const content = detached ?? (eContent ? octets(eContent) : undefined);
  if (!content) throw malformed('The signed data holds no content and none came with it.');
  if (data.signerInfos.length === 0) throw new SmimeError('NOT_SIGNED', 'The signed data contains no signature (no SignerInfo). Ask the sender to sign the message again.');
  const refs = certificates.map((der) => certificateRef(der));
  const results = data.signerInfos.map((info) => verifySignerInfo(info, data.encapContentInfo.eContentType, content, refs));
  const { signer, signingTime } = results[0]!;
  return { content: toCrlf(content), signer: signer.der, certificates, ...(signingTime ? { signingTime } : {}) };
}

/**
 * Verifies multipart/signed (detached) or application/pkcs7-mime signed-data (opaque): every signature,
 * the messageDigest against the content, and that the signer's certificate is in the message. Trust in
 * that certificate is the caller's decision (verifyCertificate).
 */
export async function verifySignedMime(entity: Buffer): Promise<SignedContent> {
  return untrusted(() => verifyEntity(entity));
}

function verifyEntity(entity: Buffer): SignedContent {
  const top = readEntity(toCrlf(entity));
  const type = parseContentType(header(top, 'content-type'));
  const kind = smimeKind(type);
  if (!kind) throw new SmimeError('NOT_SMIME', `The message is ${type.mediaType}, not S/MIME, so it carries no signature to verify.`);

  if (type.mediaType === 'multipart/signed') {
    const boundary = type.params.get('boundary');
    if (!boundary) throw malformed('The multipart/signed message has no boundary parameter.');
    const parts = multipartParts(top.body, boundary);
    if (parts.length !== 2) throw malformed(`A multipart/signed message has two parts; this one has ${parts.length}.`);
    const signaturePart = readEntity(parts[1]!);
    if (!SIGNATURE_PART_TYPES.has(parseContentType(header(signaturePart, 'content-type')).mediaType)) {
      throw malformed('The second part of the multipart/signed message is not application/pkcs7-signature.');
    }
    const info = readContentInfo(decodeBody(signaturePart));
    if (info.contentType !== OID.signedData) throw malformed('The signature part does not hold CMS SignedData.');
    return verifySignedData(info.content, parts[0]!);
  }

  const info = readContentInfo(decodeBody(top));
  if (info.contentType === OID.envelopedData || info.contentType === OID.authEnvelopedData) {
    throw new SmimeError('NOT_SIGNED', 'The message is encrypted, not signed. Decrypt it first; the decrypted content may be signed.');
  }
  if (info.contentType !== OID.signedData) throw malformed(`The CMS content type ${info.contentType} is neither SignedData nor EnvelopedData.`);
  return verifySignedData(info.content, undefined);
}
