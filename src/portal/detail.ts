import type { Principal } from '../domain/index.ts';
import { appendEvents, mailboxOwnerName, markMessageRead, materialOfMessage, organisationById, userNames } from '../store/index.ts';
import { actorOf, findVisibleMessage, requireMailbox, type PortalContext } from './access.ts';
import { actionsOf, documentsOf, loadMemo } from './documents.ts';
import type { AttentionView, Detail } from '../contract/index.ts';
import { portalReplyVerdict } from './reply-rules.ts';
import { toSummary } from './summary.ts';

export type { Detail } from '../contract/index.ts';

/** Opens a message: its documents and actions; marks it read and records that it was opened (every time). */
export async function openMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<Detail> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const [memo, recipient, senderOrganisation, material, handlers] = await Promise.all([
    loadMemo(ctx.db, message),
    mailboxOwnerName(ctx.db, message.recipient_mailbox_id),
    message.sender_organisation_id ? organisationById(ctx.db, message.sender_organisation_id) : undefined,
    materialOfMessage(ctx.db, messageId),
    userNames(ctx.db, message.handled_by ? [message.handled_by] : []),
  ]);

  const readAt = await ctx.db.transaction().execute(async (trx) => {
    const marked = await markMessageRead(trx, mailboxId, messageId);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MESSAGE_READ', actor: actorOf(principal), messageId, mailboxId, data: { first: marked !== undefined },
    }]);
    return marked?.read_at ?? message.read_at;
  });

  const canReply = portalReplyVerdict(access, mailboxId, message).ok;
  const headerContactPoint = memo.header.sender.contactPoint?.contactPointID ?? null;
  return {
    ...toSummary({ ...message, read_at: readAt }),
    recipientName: recipient?.organisation_name ?? recipient?.citizen_name ?? memo.header.recipient.label ?? '',
    attention: typeof message.attention === 'string' ? JSON.parse(message.attention) as AttentionView | null : message.attention,
    documents: documentsOf(memo),
    actions: actionsOf(memo),
    canReply,
    ...(canReply ? { replyTo: { organisationName: senderOrganisation?.name ?? message.sender_label, contactPointId: headerContactPoint } } : {}),
    ...(material?.material_code != null && material.material_name != null ? { material: { code: material.material_code, name: material.material_name } } : {}),
    ...(material?.subscription_group_name != null ? { subscriptionGroup: { name: material.subscription_group_name } } : {}),
    // who marked it handled, and when (docs/emptying.md)
    handledAt: message.handled_at === null ? null : new Date(message.handled_at).toISOString(),
    handledBy: message.handled_at !== null && message.handled_by ? { userId: message.handled_by, name: handlers.get(message.handled_by) ?? '' } : null,
  };
}
