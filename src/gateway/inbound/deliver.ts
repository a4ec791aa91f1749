import { createHash } from 'node:crypto';
import { composeMemo, replyLabel, sendComposed, type Draft, type Sender, type SendContext } from '../../delivery/index.ts';
import { decideRecipient, parseUuid, type MailTarget } from '../../domain/index.ts';
import { MemoValidationError, parseMemo } from '../../memo/index.ts';
import { findRecipient, loadDocument } from '../../store/index.ts';
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

async function send(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, head: DraftHead, parts: MailParts,
  delivery: { recipientMailboxId: string; pNumber: string | null; threadId?: string; recipientContactPointId?: string | null }): Promise<Delivered> {
  if (delivery.recipientMailboxId === signer.mailboxId) throw new MailRejection('RECIPIENT_IS_SENDER');
  const sender: Sender = {
    mailboxId: signer.mailboxId, organisationId: signer.organisationId, systemId: signer.systemId, userId: null, actor: `mail:${signer.certificateId}`,
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
  const { outcome, messageId } = await sendComposed(ctx, composed, sender, delivery);
  if (!messageId) {
    const code = outcome.receipt.receiptStatus === 'NOT_ALLOWED' ? 'RECIPIENT_NOT_ALLOWED' : 'MEMO_INVALID';
    throw new MailRejection(code, `${outcome.receipt.errorCode}: ${outcome.receipt.errorMessage}`);
  }
  return { messageId, messageUUID: composed.messageUUID };
}

/** A reply to a message that was mailed to the signer's organisation: back to its sender, in its thread, with ReplyData. */
async function deliverReply(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, originalId: string): Promise<Delivered> {
  const original = await ctx.db.selectFrom('message')
    .leftJoin('organisation', 'organisation.id', 'message.sender_organisation_id')
    .leftJoin('mailbox', 'mailbox.id', 'message.sender_mailbox_id')
    .leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id')
    .select(['message.id', 'message.thread_id', 'message.message_uuid', 'message.label', 'message.sender_mailbox_id', 'message.sender_label',
      'message.sender_contact_point', 'message.reply_allowed', 'message.reply_by', 'message.document_text', 'message.blob_refs',
      'organisation.cvr', 'organisation.kind as organisation_kind', 'organisation.name as organisation_name', 'citizen.cpr', 'citizen.name as citizen_name'])
    .where('message.id', '=', originalId).executeTakeFirstOrThrow();
  if (original.organisation_kind === 'authority') {
    const late = original.reply_by !== null && new Date(original.reply_by).getTime() <= Date.now();
    if (!original.reply_allowed || late) throw new MailRejection('REPLY_NOT_ALLOWED');
  }
  const parsed = parseMemo(await loadDocument(ctx.db, original), { policy: false });
  const header = parsed.ok ? parsed.message.header : undefined;
  const contactPointID = original.sender_contact_point ?? undefined;
  const recipient: Draft['recipient'] = original.cpr
    ? { idType: 'CPR', id: original.cpr, name: original.citizen_name ?? original.sender_label }
    : {
      idType: 'CVR', id: original.cvr!, name: original.organisation_name ?? original.sender_label,
      ...(contactPointID ? { contactPoint: { contactPointID } } : {}),
    };
  const label = parts.subject.length > 0 ? labelOf(parts.subject) : replyLabel(original.label);
  const contactPointId = contactPointID ? parseUuid(contactPointID) : undefined;
  return send(ctx, origin, signer, {
    recipient, label,
    replyTo: {
      messageUUID: original.message_uuid,
      ...(header?.messageID ? { messageID: header.messageID } : {}),
      ...(header?.contentData?.caseID ? { caseID: header.contentData.caseID.caseID } : {}),
      ...(contactPointID ? { contactPointID } : {}),
    },
  }, parts, {
    recipientMailboxId: original.sender_mailbox_id, pNumber: null, threadId: original.thread_id,
    ...(contactPointId ? { recipientContactPointId: contactPointId } : {}),
  });
}

/** Active contact points with their organisation and its mailbox. */
function activeContactPoints(ctx: SendContext) {
  return ctx.db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select(['contact_point.id', 'contact_point.name', 'contact_point.contact_group', 'organisation.id as organisation_id', 'organisation.cvr',
      'organisation.name as organisation_name', 'mailbox.id as mailbox_id'])
    .where('contact_point.active', '=', true);
}

function contactPointByName(ctx: SendContext, mailName: string) {
  return activeContactPoints(ctx).where('contact_point.mail_name', '=', mailName).executeTakeFirst();
}

/** A new message to an organisation: at a contact point, or at its first contact point when mailed to its mailbox address. */
async function deliverToOrganisation(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, target: Extract<MailTarget, { kind: 'contact-point' | 'organisation' }>): Promise<Delivered> {
  const contactPoint = target.kind === 'contact-point'
    ? await contactPointByName(ctx, target.contactPoint)
    : await activeContactPoints(ctx).where('organisation.cvr', '=', target.cvr).orderBy('contact_point.created_at').orderBy('contact_point.id').limit(1).executeTakeFirst();
  let recipient: Draft['recipient'];
  let mailboxId: string;
  if (contactPoint) {
    recipient = {
      idType: 'CVR', id: contactPoint.cvr, name: contactPoint.organisation_name,
      contactPoint: { contactPointID: contactPoint.id, label: contactPoint.name, ...(contactPoint.contact_group ? { contactGroup: contactPoint.contact_group } : {}) },
    };
    mailboxId = contactPoint.mailbox_id;
  } else if (target.kind === 'organisation') {
    const entry = await findRecipient(ctx.db, 'CVR', target.cvr);
    const decision = decideRecipient({ idType: 'CVR', id: target.cvr }, entry);
    if (!decision.ok) throw new MailRejection('RECIPIENT_NOT_ALLOWED', decision.code);
    const org = await ctx.db.selectFrom('organisation').select('name').where('cvr', '=', target.cvr).executeTakeFirstOrThrow();
    recipient = { idType: 'CVR', id: target.cvr, name: org.name };
    mailboxId = decision.mailboxId;
  } else {
    throw new MailRejection('RECIPIENT_NOT_ALLOWED', 'the contact point no longer takes messages');
  }
  return send(ctx, origin, signer, { recipient, label: labelOf(parts.subject) }, parts, {
    recipientMailboxId: mailboxId, pNumber: null, ...(contactPoint ? { recipientContactPointId: contactPoint.id } : {}),
  });
}

/** A letter from an authority's contact point to a citizen or company. */
async function deliverLetter(ctx: SendContext, origin: MailOrigin, signer: TrustedSigner, parts: MailParts, target: Extract<MailTarget, { kind: 'letter' }>): Promise<Delivered> {
  if (signer.organisationKind !== 'authority') throw new MailRejection('SENDER_NOT_AUTHORITY');
  const contactPoint = await contactPointByName(ctx, target.contactPoint);
  if (!contactPoint || contactPoint.organisation_id !== signer.organisationId) throw new MailRejection('CONTACT_POINT_NOT_OWN');
  const address = { idType: target.recipient.idType, id: target.recipient.id, pNumber: target.recipient.idType === 'CVR' ? target.recipient.pNumber : undefined };
  const entry = await findRecipient(ctx.db, address.idType, address.id);
  const decision = decideRecipient(address, entry);
  if (!decision.ok) throw new MailRejection('RECIPIENT_NOT_ALLOWED', decision.code);
  const name = address.idType === 'CPR'
    ? (await ctx.db.selectFrom('citizen').select('name').where('cpr', '=', address.id).executeTakeFirst())?.name
    : (await ctx.db.selectFrom('organisation').select('name').where('cvr', '=', address.id).executeTakeFirst())?.name;
  const recipient: Draft['recipient'] = address.idType === 'CPR'
    ? { idType: 'CPR', id: address.id, name: name ?? address.id }
    : { idType: 'CVR', id: address.id, name: name ?? address.id, ...(address.pNumber ? { pNumber: address.pNumber } : {}) };
  // The sender's contact point goes in the letter so that replies (portal or mail) reach it.
  const draft = { recipient, label: labelOf(parts.subject), replyAllowed: true, senderContactPoint: { contactPointID: contactPoint.id, label: contactPoint.name } };
  return send(ctx, origin, signer, draft, parts, { recipientMailboxId: decision.mailboxId, pNumber: address.pNumber ?? null });
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
