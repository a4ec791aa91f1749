import { findSentMessage } from '../store/index.ts';
import type { MemoMessage } from '../memo/index.ts';
import { commit } from './commit.ts';
import type { Delivery, Sender, SendContext } from './context.ts';
import type { SendOutcome } from './receipt.ts';
import { receipt, refuse } from './refuse.ts';
import { prepare } from './rows.ts';

/**
 * Stores a validated, addressed MeMo document: blobs, message, mailbox state, events and jobs in one
 * transaction, committed before the receipt is returned. A document this sender sent before (found by
 * the unique key when the insert fails) is answered with the original receipt; a different document
 * under the same UUID is refused.
 */
export async function acceptMessage(ctx: SendContext, sender: Sender, memo: MemoMessage, xml: string, raw: Uint8Array, delivery: Delivery): Promise<SendOutcome> {
  const prepared = prepare(sender, memo, xml, raw, delivery);
  try {
    await commit(ctx, prepared);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const raced = await findSentMessage(ctx.db, sender.mailboxId, prepared.messageUUID);
      if (raced) return resend(ctx, sender, raced, prepared.documentSha256);
    }
    throw err;
  }
  return {
    result: 'accepted',
    messageId: prepared.id,
    receipt: receipt({
      receiptStatus: 'RECEIVED', transmissionId: prepared.transmissionId, messageUUID: prepared.messageUUID,
      messageId: memo.header.messageID ?? null, timeStamp: prepared.receivedAt.toISOString(),
    }),
  };
}

async function resend(
  ctx: SendContext, sender: Sender,
  previous: { id: string; transmission_id: string; message_uuid: string; document_sha256: string; received_at: Date },
  documentSha256: string,
): Promise<SendOutcome> {
  if (previous.document_sha256 !== documentSha256) {
    return refuse(ctx, sender, 'conflict', 'MESSAGE_UUID_CONFLICT',
      'A different message with this messageUUID was already received from this sender; use a new UUID for a new message.', previous.message_uuid);
  }
  return {
    result: 'resent',
    messageId: previous.id,
    receipt: receipt({
      receiptStatus: 'RECEIVED', transmissionId: previous.transmission_id, messageUUID: previous.message_uuid,
      timeStamp: new Date(previous.received_at).toISOString(),
    }),
  };
}
