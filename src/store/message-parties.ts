import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * Who a message is really from and to, from the registry (never the letter's own free-text
 * Sender/label), for the portal: the owner of the sending and the receiving mailbox, the contact
 * point it came to, and — for a message this mailbox received — the first message this mailbox sent
 * in the same thread afterwards (its answer). One query for a whole list page.
 */
export interface MessageParties {
  id: string;
  sender_mailbox_id: string;
  sender_name: string | null;
  sender_label: string;
  recipient_mailbox_id: string;
  recipient_name: string | null;
  recipient_contact_point_id: string | null;
  recipient_contact_point_name: string | null;
  /** the answer this mailbox sent in the thread after it received the message, and the answer's folder here */
  reply_id: string | null;
  reply_folder_id: string | null;
}

export async function partiesOfMessages(db: Executor, mailboxId: string, messageIds: readonly string[]): Promise<Map<string, MessageParties>> {
  if (messageIds.length === 0) return new Map();
  const { rows } = await sql<MessageParties>`
    select m.id, m.sender_mailbox_id, coalesce(so.name, sc.name) as sender_name, m.sender_label,
      m.recipient_mailbox_id, coalesce(ro.name, rc.name) as recipient_name,
      m.recipient_contact_point_id, cp.name as recipient_contact_point_name,
      answer.id as reply_id, answer.folder_id as reply_folder_id
    from message m
    left join mailbox smb on smb.id = m.sender_mailbox_id
    left join organisation so on so.id = coalesce(m.sender_organisation_id, smb.organisation_id)
    left join citizen sc on sc.id = smb.citizen_id
    left join mailbox rmb on rmb.id = m.recipient_mailbox_id
    left join organisation ro on ro.id = rmb.organisation_id
    left join citizen rc on rc.id = rmb.citizen_id
    left join contact_point cp on cp.id = m.recipient_contact_point_id
    left join lateral (
      select r.id, rs.folder_id from message r
      join message_state rs on rs.message_id = r.id and rs.mailbox_id = ${mailboxId}
      where m.recipient_mailbox_id = ${mailboxId} and r.thread_id = m.thread_id
        and r.sender_mailbox_id = ${mailboxId} and r.received_at > m.received_at
      order by r.received_at, r.id limit 1
    ) answer on true
    where m.id in (${sql.join(messageIds.map((id) => sql`${id}::uuid`))})`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}

/** A message of a thread as the mailbox holds it (its state row), oldest first. */
export interface ThreadMessageRow {
  id: string;
  label: string;
  sender_mailbox_id: string;
  folder_id: string;
  created_at: Date | string;
}

/** At most this many messages of one thread are listed with a message. */
export const THREAD_LIMIT = 200;

/**
 * The messages of a thread that the mailbox holds, oldest first: a recipient's copy once it is
 * available, the sender's own from when it was sent. Whether each folder may be seen is the caller's to check.
 */
export async function threadMessagesOfMailbox(db: Executor, mailboxId: string, threadId: string): Promise<ThreadMessageRow[]> {
  return db.selectFrom('message as m').innerJoin('message_state as s', (j) => j.onRef('s.message_id', '=', 'm.id').on('s.mailbox_id', '=', mailboxId))
    .select(['m.id', 'm.label', 'm.sender_mailbox_id', 's.folder_id', 's.created_at'])
    .where('m.thread_id', '=', threadId)
    .where(sql<boolean>`(m.available_at is not null or m.sender_mailbox_id = ${mailboxId})`)
    .orderBy('s.created_at').orderBy('m.id').limit(THREAD_LIMIT)
    .execute();
}
