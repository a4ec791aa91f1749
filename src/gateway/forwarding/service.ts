import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ApiError } from '../../api/errors.ts';
import { parseForwardingRules, type ForwardingRule, type Principal } from '../../domain/index.ts';
import { appendEvents, enqueueJobs, FORWARD_JOB, retryDeadJob, type Db } from '../../store/index.ts';
import { describeCertificate, parseCertificates, SmimeError, type CertificateInfo } from '../smime/index.ts';
import type { CertificateView, SecureMailView } from './contract.ts';

export type { CertificateView, DeadLetter, SecureMailView } from './contract.ts';

export const CONFIRM_JOB = 'mail.confirm';
export const WARNING_DAYS = [30, 14, 7, 1] as const;
const DAY = 86_400_000;

export interface Actor { principal: Principal; organisationId: string }

/** Only an administrator of the organisation; others learn nothing about it (404), members that it is their role (403). */
export function requireAdmin(principal: Principal, organisationId: string): string {
  const membership = principal.memberships.find((m) => m.organisationId === organisationId);
  if (!membership) throw new ApiError(404, 'ORGANISATION_NOT_FOUND', 'No such organisation among yours.');
  if (membership.role !== 'admin') throw new ApiError(403, 'FORBIDDEN_ROLE', 'Only the organisation\'s administrators manage secure e-mail.');
  return membership.mailboxId;
}

export function certificateView(info: CertificateInfo, now = new Date()): CertificateView {
  return { ...info, notBefore: info.notBefore.toISOString(), notAfter: info.notAfter.toISOString(), daysLeft: Math.floor((info.notAfter.getTime() - now.getTime()) / DAY) };
}

/** One certificate from an upload (PEM or DER), described; the problems that stop it being used for `usage`. */
export function readCertificate(input: string | Uint8Array, usage: 'encrypt' | 'sign', address?: string, now = new Date()): { der: Buffer; info: CertificateInfo } {
  let ders: Buffer[];
  try {
    ders = parseCertificates(input);
  } catch (err) {
    throw new ApiError(400, 'CERTIFICATE_INVALID', err instanceof SmimeError ? err.message : 'Not a certificate (PEM or DER).');
  }
  const der = ders[0];
  if (!der) throw new ApiError(400, 'CERTIFICATE_INVALID', 'The upload holds no certificate.');
  const info = describeCertificate(der);
  if (info.notAfter <= now) throw new ApiError(422, 'CERTIFICATE_EXPIRED', `The certificate expired on ${info.notAfter.toISOString().slice(0, 10)}.`);
  if (info.notBefore > now) throw new ApiError(422, 'CERTIFICATE_NOT_YET_VALID', `The certificate is valid from ${info.notBefore.toISOString().slice(0, 10)}.`);
  if (usage === 'encrypt' && !info.canEncrypt) {
    throw new ApiError(422, 'CERTIFICATE_NOT_FOR_ENCRYPTION', 'The certificate cannot be used to encrypt e-mail (it needs an RSA key with key encipherment and, if present, the e-mail protection purpose).');
  }
  if (usage === 'sign' && !info.canSign) throw new ApiError(422, 'CERTIFICATE_NOT_FOR_SIGNING', 'The certificate cannot be used to sign e-mail.');
  if (address && info.emailAddresses.length > 0 && !info.emailAddresses.includes(address.toLowerCase())) {
    throw new ApiError(422, 'CERTIFICATE_ADDRESS_MISMATCH', `The certificate is issued for ${info.emailAddresses.join(', ')}, not for ${address}.`);
  }
  return { der, info };
}

