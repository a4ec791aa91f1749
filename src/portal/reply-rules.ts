import { canReply, replyVerdict, type MailboxAccess, type PartyKind, type ReplyVerdict } from '../domain/index.ts';

export interface ReplyFacts {
  reply_allowed: boolean;
  reply_by: Date | string | null;
  recipient_mailbox_id: string;
  recipient_contact_point_id: string | null;
  sender_organisation_id: string | null;
  sender_organisation_kind: Exclude<PartyKind, 'citizen'> | null;
}

export type PortalReplyVerdict = { ok: true } | Extract<ReplyVerdict, { ok: false }> | { ok: false; code: 'FORBIDDEN_ROLE' | 'REPLY_NOT_ALLOWED'; message: string };

/**
 * Whom an answer to a received message goes to: the organisation that sent it (at the contact point
 * the letter named), or — a message a citizen or company wrote to one of the mailbox's contact
 * points — back to that citizen or company, from the contact point it came to.
 */
export function answerKind(message: ReplyFacts): 'to-organisation' | 'from-contact-point' | undefined {
  if (message.recipient_contact_point_id !== null && message.sender_organisation_kind !== 'authority') return 'from-contact-point';
  return message.sender_organisation_id !== null ? 'to-organisation' : undefined;
}

/**
 * May this principal answer this message from this mailbox in the portal: the reply rules every door
 * applies (src/domain/replying.ts), for a message received here from an organisation or at one of
 * the mailbox's contact points, by someone who may write on the mailbox's behalf.
 */
export function portalReplyVerdict(access: MailboxAccess, mailboxId: string, message: ReplyFacts, now = new Date()): PortalReplyVerdict {
  if (message.recipient_mailbox_id !== mailboxId || answerKind(message) === undefined) {
    return { ok: false, code: 'REPLY_NOT_ALLOWED', message: 'Only messages received here from an organisation, or at one of its contact points, can be answered in the portal.' };
  }
  const verdict = replyVerdict({
    senderKind: message.sender_organisation_kind ?? 'citizen',
    replyAllowed: message.reply_allowed,
    replyBy: message.reply_by === null ? null : new Date(message.reply_by),
  }, now);
  if (!verdict.ok) return verdict;
  if (!canReply(access)) return { ok: false, code: 'FORBIDDEN_ROLE', message: 'Your role in this mailbox does not let you reply on its behalf.' };
  return { ok: true };
}
