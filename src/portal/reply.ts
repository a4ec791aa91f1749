import { replyDataFor, replyLabel } from '../delivery/index.ts';
import { parseUuid, Refusal, type Principal } from '../domain/index.ts';
import { findContactPoint, findLetterReceivedBy, firstContactPoint, mailboxOwner, partiesOfMessages, type AnsweredLetterRow, type ContactPointLimits } from '../store/index.ts';
import { findVisibleMessage, messageNotFound, requireMailbox, type PortalContext } from './access.ts';
import type { AttachmentInput } from './attachments.ts';
import { answerKind, portalReplyVerdict } from './reply-rules.ts';
import { sendFromPortal, type OutgoingRecipient, type Sent } from './write.ts';

export interface ReplyInput {
  text: string;
  attachments: readonly AttachmentInput[];
}

/** Where an answer goes and as what: everything of the outgoing message but its text and files. */
export interface ReplyPlan {
  letter: AnsweredLetterRow;
  recipient: OutgoingRecipient;
  /** the recipient's contact point whose limits apply (an answer to an organisation) */
  contactPoint: ContactPointLimits | undefined;
  contactPointID: string | undefined;
  /** the mailbox's own contact point the answered message came to (an authority answering) */
  fromContactPoint: { contactPointID: string; label: string } | undefined;
  /** for people: whom it goes to */
  recipientName: string;
}

/**
 * Whether the principal may answer the message, and where the answer goes: to the organisation that
 * sent it, at the contact point it named (else the organisation's first contact point); or, for an
 * authority's message that came to one of its contact points, back to the citizen or company that
 * wrote it, from that contact point. Refuses before anything is read of the answer itself.
 */
export async function planReply(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<ReplyPlan> {
  const access = requireMailbox(principal, mailboxId);
  const original = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const verdict = portalReplyVerdict(access, mailboxId, original);
  if (!verdict.ok) throw new Refusal(verdict.code === 'REPLY_DEADLINE_PASSED' ? 'conflict' : 'forbidden', verdict.code, verdict.message);
  const letter = await findLetterReceivedBy(ctx.db, mailboxId, messageId);
  if (!letter) throw messageNotFound();

  if (answerKind(original) === 'from-contact-point') {
    const [writer, parties] = await Promise.all([mailboxOwner(ctx.db, letter.sender_mailbox_id), partiesOfMessages(ctx.db, mailboxId, [messageId])]);
    if (!writer) throw new Refusal('not-allowed', 'RECIPIENT_CLOSED', 'The recipient no longer receives Digital Post.');
    const contactPointID = original.recipient_contact_point_id!;
    return {
      letter,
      recipient: writer.kind === 'citizen' ? { recipientCitizen: { cpr: writer.cpr, name: writer.name } } : { recipientOrganisationId: writer.organisationId },
      contactPoint: undefined,
      contactPointID: undefined,
      fromContactPoint: { contactPointID, label: parties.get(messageId)?.recipient_contact_point_name ?? '' },
      recipientName: writer.name,
    };
  }

  const organisationId = original.sender_organisation_id!;
  const named = letter.sender_contact_point;
  const namedId = named ? parseUuid(named) : undefined;
  // a reply reaches the contact point its thread began at, also when that has been deactivated since
  const contactPoint = (namedId ? await findContactPoint(ctx.db, organisationId, namedId, { includeInactive: true }) : undefined) ?? await firstContactPoint(ctx.db, organisationId);
  const writer = await mailboxOwner(ctx.db, letter.sender_mailbox_id);
  return {
    letter, recipient: { recipientOrganisationId: organisationId }, contactPoint, contactPointID: named ?? contactPoint?.id,
    fromContactPoint: undefined, recipientName: writer?.name ?? letter.sender_label,
  };
}

/** Answers a message, with ReplyData naming the original; delivery puts it in the same thread. */
export async function replyToMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string, input: ReplyInput): Promise<Sent> {
  const plan = await planReply(ctx, principal, mailboxId, messageId);
  const { letter, contactPointID, fromContactPoint } = plan;
  const replyContactPoint = fromContactPoint?.contactPointID ?? contactPointID;
  return sendFromPortal(ctx, principal, {
    ...plan.recipient,
    mailboxId,
    contactPoint: plan.contactPoint,
    ...(contactPointID ? { contactPointID } : {}),
    ...(fromContactPoint ? { fromContactPoint, replyAllowed: true } : {}),
    label: replyLabel(letter.label),
    text: input.text,
    attachments: input.attachments,
    replyTo: { messageId: letter.id, ...replyDataFor(letter), ...(replyContactPoint ? { contactPointID: replyContactPoint } : {}) },
  });
}
