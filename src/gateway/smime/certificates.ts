import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type * as asn1js from 'asn1js';
import { createHash, X509Certificate as NodeCertificate } from 'node:crypto';
import { OID } from './algorithms.ts';
import { rawCertificates, readContentInfo } from './cms.ts';
import { memoizedByDer, parseBer } from './der.ts';
import { malformed, untrusted } from './errors.ts';

export interface CertificateInfo {
  /** RFC 4514-style, e.g. `CN=Kommunen mail, E=post@kommunen.example` */
  subject: string;
  issuer: string;
  /** hex, lowercase */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** hex, lowercase, over the DER */
  fingerprintSha256: string;
  /** from subjectAltName rfc822Name and the subject's emailAddress, lowercased */
  emailAddresses: string[];
  isCa: boolean;
  /** RSA key, keyUsage (if present) allows digitalSignature or nonRepudiation, extKeyUsage (if present) allows email */
  canSign: boolean;
  /** RSA key, keyUsage (if present) allows keyEncipherment, extKeyUsage (if present) allows email */
  canEncrypt: boolean;
  /** `RSA`, `RSA-PSS`, `EC`, `Ed25519`, … */
  keyAlgorithm: string;
  keyBits?: number;
}

/** One certificate read both ways: Node for keys and signatures, @peculiar/x509 for names and extensions. */
export interface LoadedCertificate {
  der: Buffer;
  node: NodeCertificate;
  x509: x509.X509Certificate;
}

const CERTIFICATE_ADVICE = 'Provide X.509 certificates as PEM, DER or a PKCS#7 bundle (.p7b).';

export const loadCertificate = memoizedByDer((bytes: Buffer): LoadedCertificate => {
  parseBer(bytes, 'certificate');
  try {
    return { der: bytes, node: new NodeCertificate(bytes), x509: new x509.X509Certificate(new Uint8Array(bytes)) };
  } catch (error) {
    throw malformed('The data is not an X.509 certificate.', error, CERTIFICATE_ADVICE);
  }
});

const PEM_BLOCK = /-----BEGIN (CERTIFICATE|X509 CERTIFICATE|PKCS7)-----([\s\S]*?)-----END \1-----/g;

function certificatesOfDer(der: Buffer): Buffer[] {
  const root = parseBer(der, 'certificate data');
  const first = (root as asn1js.Sequence).valueBlock.value?.[0];
  const looksLikeContentInfo = first?.idBlock.tagClass === 1 && first.idBlock.tagNumber === 6;
  if (!looksLikeContentInfo) return [loadCertificate(der).der];
  const info = readContentInfo(der);
  if (info.contentType !== OID.signedData) throw malformed('The PKCS#7 data holds no certificates.', undefined, CERTIFICATE_ADVICE);
  return rawCertificates(info.content).map((cert) => loadCertificate(cert).der);
}

/** PEM (any number of CERTIFICATE or PKCS7 blocks) or DER (a certificate or a PKCS#7 bundle) → DER certificates. */
export function parseCertificates(input: string | Uint8Array): Buffer[] {
  return untrusted(() => readCertificates(input));
}

function readCertificates(input: string | Uint8Array): Buffer[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (typeof input === 'string' || text.includes('-----BEGIN ')) {
    const found = [...text.matchAll(PEM_BLOCK)].flatMap((match) => certificatesOfDer(Buffer.from(match[2] ?? '', 'base64')));
    if (found.length === 0) throw malformed('No PEM certificate (-----BEGIN CERTIFICATE-----) was found.', undefined, CERTIFICATE_ADVICE);
    return found;
  }
  return certificatesOfDer(Buffer.from(input));
}

export interface Usage {
  /** KeyUsageFlags bits, when the extension is present */
  keyUsage?: number;
  extKeyUsage?: readonly string[];
}

export function usageOf(cert: x509.X509Certificate): Usage {
  return {
    keyUsage: cert.getExtension(x509.KeyUsagesExtension)?.usages,
    extKeyUsage: cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String),
  };
}

export function allowsEmail(usage: Usage): boolean {
  return !usage.extKeyUsage || usage.extKeyUsage.includes(OID.emailProtection) || usage.extKeyUsage.includes(OID.anyExtendedKeyUsage);
}

export function allowsSigning(usage: Usage): boolean {
  return usage.keyUsage === undefined || (usage.keyUsage & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
}

export function allowsKeyTransport(usage: Usage): boolean {
  return usage.keyUsage === undefined || (usage.keyUsage & x509.KeyUsageFlags.keyEncipherment) !== 0;
}

export function isCa(cert: x509.X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

export function emailAddressesOf(cert: x509.X509Certificate): string[] {
  const fromSan = cert.getExtensions(x509.SubjectAlternativeNameExtension)
    .flatMap((san) => san.names.items.filter((name) => name.type === 'email').map((name) => name.value));
  const fromSubject = cert.subjectName.getField(OID.emailAddress);
  return [...new Set([...fromSan, ...fromSubject].map((address) => address.toLowerCase()))];
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521 };
const KEY_NAMES: Record<string, string> = { rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC', ed25519: 'Ed25519', ed448: 'Ed448', dsa: 'DSA' };

export function describeCertificate(der: Uint8Array): CertificateInfo {
  return untrusted(() => describe(der));
}

function describe(der: Uint8Array): CertificateInfo {
  const cert = loadCertificate(der);
  const key = cert.node.publicKey;
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails;
  const keyBits = details?.modulusLength ?? (details?.namedCurve ? CURVE_BITS[details.namedCurve] : undefined);
  const usage = usageOf(cert.x509);
  const rsaForEmail = type === 'rsa' && allowsEmail(usage);
  return {
    subject: cert.x509.subject,
    issuer: cert.x509.issuer,
    serialNumber: cert.x509.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, ''),
    notBefore: cert.x509.notBefore,
    notAfter: cert.x509.notAfter,
    fingerprintSha256: createHash('sha256').update(cert.der).digest('hex'),
    emailAddresses: emailAddressesOf(cert.x509),
    isCa: isCa(cert.x509),
    canSign: rsaForEmail && allowsSigning(usage),
    canEncrypt: rsaForEmail && allowsKeyTransport(usage),
    keyAlgorithm: KEY_NAMES[type] ?? type,
    ...(keyBits === undefined ? {} : { keyBits }),
  };
}
