import { appendEvents, recordSendRefusal, type Executor, type NewEvent, type SendRefusalRecord } from '../store/index.ts';
import type { SendContext, Sender } from './context.ts';
import type { Receipt, SendRefusal, SendOutcome } from './receipt.ts';

export function receipt(fields: Partial<Receipt> & Pick<Receipt, 'receiptStatus'>): Receipt {
  return {
    transmissionId: null, messageUUID: null, messageId: null, errorCode: null, errorMessage: null,
    timeStamp: new Date().toISOString(), ...fields,
  };
}

/**
 * Every error code a refused send can have: each door's receipt, the sender's error view
 * (docs/monitoring.md) explains each of them in plain words (src/admin/monitoring/explanations.ts).
 */
export const SEND_REFUSAL_CODES = [
  // the document (src/delivery/send.ts, accept.ts)
  'MEMO_INVALID', 'MESSAGE_UUID_MISMATCH', 'MESSAGE_UUID_CONFLICT',
  // the sender (send.ts; src/domain/addressing.ts checkSender)
  'SYSTEM_NOT_SENDER', 'SENDER_NOT_ALLOWED',
  // the recipient (src/domain/addressing.ts decideRecipient; deliver.ts)
  'RECIPIENT_ID_INVALID', 'RECIPIENT_ID_TYPE_UNSUPPORTED', 'RECIPIENT_UNKNOWN', 'RECIPIENT_EXEMPT', 'RECIPIENT_CLOSED',
  'P_NUMBER_NOT_OF_RECIPIENT', 'RECIPIENT_IS_SENDER',
  // replies and who may write to whom (src/domain/replying.ts, writing.ts)
  'REPLY_NOT_ALLOWED', 'REPLY_DEADLINE_PASSED', 'SENDER_KIND_NOT_ALLOWED',
  // contact points (deliver.ts, contact-point-rules.ts)
  'CONTACT_POINT_UNKNOWN', 'CONTACT_POINT_WRITER_NOT_ALLOWED', 'MESSAGE_TOO_LARGE', 'TOO_MANY_ATTACHMENTS', 'ATTACHMENT_TYPE_NOT_ALLOWED',
  // materials (deliver.ts, material.ts)
  'MATERIAL_UNKNOWN',
] as const;
export type SendRefusalCode = (typeof SEND_REFUSAL_CODES)[number];

/** Who a refused send came from: the actor of its event, and the system (if any) whose error view counts it. */
export type Refused = Pick<Sender, 'actor' | 'systemId' | 'organisationId'>;

/** An element path as the error view keeps it: anything shaped like a CPR number (or longer) cut out, at most 300 characters. */
const keptPath = (path: string) => path.replace(/\d{6,}/g, '…').slice(0, 300);

/**
 * A refused send: its event, and for a system's send its row in the sender's error view
 * (`send_refusal`, `send_count`: codes only), in one transaction; and the receipt that says why.
 * Nothing else is stored.
 */
export async function refuse(
  ctx: SendContext, by: Refused, refusal: SendRefusal, errorCode: SendRefusalCode, errorMessage: string, messageUUID: string | null, details?: Receipt['details'],
): Promise<SendOutcome> {
  const status = refusal === 'invalid' || refusal === 'conflict' ? 'INVALID' : 'NOT_ALLOWED';
  const event: NewEvent = {
    type: status === 'INVALID' ? 'MEMO_SEND_VALIDATION_FAILED' : 'MEMO_SEND_NOT_ALLOWED',
    actor: by.actor,
    data: { messageUUID, errorCode, issues: details?.length ?? 0 },
  };
  if (by.systemId === null || by.organisationId === null) {
    await appendEvents(ctx.db, ctx.eventChains, [event]);
  } else {
    const first = details?.[0];
    const record: SendRefusalRecord = {
      systemId: by.systemId, organisationId: by.organisationId, at: new Date(), status, errorCode, messageUuid: messageUUID,
      issueCode: first ? first.code.slice(0, 100) : null, issuePath: first ? keptPath(first.path) : null, issues: details?.length ?? 0,
    };
    const write = async (trx: Executor) => {
      await recordSendRefusal(trx, record);
      await appendEvents(trx, ctx.eventChains, [event]);
    };
    // a rehearsal (the self-test) refuses inside a transaction of its own
    await (ctx.db.isTransaction ? write(ctx.db) : ctx.db.transaction().execute(write));
  }
  return { result: 'refused', refusal, receipt: receipt({ receiptStatus: status, messageUUID, errorCode, errorMessage, ...(details ? { details } : {}) }) };
}
