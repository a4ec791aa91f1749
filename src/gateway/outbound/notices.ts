import { randomUUID } from 'node:crypto';
import {
  appendEvents, enqueueJobs, expiringForwardings, expiringMailCertificates, expiringSystemCertificates, findForwardingAddress, findForwardingToConfirm,
  issueForwardingConfirmation, memberAddresses, organisationById, queueMails, recordCertificateWarnings, type Db, type Executor, type Job,
} from '../../store/index.ts';
import { noticeEntity, outerMessage } from '../compose/index.ts';
import { newConfirmToken, WARNING_DAYS } from '../forwarding/confirmation.ts';
import { encryptMime, signMime } from '../smime/index.ts';
import type { OutboundDeps } from './deps.ts';
import { gatewayFrom, pauseForExpiry } from './forward.ts';

export const NOTICE_JOB = 'mail.notice';
const DAY = 86_400_000;
const CONFIRM_DAYS = 7;

/** A short notice from Kuvert, signed, and encrypted to the receiving certificate: secure-only mail systems take it. */
async function sendNotice(deps: OutboundDeps, to: string, certificate: Uint8Array, subject: string, text: string): Promise<string> {
  const messageId = `${randomUUID()}@${deps.domain}`;
  const keys = await deps.keys();
  const from = { name: 'Kuvert Digital Post', address: gatewayFrom(keys, deps.domain) };
  const date = new Date();
  const signed = await signMime(noticeEntity({ from, to, subject, date, messageId, text }), keys.smime);
  const encrypted = await encryptMime(signed, [Buffer.from(certificate)]);
  return deps.transport.send({ from: from.address, to: [to] }, outerMessage({ from, to, subject, date, messageId }, encrypted));
}

/** Job handler: the confirmation link for a forwarding address; a new link replaces any earlier one. */
export function confirmHandler(deps: OutboundDeps) {
  return async (job: Job, db: Db): Promise<void> => {
    const { forwardingId } = job.payload as { forwardingId: string };
    const f = await findForwardingToConfirm(db, forwardingId);
    if (!f || f.status !== 'pending') return;
    const { token, sha256 } = newConfirmToken();
    const link = `${deps.publicUrl}/sikker-email/bekraeft?organisation=${f.organisation_id}&token=${token}`;
    await issueForwardingConfirmation(db, f.id, sha256, new Date(Date.now() + CONFIRM_DAYS * DAY));
    await sendNotice(deps, f.address, f.certificate_der, 'Bekræft videresendelse af Digital Post / Confirm forwarding of Digital Post', [
      `${f.name} har bedt om at få sin Digital Post videresendt til denne adresse (${f.address}).`,
      'En administrator af organisationen bekræfter ved at åbne linket og logge ind:',
      '', link, '',
      `Linket gælder i ${CONFIRM_DAYS} dage. Har I ikke bedt om det, så slet denne e-mail; intet bliver videresendt.`,
      '', '---', '',
      `${f.name} asked for its Digital Post to be forwarded to this address (${f.address}).`,
      'An administrator of the organisation confirms by opening the link above and logging in.',
      `The link is valid for ${CONFIRM_DAYS} days. If you did not ask for this, delete this e-mail; nothing is forwarded.`,
    ].join('\r\n'));
    await appendEvents(db, deps.eventChains, [{ type: 'FORWARDING_CONFIRMATION_SENT', actor: 'kuvert', mailboxId: f.mailbox_id, data: { forwardingId: f.id } }]);
  };
}

/** Job handler: a certificate-expiry warning to the forwarding address. */
export function noticeHandler(deps: OutboundDeps) {
  return async (job: Job, db: Db): Promise<void> => {
    const { forwardingId, subject, text } = job.payload as { forwardingId: string; subject: string; text: string };
    const f = await findForwardingAddress(db, forwardingId);
    if (!f || f.status === 'disabled' || new Date(f.certificate_not_after) <= new Date()) return;
    await sendNotice(deps, f.address, f.certificate_der, subject, text);
  };
}

/** Days left, rounded down; the thresholds (30, 14, 7, 1) already passed. */
export function crossedThresholds(notAfter: Date, now: Date): number[] {
  const daysLeft = (notAfter.getTime() - now.getTime()) / DAY;
  return WARNING_DAYS.filter((d) => daysLeft <= d);
}

