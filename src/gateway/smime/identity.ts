import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { loadCertificate, parseCertificates } from './certificates.ts';
import { selfSignedCertificate } from './self-signed.ts';
import { malformed, SmimeError } from './errors.ts';

export interface Identity {
  /** DER */
  certificate: Buffer;
  privateKey: KeyObject;
  /** extra certificates (DER) to include when signing, e.g. intermediates */
  chain: Buffer[];
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** Our own key pair: an RSA private key and its certificate. */
export function identityOf(certificate: Buffer, privateKey: KeyObject, chain: Buffer[]): Identity {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new SmimeError('UNSUPPORTED_ALGORITHM', `The private key is ${privateKey.asymmetricKeyType ?? privateKey.type}; S/MIME here needs an RSA key.`);
  }
  if (!spki(createPublicKey(privateKey)).equals(spki(loadCertificate(certificate).node.publicKey))) {
    throw new SmimeError('KEY_MISMATCH', 'The private key does not belong to the certificate. Configure the certificate that was issued for this key.');
  }
  return { certificate, privateKey, chain };
}

/**
 * `certPem` may hold the whole chain in any order: the certificate matching the key is ours, the others
 * become `chain`. `keyPem` is an unencrypted PKCS#8 or PKCS#1 RSA key.
 */
export function loadIdentity(certPem: string, keyPem: string): Identity {
  const certificates = parseCertificates(certPem);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(keyPem);
  } catch (error) {
    throw malformed('The private key cannot be read.', error, 'Provide it as unencrypted PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY).');
  }
  const ours = spki(createPublicKey(privateKey));
  const own = certificates.find((der) => spki(loadCertificate(der).node.publicKey).equals(ours));
  if (!own) throw new SmimeError('KEY_MISMATCH', 'None of the certificates belongs to the private key. Configure the certificate that was issued for this key.');
  return identityOf(own, privateKey, certificates.filter((der) => der !== own));
}

export interface GenerateIdentityOptions {
  commonName: string;
  email?: string;
  /** validity, default 730 */
  days?: number;
  /** RSA modulus, default 2048 */
  bits?: number;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const EMAIL = /^[!#-'*+/-9=?A-Z^-~-]+(?:\.[!#-'*+/-9=?A-Z^-~-]+)*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/**
 * A self-signed RSA certificate for S/MIME (emailProtection) that can also serve STARTTLS (serverAuth;
 * dNSName = commonName when that is a host name).
 */
export async function generateIdentity(opts: GenerateIdentityOptions): Promise<{ identity: Identity; certPem: string; keyPem: string }> {
  const { commonName, email, days = 730, bits = 2048 } = opts;
  if (!commonName.trim()) throw new RangeError('generateIdentity: commonName is empty.');
  if (email !== undefined && !EMAIL.test(email)) throw new RangeError(`generateIdentity: "${email}" is not an ASCII e-mail address.`);
  if (!Number.isInteger(bits) || bits < 2048 || bits > 8192 || bits % 8 !== 0) throw new RangeError('generateIdentity: bits must be a multiple of 8 from 2048 to 8192.');
  if (!Number.isInteger(days) || days < 1) throw new RangeError('generateIdentity: days must be a positive integer.');

  const { certificate, pkcs8 } = await selfSignedCertificate({
    algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits },
    name: [{ CN: [commonName] }, ...(email ? [{ E: [email] }] : [])],
    days,
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    extendedKeyUsage: [x509.ExtendedKeyUsage.emailProtection, x509.ExtendedKeyUsage.serverAuth],
    altNames: [
      ...(email ? [{ type: 'email' as const, value: email }] : []),
      ...(HOSTNAME.test(commonName) ? [{ type: 'dns' as const, value: commonName }] : []),
    ],
  });
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    identity: identityOf(Buffer.from(certificate.rawData), privateKey, []),
    certPem: certificate.toString('pem'),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
