import type { Principal } from '../domain/index.ts';
import { appendEvents, changeMessageState, removeMessageFromMailbox, standardFolderId } from '../store/index.ts';
import type { DeleteOutcome } from '../contract/index.ts';
import { actorOf, findVisibleMessage, messageMoved, requireMailbox, requireMove, type PortalContext } from './access.ts';

export type { DeleteOutcome } from '../contract/index.ts';

/**
 * Deletes a message from a mailbox: first to Slettet, remembering the folder it came from (for
 * "Gendan", src/portal/restore.ts); from Slettet it leaves the mailbox for good.
 * The message itself (the sender's evidence, the other party's copy) is never deleted.
 */
export async function deleteMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<DeleteOutcome> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const deleted = await standardFolderId(ctx.db, mailboxId, 'DELETED');
  const permanent = message.folder_id === deleted;
  if (!permanent) requireMove(access, message.folder_id, deleted);
  await ctx.db.transaction().execute(async (trx) => {
    // acts on the message where it was checked: one moved meanwhile is left alone
    const changed = permanent
      ? await removeMessageFromMailbox(trx, mailboxId, messageId, message.folder_id)
      : await changeMessageState(trx, mailboxId, messageId, { folder_id: deleted, deleted_from_folder_id: message.folder_id }, message.folder_id);
    if (!changed) throw messageMoved();
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MESSAGE_DELETED', actor: actorOf(principal), messageId, mailboxId, data: { permanent, fromFolderId: message.folder_id },
    }]);
  });
  return { permanent, folderId: permanent ? null : deleted };
}
