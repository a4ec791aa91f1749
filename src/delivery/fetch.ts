import {
  addBusinessReceipt, appendEvents, findQueuedMessage, listSystemQueue, loadDocument, markQueueFetched, removeFromQueue,
  type AuthenticatedSystem, type QueuePage,
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
