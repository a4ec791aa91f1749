import { canWrite, type MailboxAccess } from '../domain/index.ts';

export interface ReplyFacts {
  reply_allowed: boolean;
  reply_by: Date | string | null;
  recipient_mailbox_id: string;
  sender_organisation_id: string | null;
}

export type ReplyVerdict = { ok: true } | { ok: false; reason: 'ROLE' | 'NOT_ALLOWED' | 'DEADLINE_PASSED' };

/**
 * May this principal answer this message from this mailbox: the sender asked for replies, the
 * deadline (if any) has not passed, the message was received here (not sent from here) from an
 * organisation, and the principal may write on the mailbox's behalf.
 */
export function replyVerdict(access: MailboxAccess, mailboxId: string, message: ReplyFacts, now = new Date()): ReplyVerdict {
  if (!message.reply_allowed || message.recipient_mailbox_id !== mailboxId || message.sender_organisation_id === null) {
    return { ok: false, reason: 'NOT_ALLOWED' };
  }
  if (message.reply_by !== null && new Date(message.reply_by).getTime() <= now.getTime()) return { ok: false, reason: 'DEADLINE_PASSED' };
  if (!canWrite(access)) return { ok: false, reason: 'ROLE' };
  return { ok: true };
}
