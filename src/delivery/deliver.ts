import { decideRecipient, mayWrite, parseUuid, type AddressDecision, type NotAllowedCode, type Uuid } from '../domain/index.ts';
import type { MemoMessage } from '../memo/index.ts';
import { findContactPoint, findReceivedLetters, findRecipient, firstContactPoint, type AnsweredLetterRow, type ContactPointLimits } from '../store/index.ts';
import { acceptMessage } from './accept.ts';
import { contactPointVerdict } from './contact-point-rules.ts';
import type { Composed } from './compose.ts';
import type { Author, SendContext } from './context.ts';
import { mayAnswer } from './letters.ts';
import { materialOf } from './material.ts';
import type { SendRefusal, SendOutcome } from './receipt.ts';
import { refuse, type SendRefusalCode } from './refuse.ts';

type Recipient = Extract<AddressDecision, { ok: true }>;

/** Why an addressing decision refuses: the sender's own fault (forbidden) or the recipient's state. */
function refusalOf(code: NotAllowedCode): SendRefusal {
  return code === 'SENDER_NOT_ALLOWED' ? 'forbidden' : 'not-allowed';
}

/** The letter a message answers: the first ReplyData naming one the author received from this recipient (one query for all). */
async function answeredLetter(ctx: SendContext, author: Author, memo: MemoMessage, recipient: Recipient): Promise<AnsweredLetterRow | undefined> {
  const named = (memo.header.replyData ?? []).map((r) => parseUuid(r.messageUUID)).filter((uuid): uuid is Uuid => uuid !== undefined);
  const letters = await findReceivedLetters(ctx.db, author.mailboxId, recipient.mailboxId, [...new Set(named)]);
  for (const uuid of named) {
    const letter = letters.find((l) => l.message_uuid === uuid);
    if (letter) return letter;
  }
  return undefined;
}

/**
 * The recipient organisation's contact point the message is addressed to (Recipient/ContactPoint), if
 * it is one: an active one, or for an answer to a letter also a deactivated one (old threads go on).
 */
async function addressedContactPoint(ctx: SendContext, memo: MemoMessage, recipient: Recipient, answer: boolean): Promise<ContactPointLimits | undefined> {
  const named = memo.header.recipient.contactPoint?.contactPointID;
  const id = named === undefined ? undefined : parseUuid(named);
  if (!id || recipient.organisationId === null) return undefined;
  return findContactPoint(ctx.db, recipient.organisationId, id, { includeInactive: answer });
}

/**
 * The one way into a mailbox, for every door (`/apis/v1`, the portal, the mail gateway): decides the
 * recipient from the registry, the writing rules (who may write to whom), whether the message answers
 * a letter (then it joins that letter's thread and the reply rules apply), the contact point and
 * the material; then stores it. A refusal stores nothing but its event (and a system's its codes, refuse.ts).
 */
export async function deliverMemo(ctx: SendContext, author: Author, memo: MemoMessage, xml: string, raw: Uint8Array): Promise<SendOutcome> {
  const header = memo.header;
  const messageUUID = header.messageUUID.toLowerCase();
  const no = (refusal: SendRefusal, code: SendRefusalCode, message: string) => refuse(ctx, author, refusal, code, message, messageUUID);

  const pNumber = header.recipient.attentionData?.productionUnit?.productionUnitNumber;
  const address = { idType: header.recipient.idType, id: header.recipient.recipientID, pNumber: pNumber === undefined ? undefined : String(pNumber) };
  const entry = address.idType === 'CPR' || address.idType === 'CVR' ? await findRecipient(ctx.db, address.idType, address.id) : undefined;
  const recipient = decideRecipient(address, entry);
  if (!recipient.ok) return no(refusalOf(recipient.code), recipient.code, recipient.message);
  if (recipient.mailboxId === author.mailboxId) return no('not-allowed', 'RECIPIENT_IS_SENDER', 'A mailbox cannot send to itself.');

  const answered = await answeredLetter(ctx, author, memo, recipient);
  if (answered) {
    const verdict = mayAnswer(answered);
    if (!verdict.ok) return no('forbidden', verdict.code, verdict.message);
  }
  const contactPoint = await addressedContactPoint(ctx, memo, recipient, answered !== undefined);
  const named = header.recipient.contactPoint?.contactPointID;
  if (named !== undefined && !contactPoint && !answered && author.kind !== 'authority') {
    return no('not-allowed', 'CONTACT_POINT_UNKNOWN', 'Recipient/ContactPoint names no open contact point of the recipient.');
  }
  const writing = mayWrite({ sender: author.kind, recipient: recipient.kind, toContactPoint: contactPoint !== undefined, reply: answered !== undefined });
  if (!writing.ok) return no('forbidden', writing.code, writing.message);

  // an answer to an authority that named no contact point of its own still lands at one, for its limits and routing
  const landsAt = contactPoint ?? (answered && recipient.kind === 'authority' && recipient.organisationId ? await firstContactPoint(ctx.db, recipient.organisationId) : undefined);
  if (landsAt) {
    const verdict = contactPointVerdict(landsAt, { sender: author.kind, reply: answered !== undefined, memo, size: raw.byteLength });
    if (verdict) return no(verdict.refusal, verdict.code, verdict.message);
  }
  const material = await materialOf(ctx, author, memo);
  if (material === 'unknown') return no('not-allowed', 'MATERIAL_UNKNOWN', 'MessageHeader/messageCode names no active material of the sending organisation.');
  return acceptMessage(ctx, author, memo, xml, raw, {
    recipientMailboxId: recipient.mailboxId,
    pNumber: recipient.pNumber,
    ...(answered ? { threadId: answered.thread_id } : {}),
    recipientContactPointId: landsAt?.id ?? null,
    material: material.material,
  });
}

/** Hands a message composed by Kuvert (portal, mail gateway) to the one way into a mailbox. */
export function deliverComposed(ctx: SendContext, composed: Composed, author: Author): Promise<SendOutcome> {
  return deliverMemo(ctx, author, composed.memo, composed.xml, composed.raw);
}
