import { replyVerdict, type PartyKind, type ReplyVerdict } from '../domain/index.ts';
import { parseMemo, type MemoMessage } from '../memo/index.ts';
import { loadDocument, type AnsweredLetterRow, type Db, type Message } from '../store/index.ts';
import type { DraftReplyTo } from './compose.ts';

/** The stored MeMo document, parsed: only for what needs the whole content (documents, actions). */
export async function loadMemo(db: Db, message: Pick<Message, 'document_text' | 'blob_refs'>): Promise<MemoMessage> {
  const xml = await loadDocument(db, message);
  // Kuvert's extra rules may have grown since the message was accepted: read it by the schema alone
  const parsed = parseMemo(xml, { policy: false });
  if (!parsed.ok) throw new Error('a stored message does not parse');
  return parsed.message;
}

export function senderKindOf(letter: Pick<AnsweredLetterRow, 'sender_organisation_kind'>): PartyKind {
  return letter.sender_organisation_kind ?? 'citizen';
}

/** The reply rules for a stored letter, from its columns. */
export function mayAnswer(letter: AnsweredLetterRow, now = new Date()): ReplyVerdict {
  return replyVerdict({
    senderKind: senderKindOf(letter),
    replyAllowed: letter.reply_allowed,
    replyBy: letter.reply_by === null ? null : new Date(letter.reply_by),
  }, now);
}

/** MessageHeader/ReplyData for an answer to the letter: what its sender needs to find the case. */
export function replyDataFor(letter: AnsweredLetterRow): DraftReplyTo {
  return {
    messageUUID: letter.message_uuid,
    ...(letter.memo_message_id ? { messageID: letter.memo_message_id } : {}),
    ...(letter.case_id ? { caseID: letter.case_id } : {}),
    ...(letter.sender_contact_point ? { contactPointID: letter.sender_contact_point } : {}),
  };
}
