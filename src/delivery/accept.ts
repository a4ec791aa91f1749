import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { danishMidnight } from '../domain/index.ts';
import type { MemoMessage } from '../memo/index.ts';
import {
  appendEvents, enqueueJobs, findSentMessage, putBlobs, queueForRecipientSystems, sha256Hex, splitDocument, standardFolderId,
  type Db, type NewEvent,
} from '../store/index.ts';
import { availabilityEvents } from './release.ts';
import type { Receipt, SendOutcome } from './receipt.ts';
import { attachmentCount, attentionOf, searchText } from './summary.ts';

export interface SendContext {
  db: Db;
  eventChains: number;
}

export const RELEASE_JOB = 'memo.release';

/** Who sends: always a mailbox (its Sendt folder gets a copy), and the system or user acting for it. */
export interface Sender {
  mailboxId: string;
  organisationId: string | null;
  systemId: string | null;
  userId: string | null;
  /** `system:<id>` or `user:<id>`, as written in events */
  actor: string;
}

export interface Delivery {
  recipientMailboxId: string;
  pNumber: string | null;
  /** the thread a reply continues; a new message starts its own */
  threadId?: string;
  recipientContactPointId?: string | null;
}

export function receipt(fields: Partial<Receipt> & Pick<Receipt, 'receiptStatus'>): Receipt {
  return {
    transmissionId: null, messageUUID: null, messageId: null, errorCode: null, errorMessage: null,
    timeStamp: new Date().toISOString(), ...fields,
  };
}

export async function refuse(
  ctx: SendContext, actor: string, httpStatus: 400 | 403 | 409 | 422,
  status: 'INVALID' | 'NOT_ALLOWED', errorCode: string, errorMessage: string, messageUUID: string | null, details?: Receipt['details'],
): Promise<SendOutcome> {
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: status === 'INVALID' ? 'MEMO_SEND_VALIDATION_FAILED' : 'MEMO_SEND_NOT_ALLOWED',
    actor,
    data: { messageUUID, errorCode, issues: details?.length ?? 0 },
  }]);
  return { httpStatus, receipt: receipt({ receiptStatus: status, messageUUID, errorCode, errorMessage, ...(details ? { details } : {}) }) };
}

/**
 * Stores a validated, addressed MeMo document: blobs, message, mailbox state, events and jobs in one
 * transaction, committed before the receipt is returned. A document this sender sent before (found by
 * the unique key when the insert fails) is answered with the original receipt; a different document
 * under the same UUID is refused.
 */
export async function acceptMessage(ctx: SendContext, sender: Sender, memo: MemoMessage, xml: string, raw: Uint8Array, delivery: Delivery): Promise<SendOutcome> {
  const header = memo.header;
  const messageUUID = header.messageUUID.toLowerCase();
  const documentSha256 = sha256Hex(raw);
  const now = new Date();
  const releaseAt = header.doNotDeliverUntilDate ? danishMidnight(header.doNotDeliverUntilDate) : undefined;
  const delayed = releaseAt !== undefined && releaseAt > now;
  const transmissionId = randomUUID();
  const split = splitDocument(xml);
  const actor = sender.actor;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await putBlobs(trx, split.blobs);
      const id = randomUUID();
      await trx.insertInto('message').values({
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
        attention: JSON.stringify(attentionOf(memo)),
        attachment_count: attachmentCount(memo),
        reply_allowed: header.reply ?? false,
        reply_by: header.replyByDateTime ? new Date(header.replyByDateTime) : null,
        mandatory: header.mandatory ?? false,
        legal_notification: header.legalNotification ?? false,
        do_not_deliver_until: header.doNotDeliverUntilDate ?? null,
        document_sha256: documentSha256,
        document_size: raw.byteLength,
        document_text: split.text,
        blob_refs: JSON.stringify(split.refs),
        search: sql`to_tsvector('danish', ${searchText(memo)})`,
        received_at: now,
        available_at: delayed ? null : now,
      }).execute();
      if (split.blobs.size > 0) {
        await trx.insertInto('message_blob').values([...split.blobs.keys()].map((sha256) => ({ message_id: id, sha256 }))).execute();
      }
      const sent = { mailbox_id: sender.mailboxId, message_id: id, folder_id: await standardFolderId(trx, sender.mailboxId, 'SENT'), read_at: now };
      const events: NewEvent[] = [
        { type: 'MEMO_SEND_RECEIVED', actor, messageId: id, mailboxId: sender.mailboxId, data: { transmissionId, messageUUID, size: raw.byteLength } },
        { type: 'MEMO_SEND_VALIDATED', actor, messageId: id, data: { memoVersion: memo.version } },
      ];
      if (delayed) {
        await trx.insertInto('message_state').values(sent).execute();
        events.push({ type: 'DELAYED_MEMO_SEND_VALIDATED_AWAITING_DELAY', actor, messageId: id, data: { availableFrom: releaseAt.toISOString() } });
        await enqueueJobs(trx, [{ kind: RELEASE_JOB, payload: { messageId: id }, runAt: releaseAt }]);
      } else {
        const inbox = { mailbox_id: delivery.recipientMailboxId, message_id: id, folder_id: await standardFolderId(trx, delivery.recipientMailboxId, 'INBOX'), read_at: null };
        await trx.insertInto('message_state').values([sent, inbox]).execute();
        events.push(...availabilityEvents(id, delivery.recipientMailboxId, await queueForRecipientSystems(trx, id, delivery.recipientMailboxId, now)));
      }
      await appendEvents(trx, ctx.eventChains, events);
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const raced = await findSentMessage(ctx.db, sender.mailboxId, messageUUID);
      if (raced) return resend(ctx, sender, raced, documentSha256);
    }
    throw err;
  }
  return {
    httpStatus: 201,
    receipt: receipt({ receiptStatus: 'RECEIVED', transmissionId, messageUUID, messageId: header.messageID ?? null, timeStamp: now.toISOString() }),
  };
}

async function resend(
  ctx: SendContext, sender: Sender,
  previous: { transmission_id: string; message_uuid: string; document_sha256: string; received_at: Date },
  documentSha256: string,
): Promise<SendOutcome> {
  if (previous.document_sha256 !== documentSha256) {
    return refuse(ctx, sender.actor, 409, 'INVALID', 'MESSAGE_UUID_CONFLICT',
      'A different message with this messageUUID was already received from this sender; use a new UUID for a new message.', previous.message_uuid);
  }
  return {
    httpStatus: 200,
    receipt: receipt({
      receiptStatus: 'RECEIVED', transmissionId: previous.transmission_id, messageUUID: previous.message_uuid,
      timeStamp: new Date(previous.received_at).toISOString(),
    }),
  };
}