const ADDRESS = /^[^@\s<>()",;:\\]{1,64}@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

export interface ForwardingInput {
  address: string;
  certificate: string;
  scope: 'all' | 'rules';
  rules?: unknown;
}

/**
 * Sets up (or changes) forwarding. A new address waits for confirmation: Kuvert mails a link, signed
 * and encrypted, and forwarding starts when an administrator opens it. A renewed certificate for an
 * address that was confirmed takes effect at once and resumes paused forwarding.
 */
export async function configureForwarding(db: Db, eventChains: number, actor: Actor, input: ForwardingInput): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const address = input.address.trim().toLowerCase();
  if (!ADDRESS.test(address) || address.length > 254) throw new ApiError(400, 'ADDRESS_INVALID', 'Give the secure e-mail address as name@domain.');
  const rules = parseForwardingRules(input.rules ?? []);
  if (!rules.ok) throw new ApiError(400, 'RULES_INVALID', rules.message);
  if (input.scope === 'rules' && rules.rules.length === 0) throw new ApiError(400, 'RULES_INVALID', 'Choose at least one rule, or forward all mail.');
  const { der, info } = readCertificate(input.certificate, 'encrypt', address);
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('forwarding').select(['id', 'address', 'status', 'confirmed_at'])
      .where('organisation_id', '=', actor.organisationId).forUpdate().executeTakeFirst();
    const keepsConfirmation = existing !== undefined && existing.address === address && existing.confirmed_at !== null && existing.status !== 'disabled';
    const values = {
      mailbox_id: mailboxId, address, certificate_der: der, certificate_fingerprint: info.fingerprintSha256, certificate_not_after: info.notAfter,
      scope: input.scope, rules: JSON.stringify(rules.rules), status: keepsConfirmation ? 'active' as const : 'pending' as const, status_reason: null,
      updated_at: new Date(), created_by: `user:${actor.principal.userId}`,
      ...(keepsConfirmation ? {} : { confirm_token_sha256: null, confirm_expires_at: null, confirmed_at: null, confirmed_by: null }),
    };
    const id = existing
      ? (await trx.updateTable('forwarding').set(values).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('forwarding').values({ ...values, organisation_id: actor.organisationId }).returning('id').executeTakeFirstOrThrow()).id;
    if (keepsConfirmation) {
      await sql`update job set run_at = now() where kind = ${FORWARD_JOB} and state = 'pending' and payload->>'forwardingId' = ${id}`.execute(trx);
    } else {
      await enqueueJobs(trx, [{ kind: CONFIRM_JOB, payload: { forwardingId: id } }]);
    }
    await appendEvents(trx, eventChains, [{
      type: 'FORWARDING_CONFIGURED', actor: `user:${actor.principal.userId}`, mailboxId,
      data: { forwardingId: id, organisationId: actor.organisationId, certificate: info.fingerprintSha256, scope: input.scope, awaitsConfirmation: !keepsConfirmation },
    }]);
  });
}

export function newConfirmToken(): { token: string; sha256: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, sha256: createHash('sha256').update(token).digest('hex') };
}

/** The link from the confirmation mail, opened by a logged-in administrator of the organisation. */
export async function confirmForwarding(db: Db, eventChains: number, actor: Actor, token: string): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const sha256 = createHash('sha256').update(token).digest('hex');
  const updated = await db.updateTable('forwarding').set({
    status: 'active', confirmed_at: new Date(), confirmed_by: actor.principal.userId, confirm_token_sha256: null, confirm_expires_at: null, updated_at: new Date(),
  }).where('organisation_id', '=', actor.organisationId).where('status', '=', 'pending').where('confirm_token_sha256', '=', sha256)
    .where('confirm_expires_at', '>', new Date()).returning('id').executeTakeFirst();
  if (!updated) throw new ApiError(409, 'CONFIRMATION_INVALID', 'This confirmation link is not valid (any more): it was replaced by a newer one, has expired, or was used.');
  await appendEvents(db, eventChains, [{ type: 'FORWARDING_CONFIRMED', actor: `user:${actor.principal.userId}`, mailboxId, data: { forwardingId: updated.id } }]);
}

export async function disableForwarding(db: Db, eventChains: number, actor: Actor): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const updated = await db.updateTable('forwarding').set({ status: 'disabled', status_reason: null, confirm_token_sha256: null, updated_at: new Date() })
    .where('organisation_id', '=', actor.organisationId).where('status', '<>', 'disabled').returning('id').executeTakeFirst();
  if (!updated) throw new ApiError(404, 'FORWARDING_NOT_FOUND', 'Forwarding is not set up.');
  await appendEvents(db, eventChains, [{ type: 'FORWARDING_DISABLED', actor: `user:${actor.principal.userId}`, mailboxId, data: { forwardingId: updated.id } }]);
}

export async function retryDeadLetter(db: Db, eventChains: number, actor: Actor, jobId: number): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const job = await db.selectFrom('job').innerJoin('forwarding', (j) => j.on(sql`forwarding.id::text`, '=', sql`job.payload->>'forwardingId'`))
    .select(['job.id', 'job.payload']).where('job.id', '=', jobId).where('job.kind', '=', FORWARD_JOB)
    .where('forwarding.organisation_id', '=', actor.organisationId).executeTakeFirst();
  if (!job || !(await retryDeadJob(db, jobId))) throw new ApiError(404, 'DEAD_LETTER_NOT_FOUND', 'No such failed delivery.');
  const payload = (typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload) as { messageId: string };
  await appendEvents(db, eventChains, [{ type: 'FORWARDING_RETRIED', actor: `user:${actor.principal.userId}`, mailboxId, messageId: payload.messageId, data: { jobId } }]);
}

