import type { Principal } from '../domain/index.ts';
import { appendEvents, standardFolderId } from '../store/index.ts';
import { actorOf, findVisibleMessage, requireMailbox, type PortalContext } from './access.ts';

export interface DeleteOutcome {
  /** true: removed from the mailbox for good; false: moved to Slettet */
  permanent: boolean;
  folderId: string | null;
}

/**
 * Deletes a message from a mailbox: first to Slettet; from Slettet it leaves the mailbox for good.
 * The message itself (the sender's evidence, the other party's copy) is never deleted.
 */
export async function deleteMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<DeleteOutcome> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const deleted = await standardFolderId(ctx.db, mailboxId, 'DELETED');
  const permanent = message.folder_id === deleted;
  await ctx.db.transaction().execute(async (trx) => {
    if (permanent) {
      await trx.deleteFrom('message_state').where('mailbox_id', '=', mailboxId).where('message_id', '=', messageId).execute();
    } else {
      await trx.updateTable('message_state').set({ folder_id: deleted }).where('mailbox_id', '=', mailboxId).where('message_id', '=', messageId).execute();
    }
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MESSAGE_DELETED', actor: actorOf(principal), messageId, mailboxId, data: { permanent, fromFolderId: message.folder_id },
    }]);
  });
  return { permanent, folderId: permanent ? null : deleted };
}
