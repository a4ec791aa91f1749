import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CertificateState } from '../../contract/index.ts';
import { Refusal } from '../../domain/index.ts';
import { WARNING_DAYS, type CertificateInfo } from '../../gateway/index.ts';
import { readValidCertificate } from '../secure-mail/certificates.ts';

const DAY = 86_400_000;

/** Whole days until `notAfter` (negative: expired), as every certificate view counts them. */
export const daysLeft = (notAfter: Date, now: Date): number => Math.floor((notAfter.getTime() - now.getTime()) / DAY);

/** valid · expiring (30 days or less left: the first warning is given) · expired · not yet valid. */
export function certificateState(notBefore: Date, notAfter: Date, now: Date): CertificateState {
  if (notAfter.getTime() <= now.getTime()) return 'expired';
  if (notBefore.getTime() > now.getTime()) return 'not-yet-valid';
  return notAfter.getTime() - now.getTime() <= WARNING_DAYS[0] * DAY ? 'expiring' : 'valid';
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

const notForClients = (why: string) => new Refusal('not-allowed', 'CERTIFICATE_NOT_FOR_CLIENT_AUTH', `The certificate cannot authenticate a system over TLS: ${why}.`);

/**
 * One client certificate from an upload (PEM or DER; the first certificate of a bundle), described,
 * with the problems that stop a system presenting it over mutual TLS — the codes readCertificate
 * gives for mail certificates where they are the same problem:
 * `CERTIFICATE_INVALID`, `CERTIFICATE_EXPIRED`, `CERTIFICATE_NOT_YET_VALID`, and
 * `CERTIFICATE_NOT_FOR_CLIENT_AUTH` (a CA certificate; an extended key usage without clientAuth; a key
 * usage without digitalSignature, which a TLS client's key signs the handshake with).
 */
export function readClientCertificate(input: string | Uint8Array, now = new Date()): { der: Buffer; info: CertificateInfo } {
  const { der, info } = readValidCertificate(input, now);
  if (info.isCa) throw notForClients('it is a CA certificate; register the system\'s own certificate, which the CA issued');
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const purposes = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String);
  if (purposes && !purposes.includes(CLIENT_AUTH) && !purposes.includes(ANY_EXTENDED_KEY_USAGE)) {
    throw notForClients('its extended key usage does not include TLS client authentication (clientAuth)');
  }
  const usage = cert.getExtension(x509.KeyUsagesExtension)?.usages;
  if (usage !== undefined && (usage & x509.KeyUsageFlags.digitalSignature) === 0) throw notForClients('its key usage does not include digitalSignature');
  return { der, info };
}
