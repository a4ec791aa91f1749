import type { Principal } from '../domain/index.ts';
import { appendEvents, markMessageRead, materialOfMessage, userNames } from '../store/index.ts';
import { actorOf, findVisibleMessage, requireMailbox, type PortalContext } from './access.ts';
import { actionsOf, documentsOf, loadMemo } from './documents.ts';
import type { AttentionView, Detail } from '../contract/index.ts';
import { answerKind, portalReplyVerdict } from './reply-rules.ts';
import { pUnitName } from './production-units.ts';
import { verified } from './senders.ts';
import { toSummary } from './summary.ts';
import { threadOf } from './thread.ts';

export type { Detail } from '../contract/index.ts';

/**
 * Opens a message: its documents and actions, its verified sender and recipient, the contact point it
 * came to, and its thread; marks it read and records that it was opened (every time).
 */
export async function openMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<Detail> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const [memo, thread, material, handlers] = await Promise.all([
    loadMemo(ctx.db, message),
    threadOf(ctx.db, access, mailboxId, message.thread_id, messageId),
    materialOfMessage(ctx.db, messageId),
    userNames(ctx.db, message.handled_by ? [message.handled_by] : []),
  ]);
  const parties = thread.parties.get(messageId);
  const sent = message.sender_mailbox_id === mailboxId;

  // one's own sent message is not "read" or "unread": opening it changes nothing but the record that it was opened
  const readAt = await ctx.db.transaction().execute(async (trx) => {
    const marked = sent ? undefined : await markMessageRead(trx, mailboxId, messageId);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MESSAGE_READ', actor: actorOf(principal), messageId, mailboxId, data: { first: marked !== undefined },
    }]);
    return marked?.read_at ?? message.read_at;
  });

  const canReply = portalReplyVerdict(access, mailboxId, message).ok;
  const summary = toSummary({ ...message, read_at: sent ? readAt ?? new Date() : readAt }, verified(access, mailboxId, parties, message.sender_label));
  const replyContactPoint = answerKind(message) === 'from-contact-point' ? null : memo.header.sender.contactPoint?.contactPointID ?? null;
  const attention = typeof message.attention === 'string' ? JSON.parse(message.attention) as AttentionView | null : message.attention;
  return {
    ...summary,
    pUnitName: await pUnitName(ctx.db, message.p_number ?? attention?.productionUnit),
    recipientName: summary.recipientName || memo.header.recipient.label || '',
    recipientContactPoint: message.recipient_contact_point_id !== null && parties?.recipient_contact_point_name != null
      ? { id: message.recipient_contact_point_id, name: parties.recipient_contact_point_name } : null,
    thread: thread.entries,
    attention,
    documents: documentsOf(memo),
    actions: actionsOf(memo),
    canReply,
    ...(canReply ? { replyTo: { organisationName: summary.senderName, contactPointId: replyContactPoint } } : {}),
    ...(material?.material_code != null && material.material_name != null ? { material: { code: material.material_code, name: material.material_name } } : {}),
    ...(material?.subscription_group_name != null ? { subscriptionGroup: { name: material.subscription_group_name } } : {}),
    // who marked it handled, and when (docs/emptying.md)
    handledAt: message.handled_at === null ? null : new Date(message.handled_at).toISOString(),
    handledBy: message.handled_at !== null && message.handled_by ? { userId: message.handled_by, name: handlers.get(message.handled_by) ?? '' } : null,
  };
}
