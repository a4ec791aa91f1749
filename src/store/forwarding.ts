import { sql, type Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

type Executor = Db | Transaction<Database>;

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
