import { sql, type Transaction } from 'kysely';
import type { Db } from './database.ts';
import { getBlobs } from './blobs.ts';
import { joinDocument } from './document.ts';
import type { Database, Message } from './schema.ts';

type Executor = Db | Transaction<Database>;

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
