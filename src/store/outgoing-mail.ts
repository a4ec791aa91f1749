import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import { enqueueJobs } from './jobs.ts';
import type { OutgoingMailStatus } from './schema.ts';

/** The job that sends one `outgoing_mail` row (src/notify). */
export const SEND_MAIL_JOB = 'mail.send';

/**
 * Sending is tried this often before the mail counts as failed: with the job queue's backoff (5 s
 * doubling to an hour) that is about a day of a relay being down.
 */
export const SEND_MAIL_ATTEMPTS = 36;

export interface QueuedMail {
  /** what the mail is about, e.g. `access-request`, `email-confirmation`, `invitation` */
  kind: string;
  organisationId?: string | null;
  to: string;
  subject: string;
  text: string;
  /** a List-Unsubscribe URL (notifications of new mail, docs/notifications.md) */
  listUnsubscribe?: string;
}

/**
 * Queues plain mails to people in the caller's transaction: they are sent only if the change that
 * caused them commits, and they are not lost while the relay is down (each job retries with backoff).
 */
export async function queueMails(trx: Executor, mails: readonly QueuedMail[]): Promise<string[]> {
  if (mails.length === 0) return [];
  const rows = await trx.insertInto('outgoing_mail').values(mails.map((mail) => ({
    kind: mail.kind, organisation_id: mail.organisationId ?? null, recipient: mail.to, subject: mail.subject, text_body: mail.text,
    list_unsubscribe: mail.listUnsubscribe ?? null,
  }))).returning('id').execute();
  await enqueueJobs(trx, rows.map(({ id }) => ({ kind: SEND_MAIL_JOB, payload: { id }, maxAttempts: SEND_MAIL_ATTEMPTS })));
  return rows.map((r) => r.id);
}

/** Queues one plain mail to a person in the caller's transaction (see queueMails); its id. */
export async function queueMail(trx: Executor, mail: QueuedMail): Promise<string> {
  return (await queueMails(trx, [mail]))[0]!;
}

export interface OutgoingMail {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  status: OutgoingMailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  listUnsubscribe: string | null;
}

const columns = ['id', 'kind', 'recipient', 'subject', 'text_body', 'status', 'attempts', 'last_error', 'created_at', 'sent_at', 'list_unsubscribe'] as const;

type Row = { id: string; kind: string; recipient: string; subject: string; text_body: string; status: OutgoingMailStatus; attempts: number; last_error: string | null; created_at: Date; sent_at: Date | null; list_unsubscribe: string | null };

const toMail = (row: Row): OutgoingMail => ({
  id: row.id, kind: row.kind, recipient: row.recipient, subject: row.subject, text: row.text_body, status: row.status,
  attempts: row.attempts, lastError: row.last_error, createdAt: new Date(row.created_at), sentAt: row.sent_at ? new Date(row.sent_at) : null,
  listUnsubscribe: row.list_unsubscribe,
});

export async function findOutgoingMail(db: Executor, id: string): Promise<OutgoingMail | undefined> {
  const row = await db.selectFrom('outgoing_mail').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toMail(row) : undefined;
}

/** Mail with these statuses, newest first (the development outbox). */
export async function outgoingMails(db: Executor, statuses: OutgoingMailStatus[], limit: number): Promise<OutgoingMail[]> {
  const rows = await db.selectFrom('outgoing_mail').select(columns).where('status', 'in', statuses)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toMail);
}

/** The relay took it. */
export async function markMailSent(db: Executor, id: string, attempts: number): Promise<void> {
  await db.updateTable('outgoing_mail').set({ status: 'sent', attempts, last_error: null, sent_at: sql<Date>`now()` })
    .where('id', '=', id).where('status', '=', 'pending').execute();
}

/** No relay, and the development outbox is on: the mail stays here for /dev/outbox. */
export async function keepMailInOutbox(db: Executor, id: string): Promise<void> {
  await db.updateTable('outgoing_mail').set({ status: 'outbox', last_error: null }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** A send that did not go through; `failed` ends it (no more attempts). */
export async function recordMailFailure(db: Executor, id: string, failure: { attempts: number; error: string; failed: boolean }): Promise<void> {
  await db.updateTable('outgoing_mail').set({
    attempts: failure.attempts, last_error: failure.error.slice(0, 1000), ...(failure.failed ? { status: 'failed' as const } : {}),
  }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Why a mail waits without an attempt (no relay configured). */
export async function recordMailWaiting(db: Executor, id: string, reason: string): Promise<void> {
  await db.updateTable('outgoing_mail').set({ last_error: reason }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Makes every waiting send due now (at start: the relay or the outbox may be configured since). */
export async function wakeWaitingMail(db: Executor): Promise<number> {
  const result = await db.updateTable('job').set({ run_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('kind', '=', SEND_MAIL_JOB).where('state', '=', 'pending').where('run_at', '>', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
