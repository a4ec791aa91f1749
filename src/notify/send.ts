import type { MailTransport } from '../gateway/index.ts';
import {
  findOutgoingMail, JobDeferred, keepMailInOutbox, markMailSent, recordMailFailure, recordMailWaiting, type Db, type Job,
} from '../store/index.ts';
import { composeMail } from './message.ts';

export interface SendMailOptions {
  /** the pooled SMTP_URL transport the gateway sends through */
  transport: MailTransport;
  /** false when SMTP_URL is unset (and no other transport was given) */
  relay: boolean;
  /** no relay: keep the mail for /dev/outbox instead of waiting for one */
  outbox: boolean;
  from: string;
  domain: string;
}

export const NO_RELAY = 'SMTP_URL is not set';
const NO_RELAY_WAIT_MS = 3600_000;

/** A 5xx answer: the relay refuses this mail for good (an unknown recipient), trying again does not help. */
function permanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Job handler for `mail.send`: one queued mail to a person, sent through the relay. A relay that is
 * down or answers 4xx is tried again with the queue's backoff until the last attempt, after which the
 * mail counts as failed; a 5xx fails it at once. Without a relay the mail goes to the development
 * outbox, or waits (an hour at a time, and again at the next start) with the reason on the row.
 */
export function sendMailHandler(options: SendMailOptions) {
  return async (job: Job, db: Db): Promise<void> => {
    const { id } = job.payload as { id: string };
    const mail = await findOutgoingMail(db, id);
    if (!mail || mail.status !== 'pending') return;
    if (!options.relay) {
      if (options.outbox) return keepMailInOutbox(db, id);
      await recordMailWaiting(db, id, NO_RELAY);
      throw new JobDeferred(new Date(Date.now() + NO_RELAY_WAIT_MS), `${NO_RELAY}: the mail waits until it is`);
    }
    const { envelope, raw } = await composeMail(mail, options.from, options.domain);
    try {
      await options.transport.send(envelope, raw);
    } catch (err) {
      const refused = permanent(err);
      await recordMailFailure(db, id, { attempts: job.attempts, error: err instanceof Error ? err.message : String(err), failed: refused || job.attempts >= job.max_attempts });
      if (refused) return;
      throw err;
    }
    await markMailSent(db, id, job.attempts);
  };
}
