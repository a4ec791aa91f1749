import { Refusal } from '../../domain/index.ts';
import { describeCertificate, parseCertificates, SmimeError, type CertificateInfo } from '../../gateway/index.ts';
import { addMailCertificate, appendEvents, deleteMailCertificate, isMailCertificateRegistered, type Db } from '../../store/index.ts';
import { requireAdmin, type Actor } from '../access.ts';
import type { CertificateView } from '../../contract/index.ts';

const DAY = 86_400_000;

export function certificateView(info: CertificateInfo, now = new Date()): CertificateView {
  return { ...info, notBefore: info.notBefore.toISOString(), notAfter: info.notAfter.toISOString(), daysLeft: Math.floor((info.notAfter.getTime() - now.getTime()) / DAY) };
}

/** The first certificate of an upload (PEM or DER), described, if it is one and valid now: CERTIFICATE_INVALID, _EXPIRED, _NOT_YET_VALID otherwise. */
export function readValidCertificate(input: string | Uint8Array, now = new Date()): { der: Buffer; info: CertificateInfo } {
  let ders: Buffer[];
  try {
    ders = parseCertificates(input);
  } catch (err) {
    throw new Refusal('invalid', 'CERTIFICATE_INVALID', err instanceof SmimeError ? err.message : 'Not a certificate (PEM or DER).');
  }
  const der = ders[0];
  if (!der) throw new Refusal('invalid', 'CERTIFICATE_INVALID', 'The upload holds no certificate.');
  const info = describeCertificate(der);
  if (info.notAfter <= now) throw new Refusal('not-allowed', 'CERTIFICATE_EXPIRED', `The certificate expired on ${info.notAfter.toISOString().slice(0, 10)}.`);
  if (info.notBefore > now) throw new Refusal('not-allowed', 'CERTIFICATE_NOT_YET_VALID', `The certificate is valid from ${info.notBefore.toISOString().slice(0, 10)}.`);
  return { der, info };
}

/** One certificate from an upload (PEM or DER), described; the problems that stop it being used for `usage`. */
export function readCertificate(input: string | Uint8Array, usage: 'encrypt' | 'sign', address?: string, now = new Date()): { der: Buffer; info: CertificateInfo } {
  const { der, info } = readValidCertificate(input, now);
  if (usage === 'encrypt' && !info.canEncrypt) {
    throw new Refusal('not-allowed', 'CERTIFICATE_NOT_FOR_ENCRYPTION', 'The certificate cannot be used to encrypt e-mail (it needs an RSA key with key encipherment and, if present, the e-mail protection purpose).');
  }
  if (usage === 'sign' && !info.canSign) throw new Refusal('not-allowed', 'CERTIFICATE_NOT_FOR_SIGNING', 'The certificate cannot be used to sign e-mail.');
  if (address && info.emailAddresses.length > 0 && !info.emailAddresses.includes(address.toLowerCase())) {
    throw new Refusal('not-allowed', 'CERTIFICATE_ADDRESS_MISMATCH', `The certificate is issued for ${info.emailAddresses.join(', ')}, not for ${address}.`);
  }
  return { der, info };
}

/** Registers a certificate of the organisation's mail system: mail signed with it is accepted as the organisation's. */
export async function registerMailCertificate(db: Db, eventChains: number, actor: Actor | { system: string; organisationId: string }, certificate: string | Uint8Array): Promise<string> {
  const who = 'principal' in actor ? `user:${actor.principal.userId}` : actor.system;
  const mailboxId = 'principal' in actor ? requireAdmin(actor.principal, actor.organisationId) : null;
  const { der, info } = readCertificate(certificate, 'sign');
  if (await isMailCertificateRegistered(db, info.fingerprintSha256)) throw new Refusal('conflict', 'CERTIFICATE_ALREADY_REGISTERED', 'This certificate is already registered.');
  const id = await addMailCertificate(db, {
    organisationId: actor.organisationId, fingerprintSha256: info.fingerprintSha256, der, subject: info.subject, issuer: info.issuer,
    notBefore: info.notBefore, notAfter: info.notAfter, emails: info.emailAddresses.map((e) => e.toLowerCase()), createdBy: who,
  });
  await appendEvents(db, eventChains, [{
    type: 'MAIL_CERTIFICATE_REGISTERED', actor: who, mailboxId, data: { organisationId: actor.organisationId, certificate: info.fingerprintSha256 },
  }]);
  return id;
}

export async function removeMailCertificate(db: Db, eventChains: number, actor: Actor, id: string): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const fingerprint = await deleteMailCertificate(db, actor.organisationId, id);
  if (fingerprint === undefined) throw new Refusal('not-found', 'CERTIFICATE_NOT_FOUND', 'No such certificate.');
  await appendEvents(db, eventChains, [{
    type: 'MAIL_CERTIFICATE_REMOVED', actor: `user:${actor.principal.userId}`, mailboxId, data: { organisationId: actor.organisationId, certificate: fingerprint },
  }]);
}
