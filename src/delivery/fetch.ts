import type { MemoMetadata } from '../contract/index.ts';
import {
  addBusinessReceipt, appendEvents, findQueuedMessage, folderNameOfMessage, listSystemQueue, loadDocument, markQueueFetched, materialOfMessage,
  removeFromQueue, type AuthenticatedSystem, type QueuePage,
} from '../store/index.ts';
import type { SendContext } from './context.ts';

export type BusinessReceiptStatus = 'COMPLETED' | 'FAILED';

export async function listQueue(ctx: SendContext, system: AuthenticatedSystem, page: number, size: number): Promise<QueuePage> {
  return listSystemQueue(ctx.db, system.id, page, size);
}

/** The accepted MeMo document of a message in the system's queue, or undefined when it is not there. */
export async function fetchMemo(ctx: SendContext, system: AuthenticatedSystem, messageUuid: string): Promise<string | undefined> {
  const message = await findQueuedMessage(ctx.db, system.id, messageUuid);
  if (!message) return undefined;
  const xml = await loadDocument(ctx.db, message);
  await ctx.db.transaction().execute(async (trx) => {
    const first = await markQueueFetched(trx, system.id, message.id);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MEMO_SEND_FETCHED_BY_RECIPIENT_SYSTEM', actor: `system:${system.id}`, messageId: message.id,
      mailboxId: message.queue_mailbox_id, data: { first },
    }]);
  });
  return xml;
}

/** A waiting message's material, subscription group and folder; undefined when it is not in the system's queue. Reading it is not fetching it. */
export async function memoMetadata(ctx: SendContext, system: AuthenticatedSystem, messageUuid: string): Promise<MemoMetadata | undefined> {
  const message = await findQueuedMessage(ctx.db, system.id, messageUuid);
  if (!message) return undefined;
  const [material, folder] = await Promise.all([materialOfMessage(ctx.db, message.id), folderNameOfMessage(ctx.db, message.queue_mailbox_id, message.id)]);
  return {
    messageUUID: message.message_uuid, receivedAt: new Date(message.received_at).toISOString(),
    material: material?.material_code ? { code: material.material_code, name: material.material_name! } : null,
    subscriptionGroup: material?.subscription_group_name ?? null,
    folder: folder ?? null,
  };
}

export async function removeQueued(ctx: SendContext, system: AuthenticatedSystem, messageUuid: string): Promise<boolean> {
  const message = await findQueuedMessage(ctx.db, system.id, messageUuid);
  if (!message) return false;
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await removeFromQueue(trx, system.id, message.id))) return false;
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MEMO_SEND_REMOVED_FROM_SYSTEM_QUEUE', actor: `system:${system.id}`, messageId: message.id, mailboxId: message.queue_mailbox_id,
    }]);
    return true;
  });
}

export interface BusinessReceiptInput {
  receiptStatus: BusinessReceiptStatus;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
}

export async function recordBusinessReceipt(
  ctx: SendContext, system: AuthenticatedSystem, messageUuid: string, input: BusinessReceiptInput,
): Promise<{ id: string; createdAt: Date } | undefined> {
  const message = await findQueuedMessage(ctx.db, system.id, messageUuid);
  if (!message) return undefined;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await addBusinessReceipt(trx, {
      messageId: message.id, systemId: system.id, status: input.receiptStatus,
      errorCode: input.errorCode ?? null, errorMessage: input.errorMessage ?? null,
    });
    await appendEvents(trx, ctx.eventChains, [{
      type: 'BUSINESS_RECEIPT_RECEIVED', actor: `system:${system.id}`, messageId: message.id, mailboxId: message.queue_mailbox_id,
      data: { receiptStatus: input.receiptStatus, errorCode: input.errorCode ?? null },
    }]);
    return { id: row.id, createdAt: row.created_at };
  });
}
