import { randomUUID } from 'node:crypto';
import { danishMidnight, letterFacts, letterSearchTexts, searchableText, type LetterFacts } from '../domain/index.ts';
import type { MemoMessage } from '../memo/index.ts';
import { sha256Hex, splitDocument, type NewEvent, type NewMessage } from '../store/index.ts';
import type { Delivery, Sender } from './context.ts';
import { attachmentCount, attentionOf } from './summary.ts';

/** A message made ready to store: its row, its blobs and its events; the header is read once, here. */
export interface Prepared {
  id: string;
  transmissionId: string;
  messageUUID: string;
  documentSha256: string;
  receivedAt: Date;
  releaseAt: Date | null;
  sender: Sender;
  recipientMailboxId: string;
  row: NewMessage;
  /** what the recipient's rules see of it */
  facts: LetterFacts;
  blobs: Map<string, Buffer>;
  events: NewEvent[];
}

export function prepare(sender: Sender, memo: MemoMessage, xml: string, raw: Uint8Array, delivery: Delivery): Prepared {
  const header = memo.header;
  const id = randomUUID();
  const messageUUID = header.messageUUID.toLowerCase();
  const documentSha256 = sha256Hex(raw);
  const now = new Date();
  const releaseAt = header.doNotDeliverUntilDate ? danishMidnight(header.doNotDeliverUntilDate) : undefined;
  const delayed = releaseAt !== undefined && releaseAt > now;
  const transmissionId = randomUUID();
  const split = splitDocument(xml);
  const actor = sender.actor;
  const facts = letterFacts(memo, {
    sender: sender.organisationId !== null && header.sender.idType === 'CVR' ? { organisationId: sender.organisationId, cvr: header.sender.senderID } : null,
    subscriptionGroup: delivery.material?.subscription_group_name ?? null,
    material: delivery.material?.code ?? null,
  });
  const events: NewEvent[] = [
    { type: 'MEMO_SEND_RECEIVED', actor, messageId: id, mailboxId: sender.mailboxId, data: { transmissionId, messageUUID, size: raw.byteLength } },
    { type: 'MEMO_SEND_VALIDATED', actor, messageId: id, data: { memoVersion: memo.version } },
  ];
  if (delayed) events.push({ type: 'DELAYED_MEMO_SEND_VALIDATED_AWAITING_DELAY', actor, messageId: id, data: { availableFrom: releaseAt.toISOString() } });
  return {
    id, transmissionId, messageUUID, documentSha256, receivedAt: now, releaseAt: delayed ? releaseAt : null, sender,
    recipientMailboxId: delivery.recipientMailboxId, blobs: split.blobs, events, facts,
    row: {
      id,
      transmission_id: transmissionId,
      message_uuid: messageUUID,
      memo_version: memo.version,
      message_type: header.messageType,
      thread_id: delivery.threadId ?? id,
      sender_mailbox_id: sender.mailboxId,
      sender_organisation_id: sender.organisationId,
      sender_system_id: sender.systemId,
      sender_user_id: sender.userId,
      sender_label: header.sender.label,
      sender_contact_point: header.sender.contactPoint?.contactPointID ?? null,
      recipient_id_type: header.recipient.idType,
      recipient_mailbox_id: delivery.recipientMailboxId,
      recipient_contact_point_id: delivery.recipientContactPointId ?? null,
      label: header.label,
      p_number: delivery.pNumber,
      attention: JSON.stringify(attentionOf(facts)),
      attachment_count: attachmentCount(memo),
      reply_allowed: header.reply ?? false,
      reply_by: header.replyByDateTime ? new Date(header.replyByDateTime) : null,
      mandatory: header.mandatory ?? false,
      legal_notification: header.legalNotification ?? false,
      memo_message_id: header.messageID ?? null,
      case_id: header.contentData?.caseID?.caseID ?? null,
      do_not_deliver_until: header.doNotDeliverUntilDate ?? null,
      document_sha256: documentSha256,
      document_size: raw.byteLength,
      document_text: split.text,
      blob_refs: JSON.stringify(split.refs),
      // the verified sender's name is put in front where it is stored (withSenderNames)
      search_text: searchableText(letterSearchTexts(memo)),
      received_at: now,
      available_at: delayed ? null : now,
      material_id: delivery.material?.id ?? null,
      subscription_group_id: delivery.material?.subscription_group_id ?? null,
      facts: JSON.stringify(facts),
    },
  };
}
