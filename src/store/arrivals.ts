import type { Executor } from './executor.ts';
import { queueArrivalNotifications } from './notifications.ts';
import { countArrivals } from './statistics.ts';

/**
 * A letter that has just become available in its recipient's mailbox: what the delivery transaction
 * (src/delivery/commit.ts, and release.ts for a delayed letter) tells the rest of Kuvert, in the same
 * transaction, so that notifications and statistics are never lost nor counted for a letter that did
 * not commit.
 */
export interface Arrival {
  messageId: string;
  /** the recipient's mailbox, and the folder the letter landed in (Indbakke, or a rule's folder) */
  mailboxId: string;
  folderId: string;
  /** when it became available */
  at: Date;
  senderMailboxId: string;
  senderOrganisationId: string | null;
  materialId: string | null;
  subscriptionGroupId: string | null;
  /** people and addresses that the recipient's rules asked to tell (src/domain/rules notify actions) */
  notify: { userIds: readonly string[]; addresses: readonly string[] };
}

/** Records arrivals for notifications and statistics, in the caller's (the delivery's) transaction. */
export async function recordArrivals(trx: Executor, arrivals: readonly Arrival[]): Promise<void> {
  if (arrivals.length === 0) return;
  await queueArrivalNotifications(trx, arrivals);
  await countArrivals(trx, arrivals);
}