interface Expiring {
  organisationId: string; fingerprint: string; notAfter: Date; kind: 'receiving' | 'signing' | 'system'; subject: string; forwardingId: string | null;
  /** a system's client certificate: the system, and the certificate's serial */
  system?: { id: string; name: string; serialNumber: string };
}

/** What expires, for the administrators' mail: Danish, English. */
function expiringWhat(cert: Expiring): [string, string] {
  if (cert.kind === 'receiving') return [`modtagercertifikatet for videresendelse til ${cert.subject}`, `the receiving certificate for forwarding to ${cert.subject}`];
  if (cert.kind === 'signing') return [`mailsystemets signeringscertifikat "${cert.subject}"`, `the mail system's signing certificate "${cert.subject}"`];
  const { name, serialNumber } = cert.system!;
  return [`klientcertifikatet "${cert.subject}" (serienummer ${serialNumber}) for systemet ${name}`, `the client certificate "${cert.subject}" (serial ${serialNumber}) of the system ${name}`];
}

/**
 * Queues the warning mail to the organisation's administrators and super-administrators with a
 * confirmed address (docs/certificates.md), in the transaction that records the warning: what expires,
 * when, what stops, and the page with every certificate of the organisation.
 */
async function warnAdministrators(trx: Executor, deps: OutboundDeps, cert: Expiring, daysLeft: number): Promise<void> {
  const to = await memberAddresses(trx, cert.organisationId, ['super-admin', 'admin']);
  if (to.length === 0) return;
  const organisation = await organisationById(trx, cert.organisationId);
  const [what, whatEn] = expiringWhat(cert);
  const date = cert.notAfter.toISOString().slice(0, 10);
  const link = `${deps.publicUrl}/organisationer/${cert.organisationId}/administration/certifikater`;
  const stops = {
    receiving: ['Videresendelsen sættes på pause, når det udløber (posten bliver i postkassen). Upload det fornyede certifikat under Sikker e-mail.',
      'Forwarding pauses when it expires (mail stays in the mailbox). Upload the renewed certificate under Secure e-mail.'],
    signing: ['Post signeret med det afvises, når det udløber. Registrér det fornyede certifikat under Sikker e-mail.',
      'Mail signed with it is refused once it expires. Register the renewed certificate under Secure e-mail.'],
    system: [`Systemet ${cert.system?.name ?? ''} afvises (CERTIFICATE_EXPIRED), når det udløber; andre systemer berøres ikke. Registrér det fornyede certifikat under Administration → Certifikater, før det udløber.`,
      `The system ${cert.system?.name ?? ''} is refused (CERTIFICATE_EXPIRED) once it expires; other systems are not affected. Register the renewed certificate under Administration → Certificates before it expires.`],
  }[cert.kind];
  const name = organisation?.name ?? '';
  await queueMails(trx, to.map((address) => ({
    kind: 'certificate-expiry', organisationId: cert.organisationId, to: address,
    subject: `Certifikat udløber om ${daysLeft} dag(e) / Certificate expires in ${daysLeft} day(s)`,
    text: [
      `Kuvert: ${what} for ${name} udløber ${date} (om ${daysLeft} dag(e)).`, stops[0], '', 'Alle organisationens certifikater:', link,
      '', '---', '',
      `Kuvert: ${whatEn} of ${name} expires on ${date} (in ${daysLeft} day(s)).`, stops[1], '', 'Every certificate of the organisation:', link, '',
    ].join('\n'),
  })));
}

/**
 * Warns administrators 30, 14, 7 and 1 days before a receiving (forwarding), registered signing or
 * system client certificate expires — once per threshold: an event (shown in the portal), a mail to
 * the organisation's administrators (docs/certificates.md) and, where the organisation forwards, a
 * signed and encrypted one to the forwarding address — and pauses forwarding whose receiving
 * certificate has expired. Safe to run often and from
 * several processes (the warning table's key decides who warns).
 */
