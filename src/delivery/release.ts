import type { LetterFacts } from '../domain/index.ts';
import { appendEvents, arrivingLetter, markMessageAvailable, type Db, type Executor, type Job, type NewEvent } from '../store/index.ts';
import { backfillFacts } from './facts.ts';
import { placeInMailboxes } from './route.ts';

/**
 * Makes an accepted, delayed letter available: into its recipient's mailbox through the rules, as an
 * undelayed one goes at acceptance. Nothing when it is available already (a release runs once).
 */
export async function makeAvailable(trx: Executor, messageId: string, at: Date): Promise<NewEvent[]> {
  const letter = await arrivingLetter(trx, messageId);
  if (!letter || letter.available_at !== null) return [];
  const stored = typeof letter.facts === 'string' ? JSON.parse(letter.facts) as LetterFacts : letter.facts;
  const facts = stored ?? (await backfillFacts(trx, [messageId])).get(messageId);
  await markMessageAvailable(trx, messageId, at);
  return placeInMailboxes(trx, [{
    messageId, mailboxId: letter.recipient_mailbox_id, senderMailboxId: letter.sender_mailbox_id, senderOrganisationId: letter.sender_organisation_id,
    materialId: letter.material_id, subscriptionGroupId: letter.subscription_group_id, facts: facts ?? null,
  }], at);
}

/** Job handler: releases a message whose doNotDeliverUntilDate has come. Safe to run twice. */
export function releaseHandler(eventChains: number) {
  return async (job: Job, db: Db): Promise<void> => {
    const { messageId } = job.payload as { messageId: string };
    await db.transaction().execute(async (trx) => {
      const events = await makeAvailable(trx, messageId, new Date());
      await appendEvents(trx, eventChains, events);
    });
  };
}
