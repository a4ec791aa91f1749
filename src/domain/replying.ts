import type { PartyKind } from './writing.ts';

/** What the reply rules need of the letter being answered (columns written when it was accepted). */
export interface AnsweredLetter {
  senderKind: PartyKind;
  /** MessageHeader/reply */
  replyAllowed: boolean;
  /** MessageHeader/replyByDateTime */
  replyBy: Date | null;
}

export type ReplyVerdict =
  | { ok: true }
  | { ok: false; code: 'REPLY_NOT_ALLOWED' | 'REPLY_DEADLINE_PASSED'; message: string };

/**
 * May a letter be answered: an authority decides for its own letters (MessageHeader/reply, and
 * replyByDateTime as the deadline); what citizens and companies write can always be answered.
 */
export function replyVerdict(letter: AnsweredLetter, now = new Date()): ReplyVerdict {
  if (letter.senderKind !== 'authority') return { ok: true };
  if (!letter.replyAllowed) return { ok: false, code: 'REPLY_NOT_ALLOWED', message: 'The sender does not accept replies to this message.' };
  if (letter.replyBy !== null && letter.replyBy.getTime() <= now.getTime()) {
    return { ok: false, code: 'REPLY_DEADLINE_PASSED', message: 'The deadline for replying to this message has passed.' };
  }
  return { ok: true };
}
