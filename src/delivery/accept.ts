import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import { danishMidnight } from '../domain/index.ts';
import type { MemoMessage } from '../memo/index.ts';
import {
  appendEvents, enqueueJobs, findSentMessage, putBlobs, queueForForwarding, queueForRecipientSystems, sha256Hex, splitDocument, standardFolderId,
  type Db, type MessageTable, type NewEvent,
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

interface Prepared {
  id: string;
  transmissionId: string;
  messageUUID: string;
  documentSha256: string;
  receivedAt: Date;
  releaseAt: Date | null;
  sender: Sender;
  recipientMailboxId: string;
  row: Insertable<MessageTable>;
  blobs: Map<string, Buffer>;
  events: NewEvent[];
}

function prepare(sender: Sender, memo: MemoMessage, xml: string, raw: Uint8Array, delivery: Delivery): Prepared {
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
  const events: NewEvent[] = [
    { type: 'MEMO_SEND_RECEIVED', actor, messageId: id, mailboxId: sender.mailboxId, data: { transmissionId, messageUUID, size: raw.byteLength } },
    { type: 'MEMO_SEND_VALIDATED', actor, messageId: id, data: { memoVersion: memo.version } },
  ];
  if (delayed) events.push({ type: 'DELAYED_MEMO_SEND_VALIDATED_AWAITING_DELAY', actor, messageId: id, data: { availableFrom: releaseAt.toISOString() } });
  return {
    id, transmissionId, messageUUID, documentSha256, receivedAt: now, releaseAt: delayed ? releaseAt : null, sender,
    recipientMailboxId: delivery.recipientMailboxId, blobs: split.blobs, events,
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
    },
  };
}

/** Writes prepared messages in one transaction, with multi-row statements. */
async function write(ctx: SendContext, batch: Prepared[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const blobs = new Map(batch.flatMap((p) => [...p.blobs]));
    await putBlobs(trx, blobs);
    await trx.insertInto('message').values(batch.map((p) => p.row)).execute();
    const messageBlobs = batch.flatMap((p) => [...p.blobs.keys()].map((sha256) => ({ message_id: p.id, sha256 })));
    if (messageBlobs.length > 0) await trx.insertInto('message_blob').values(messageBlobs).execute();
    const states = [];
    for (const p of batch) {
      states.push({ mailbox_id: p.sender.mailboxId, message_id: p.id, folder_id: await standardFolderId(trx, p.sender.mailboxId, 'SENT'), read_at: p.receivedAt });
      if (!p.releaseAt) {
        states.push({ mailbox_id: p.recipientMailboxId, message_id: p.id, folder_id: await standardFolderId(trx, p.recipientMailboxId, 'INBOX'), read_at: null });
      }
    }
    await trx.insertInto('message_state').values(states).execute();
    const delayed = batch.filter((p) => p.releaseAt);
    await enqueueJobs(trx, delayed.map((p) => ({ kind: RELEASE_JOB, payload: { messageId: p.id }, runAt: p.releaseAt! })));
    const immediate = batch.filter((p) => !p.releaseAt);
    const available = immediate.map((p) => ({ messageId: p.id, mailboxId: p.recipientMailboxId }));
    const queued = await queueForRecipientSystems(trx, available, new Date());
    await queueForForwarding(trx, available);
    const events = batch.flatMap((p) => p.releaseAt ? p.events : [
      ...p.events,
      ...availabilityEvents(p.id, p.recipientMailboxId, queued.filter((q) => q.messageId === p.id).map((q) => q.systemId)),
    ]);
    await appendEvents(trx, ctx.eventChains, events);
  });
}

type Waiter = { prepared: Prepared; resolve: () => void; reject: (err: unknown) => void };

/**
 * Group commit: messages that arrive while a transaction is being written wait and go together in
 * the next one, so concurrent senders share commits and round trips. If a batch fails (e.g. one of
 * its messages is a resend), each of its messages is written again on its own.
 */
class CommitBatcher {
  private waiting: Waiter[] = [];
  private writers = 0;
  /** two writers: one transaction commits while the next is being written */
  constructor(private readonly ctx: SendContext, private readonly maxBatch = 32, private readonly maxWriters = 2) {}

  submit(prepared: Prepared): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ prepared, resolve, reject });
      if (this.writers < this.maxWriters) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers += 1;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await write(this.ctx, batch.map((w) => w.prepared));
        for (const w of batch) w.resolve();
      } catch (err) {
        if (batch.length === 1) { batch[0]!.reject(err); continue; }
        for (const w of batch) {
          try { await write(this.ctx, [w.prepared]); w.resolve(); } catch (single) { w.reject(single); }
        }
      }
    }
    this.writers -= 1;
  }
}

const batchers = new WeakMap<Db, CommitBatcher>();

/**
 * Stores a validated, addressed MeMo document: blobs, message, mailbox state, events and jobs in one
 * transaction, committed before the receipt is returned. A document this sender sent before (found by
 * the unique key when the insert fails) is answered with the original receipt; a different document
 * under the same UUID is refused.
 */
export async function acceptMessage(ctx: SendContext, sender: Sender, memo: MemoMessage, xml: string, raw: Uint8Array, delivery: Delivery): Promise<SendOutcome> {
  const prepared = prepare(sender, memo, xml, raw, delivery);
  let batcher = batchers.get(ctx.db);
  if (!batcher) batchers.set(ctx.db, (batcher = new CommitBatcher(ctx)));
  try {
    await batcher.submit(prepared);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const raced = await findSentMessage(ctx.db, sender.mailboxId, prepared.messageUUID);
      if (raced) return resend(ctx, sender, raced, prepared.documentSha256);
    }
    throw err;
  }
  return {
    httpStatus: 201,
    receipt: receipt({
      receiptStatus: 'RECEIVED', transmissionId: prepared.transmissionId, messageUUID: prepared.messageUUID,
      messageId: memo.header.messageID ?? null, timeStamp: prepared.receivedAt.toISOString(),
    }),
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
