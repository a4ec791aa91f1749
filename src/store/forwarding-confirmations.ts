import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * The newest job that mails a forwarding's confirmation link (`kind`, the gateway's CONFIRM_JOB): the
 * outgoing mail queue is what knows whether the mail went (`done`), waits for another attempt
 * (`pending` with a `last_error`), or failed for good (`dead`).
 */
export async function latestConfirmationJob(db: Executor, kind: string, forwardingId: string) {
  return db.selectFrom('job').select(['id', 'state', 'attempts', 'last_error', 'run_at', 'updated_at', 'created_at'])
    .where('kind', '=', kind).where(sql<string>`payload->>'forwardingId'`, '=', forwardingId)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Makes a waiting confirmation job due now; whether there was one. */
export async function hurryConfirmationJob(trx: Executor, id: number): Promise<boolean> {
  const result = await trx.updateTable('job').set({ run_at: new Date(), updated_at: new Date() })
    .where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
