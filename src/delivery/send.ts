import { checkSender, parseUuid } from '../domain/index.ts';
import { parseMemo } from '../memo/index.ts';
import type { AuthenticatedSystem } from '../store/index.ts';
import type { SendContext } from './context.ts';
import { deliverMemo } from './deliver.ts';
import type { SendOutcome } from './receipt.ts';
import { refuse } from './refuse.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A MeMo document from a sender system (`POST /apis/v1/memos`): decode, validate, check the system, deliver. */
export async function sendMemo(ctx: SendContext, system: AuthenticatedSystem, raw: Uint8Array, declaredUuid?: string): Promise<SendOutcome> {
  const actor = `system:${system.id}`;
  const by = { actor, systemId: system.id, organisationId: system.organisationId };
  let xml: string;
  try {
    xml = utf8.decode(raw);
  } catch {
    return refuse(ctx, by, 'invalid', 'MEMO_INVALID', 'The message is not UTF-8 encoded.', null,
      [{ path: '', code: 'NOT_UTF8', message: 'MeMo documents must be UTF-8.' }]);
  }
  const parsed = parseMemo(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml);
  if (!parsed.ok) {
    return refuse(ctx, by, 'invalid', 'MEMO_INVALID', `The message is not valid MeMo: ${parsed.issues.length} problem(s), see details.`, null, parsed.issues);
  }
  const memo = parsed.message;
  const header = memo.header;
  const messageUUID = header.messageUUID.toLowerCase();
  if (declaredUuid !== undefined && parseUuid(declaredUuid) !== messageUUID) {
    return refuse(ctx, by, 'invalid', 'MESSAGE_UUID_MISMATCH', 'The memo-message-uuid parameter differs from MessageHeader/messageUUID.', messageUUID);
  }
  if (system.kind !== 'sender') return refuse(ctx, by, 'forbidden', 'SYSTEM_NOT_SENDER', 'Only sender systems may send messages.', messageUUID);
  const senderProblem = checkSender({ idType: header.sender.idType, id: header.sender.senderID }, system.organisationCvr);
  if (senderProblem) return refuse(ctx, by, 'forbidden', senderProblem.code, senderProblem.message, messageUUID);
  if (!system.mailboxId) return refuse(ctx, by, 'forbidden', 'SENDER_NOT_ALLOWED', 'The sending organisation has no mailbox.', messageUUID);

  return deliverMemo(ctx, {
    mailboxId: system.mailboxId, organisationId: system.organisationId, systemId: system.id, userId: null, actor, kind: system.organisationKind,
  }, memo, xml, raw);
}
