import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { InboundMailStatus } from './schema.ts';

/** Mail by SMTP: inbound_mail (what the SMTP server accepted), mail_thread (reply tokens), mail_message_id (Message-IDs Kuvert sent). */

export interface NewInboundMail {
  remoteAddress: string | null;
  mailFrom: string;
  rcptTo: string[];
  raw: Uint8Array;
}

/** Stores a mail the SMTP server accepted (before it answers 250); returns its id. */
export async function storeInboundMail(trx: Executor, mail: NewInboundMail): Promise<string> {
  const row = await trx.insertInto('inbound_mail').values({
    remote_address: mail.remoteAddress,
    mail_from: mail.mailFrom,
    rcpt_to: mail.rcptTo,
    size: mail.raw.length,
    raw: mail.raw,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A stored inbound mail, all of it. */
export async function findInboundMail(db: Executor, id: string) {
  return db.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
}

export type InboundMail = NonNullable<Awaited<ReturnType<typeof findInboundMail>>>;

/** What a DSN quotes of a stored mail: its envelope sender, arrival time and the first 64 KiB (the header block). */
export async function findInboundMailHead(db: Executor, id: string) {
  return db.selectFrom('inbound_mail').select(['id', 'mail_from', 'received_at', sql<Uint8Array>`substring(raw from 1 for 65536)`.as('head')])
    .where('id', '=', id).executeTakeFirst();
}

export interface InboundVerdict {
  status: Exclude<InboundMailStatus, 'received'>;
  errorCode: string | null;
  errorMessage: string | null;
  messageIds: string[];
}

/** Records what became of an inbound mail; it is processed now. */
export async function markInboundProcessed(trx: Executor, id: string, verdict: InboundVerdict): Promise<void> {
  await trx.updateTable('inbound_mail').set({
    status: verdict.status,
    error_code: verdict.errorCode,
    error_message: verdict.errorMessage,
    message_ids: verdict.messageIds,
    processed_at: new Date(),
  }).where('id', '=', id).execute();
}

/** How many other mails from this envelope sender were rejected since `since`. */
export async function countRejectedFrom(trx: Executor, mailFrom: string, exceptId: string, since: Date): Promise<number> {
  const row = await trx.selectFrom('inbound_mail').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mail_from', '=', mailFrom).where('status', '=', 'rejected').where('id', '<>', exceptId)
    .where('received_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The reply token of a thread as mailed to a mailbox: `candidate` becomes it unless the thread already
 * has one for that mailbox (then that one, so every mail of the thread carries the same token).
 */
export async function threadTokenFor(db: Executor, threadId: string, mailboxId: string, candidate: string): Promise<string> {
  await db.insertInto('mail_thread').values({ token: candidate, thread_id: threadId, mailbox_id: mailboxId })
    .onConflict((oc) => oc.columns(['thread_id', 'mailbox_id']).doNothing()).execute();
  const row = await db.selectFrom('mail_thread').select('token').where('thread_id', '=', threadId).where('mailbox_id', '=', mailboxId).executeTakeFirstOrThrow();
  return row.token;
}

/** Whether Kuvert issued this reply token (to anyone). */
export async function threadTokenExists(db: Executor, token: string): Promise<boolean> {
  const row = await sql<{ one: number }>`select 1 as one from mail_thread where token = ${token}`.execute(db);
  return row.rows.length > 0;
}

/** The newest message the mailbox received in the thread whose token was mailed to that mailbox. */
export async function latestMessageForThreadToken(db: Executor, token: string, mailboxId: string): Promise<string | undefined> {
  const row = await db.selectFrom('mail_thread').innerJoin('message', 'message.thread_id', 'mail_thread.thread_id')
    .select('message.id').where('mail_thread.token', '=', token).where('mail_thread.mailbox_id', '=', mailboxId)
    .where('message.recipient_mailbox_id', '=', mailboxId)
    .orderBy('message.received_at', 'desc').limit(1).executeTakeFirst();
  return row?.id;
}

/** Remembers the Message-ID header of a mail Kuvert sent to a mailbox's mail system (the first one wins). */
export async function recordMailMessageId(db: Executor, header: string, messageId: string, mailboxId: string): Promise<void> {
  await db.insertInto('mail_message_id').values({ header, message_id: messageId, mailbox_id: mailboxId })
    .onConflict((oc) => oc.column('header').doNothing()).execute();
}

/** The message a Message-ID header names, if Kuvert mailed it to this mailbox. */
export async function messageForMailMessageId(db: Executor, header: string, mailboxId: string): Promise<string | undefined> {
  const row = await db.selectFrom('mail_message_id').select('message_id').where('header', '=', header).where('mailbox_id', '=', mailboxId).executeTakeFirst();
  return row?.message_id;
}

/** Message-IDs Kuvert mailed to the mailbox earlier in the thread, oldest first (at most 20), except `exceptHeader`. */
export async function mailMessageIdsInThread(db: Executor, threadId: string, mailboxId: string, exceptHeader: string): Promise<string[]> {
  const rows = await db.selectFrom('mail_message_id').innerJoin('message', 'message.id', 'mail_message_id.message_id')
    .select('mail_message_id.header').where('message.thread_id', '=', threadId).where('mail_message_id.mailbox_id', '=', mailboxId)
    .where('mail_message_id.header', '<>', exceptHeader).orderBy('mail_message_id.created_at').limit(20).execute();
  return rows.map((r) => r.header);
}
