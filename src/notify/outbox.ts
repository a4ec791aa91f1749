import { outgoingMails, type Db, type OutgoingMail } from '../store/index.ts';

const OUTBOX_LIMIT = 200;

/** The development outbox: mail kept because there is no relay, and mail already sent (marked so), newest first. */
export async function outboxMails(db: Db): Promise<OutgoingMail[]> {
  return outgoingMails(db, ['outbox', 'sent'], OUTBOX_LIMIT);
}
