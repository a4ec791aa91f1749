import { ApiError } from '../api/errors.ts';
import { composeMemo, sendComposed, type DraftAuthor, type DraftReplyTo } from '../delivery/index.ts';
import type { Principal } from '../domain/index.ts';
import { MemoValidationError } from '../memo/index.ts';
import { appendEvents, standardFolderId, type ContactPoint } from '../store/index.ts';
import { actorOf, type PortalContext } from './access.ts';
import { checkAttachments, type AttachmentInput } from './attachments.ts';

export interface Sent {
  messageId: string;
  messageUUID: string;
  /** the sender's Sendt folder, where the message now is */
  folderId: string;
}

export interface Outgoing {
  mailboxId: string;
  recipientOrganisationId: string;
  /** the contact point whose limits apply and whose id goes in Recipient/ContactPoint (when there is one) */
  contactPoint: Pick<ContactPoint, 'id' | 'name' | 'contact_group' | 'memo_size_threshold_mb' | 'allowed_attachments'> | undefined;
  /** Recipient/ContactPoint/contactPointID when it is not the contact point's own id (a reply to a sender's own contact point id) */
  contactPointID?: string;
  label: string;
  text: string;
  attachments: readonly AttachmentInput[];
  replyTo?: DraftReplyTo & { messageId: string; threadId: string };
}

const DEFAULT_LIMITS = { memoSizeThresholdMB: 50, allowedAttachments: 10 };

/** The mailbox's owner as the sender of a MeMo message: the citizen, or the organisation (naming the employee). */
async function authorOf(ctx: PortalContext, principal: Principal, mailboxId: string): Promise<{ author: DraftAuthor; organisationId: string | null }> {
  const owner = await ctx.db.selectFrom('mailbox').leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
    .select(['citizen.cpr', 'citizen.name as citizen_name', 'organisation.id as organisation_id', 'organisation.cvr', 'organisation.name as organisation_name'])
    .where('mailbox.id', '=', mailboxId).executeTakeFirstOrThrow();
  if (owner.cpr && owner.citizen_name) return { author: { kind: 'citizen', cpr: owner.cpr, name: owner.citizen_name }, organisationId: null };
  if (owner.cvr && owner.organisation_name && owner.organisation_id) {
    return { author: { kind: 'organisation', cvr: owner.cvr, name: owner.organisation_name, personName: principal.name }, organisationId: owner.organisation_id };
  }
  throw new Error(`mailbox ${mailboxId} has no owner`);
}

export function cleanText(text: string): string {
  if (text.trim().length === 0) throw new ApiError(400, 'TEXT_REQUIRED', 'Write a message text.');
  return text.normalize('NFC');
}

/**
 * Writes a message from a portal mailbox to an organisation: composed as MeMo (compose.ts) and
 * delivered through the same pipeline as system mail (acceptMessage), then MESSAGE_SENT.
 */
export async function sendFromPortal(ctx: PortalContext, principal: Principal, outgoing: Outgoing): Promise<Sent> {
  const recipient = await ctx.db.selectFrom('organisation').innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select(['organisation.cvr', 'organisation.name', 'organisation.status', 'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status'])
    .where('organisation.id', '=', outgoing.recipientOrganisationId).executeTakeFirst();
  if (!recipient || recipient.status !== 'active' || recipient.mailbox_status !== 'active') {
    throw new ApiError(422, 'RECIPIENT_CLOSED', 'The recipient no longer receives Digital Post.');
  }
  if (recipient.mailbox_id === outgoing.mailboxId) {
    throw new ApiError(422, 'RECIPIENT_IS_SENDER', 'A mailbox cannot write to its own organisation.');
  }
  const cp = outgoing.contactPoint;
  const attachments = checkAttachments(outgoing.attachments, cp
    ? { memoSizeThresholdMB: cp.memo_size_threshold_mb, allowedAttachments: cp.allowed_attachments }
    : DEFAULT_LIMITS);
  const text = cleanText(outgoing.text);
  const { author, organisationId } = await authorOf(ctx, principal, outgoing.mailboxId);
  const contactPointID = outgoing.contactPointID ?? cp?.id;

  let composed;
  try {
    composed = composeMemo({
      author,
      recipient: {
        idType: 'CVR', id: recipient.cvr, name: recipient.name,
        ...(contactPointID ? { contactPoint: { contactPointID, ...(cp && cp.id === contactPointID ? { label: cp.name, ...(cp.contact_group ? { contactGroup: cp.contact_group } : {}) } : {}) } } : {}),
      },
      label: outgoing.label, text, attachments,
      ...(outgoing.replyTo ? { replyTo: outgoing.replyTo } : {}),
    });
  } catch (err) {
    if (err instanceof MemoValidationError) {
      throw new ApiError(400, 'MESSAGE_INVALID', 'The message cannot be written as MeMo.', err.issues);
    }
    throw err;
  }
  const limitMB = cp?.memo_size_threshold_mb ?? DEFAULT_LIMITS.memoSizeThresholdMB;
  if (composed.raw.byteLength > limitMB * 1024 * 1024) {
    throw new ApiError(413, 'MESSAGE_TOO_LARGE', `The message may be at most ${limitMB} MB for this recipient.`);
  }

  const actor = actorOf(principal);
  const { outcome, messageId } = await sendComposed(ctx, composed, {
    mailboxId: outgoing.mailboxId, organisationId, systemId: null, userId: principal.userId, actor,
  }, {
    recipientMailboxId: recipient.mailbox_id, pNumber: null,
    ...(outgoing.replyTo ? { threadId: outgoing.replyTo.threadId } : {}),
    recipientContactPointId: cp?.id ?? null,
  });
  if (outcome.httpStatus !== 201 || !messageId) {
    throw new Error(`a portal message was not accepted: ${outcome.receipt.errorCode ?? outcome.httpStatus}`);
  }
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: 'MESSAGE_SENT', actor, messageId, mailboxId: outgoing.mailboxId,
    data: { contactPointId: cp?.id ?? null, attachments: attachments.length, ...(outgoing.replyTo ? { inReplyTo: outgoing.replyTo.messageId } : {}) },
  }]);
  return { messageId, messageUUID: composed.messageUUID, folderId: await standardFolderId(ctx.db, outgoing.mailboxId, 'SENT') };
}
