import { fromForwardingRules, parseForwardingRules, Refusal, toForwardingRules, type ForwardingRule, type RuleBody } from '../../domain/index.ts';
import { CONFIRM_JOB, confirmTokenHash, describeCertificate, WARNING_DAYS } from '../../gateway/index.ts';
import {
  appendEvents, confirmForwardingByToken, countWaitingForwardJobs, deadForwardJobs, disableForwardingOfOrganisation, enqueueJobs, findForwardJobOfOrganisation,
  forwardingOfOrganisation, hurryConfirmationJob, hurryForwardJobs, latestConfirmationJob, lockForwardingOfOrganisation, mailCertificatesOf, replaceForwardingRules,
  retryDeadJob, rulesOfMailbox, saveForwarding, type Db, type Executor,
} from '../../store/index.ts';
import { requireAdmin, type Actor } from '../access.ts';
import { certificateView, readCertificate } from './certificates.ts';
import type { ConfirmationMail, SecureMailView } from '../../contract/index.ts';

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
  if (!ADDRESS.test(address) || address.length > 254) throw new Refusal('invalid', 'ADDRESS_INVALID', 'Give the secure e-mail address as name@domain.');
  const rules = parseForwardingRules(input.rules ?? []);
  if (!rules.ok) throw new Refusal('invalid', 'RULES_INVALID', rules.message);
  if (input.scope === 'rules' && rules.rules.length === 0) throw new Refusal('invalid', 'RULES_INVALID', 'Choose at least one rule, or forward all mail.');
  const { der, info } = readCertificate(input.certificate, 'encrypt', address);
  await db.transaction().execute(async (trx) => {
    const existing = await lockForwardingOfOrganisation(trx, actor.organisationId);
    const keepsConfirmation = existing !== undefined && existing.address === address && existing.confirmed_at !== null && existing.status !== 'disabled';
    const id = await saveForwarding(trx, actor.organisationId, existing?.id, {
      mailboxId, address, certificateDer: der, certificateFingerprint: info.fingerprintSha256, certificateNotAfter: info.notAfter,
      scope: input.scope, rules: rules.rules, status: keepsConfirmation ? 'active' : 'pending',
      createdBy: `user:${actor.principal.userId}`, resetConfirmation: !keepsConfirmation,
    });
    // what is forwarded is decided by the mailbox's rules at delivery (docs/rules.md): these are its rules of origin 'forwarding'
    await replaceForwardingRules(trx, mailboxId, actor.organisationId, fromForwardingRules(input.scope, rules.rules) as RuleBody[], `user:${actor.principal.userId}`);
    if (keepsConfirmation) {
      await hurryForwardJobs(trx, id);
    } else {
      await enqueueJobs(trx, [{ kind: CONFIRM_JOB, payload: { forwardingId: id } }]);
    }
    await appendEvents(trx, eventChains, [{
      type: 'FORWARDING_CONFIGURED', actor: `user:${actor.principal.userId}`, mailboxId,
      data: { forwardingId: id, organisationId: actor.organisationId, certificate: info.fingerprintSha256, scope: input.scope, awaitsConfirmation: !keepsConfirmation },
    }]);
  });
}

/** The link from the confirmation mail, opened by a logged-in administrator of the organisation. */
export async function confirmForwarding(db: Db, eventChains: number, actor: Actor, token: string): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const sha256 = confirmTokenHash(token);
  const forwardingId = await confirmForwardingByToken(db, actor.organisationId, sha256, actor.principal.userId);
  if (forwardingId === undefined) throw new Refusal('conflict', 'CONFIRMATION_INVALID', 'This confirmation link is not valid (any more): it was replaced by a newer one, has expired, or was used.');
  await appendEvents(db, eventChains, [{ type: 'FORWARDING_CONFIRMED', actor: `user:${actor.principal.userId}`, mailboxId, data: { forwardingId } }]);
}

/**
 * "Send igen": mails the confirmation link again (a new link replaces the earlier one), or, while an
 * attempt waits for its retry, makes it due now. Only while forwarding waits for confirmation.
 */
