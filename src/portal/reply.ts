import { replyDataFor, replyLabel } from '../delivery/index.ts';
import { parseUuid, Refusal, type Principal } from '../domain/index.ts';
import { findContactPoint, findLetterReceivedBy, firstContactPoint } from '../store/index.ts';
import { findVisibleMessage, messageNotFound, requireMailbox, type PortalContext } from './access.ts';
import type { AttachmentInput } from './attachments.ts';
import { portalReplyVerdict } from './reply-rules.ts';
import { sendFromPortal, type Sent } from './write.ts';

export interface ReplyInput {
  text: string;
  attachments: readonly AttachmentInput[];
}

/**
 * Whether the principal may answer the message, and where the answer goes: to the organisation that
 * sent it, at the contact point it named (else the organisation's first contact point). Refuses
 * before anything is read of the answer itself.
 */
export async function planReply(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string) {
  const access = requireMailbox(principal, mailboxId);
  const original = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const verdict = portalReplyVerdict(access, mailboxId, original);
  if (!verdict.ok) throw new Refusal(verdict.code === 'REPLY_DEADLINE_PASSED' ? 'conflict' : 'forbidden', verdict.code, verdict.message);
  const letter = await findLetterReceivedBy(ctx.db, mailboxId, messageId);
  if (!letter) throw messageNotFound();
  const organisationId = original.sender_organisation_id!;
  const named = letter.sender_contact_point;
  const namedId = named ? parseUuid(named) : undefined;
  // a reply reaches the contact point its thread began at, also when that has been deactivated since
  const contactPoint = (namedId ? await findContactPoint(ctx.db, organisationId, namedId, { includeInactive: true }) : undefined) ?? await firstContactPoint(ctx.db, organisationId);
  return { letter, organisationId, contactPoint, contactPointID: named ?? contactPoint?.id };
}

/** Answers a message, with ReplyData naming the original; delivery puts it in the same thread. */
export async function replyToMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string, input: ReplyInput): Promise<Sent> {
  const { letter, organisationId, contactPoint, contactPointID } = await planReply(ctx, principal, mailboxId, messageId);
  return sendFromPortal(ctx, principal, {
    mailboxId,
    recipientOrganisationId: organisationId,
    contactPoint,
    ...(contactPointID ? { contactPointID } : {}),
    label: replyLabel(letter.label),
    text: input.text,
    attachments: input.attachments,
    replyTo: { messageId: letter.id, ...replyDataFor(letter), ...(contactPointID ? { contactPointID } : {}) },
  });
}
