import { canSeeFolder, type MailboxAccess } from '../domain/index.ts';
import { partiesOfMessages, threadMessagesOfMailbox, type Executor, type MessageParties } from '../store/index.ts';
import type { ThreadEntry } from '../contract/index.ts';

/**
 * A thread as the principal may read it in this mailbox: its messages in folders they see, oldest
 * first, with verified senders; and the parties of every one of them (one lookup for the thread).
 * `messageId` is always looked up, also when the thread is longer than what is listed.
 */
export async function threadOf(db: Executor, access: MailboxAccess, mailboxId: string, threadId: string, messageId: string): Promise<{ entries: ThreadEntry[]; parties: Map<string, MessageParties> }> {
  const rows = (await threadMessagesOfMailbox(db, mailboxId, threadId)).filter((r) => canSeeFolder(access, r.folder_id));
  const parties = await partiesOfMessages(db, mailboxId, [...new Set([messageId, ...rows.map((r) => r.id)])]);
  const entries = rows.map((r) => ({
    id: r.id,
    label: r.label,
    senderName: parties.get(r.id)?.sender_name ?? '',
    sent: r.sender_mailbox_id === mailboxId,
    at: new Date(r.created_at).toISOString(),
  }));
  return { entries, parties };
}