export async function resendConfirmation(db: Db, eventChains: number, actor: Actor): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  await db.transaction().execute(async (trx) => {
    const forwarding = await lockForwardingOfOrganisation(trx, actor.organisationId);
    if (!forwarding || forwarding.status !== 'pending') {
      throw new Refusal('conflict', 'FORWARDING_NOT_PENDING', 'Forwarding does not wait for confirmation: there is nothing to send.');
    }
    const job = await latestConfirmationJob(trx, CONFIRM_JOB, forwarding.id);
    const waiting = job !== undefined && (job.state === 'running' || (job.state === 'pending' && await hurryConfirmationJob(trx, job.id)));
    if (!waiting) await enqueueJobs(trx, [{ kind: CONFIRM_JOB, payload: { forwardingId: forwarding.id } }]);
    await appendEvents(trx, eventChains, [{
      type: 'FORWARDING_CONFIRMATION_REQUESTED', actor: `user:${actor.principal.userId}`, mailboxId, data: { forwardingId: forwarding.id, hurried: waiting },
    }]);
  });
}

/** What the outgoing mail queue knows of the confirmation mail (see ConfirmationMail). */
async function confirmationMail(db: Executor, forwardingId: string): Promise<ConfirmationMail | null> {
  const job = await latestConfirmationJob(db, CONFIRM_JOB, forwardingId);
  if (!job) return null;
  const iso = (d: Date | string) => new Date(d).toISOString();
  if (job.state === 'done') return { state: 'sent', at: iso(job.updated_at), lastError: null, nextAttemptAt: null };
  if (job.state === 'dead') return { state: 'failed', at: iso(job.updated_at), lastError: job.last_error, nextAttemptAt: null };
  if (job.last_error !== null) return { state: 'retrying', at: iso(job.updated_at), lastError: job.last_error, nextAttemptAt: iso(job.run_at) };
  return { state: 'queued', at: iso(job.created_at), lastError: null, nextAttemptAt: null };
}

export async function disableForwarding(db: Db, eventChains: number, actor: Actor): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const forwardingId = await disableForwardingOfOrganisation(db, actor.organisationId);
  if (forwardingId === undefined) throw new Refusal('not-found', 'FORWARDING_NOT_FOUND', 'Forwarding is not set up.');
  await appendEvents(db, eventChains, [{ type: 'FORWARDING_DISABLED', actor: `user:${actor.principal.userId}`, mailboxId, data: { forwardingId } }]);
}

export async function retryDeadLetter(db: Db, eventChains: number, actor: Actor, jobId: number): Promise<void> {
  const mailboxId = requireAdmin(actor.principal, actor.organisationId);
  const job = await findForwardJobOfOrganisation(db, actor.organisationId, jobId);
  if (!job || !(await retryDeadJob(db, jobId))) throw new Refusal('not-found', 'DEAD_LETTER_NOT_FOUND', 'No such failed delivery.');
  const payload = (typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload) as { messageId: string };
  await appendEvents(db, eventChains, [{ type: 'FORWARDING_RETRIED', actor: `user:${actor.principal.userId}`, mailboxId, messageId: payload.messageId, data: { jobId } }]);
}

export async function secureMailView(db: Db, actor: Actor, gatewayAddress: string, now = new Date()): Promise<SecureMailView> {
  requireAdmin(actor.principal, actor.organisationId);
  const f = await forwardingOfOrganisation(db, actor.organisationId);
  const signing = await mailCertificatesOf(db, actor.organisationId);
  const signingCertificates = signing.map((c) => ({ id: c.id, ...certificateView(describeCertificate(c.der), now) }));
  let forwarding: SecureMailView['forwarding'] = null;
  if (f) {
    const stored = await rulesOfMailbox(db, f.mailbox_id);
    const selection = toForwardingRules(stored.filter((r) => r.origin === 'forwarding')) ?? { scope: f.scope, rules: f.rules as ForwardingRule[] };
    const dead = await deadForwardJobs(db, f.id);
    const waiting = await countWaitingForwardJobs(db, f.id);
    const confirmation = f.status === 'pending' ? await confirmationMail(db, f.id) : null;
    forwarding = {
      address: f.address, status: f.status, statusReason: f.status_reason, scope: selection.scope, rules: selection.rules,
      certificate: certificateView(describeCertificate(f.certificate_der), now),
      confirmedAt: f.confirmed_at ? new Date(f.confirmed_at).toISOString() : null,
      confirmation,
      waiting,
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

