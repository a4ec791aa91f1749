import * as pkijs from 'pkijs';
import { SmimeError } from './errors.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',

  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  smimeCapabilities: '1.2.840.113549.1.9.15',
  emailAddress: '1.2.840.113549.1.9.1',

  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',
  rsassaPss: '1.2.840.113549.1.1.10',

  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha224: '2.16.840.1.101.3.4.2.4',

  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',

  subjectKeyIdentifier: '2.5.29.14',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const HASHES: Record<string, HashName> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

/** Any hash OpenSSL can use, for key transport (RSA-OAEP) where SHA-1 is still sound. */
export function hashOf(oid: string): HashName {
  const hash = HASHES[oid];
  if (!hash) throw new SmimeError('UNSUPPORTED_ALGORITHM', `The hash algorithm ${oid} is not supported. Use SHA-256.`);
  return hash;
}

/** Hashes acceptable for signatures: SHA-1 is refused because its collisions are practical. */
export function signatureHashOf(oid: string): Exclude<HashName, 'sha1'> {
  const hash = hashOf(oid);
  if (hash === 'sha1') {
    throw new SmimeError('UNSUPPORTED_ALGORITHM', 'The message is signed with SHA-1, which is no longer accepted. Ask the sender to sign with SHA-256.');
  }
  return hash;
}

export const SIGNATURE_ALGORITHMS: Record<string, { kind: 'rsa' | 'ecdsa'; hash?: HashName }> = {
  [OID.rsaEncryption]: { kind: 'rsa' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
};

export interface ContentCipher {
  name: 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';
  keyLength: 16 | 24 | 32;
}

const CONTENT_CIPHERS: Record<string, ContentCipher> = {
  [OID.aes128Cbc]: { name: 'aes-128-cbc', keyLength: 16 },
  [OID.aes192Cbc]: { name: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256Cbc]: { name: 'aes-256-cbc', keyLength: 32 },
};

const KNOWN_WEAK_CIPHERS: Record<string, string> = {
  '1.2.840.113549.3.7': 'DES-EDE3-CBC (Triple DES)',
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
};

export function contentCipherOf(oid: string): ContentCipher {
  const cipher = CONTENT_CIPHERS[oid];
  if (cipher) return cipher;
  const weak = KNOWN_WEAK_CIPHERS[oid];
  throw new SmimeError('UNSUPPORTED_ALGORITHM', weak
    ? `The message is encrypted with ${weak}, which is not accepted. Ask the sender to encrypt with AES (AES-256-CBC).`
    : `The content encryption algorithm ${oid} is not supported. Ask the sender to encrypt with AES-256-CBC.`);
}

/** The hash of MGF1, the only mask generation function in use (RSA-OAEP, RSA-PSS). */
export function mgf1HashOf(algorithm: pkijs.AlgorithmIdentifier): HashName {
  if (algorithm.algorithmId !== OID.mgf1) throw new SmimeError('UNSUPPORTED_ALGORITHM', `The mask generation function ${algorithm.algorithmId} is not supported; only MGF1 is.`);
  return hashOf(new pkijs.AlgorithmIdentifier({ schema: algorithm.algorithmParams }).algorithmId);
}
