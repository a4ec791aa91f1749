import type { Transaction } from 'kysely';
import {
  addMessageStates, appendEvents, lockMessageForRelease, markMessageAvailable, queueForForwarding, queueForRecipientSystems, standardFolderId,
  type Database, type Db, type Job, type NewEvent,
} from '../store/index.ts';

/** Puts an accepted message in the recipient's inbox and in the queues of the recipient's systems. */
export async function makeAvailable(trx: Transaction<Database>, messageId: string, mailboxId: string, at: Date): Promise<NewEvent[]> {
  await markMessageAvailable(trx, messageId, at);
  await addMessageStates(trx, [{
    mailbox_id: mailboxId, message_id: messageId, folder_id: await standardFolderId(trx, mailboxId, 'INBOX'), read_at: null,
  }]);
  const queued = await queueForRecipientSystems(trx, [{ messageId, mailboxId }], at);
  await queueForForwarding(trx, [{ messageId, mailboxId }]);
  return availabilityEvents(messageId, mailboxId, queued.map((q) => q.systemId));
}

export function availabilityEvents(messageId: string, mailboxId: string, systems: string[]): NewEvent[] {
  return [
    { type: 'MEMO_AVAILABLE_TO_RECIPIENT', actor: 'kuvert', messageId, mailboxId },
    ...systems.map((systemId): NewEvent => ({ type: 'MEMO_SEND_READY_FOR_FETCH', actor: 'kuvert', messageId, mailboxId, data: { systemId } })),
  ];
}

/** Job handler: releases a message whose doNotDeliverUntilDate has come. Safe to run twice. */
export function releaseHandler(eventChains: number) {
  return async (job: Job, db: Db): Promise<void> => {
    const { messageId } = job.payload as { messageId: string };
    await db.transaction().execute(async (trx) => {
      const message = await lockMessageForRelease(trx, messageId);
      if (!message || message.available_at !== null) return;
      const events = await makeAvailable(trx, messageId, message.recipient_mailbox_id, new Date());
      await appendEvents(trx, eventChains, events);
    });
  };
}
