import { checkSender, decideRecipient, parseUuid, type NotAllowedCode } from '../domain/index.ts';
import { parseMemo } from '../memo/index.ts';
import { findRecipient, type AuthenticatedSystem } from '../store/index.ts';
import { acceptMessage, refuse, type SendContext } from './accept.ts';
import type { SendOutcome } from './receipt.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function statusOf(code: NotAllowedCode): 403 | 422 {
  return code === 'SENDER_NOT_ALLOWED' ? 403 : 422;
}

/** A MeMo document from a sender system (`POST /apis/v1/memos`): decode, validate, address, accept. */
export async function sendMemo(ctx: SendContext, system: AuthenticatedSystem, raw: Uint8Array, declaredUuid?: string): Promise<SendOutcome> {
  const actor = `system:${system.id}`;
  let xml: string;
  try {
    xml = utf8.decode(raw);
  } catch {
    return refuse(ctx, actor, 400, 'INVALID', 'MEMO_INVALID', 'The message is not UTF-8 encoded.', null,
      [{ path: '', code: 'NOT_UTF8', message: 'MeMo documents must be UTF-8.' }]);
  }
  const parsed = parseMemo(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml);
  if (!parsed.ok) {
    return refuse(ctx, actor, 400, 'INVALID', 'MEMO_INVALID',
      `The message is not valid MeMo: ${parsed.issues.length} problem(s), see details.`, null, parsed.issues);
  }
  const memo = parsed.message;
  const header = memo.header;
  const messageUUID = header.messageUUID.toLowerCase();
  if (declaredUuid !== undefined && parseUuid(declaredUuid) !== messageUUID) {
    return refuse(ctx, actor, 400, 'INVALID', 'MESSAGE_UUID_MISMATCH', 'The memo-message-uuid parameter differs from MessageHeader/messageUUID.', messageUUID);
  }
  if (system.kind !== 'sender') {
    return refuse(ctx, actor, 403, 'NOT_ALLOWED', 'SYSTEM_NOT_SENDER', 'Only sender systems may send messages.', messageUUID);
  }
  const senderProblem = checkSender({ idType: header.sender.idType, id: header.sender.senderID }, system.organisationCvr);
  if (senderProblem && !senderProblem.ok) return refuse(ctx, actor, 403, 'NOT_ALLOWED', senderProblem.code, senderProblem.message, messageUUID);
  const senderMailbox = system.mailboxId;
  if (!senderMailbox) return refuse(ctx, actor, 403, 'NOT_ALLOWED', 'SENDER_NOT_ALLOWED', 'The sending organisation has no mailbox.', messageUUID);

  const pNumber = header.recipient.attentionData?.productionUnit?.productionUnitNumber;
  const address = { idType: header.recipient.idType, id: header.recipient.recipientID, pNumber: pNumber === undefined ? undefined : String(pNumber) };
  const entry = address.idType === 'CPR' || address.idType === 'CVR' ? await findRecipient(ctx.db, address.idType, address.id) : undefined;
  const decision = decideRecipient(address, entry);
  if (!decision.ok) return refuse(ctx, actor, statusOf(decision.code), 'NOT_ALLOWED', decision.code, decision.message, messageUUID);

  return acceptMessage(ctx, { mailboxId: senderMailbox, organisationId: system.organisationId, systemId: system.id, userId: null, actor }, memo, xml, raw, {
    recipientMailboxId: decision.mailboxId, pNumber: address.pNumber ?? null,
  });
}
