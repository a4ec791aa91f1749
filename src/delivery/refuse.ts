import { appendEvents } from '../store/index.ts';
import type { SendContext } from './context.ts';
import type { Receipt, SendRefusal, SendOutcome } from './receipt.ts';

export function receipt(fields: Partial<Receipt> & Pick<Receipt, 'receiptStatus'>): Receipt {
  return {
    transmissionId: null, messageUUID: null, messageId: null, errorCode: null, errorMessage: null,
    timeStamp: new Date().toISOString(), ...fields,
  };
}

/** A refused send: its event, and the receipt that says why. Nothing else is stored. */
export async function refuse(
  ctx: SendContext, actor: string, refusal: SendRefusal, errorCode: string, errorMessage: string, messageUUID: string | null, details?: Receipt['details'],
): Promise<SendOutcome> {
  const status = refusal === 'invalid' || refusal === 'conflict' ? 'INVALID' : 'NOT_ALLOWED';
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: status === 'INVALID' ? 'MEMO_SEND_VALIDATION_FAILED' : 'MEMO_SEND_NOT_ALLOWED',
    actor,
    data: { messageUUID, errorCode, issues: details?.length ?? 0 },
  }]);
  return { result: 'refused', refusal, receipt: receipt({ receiptStatus: status, messageUUID, errorCode, errorMessage, ...(details ? { details } : {}) }) };
}