export async function checkCertificates(deps: OutboundDeps, db: Db, now = new Date()): Promise<void> {
  const horizon = new Date(now.getTime() + WARNING_DAYS[0] * DAY);
  const forwardings = await expiringForwardings(db, horizon);
  const signing = await expiringMailCertificates(db, horizon);
  const systems = await expiringSystemCertificates(db, horizon);
  const expiring: Expiring[] = [
    ...forwardings.map((f) => ({ organisationId: f.organisation_id, fingerprint: f.certificate_fingerprint, notAfter: new Date(f.certificate_not_after), kind: 'receiving' as const, subject: f.address, forwardingId: f.status === 'pending' ? null : f.id })),
    ...signing.map((c) => ({ organisationId: c.organisation_id, fingerprint: c.fingerprint_sha256, notAfter: new Date(c.not_after), kind: 'signing' as const, subject: c.subject, forwardingId: c.forwarding_id })),
    ...systems.map((c) => ({
      organisationId: c.organisation_id, fingerprint: c.fingerprint_sha256, notAfter: new Date(c.not_after), kind: 'system' as const, subject: c.subject, forwardingId: null,
      system: { id: c.system_id, name: c.system_name, serialNumber: c.serial_number },
    })),
  ];
  const own = (await deps.keys()).smimeInfo;
  const ownCrossed = crossedThresholds(own.notAfter, now);
  if (ownCrossed.length > 0) {
    const inserted = await recordCertificateWarnings(db, own.fingerprintSha256, ownCrossed, null);
    if (inserted.length > 0) {
      await appendEvents(db, deps.eventChains, [{
        type: 'CERTIFICATE_EXPIRY_WARNING', actor: 'kuvert',
        data: { kind: 'gateway', certificate: own.fingerprintSha256, notAfter: own.notAfter.toISOString(), daysLeft: Math.ceil((own.notAfter.getTime() - now.getTime()) / DAY) },
      }]);
      deps.warn?.(`Kuvert's own S/MIME certificate (GATEWAY_CERT) expires on ${own.notAfter.toISOString().slice(0, 10)}: renew it`);
    }
  }
  for (const cert of expiring) {
    if (cert.notAfter <= now) {
      if (cert.kind === 'receiving') {
        const f = forwardings.find((x) => x.certificate_fingerprint === cert.fingerprint && x.organisation_id === cert.organisationId);
        if (f) await pauseForExpiry(deps, db, f.id, f.organisation_id);
      }
      continue;
    }
    const crossed = crossedThresholds(cert.notAfter, now);
    if (crossed.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      const inserted = await recordCertificateWarnings(trx, cert.fingerprint, crossed, cert.organisationId);
      if (inserted.length === 0) return;
      const daysLeft = Math.max(1, Math.ceil((cert.notAfter.getTime() - now.getTime()) / DAY));
      const date = cert.notAfter.toISOString().slice(0, 10);
      const what = cert.kind === 'receiving' ? `modtagercertifikatet for videresendelse til ${cert.subject}` : `signeringscertifikatet "${cert.subject}"`;
      const whatEn = cert.kind === 'receiving' ? `the receiving certificate for forwarding to ${cert.subject}` : `the signing certificate "${cert.subject}"`;
      await appendEvents(trx, deps.eventChains, [{
        type: 'CERTIFICATE_EXPIRY_WARNING', actor: 'kuvert',
        data: {
          organisationId: cert.organisationId, certificate: cert.fingerprint, kind: cert.kind, daysLeft, notAfter: cert.notAfter.toISOString(),
          ...(cert.system ? { systemId: cert.system.id, serialNumber: cert.system.serialNumber } : {}),
        },
      }]);
      await warnAdministrators(trx, deps, cert, daysLeft);
      if (cert.forwardingId) {
        await enqueueJobs(trx, [{
          kind: NOTICE_JOB,
          payload: {
            forwardingId: cert.forwardingId,
            subject: `Certifikat udløber om ${daysLeft} dag(e) / Certificate expires in ${daysLeft} day(s)`,
            text: [
              `Kuvert: ${what} udløber ${date} (om ${daysLeft} dag(e)).`,
              cert.kind === 'receiving'
                ? 'Upload det fornyede certifikat under Sikker e-mail i Kuvert; ellers sættes videresendelsen på pause, når det udløber (posten bliver i postkassen).'
                : 'Registrér det fornyede certifikat under Sikker e-mail i Kuvert; ellers afvises post signeret med det, når det udløber.',
              '', '---', '',
              `Kuvert: ${whatEn} expires on ${date} (in ${daysLeft} day(s)).`,
              cert.kind === 'receiving'
                ? 'Upload the renewed certificate under Secure e-mail in Kuvert; otherwise forwarding pauses when it expires (mail stays in the mailbox).'
                : 'Register the renewed certificate under Secure e-mail in Kuvert; otherwise mail signed with it is refused once it expires.',
            ].join('\r\n'),
          },
        }]);
      }
    });
  }
}
