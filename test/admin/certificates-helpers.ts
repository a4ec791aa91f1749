import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';

// Certificates for the certificate tests, made in this process with @peculiar/x509 (no openssl needed):
// self-signed RSA, each with its own serial, so each has its own fingerprint. One key pair serves them all.

const crypto = webcrypto as unknown as Crypto;
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
let keys: Promise<CryptoKeyPair> | undefined;
const DAY = 86_400_000;

export interface TestCertificateOptions {
  cn: string;
  organisation?: string;
  email?: string;
  /** what it is for: a TLS client (clientAuth), e-mail (emailProtection, RSA key encipherment), a TLS server only */
  purpose: 'client' | 'email' | 'server';
  notBefore?: Date;
  notAfter: Date;
  /** hex, without leading zeros; random by default */
  serial?: string;
}

export interface TestCertificate { pem: string; der: Buffer; serial: string }

export const daysFromNow = (days: number, from = new Date()) => new Date(from.getTime() + days * DAY);

export async function makeCertificate(options: TestCertificateOptions): Promise<TestCertificate> {
  keys ??= crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  const pair = await keys;
  const serial = options.serial ?? `4${randomBytes(8).toString('hex').slice(1)}`;
  const usages = {
    client: [x509.KeyUsageFlags.digitalSignature, [x509.ExtendedKeyUsage.clientAuth]],
    email: [x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, [x509.ExtendedKeyUsage.emailProtection]],
    server: [x509.KeyUsageFlags.digitalSignature, [x509.ExtendedKeyUsage.serverAuth]],
  } as const;
  const [keyUsage, extended] = usages[options.purpose];
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: [{ CN: [options.cn] }, ...(options.organisation ? [{ O: [options.organisation] }] : []), ...(options.email ? [{ E: [options.email] }] : [])],
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter,
    signingAlgorithm: ALGORITHM,
    keys: pair,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(keyUsage, true),
      new x509.ExtendedKeyUsageExtension([...extended]),
      ...(options.email ? [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: options.email }])] : []),
    ],
  }, crypto);
  return { pem: certificate.toString('pem'), der: Buffer.from(certificate.rawData), serial: serial.toLowerCase().replace(/^0+(?=.)/, '') };
}
