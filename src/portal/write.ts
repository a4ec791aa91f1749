import type { Sent } from '../contract/index.ts';
import { composeMemo, deliverComposed, type DraftAuthor, type DraftReplyTo } from '../delivery/index.ts';
import { Refusal, type PartyKind, type Principal } from '../domain/index.ts';
import { MemoValidationError } from '../memo/index.ts';
import { appendEvents, mailboxOwner, organisationById, standardFolderId, type ContactPointLimits } from '../store/index.ts';
import { actorOf, type PortalContext } from './access.ts';
import { checkAttachments, DEFAULT_LIMITS, type AttachmentInput } from './attachments.ts';

export type { Sent } from '../contract/index.ts';

/** Whom a portal message goes to: an organisation (by id), or — an authority answering a citizen's message — that citizen. */
export type OutgoingRecipient = { recipientOrganisationId: string } | { recipientCitizen: { cpr: string; name: string } };

export type Outgoing = OutgoingRecipient & {
  mailboxId: string;
  /** Sender/ContactPoint: an authority answering a message that came to one of its contact points */
  fromContactPoint?: { contactPointID: string; label: string };
  /** the contact point whose limits apply and whose id goes in Recipient/ContactPoint (when there is one) */
  contactPoint: ContactPointLimits | undefined;
  /** Recipient/ContactPoint/contactPointID when it is not the contact point's own id (a reply to a sender's own contact point id) */
  contactPointID?: string;
  label: string;
  text: string;
  attachments: readonly AttachmentInput[];
  replyTo?: DraftReplyTo & { messageId: string };
  /** MessageHeader/reply: an authority's answer may itself be answered */
  replyAllowed?: boolean;
};

/** The mailbox's owner as the sender of a MeMo message: the citizen, or the organisation (naming the employee). */
async function authorOf(ctx: PortalContext, principal: Principal, mailboxId: string): Promise<{ author: DraftAuthor; kind: PartyKind; organisationId: string | null }> {
  const owner = await mailboxOwner(ctx.db, mailboxId);
  if (!owner) throw new Error(`mailbox ${mailboxId} has no owner`);
  if (owner.kind === 'citizen') return { author: { kind: 'citizen', cpr: owner.cpr, name: owner.name }, kind: 'citizen', organisationId: null };
  return { author: { kind: 'organisation', cvr: owner.cvr, name: owner.name, personName: principal.name }, kind: owner.kind, organisationId: owner.organisationId };
}

async function recipientOf(ctx: PortalContext, outgoing: Outgoing) {
  if ('recipientCitizen' in outgoing) return { idType: 'CPR' as const, id: outgoing.recipientCitizen.cpr, name: outgoing.recipientCitizen.name };
  const organisation = await organisationById(ctx.db, outgoing.recipientOrganisationId);
  return organisation && { idType: 'CVR' as const, id: organisation.cvr, name: organisation.name };
}

export function cleanText(text: string): string {
  if (text.trim().length === 0) throw new Refusal('invalid', 'TEXT_REQUIRED', 'Write a message text.');
  return text.normalize('NFC');
}

/**
 * Writes a message from a portal mailbox to an organisation: composed as MeMo (compose.ts) and
 * delivered through the one way into a mailbox (deliverMemo), then MESSAGE_SENT.
 */
export async function sendFromPortal(ctx: PortalContext, principal: Principal, outgoing: Outgoing): Promise<Sent> {
  const recipient = await recipientOf(ctx, outgoing);
  if (!recipient) throw new Refusal('not-allowed', 'RECIPIENT_CLOSED', 'The recipient no longer receives Digital Post.');
  const cp = outgoing.contactPoint;
  const attachments = checkAttachments(outgoing.attachments, cp
    ? { memoSizeThresholdMB: cp.memo_size_threshold_mb, allowedAttachments: cp.allowed_attachments }
    : DEFAULT_LIMITS);
  const text = cleanText(outgoing.text);
  const { author: writer, kind, organisationId } = await authorOf(ctx, principal, outgoing.mailboxId);
  const from = outgoing.fromContactPoint;
  const author = writer.kind === 'organisation' && from ? { ...writer, contactPoint: { contactPointID: from.contactPointID, ...(from.label ? { label: from.label } : {}) } } : writer;
  const contactPointID = outgoing.contactPointID ?? cp?.id;

  let composed;
  try {
    composed = composeMemo({
      author,
      recipient: recipient.idType === 'CPR' ? recipient : {
        ...recipient,
        ...(contactPointID ? { contactPoint: { contactPointID, ...(cp && cp.id === contactPointID ? { label: cp.name, ...(cp.contact_group ? { contactGroup: cp.contact_group } : {}) } : {}) } } : {}),
      },
      label: outgoing.label, text, attachments,
      ...(outgoing.replyTo ? { replyTo: outgoing.replyTo } : {}),
      ...(outgoing.replyAllowed ? { replyAllowed: true } : {}),
    });
  } catch (err) {
    if (err instanceof MemoValidationError) throw new Refusal('invalid', 'MESSAGE_INVALID', 'The message cannot be written as MeMo.', err.issues);
    throw err;
  }
  const limitMB = cp?.memo_size_threshold_mb ?? DEFAULT_LIMITS.memoSizeThresholdMB;
  if (composed.raw.byteLength > limitMB * 1024 * 1024) {
    throw new Refusal('too-large', 'MESSAGE_TOO_LARGE', `The message may be at most ${limitMB} MB for this recipient.`);
  }

  const actor = actorOf(principal);
  const outcome = await deliverComposed(ctx, composed, {
    mailboxId: outgoing.mailboxId, organisationId, systemId: null, userId: principal.userId, actor, kind,
  });
  if (outcome.result === 'refused') throw new Refusal(outcome.refusal, outcome.receipt.errorCode ?? 'NOT_ALLOWED', outcome.receipt.errorMessage ?? 'The message was refused.');
  const { messageId } = outcome;
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: 'MESSAGE_SENT', actor, messageId, mailboxId: outgoing.mailboxId,
    data: { contactPointId: cp?.id ?? null, attachments: attachments.length, ...(outgoing.replyTo ? { inReplyTo: outgoing.replyTo.messageId } : {}) },
  }]);
  return { messageId, messageUUID: composed.messageUUID, folderId: await standardFolderId(ctx.db, outgoing.mailboxId, 'SENT') };
}
