import type { Principal } from '../domain/index.ts';
import { appendEvents } from '../store/index.ts';
import { actorOf, findVisibleMessage, requireMailbox, type PortalContext } from './access.ts';
import { actionsOf, documentsOf, loadMemo, type ActionView, type DocumentView } from './documents.ts';
import { replyVerdict } from './reply-rules.ts';
import { toSummary, type Summary } from './summary.ts';

export interface Detail extends Summary {
  recipientName: string;
  documents: DocumentView[];
  actions: ActionView[];
  canReply: boolean;
  /** where a reply goes, when the principal may reply */
  replyTo?: { organisationName: string; contactPointId: string | null };
}

/** Opens a message: its documents and actions; marks it read and records that it was opened (every time). */
export async function openMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<Detail> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const [memo, recipient, senderOrganisation] = await Promise.all([
    loadMemo(ctx.db, message),
    ctx.db.selectFrom('mailbox').leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
      .select(['citizen.name as citizen_name', 'organisation.name as organisation_name'])
      .where('mailbox.id', '=', message.recipient_mailbox_id).executeTakeFirst(),
    message.sender_organisation_id
      ? ctx.db.selectFrom('organisation').select('name').where('id', '=', message.sender_organisation_id).executeTakeFirst()
      : undefined,
  ]);

  const readAt = await ctx.db.transaction().execute(async (trx) => {
    const marked = await trx.updateTable('message_state').set({ read_at: new Date() })
      .where('mailbox_id', '=', mailboxId).where('message_id', '=', messageId).where('read_at', 'is', null)
      .returning('read_at').executeTakeFirst();
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MESSAGE_READ', actor: actorOf(principal), messageId, mailboxId, data: { first: marked !== undefined },
    }]);
    return marked?.read_at ?? message.read_at;
  });

  const canReply = replyVerdict(access, mailboxId, message).ok;
  const headerContactPoint = memo.header.sender.contactPoint?.contactPointID ?? null;
  return {
    ...toSummary({ ...message, read_at: readAt }),
    recipientName: recipient?.organisation_name ?? recipient?.citizen_name ?? memo.header.recipient.label ?? '',
    documents: documentsOf(memo),
    actions: actionsOf(memo),
    canReply,
    ...(canReply ? { replyTo: { organisationName: senderOrganisation?.name ?? message.sender_label, contactPointId: headerContactPoint } } : {}),
  };
}
