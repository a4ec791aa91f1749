import { ApiError } from '../api/errors.ts';
import { replyLabel } from '../delivery/index.ts';
import { parseUuid, type Principal } from '../domain/index.ts';
import { findVisibleMessage, requireMailbox, type PortalContext } from './access.ts';
import type { AttachmentInput } from './attachments.ts';
import { loadMemo } from './documents.ts';
import { replyVerdict } from './reply-rules.ts';
import { sendFromPortal, type Sent } from './write.ts';

export interface ReplyInput {
  text: string;
  attachments: readonly AttachmentInput[];
}

/**
 * Answers a message: to the organisation that sent it, at the contact point it named (else the
 * organisation's first contact point), with ReplyData naming the original, in the same thread.
 */
export async function replyToMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string, input: ReplyInput): Promise<Sent> {
  const access = requireMailbox(principal, mailboxId);
  const original = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const verdict = replyVerdict(access, mailboxId, original);
  if (!verdict.ok) {
    if (verdict.reason === 'DEADLINE_PASSED') throw new ApiError(409, 'REPLY_DEADLINE_PASSED', 'The deadline for replying to this message has passed.');
    if (verdict.reason === 'ROLE') throw new ApiError(403, 'FORBIDDEN_ROLE', 'Your role in this mailbox does not let you reply on its behalf.');
    throw new ApiError(403, 'REPLY_NOT_ALLOWED', 'The sender does not accept replies to this message.');
  }
  const organisationId = original.sender_organisation_id!;
  const memo = await loadMemo(ctx.db, original);
  const named = original.sender_contact_point;
  const namedId = named ? parseUuid(named) : undefined;
  const columns = ['id', 'name', 'contact_group', 'memo_size_threshold_mb', 'allowed_attachments'] as const;
  const contactPoint = (namedId
    ? await ctx.db.selectFrom('contact_point').select(columns).where('id', '=', namedId).where('organisation_id', '=', organisationId).executeTakeFirst()
    : undefined)
    ?? await ctx.db.selectFrom('contact_point').select(columns).where('organisation_id', '=', organisationId)
      .orderBy('active', 'desc').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  const contactPointID = named ?? contactPoint?.id;
  return sendFromPortal(ctx, principal, {
    mailboxId,
    recipientOrganisationId: organisationId,
    contactPoint,
    ...(contactPointID ? { contactPointID } : {}),
    label: replyLabel(original.label),
    text: input.text,
    attachments: input.attachments,
    replyTo: {
      messageId: original.id,
      threadId: original.thread_id,
      messageUUID: original.message_uuid,
      ...(memo.header.messageID ? { messageID: memo.header.messageID } : {}),
      ...(memo.header.contentData?.caseID ? { caseID: memo.header.contentData.caseID.caseID } : {}),
      ...(contactPointID ? { contactPointID } : {}),
    },
  });
}
