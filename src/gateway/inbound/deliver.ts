import { createHash } from 'node:crypto';
import { composeMemo, deliverComposed, replyDataFor, replyLabel, type Author, type Draft, type SendContext, type SendOutcome } from '../../delivery/index.ts';
import type { MailTarget } from '../../domain/index.ts';
import { MemoValidationError } from '../../memo/index.ts';
import { findContactPointByMailName, findLetterReceivedBy, findRecipient, firstContactPointOfCvr, mailboxOwner } from '../../store/index.ts';
import { findThread } from '../threads.ts';
import type { MailParts } from './mail-parts.ts';
import { MailRejection } from './rejections.ts';
import type { TrustedSigner } from './trust.ts';

/** Where a mail came from: its stored id and arrival time make the MeMo message it becomes the same on every attempt. */
export interface MailOrigin { inboundId: string; receivedAt: Date; address: string }

/** A v4-form UUID derived from the mail and the recipient address, so a retried job resends the same message (200, not a duplicate). */
export function messageUuidFor(origin: MailOrigin): string {
  const h = createHash('sha256').update(`${origin.inboundId}\n${origin.address.toLowerCase()}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface Delivered {
  messageId: string;
  messageUUID: string;
  threadedVia?: 'reply-address' | 'message-id' | 'thread-file';
}

/** The subject as a title; composeMemo cuts it to MeMo's 256 characters. */
function labelOf(subject: string): string {
  const label = subject.replace(/\s+/g, ' ').trim();
  return label.length > 0 ? label : '(uden emne)';
}

function textOf(parts: MailParts): string {
  if (parts.text.length > 0) return parts.text;
  return parts.attachments.length > 0 ? 'Se vedhæftede filer.' : '(tom besked)';
}

type DraftHead = Omit<Draft, 'author' | 'text' | 'attachments'> & { senderContactPoint?: { contactPointID: string; label?: string } };

/** What the sender of a mail is told when delivery refuses the message it became. */
function rejectionOf(outcome: Extract<SendOutcome, { result: 'refused' }>): MailRejection {
  const { errorCode, errorMessage } = outcome.receipt;
  switch (errorCode) {
    case 'REPLY_NOT_ALLOWED': case 'REPLY_DEADLINE_PASSED': return new MailRejection('REPLY_NOT_ALLOWED', errorCode);
    case 'RECIPIENT_IS_SENDER': return new MailRejection('RECIPIENT_IS_SENDER');
    case 'SENDER_KIND_NOT_ALLOWED': return new MailRejection('SENDER_NOT_AUTHORITY', errorMessage ?? undefined);
    default: return new MailRejection(outcome.refusal === 'invalid' ? 'MEMO_INVALID' : 'RECIPIENT_NOT_ALLOWED', `${errorCode}: ${errorMessage}`);
  }
}

async function send(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, head: DraftHead, parts: MailParts): Promise<Delivered> {
  const author: Author = {
    mailboxId: signer.mailboxId, organisationId: signer.organisationId, systemId: signer.systemId, userId: null,
    actor: `mail:${signer.certificateId}`, kind: signer.organisationKind,
  };
  const { senderContactPoint, ...draft } = head;
  let composed;
  try {
    composed = composeMemo({
      ...draft,
      author: { kind: 'organisation', cvr: signer.organisationCvr, name: signer.organisationName, ...(senderContactPoint ? { contactPoint: senderContactPoint } : {}) },
      text: textOf(parts),
      attachments: parts.attachments,
      messageUUID: messageUuidFor(origin),
    }, origin.receivedAt);
  } catch (err) {
    if (err instanceof MemoValidationError) throw new MailRejection('MEMO_INVALID', err.message.slice(0, 500));
    throw err;
  }
  const outcome = await deliverComposed(ctx, composed, author);
  if (outcome.result === 'refused') throw rejectionOf(outcome);
  return { messageId: outcome.messageId, messageUUID: composed.messageUUID };
}

/** A reply to a message that was mailed to the signer's organisation: back to its sender, with ReplyData (delivery puts it in the thread). */
async function deliverReply(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, originalId: string): Promise<Delivered> {
  const original = await findLetterReceivedBy(ctx.db, signer.mailboxId, originalId);
  const sender = original && await mailboxOwner(ctx.db, original.sender_mailbox_id);
  if (!original || !sender) throw new MailRejection('THREAD_NOT_YOURS');
  const replyTo = replyDataFor(original);
  const recipient: Draft['recipient'] = sender.kind === 'citizen'
    ? { idType: 'CPR', id: sender.cpr, name: sender.name }
    : { idType: 'CVR', id: sender.cvr, name: sender.name, ...(replyTo.contactPointID ? { contactPoint: { contactPointID: replyTo.contactPointID } } : {}) };
  const label = parts.subject.length > 0 ? labelOf(parts.subject) : replyLabel(original.label);
  return send(ctx, origin, signer, { recipient, label, replyTo }, parts);
}

/** A new message to an organisation: at a contact point, or at its first contact point when mailed to its mailbox address. */
async function deliverToOrganisation(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, target: Extract<MailTarget, { kind: 'contact-point' | 'organisation' }>): Promise<Delivered> {
  const contactPoint = target.kind === 'contact-point'
    ? await findContactPointByMailName(ctx.db, target.contactPoint)
    : await firstContactPointOfCvr(ctx.db, target.cvr);
  let recipient: Draft['recipient'];
  if (contactPoint) {
    recipient = {
      idType: 'CVR', id: contactPoint.cvr, name: contactPoint.organisation_name,
      contactPoint: { contactPointID: contactPoint.id, label: contactPoint.name, ...(contactPoint.contact_group ? { contactGroup: contactPoint.contact_group } : {}) },
    };
  } else if (target.kind === 'organisation') {
    const entry = await findRecipient(ctx.db, 'CVR', target.cvr);
    if (!entry) throw new MailRejection('RECIPIENT_NOT_ALLOWED', 'RECIPIENT_UNKNOWN');
    recipient = { idType: 'CVR', id: target.cvr, name: entry.name };
  } else {
    throw new MailRejection('RECIPIENT_NOT_ALLOWED', 'the contact point no longer takes messages');
  }
  return send(ctx, origin, signer, { recipient, label: labelOf(parts.subject) }, parts);
}

/** A letter from an authority's contact point to a citizen or company. */
async function deliverLetter(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, target: Extract<MailTarget, { kind: 'letter' }>): Promise<Delivered> {
  // who may write to whom is delivery's rule; the sending contact point must be the authority's own
  const contactPoint = signer.organisationKind === 'authority' ? await findContactPointByMailName(ctx.db, target.contactPoint) : undefined;
  if (signer.organisationKind === 'authority' && (!contactPoint || contactPoint.organisation_id !== signer.organisationId)) {
    throw new MailRejection('CONTACT_POINT_NOT_OWN');
  }
  const { idType, id } = target.recipient;
  const pNumber = idType === 'CVR' ? target.recipient.pNumber : undefined;
  const name = (await findRecipient(ctx.db, idType, id))?.name ?? id;
  const recipient: Draft['recipient'] = idType === 'CPR'
    ? { idType: 'CPR', id, name }
    : { idType: 'CVR', id, name, ...(pNumber ? { pNumber } : {}) };
  // The sender's contact point goes in the letter so that replies (portal or mail) reach it.
  const draft = { recipient, label: labelOf(parts.subject), replyAllowed: true, ...(contactPoint ? { senderContactPoint: { contactPointID: contactPoint.id, label: contactPoint.name } } : {}) };
  return send(ctx, origin, signer, draft, parts);
}

/**
 * Delivers a verified mail to one of its recipient addresses. Any mail may continue a thread: the
 * first valid clue (reply address, Message-ID headers, thread file) makes it a reply; a reply address
 * that is not the signer's is refused; mail without clues is a new message.
 */
export async function deliverToTarget(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, target: MailTarget): Promise<Delivered> {
  const clues = {
    replyToken: target.kind === 'reply' ? target.token : undefined,
    messageIds: parts.referencedIds,
    threadFileToken: parts.threadFileToken,
  };
  const hasClues = clues.replyToken !== undefined || clues.messageIds.length > 0 || clues.threadFileToken !== undefined;
  if (target.kind !== 'letter' && hasClues) {
    const match = await findThread(ctx.db, signer.mailboxId, clues);
    if (match) return { ...(await deliverReply(ctx, origin, signer, parts, match.messageId)), threadedVia: match.via };
  }
  switch (target.kind) {
    case 'reply': throw new MailRejection('THREAD_NOT_YOURS');
    case 'letter': return deliverLetter(ctx, origin, signer, parts, target);
    default: return deliverToOrganisation(ctx, origin, signer, parts, target);
  }
}
