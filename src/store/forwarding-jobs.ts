import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import { FORWARD_JOB } from './forwarding.ts';

/** The forwarding jobs of a forwarding (job rows of kind FORWARD_JOB, whose payload names the forwarding). */

/** Makes the forwarding's pending jobs due now (forwarding resumed). */
export async function hurryForwardJobs(trx: Executor, forwardingId: string): Promise<void> {
  await sql`update job set run_at = now() where kind = ${FORWARD_JOB} and state = 'pending' and payload->>'forwardingId' = ${forwardingId}`.execute(trx);
}

/** A forwarding job, if it forwards for the organisation. */
export async function findForwardJobOfOrganisation(db: Executor, organisationId: string, jobId: number) {
  return db.selectFrom('job').innerJoin('forwarding', (j) => j.on(sql`forwarding.id::text`, '=', sql`job.payload->>'forwardingId'`))
    .select(['job.id', 'job.payload']).where('job.id', '=', jobId).where('job.kind', '=', FORWARD_JOB)
    .where('forwarding.organisation_id', '=', organisationId).executeTakeFirst();
}

/** The forwarding's dead letters (jobs that gave up), newest first, at most 100, with the message each was for. */
export async function deadForwardJobs(db: Executor, forwardingId: string) {
  return db.selectFrom('job').innerJoin('message', (j) => j.on(sql`message.id::text`, '=', sql`job.payload->>'messageId'`))
    .select(['job.id', 'job.attempts', 'job.last_error', 'job.updated_at', 'message.id as message_id', 'message.label', 'message.received_at'])
    .where('job.kind', '=', FORWARD_JOB).where('job.state', '=', 'dead').where(sql`job.payload->>'forwardingId'`, '=', forwardingId)
    .orderBy('job.updated_at', 'desc').limit(100).execute();
}

/** How many of the forwarding's jobs wait or run. */
export async function countWaitingForwardJobs(db: Executor, forwardingId: string): Promise<number> {
  const waiting = await db.selectFrom('job').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', FORWARD_JOB).where('state', 'in', ['pending', 'running']).where(sql`payload->>'forwardingId'`, '=', forwardingId).executeTakeFirstOrThrow();
  return Number(waiting.n);
}
