import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { ForwardingScope } from './schema.ts';


export const FORWARD_JOB = 'mail.forward';

/**
 * Queues forwarding by e-mail for messages that became available in mailboxes with forwarding set up
 * (active, or paused: those wait until it resumes). Written in the caller's transaction; the job
 * decides per message whether the forwarding's rules select it.
 */
export async function queueForForwarding(trx: Executor, items: ReadonlyArray<{ messageId: string; mailboxId: string }>): Promise<void> {
  if (items.length === 0) return;
  const mailboxes = [...new Set(items.map((i) => i.mailboxId))];
  const forwardings = await trx.selectFrom('forwarding').select(['id', 'mailbox_id'])
    .where('mailbox_id', 'in', mailboxes).where('status', 'in', ['active', 'paused']).execute();
  if (forwardings.length === 0) return;
  const jobs = items.flatMap((item) => forwardings.filter((f) => f.mailbox_id === item.mailboxId).map((f) => ({
    kind: FORWARD_JOB,
    payload: JSON.stringify({ messageId: item.messageId, forwardingId: f.id }),
    run_at: sql<Date>`now()`,
    max_attempts: 12,
  })));
  await trx.insertInto('job').values(jobs).execute();
}

/** A forwarding, all of it. */
export async function findForwarding(db: Executor, id: string) {
  return db.selectFrom('forwarding').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The organisation's forwarding (there is at most one), all of it. */
export async function forwardingOfOrganisation(db: Executor, organisationId: string) {
  return db.selectFrom('forwarding').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export type Forwarding = NonNullable<Awaited<ReturnType<typeof findForwarding>>>;

/** Pauses active forwarding because its receiving certificate expired; whether it was active (and is paused now). */
export async function pauseForwardingForExpiry(db: Executor, id: string): Promise<boolean> {
  const updated = await db.updateTable('forwarding').set({ status: 'paused', status_reason: 'CERTIFICATE_EXPIRED', updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** What the confirmation mail of a forwarding needs: its address, certificate and the organisation's name. */
export async function findForwardingToConfirm(db: Executor, id: string) {
  return db.selectFrom('forwarding').innerJoin('organisation', 'organisation.id', 'forwarding.organisation_id')
    .select(['forwarding.id', 'forwarding.address', 'forwarding.certificate_der', 'forwarding.status', 'forwarding.organisation_id', 'forwarding.mailbox_id', 'organisation.name'])
    .where('forwarding.id', '=', id).executeTakeFirst();
}

/** Stores the hash of a new confirmation token (replacing any earlier one) while the forwarding awaits confirmation. */
export async function issueForwardingConfirmation(db: Executor, id: string, tokenSha256: string, expiresAt: Date): Promise<void> {
  await db.updateTable('forwarding').set({ confirm_token_sha256: tokenSha256, confirm_expires_at: expiresAt })
    .where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Where a notice about a forwarding goes: its address and receiving certificate. */
export async function findForwardingAddress(db: Executor, id: string) {
  return db.selectFrom('forwarding').select(['address', 'certificate_der', 'certificate_not_after', 'status']).where('id', '=', id).executeTakeFirst();
}

/** Forwarding (not disabled) whose receiving certificate expires by `horizon` (or has). */
export async function expiringForwardings(db: Executor, horizon: Date) {
  return db.selectFrom('forwarding').select(['id', 'organisation_id', 'certificate_fingerprint', 'certificate_not_after', 'status', 'address'])
    .where('status', '<>', 'disabled').where('certificate_not_after', '<=', horizon).execute();
}

/** The organisation's forwarding, locked until the transaction ends (it is about to change). */
export async function lockForwardingOfOrganisation(trx: Executor, organisationId: string) {
  return trx.selectFrom('forwarding').select(['id', 'address', 'status', 'confirmed_at'])
    .where('organisation_id', '=', organisationId).forUpdate().executeTakeFirst();
}

export interface ForwardingSettings {
  mailboxId: string;
  address: string;
  certificateDer: Uint8Array;
  certificateFingerprint: string;
  certificateNotAfter: Date;
  scope: ForwardingScope;
  rules: unknown[];
  status: 'active' | 'pending';
  createdBy: string;
  /** false when a confirmed address is kept: its confirmation stays */
  resetConfirmation: boolean;
}

/** Writes the organisation's forwarding: over `existingId`, or as a new one; returns its id. */
export async function saveForwarding(trx: Executor, organisationId: string, existingId: string | undefined, settings: ForwardingSettings): Promise<string> {
  const values = {
    mailbox_id: settings.mailboxId, address: settings.address, certificate_der: settings.certificateDer, certificate_fingerprint: settings.certificateFingerprint,
    certificate_not_after: settings.certificateNotAfter, scope: settings.scope, rules: JSON.stringify(settings.rules), status: settings.status, status_reason: null,
    updated_at: new Date(), created_by: settings.createdBy,
    ...(settings.resetConfirmation ? { confirm_token_sha256: null, confirm_expires_at: null, confirmed_at: null, confirmed_by: null } : {}),
  };
  return existingId !== undefined
    ? (await trx.updateTable('forwarding').set(values).where('id', '=', existingId).returning('id').executeTakeFirstOrThrow()).id
    : (await trx.insertInto('forwarding').values({ ...values, organisation_id: organisationId }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Activates the organisation's pending forwarding with a valid confirmation token; its id, or undefined when the token is not (any more) valid. */
export async function confirmForwardingByToken(db: Executor, organisationId: string, tokenSha256: string, confirmedBy: string): Promise<string | undefined> {
  const updated = await db.updateTable('forwarding').set({
    status: 'active', confirmed_at: new Date(), confirmed_by: confirmedBy, confirm_token_sha256: null, confirm_expires_at: null, updated_at: new Date(),
  }).where('organisation_id', '=', organisationId).where('status', '=', 'pending').where('confirm_token_sha256', '=', tokenSha256)
    .where('confirm_expires_at', '>', new Date()).returning('id').executeTakeFirst();
  return updated?.id;
}

/** Disables the organisation's forwarding; its id, or undefined when there was none (or it was disabled). */
export async function disableForwardingOfOrganisation(db: Executor, organisationId: string): Promise<string | undefined> {
  const updated = await db.updateTable('forwarding').set({ status: 'disabled', status_reason: null, confirm_token_sha256: null, updated_at: new Date() })
    .where('organisation_id', '=', organisationId).where('status', '<>', 'disabled').returning('id').executeTakeFirst();
  return updated?.id;
}
