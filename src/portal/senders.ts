import { canSeeFolder, type MailboxAccess } from '../domain/index.ts';
import { partiesOfMessages, type Executor, type MessageParties } from '../store/index.ts';
import { toSummary, type Summary, type SummaryRow, type VerifiedParties } from './summary.ts';

/**
 * Summaries of a page of messages with their verified parties, looked up in one query for the whole
 * page (partiesOfMessages): the sender and recipient as the registry names them, whether this mailbox
 * sent it, and whether it has been answered.
 */
export async function summarize(db: Executor, access: MailboxAccess, mailboxId: string, rows: readonly SummaryRow[]): Promise<Summary[]> {
  const parties = await partiesOfMessages(db, mailboxId, rows.map((r) => r.id));
  return rows.map((row) => toSummary(row, verified(access, mailboxId, parties.get(row.id), row.sender_label)));
}

export function verified(access: MailboxAccess, mailboxId: string, parties: MessageParties | undefined, label: string): VerifiedParties {
  // a message always has a sending and a receiving mailbox; without them (a race with its removal) nothing is claimed
  const senderName = parties?.sender_name ?? '';
  const differs = label.trim() !== '' && label.trim().toLocaleLowerCase('da') !== senderName.trim().toLocaleLowerCase('da');
  return {
    senderName,
    senderLabel: differs ? label : null,
    recipientName: parties?.recipient_name ?? '',
    sent: parties?.sender_mailbox_id === mailboxId,
    answered: parties?.reply_id != null,
    replyId: parties?.reply_id != null && parties.reply_folder_id !== null && canSeeFolder(access, parties.reply_folder_id) ? parties.reply_id : null,
  };
}
