import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import './engine.ts';
import { OID } from './algorithms.ts';
import { memoizedByDer, pkijsCertificate, toBuffer } from './der.ts';
import { malformed } from './errors.ts';

/** A certificate as CMS refers to it: by issuer and serial number, or by subject key identifier. */
export interface CertificateRef {
  der: Buffer;
  certificate: pkijs.Certificate;
  /** the subjectKeyIdentifier extension, and SHA-1 of the public key (RFC 5280 §4.2.1.2 method 1) */
  keyIds: Buffer[];
}

export const certificateRef = memoizedByDer((der: Buffer): CertificateRef => {
  let certificate: pkijs.Certificate;
  try {
    certificate = pkijsCertificate(der);
  } catch (error) {
    throw malformed('A certificate cannot be read.', error);
  }
  const keyIds: Buffer[] = [createHash('sha1').update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest()];
  const extension = certificate.extensions?.find((ext) => ext.extnID === OID.subjectKeyIdentifier);
  const value: unknown = extension?.parsedValue;
  if (value && typeof value === 'object' && 'valueBlock' in value) {
    const view = (value as { valueBlock: { valueHexView?: Uint8Array } }).valueBlock.valueHexView;
    if (view) keyIds.unshift(toBuffer(view));
  }
  return { der, certificate, keyIds };
});

export function isIssuerAndSerial(ref: CertificateRef, id: pkijs.IssuerAndSerialNumber): boolean {
  return ref.certificate.serialNumber.isEqual(id.serialNumber) && ref.certificate.issuer.isEqual(id.issuer);
}

export function hasKeyId(ref: CertificateRef, keyId: Uint8Array): boolean {
  return ref.keyIds.some((own) => own.equals(keyId));
}
