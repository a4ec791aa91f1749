import { randomUUID } from 'node:crypto';
import { checkSender, danishMidnight, decideRecipient, parseUuid, type NotAllowedCode } from '../domain/index.ts';
import { parseMemo, type MemoIssue, type MemoMessage } from '../memo/index.ts';
import {
  appendEvents, enqueueJobs, findRecipient, findSentMessage, mailboxOfOrganisation, putBlobs, sha256Hex,
  splitDocument, standardFolderId, type AuthenticatedSystem, type AttentionSummary, type Db, type NewEvent,
} from '../store/index.ts';
import { makeAvailable } from './release.ts';
import type { Receipt, SendOutcome } from './receipt.ts';

export interface SendContext {
  db: Db;
  eventChains: number;
}

export const RELEASE_JOB = 'memo.release';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function receipt(fields: Partial<Receipt> & Pick<Receipt, 'receiptStatus'>): Receipt {
  return {
    transmissionId: null, messageUUID: null, messageId: null, errorCode: null, errorMessage: null,
    timeStamp: new Date().toISOString(), ...fields,
  };
}

async function refuse(
  ctx: SendContext, system: AuthenticatedSystem, httpStatus: 400 | 403 | 409 | 422,
  status: 'INVALID' | 'NOT_ALLOWED', errorCode: string, errorMessage: string, messageUUID: string | null, details?: MemoIssue[],
): Promise<SendOutcome> {
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: status === 'INVALID' ? 'MEMO_SEND_VALIDATION_FAILED' : 'MEMO_SEND_NOT_ALLOWED',
    actor: `system:${system.id}`,
    data: { messageUUID, errorCode, issues: details?.length ?? 0 },
  }]);
  return { httpStatus, receipt: receipt({ receiptStatus: status, messageUUID, errorCode, errorMessage, ...(details ? { details } : {}) }) };
}

function attentionOf(memo: MemoMessage): AttentionSummary | null {
  const attention = memo.header.recipient.attentionData;
  if (!attention) return null;
  const summary: AttentionSummary = {};
  const pNumber = attention.productionUnit?.productionUnitNumber;
  if (pNumber !== undefined) summary.productionUnit = String(pNumber);
  if (attention.attentionPerson?.label) summary.person = attention.attentionPerson.label;
  if (attention.eMail?.emailAddress) summary.email = attention.eMail.emailAddress;
  return Object.keys(summary).length ? summary : null;
}

/**
 * Takes a MeMo document from a sender system through validation and addressing into the store.
 * Everything that is refused leaves nothing but an event; everything accepted is committed before
 * the receipt is returned.
 */