export async function secureMailView(db: Db, actor: Actor, gatewayAddress: string, now = new Date()): Promise<SecureMailView> {
  requireAdmin(actor.principal, actor.organisationId);
  const f = await db.selectFrom('forwarding').selectAll().where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  const signing = await db.selectFrom('mail_certificate').select(['id', 'der']).where('organisation_id', '=', actor.organisationId).orderBy('created_at').execute();
  const signingCertificates = signing.map((c) => ({ id: c.id, ...certificateView(describeCertificate(c.der), now) }));
  let forwarding: SecureMailView['forwarding'] = null;
  if (f) {
    const dead = await db.selectFrom('job').innerJoin('message', (j) => j.on(sql`message.id::text`, '=', sql`job.payload->>'messageId'`))
      .select(['job.id', 'job.attempts', 'job.last_error', 'job.updated_at', 'message.id as message_id', 'message.label', 'message.received_at'])
      .where('job.kind', '=', FORWARD_JOB).where('job.state', '=', 'dead').where(sql`job.payload->>'forwardingId'`, '=', f.id)
      .orderBy('job.updated_at', 'desc').limit(100).execute();
    const waiting = await db.selectFrom('job').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', FORWARD_JOB).where('state', 'in', ['pending', 'running']).where(sql`payload->>'forwardingId'`, '=', f.id).executeTakeFirstOrThrow();
    forwarding = {
      address: f.address, status: f.status, statusReason: f.status_reason, scope: f.scope, rules: f.rules as ForwardingRule[],
      certificate: certificateView(describeCertificate(f.certificate_der), now),
      confirmedAt: f.confirmed_at ? new Date(f.confirmed_at).toISOString() : null,
      waiting: Number(waiting.n),
      deadLetters: dead.map((d) => ({
        jobId: Number(d.id), messageId: d.message_id, label: d.label, receivedAt: new Date(d.received_at).toISOString(), attempts: d.attempts,
        lastError: d.last_error, failedAt: new Date(d.updated_at).toISOString(),
      })),
    };
  }
  const warnings: SecureMailView['warnings'] = [];
  if (forwarding && forwarding.status !== 'disabled' && forwarding.certificate.daysLeft <= WARNING_DAYS[0]) {
    warnings.push({ certificate: 'receiving', fingerprintSha256: forwarding.certificate.fingerprintSha256, subject: forwarding.certificate.subject, notAfter: forwarding.certificate.notAfter, daysLeft: forwarding.certificate.daysLeft });
  }
  for (const c of signingCertificates) {
    if (c.daysLeft <= WARNING_DAYS[0]) warnings.push({ certificate: 'signing', fingerprintSha256: c.fingerprintSha256, subject: c.subject, notAfter: c.notAfter, daysLeft: c.daysLeft });
  }
  return { forwarding, signingCertificates, warnings, gatewayAddress };
}

/** Registers a certificate of the organisation's mail system: mail signed with it is accepted as the organisation's. */
export async function registerMailCertificate(db: Db, eventChains: number, actor: Actor | { system: string; organisationId: string }, certificate: string | Uint8Array): Promise<string> {
  const who = 'principal' in actor ? `user:${actor.principal.userId}` : actor.system;
  const mailboxId = 'principal' in actor ? requireAdmin(actor.principal, actor.organisationId) : null;
  const { der, info } = readCertificate(certificate, 'sign');
  const taken = await db.selectFrom('mail_certificate').select(['organisation_id']).where('fingerprint_sha256', '=', info.fingerprintSha256).executeTakeFirst();
  if (taken) throw new ApiError(409, 'CERTIFICATE_ALREADY_REGISTERED', 'This certificate is already registered.');
  const row = await db.insertInto('mail_certificate').values({
    organisation_id: actor.organisationId, fingerprint_sha256: info.fingerprintSha256, der, subject: info.subject, issuer: info.issuer,
    not_before: info.notBefore, not_after: info.notAfter, emails: info.emailAddresses.map((e) => e.toLowerCase()), created_by: who,
  }).returning('id').executeTakeFirstOrThrow();
  await appendEvents(db, eventChains, [{
    type: 'MAIL_CERTIFICATE_REGISTERED', actor: who, mailboxId, data: { organisationId: actor.organisationId, certificate: info.fingerprintSha256 },
  }]);
  return row.id;
}

export async function removeMailCertificate(db: Db, eventChains: number, actor: Actor, id: string): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const removed = await db.deleteFrom('mail_certificate').where('id', '=', id).where('organisation_id', '=', actor.organisationId)
    .returning('fingerprint_sha256').executeTakeFirst();
  if (!removed) throw new ApiError(404, 'CERTIFICATE_NOT_FOUND', 'No such certificate.');
  await appendEvents(db, eventChains, [{
    type: 'MAIL_CERTIFICATE_REMOVED', actor: `user:${actor.principal.userId}`, mailboxId, data: { organisationId: actor.organisationId, certificate: removed.fingerprint_sha256 },
  }]);
}
