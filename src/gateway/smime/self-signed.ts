import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';

export interface SelfSignedRequest {
  /** RSASSA-PKCS1-v1_5 or ECDSA parameters for WebCrypto's generateKey, with their hash */
  algorithm: RsaHashedKeyGenParams | (EcKeyGenParams & { hash: string });
  name: x509.JsonName;
  days: number;
  keyUsage: x509.KeyUsageFlags;
  extendedKeyUsage: x509.ExtendedKeyUsageType[];
  altNames: x509.JsonGeneralNames;
}

/**
 * A self-signed end-entity certificate made without openssl (Kuvert's own S/MIME identity, the system
 * API's HTTPS certificate): a random positive 128-bit serial, valid from five minutes ago for `days`.
 */
export async function selfSignedCertificate(request: SelfSignedRequest): Promise<{ certificate: x509.X509Certificate; keys: CryptoKeyPair; pkcs8: Buffer }> {
  const crypto = webcrypto as unknown as Crypto;
  const keys = await crypto.subtle.generateKey(request.algorithm, true, ['sign', 'verify']) as CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x3f) | 0x40;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: request.name,
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(now + request.days * 86_400_000),
    signingAlgorithm: request.algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(request.keyUsage, true),
      new x509.ExtendedKeyUsageExtension(request.extendedKeyUsage),
      ...(request.altNames.length ? [new x509.SubjectAlternativeNameExtension(request.altNames)] : []),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  }, crypto);
  return { certificate, keys, pkcs8: Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}
