import { sql, type Insertable } from 'kysely';
import type { Executor } from './executor.ts';
import { getBlobs } from './blobs.ts';
import { joinDocument } from './document.ts';
import type { Message, MessageBlobTable, MessageStateTable, NewMessage } from './schema.ts';


export async function findSentMessage(db: Executor, senderMailboxId: string, messageUuid: string) {
  return db.selectFrom('message')
    .select(['id', 'transmission_id', 'message_uuid', 'document_sha256', 'received_at'])
    .where('sender_mailbox_id', '=', senderMailboxId).where('message_uuid', '=', messageUuid)
    .executeTakeFirst();
}

/** The MeMo document exactly as it was accepted. */
export async function loadDocument(db: Executor, message: Pick<Message, 'document_text' | 'blob_refs'>): Promise<string> {
  const refs = typeof message.blob_refs === 'string' ? JSON.parse(message.blob_refs) : message.blob_refs;
  const blobs = await getBlobs(db, refs.map((r: { sha256: string }) => r.sha256));
  return joinDocument(message.document_text, refs, blobs);
}

export interface QueuePage { uuids: string[]; total: number }

export async function listSystemQueue(db: Executor, systemId: string, page: number, size: number): Promise<QueuePage> {
  const now = new Date();
  const base = db.selectFrom('system_queue').where('system_queue.system_id', '=', systemId)
    .where('system_queue.deleted_at', 'is', null).where('system_queue.available_at', '<=', now);
  const [rows, count] = await Promise.all([
    base.innerJoin('message', 'message.id', 'system_queue.message_id').select('message.message_uuid')
      .orderBy('system_queue.available_at').orderBy('system_queue.message_id').limit(size).offset(page * size).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { uuids: rows.map((r) => r.message_uuid), total: Number(count.n) };
}

/** A message in a system's queue (available, not removed), found by its MeMo UUID. */
export async function findQueuedMessage(db: Executor, systemId: string, messageUuid: string) {
  return db.selectFrom('system_queue').innerJoin('message', 'message.id', 'system_queue.message_id')
    .selectAll('message').select(['system_queue.fetched_at', 'system_queue.mailbox_id as queue_mailbox_id'])
    .where('system_queue.system_id', '=', systemId).where('message.message_uuid', '=', messageUuid)
    .where('system_queue.deleted_at', 'is', null).where('system_queue.available_at', '<=', new Date())
    .orderBy('message.received_at', 'desc').limit(1)
    .executeTakeFirst();
}

export async function markQueueFetched(trx: Executor, systemId: string, messageId: string): Promise<boolean> {
  const result = await trx.updateTable('system_queue').set({ fetched_at: sql`now()` })
    .where('system_id', '=', systemId).where('message_id', '=', messageId).where('fetched_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function removeFromQueue(trx: Executor, systemId: string, messageId: string): Promise<boolean> {
  const result = await trx.updateTable('system_queue').set({ deleted_at: sql`now()` })
    .where('system_id', '=', systemId).where('message_id', '=', messageId).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What answering a letter needs of it: all columns, none parsed from the document. */
const ANSWERED_COLUMNS = [
  'message.id', 'message.thread_id', 'message.message_uuid', 'message.memo_message_id', 'message.case_id', 'message.label',
  'message.sender_mailbox_id', 'message.sender_contact_point', 'message.sender_label', 'message.recipient_mailbox_id',
  'message.reply_allowed', 'message.reply_by', 'organisation.kind as sender_organisation_kind',
] as const;

function answeredLetters(db: Executor) {
  return db.selectFrom('message').leftJoin('organisation', 'organisation.id', 'message.sender_organisation_id')
    .select(ANSWERED_COLUMNS).where('message.available_at', 'is not', null);
}

/** Letters the mailbox received from `fromMailboxId` under these MeMo UUIDs (what ReplyData/messageUUID names). */
export async function findReceivedLetters(db: Executor, mailboxId: string, fromMailboxId: string, messageUuids: readonly string[]) {
  if (messageUuids.length === 0) return [];
  return answeredLetters(db)
    .where('message.recipient_mailbox_id', '=', mailboxId).where('message.sender_mailbox_id', '=', fromMailboxId)
    .where('message.message_uuid', 'in', messageUuids)
    .orderBy('message.received_at', 'desc').execute();
}

/** A letter the mailbox received, by Kuvert's id. */
export async function findLetterReceivedBy(db: Executor, mailboxId: string, messageId: string) {
  return answeredLetters(db).where('message.recipient_mailbox_id', '=', mailboxId).where('message.id', '=', messageId).executeTakeFirst();
}

export type AnsweredLetterRow = Awaited<ReturnType<typeof findReceivedLetters>>[number];

/** Writes accepted messages, in one multi-row statement. */
export async function addMessages(trx: Executor, rows: NewMessage[]): Promise<void> {
  await trx.insertInto('message').values(rows).execute();
}

/** Records which blobs the messages' documents refer to (nothing when there are none). */
export async function addMessageBlobs(trx: Executor, links: Array<Insertable<MessageBlobTable>>): Promise<void> {
  if (links.length > 0) await trx.insertInto('message_blob').values(links).execute();
}

/** Puts messages in mailboxes' folders. */
export async function addMessageStates(trx: Executor, states: Array<Insertable<MessageStateTable>>): Promise<void> {
  await trx.insertInto('message_state').values(states).execute();
}

/** The message is available to its recipient from `at`. */
export async function markMessageAvailable(trx: Executor, messageId: string, at: Date): Promise<void> {
  await trx.updateTable('message').set({ available_at: at }).where('id', '=', messageId).execute();
}

export interface NewBusinessReceipt {
  messageId: string;
  systemId: string;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
}

/** Stores a recipient system's business receipt for a message; its id and time. */
export async function addBusinessReceipt(trx: Executor, receipt: NewBusinessReceipt) {
  return trx.insertInto('business_receipt').values({
    message_id: receipt.messageId, system_id: receipt.systemId, status: receipt.status,
    error_code: receipt.errorCode, error_message: receipt.errorMessage,
  }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

/**
 * What forwarding a message by e-mail needs of it: the message, if the mailbox received it (and holds
 * it), with the sender organisation's CVR; the document still to be loaded.
 */
export async function findMessageToForward(db: Executor, messageId: string, mailboxId: string) {
  return db.selectFrom('message').innerJoin('message_state', (j) => j.onRef('message_state.message_id', '=', 'message.id')
    .on('message_state.mailbox_id', '=', mailboxId))
    .leftJoin('organisation', 'organisation.id', 'message.sender_organisation_id')
    .select(['message.id', 'message.thread_id', 'message.message_uuid', 'message.label', 'message.sender_label', 'message.p_number', 'message.attention',
      'message.received_at', 'message.document_text', 'message.blob_refs', 'organisation.cvr as sender_cvr'])
    .where('message.id', '=', messageId).where('message.recipient_mailbox_id', '=', mailboxId).executeTakeFirst();
}

export type MessageToForward = NonNullable<Awaited<ReturnType<typeof findMessageToForward>>>;