export async function sendMemo(ctx: SendContext, system: AuthenticatedSystem, raw: Uint8Array, declaredUuid?: string): Promise<SendOutcome> {
  let xml: string;
  try {
    xml = utf8.decode(raw);
  } catch {
    return refuse(ctx, system, 400, 'INVALID', 'MEMO_INVALID', 'The message is not UTF-8 encoded.', null,
      [{ path: '', code: 'NOT_UTF8', message: 'MeMo documents must be UTF-8.' }]);
  }
  const parsed = parseMemo(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml);
  if (!parsed.ok) {
    return refuse(ctx, system, 400, 'INVALID', 'MEMO_INVALID',
      `The message is not valid MeMo: ${parsed.issues.length} problem(s), see details.`, null, parsed.issues);
  }
  const memo = parsed.message;
  const header = memo.header;
  const messageUUID = header.messageUUID.toLowerCase();
  if (declaredUuid !== undefined && parseUuid(declaredUuid) !== messageUUID) {
    return refuse(ctx, system, 400, 'INVALID', 'MESSAGE_UUID_MISMATCH',
      'The memo-message-uuid parameter differs from MessageHeader/messageUUID.', messageUUID);
  }
  if (system.kind !== 'sender') {
    return refuse(ctx, system, 403, 'NOT_ALLOWED', 'SYSTEM_NOT_SENDER', 'Only sender systems may send messages.', messageUUID);
  }
  const senderProblem = checkSender({ idType: header.sender.idType, id: header.sender.senderID }, system.organisationCvr);
  if (senderProblem && !senderProblem.ok) return refuse(ctx, system, 403, 'NOT_ALLOWED', senderProblem.code, senderProblem.message, messageUUID);

  const documentSha256 = sha256Hex(raw);
  const previous = await findSentMessage(ctx.db, system.organisationId, messageUUID);
  if (previous) return resend(ctx, system, previous, documentSha256);

  const pNumber = header.recipient.attentionData?.productionUnit?.productionUnitNumber;
  const address = { idType: header.recipient.idType, id: header.recipient.recipientID, pNumber: pNumber === undefined ? undefined : String(pNumber) };
  const entry = address.idType === 'CPR' || address.idType === 'CVR' ? await findRecipient(ctx.db, address.idType, address.id) : undefined;
  const decision = decideRecipient(address, entry);
  if (!decision.ok) return refuse(ctx, system, statusOf(decision.code), 'NOT_ALLOWED', decision.code, decision.message, messageUUID);

  const now = new Date();
  const releaseAt = header.doNotDeliverUntilDate ? danishMidnight(header.doNotDeliverUntilDate) : undefined;
  const delayed = releaseAt !== undefined && releaseAt > now;
  const transmissionId = randomUUID();
  const split = splitDocument(xml);
  const senderMailbox = await mailboxOfOrganisation(ctx.db, system.organisationId);
  const actor = `system:${system.id}`;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await putBlobs(trx, split.blobs);
      const { id } = await trx.insertInto('message').values({
        transmission_id: transmissionId,
        message_uuid: messageUUID,
        memo_version: memo.version,
        message_type: header.messageType,
        sender_organisation_id: system.organisationId,
        sender_system_id: system.id,
        sender_label: header.sender.label,
        recipient_id_type: address.idType,
        recipient_mailbox_id: decision.mailboxId,
        label: header.label,
        p_number: address.pNumber ?? null,
        attention: JSON.stringify(attentionOf(memo)),
        reply_allowed: header.reply ?? false,
        reply_by: header.replyByDateTime ? new Date(header.replyByDateTime) : null,
        mandatory: header.mandatory ?? false,
        legal_notification: header.legalNotification ?? false,
        do_not_deliver_until: header.doNotDeliverUntilDate ?? null,
        document_sha256: documentSha256,
        document_size: raw.byteLength,
        document_text: split.text,
        blob_refs: JSON.stringify(split.refs),
        received_at: now,
        available_at: null,
      }).returning('id').executeTakeFirstOrThrow();
      if (split.blobs.size > 0) {
        await trx.insertInto('message_blob').values([...split.blobs.keys()].map((sha256) => ({ message_id: id, sha256 }))).execute();
      }
      const events: NewEvent[] = [
        { type: 'MEMO_SEND_RECEIVED', actor, messageId: id, data: { transmissionId, messageUUID, size: raw.byteLength } },
        { type: 'MEMO_SEND_VALIDATED', actor, messageId: id, data: { memoVersion: memo.version } },
      ];
      if (delayed) {
        events.push({ type: 'DELAYED_MEMO_SEND_VALIDATED_AWAITING_DELAY', actor, messageId: id, data: { availableFrom: releaseAt.toISOString() } });
        await enqueueJobs(trx, [{ kind: RELEASE_JOB, payload: { messageId: id }, runAt: releaseAt }]);
      } else {
        events.push(...(await makeAvailable(trx, id, decision.mailboxId, now)));
      }
      if (senderMailbox) {
        await trx.insertInto('message_state').values({
          mailbox_id: senderMailbox, message_id: id, folder_id: await standardFolderId(trx, senderMailbox, 'SENT'), read_at: now,
        }).execute();
      }
      await appendEvents(trx, ctx.eventChains, events);
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const raced = await findSentMessage(ctx.db, system.organisationId, messageUUID);
      if (raced) return resend(ctx, system, raced, documentSha256);
    }
    throw err;
  }
  return {
    httpStatus: 201,
    receipt: receipt({ receiptStatus: 'RECEIVED', transmissionId, messageUUID, messageId: header.messageID ?? null, timeStamp: now.toISOString() }),
  };
}

function statusOf(code: NotAllowedCode): 403 | 422 {
  return code === 'SENDER_NOT_ALLOWED' ? 403 : 422;
}

async function resend(
  ctx: SendContext, system: AuthenticatedSystem,
  previous: { transmission_id: string; message_uuid: string; document_sha256: string; received_at: Date },
  documentSha256: string,
): Promise<SendOutcome> {
  if (previous.document_sha256 !== documentSha256) {
    return refuse(ctx, system, 409, 'INVALID', 'MESSAGE_UUID_CONFLICT',
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
