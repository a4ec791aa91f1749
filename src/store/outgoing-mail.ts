import type { Executor } from './executor.ts';
import { enqueueJobs } from './jobs.ts';

/** The job that sends one `outgoing_mail` row (src/notify). */
export const SEND_MAIL_JOB = 'mail.send';

export interface QueuedMail {
  /** what the mail is about, e.g. `access-request`, `email-confirmation`, `invitation` */
  kind: string;
  organisationId?: string | null;
  to: string;
  subject: string;
  text: string;
}

/**
 * Queues a plain mail to a person in the caller's transaction: it is sent only if the change that
 * caused it commits, and it is not lost while the relay is down (the job retries with backoff).
 */
export async function queueMail(trx: Executor, mail: QueuedMail): Promise<string> {
  const { id } = await trx.insertInto('outgoing_mail').values({
    kind: mail.kind, organisation_id: mail.organisationId ?? null, recipient: mail.to, subject: mail.subject, text_body: mail.text,
  }).returning('id').executeTakeFirstOrThrow();
  await enqueueJobs(trx, [{ kind: SEND_MAIL_JOB, payload: { id }, maxAttempts: 12 }]);
  return id;
}
