import { Refusal, type MailboxAccess, type Principal } from '../domain/index.ts';
import { appendEvents, changeMessageState, deletedFromFolder, standardFolderId, type Db } from '../store/index.ts';
import type { Restored } from '../contract/index.ts';
import { actorOf, findVisibleMessage, folderNotFound, messageMoved, requireMailbox, requireMove, visibleFolders, type PortalContext } from './access.ts';

const notDeleted = () => new Refusal('conflict', 'MESSAGE_NOT_DELETED', 'The message is not in Slettet.');

/**
 * Where a message in Slettet goes back to: the folder it was deleted from, while that folder exists
 * and the principal sees it; else Indbakke, or the first folder they see (not Slettet or Kladder).
 */
async function restoreTarget(db: Db, access: MailboxAccess, mailboxId: string, messageId: string, deletedId: string): Promise<string> {
  const folders = (await visibleFolders(db, access, mailboxId)).filter((f) => f.id !== deletedId && f.kind !== 'DRAFTS');
  const origin = await deletedFromFolder(db, mailboxId, messageId);
  const target = folders.find((f) => f.id === origin) ?? folders.find((f) => f.kind === 'INBOX') ?? folders[0];
  if (!target) throw new Refusal('not-found', 'FOLDER_NOT_FOUND', 'No folder of this mailbox to put the message back in.');
  return target.id;
}

/**
 * Puts a message in Slettet back where it was deleted from ("Gendan", and "Fortryd" right after a
 * delete). A move, checked as one (canMove) and written as one: MESSAGE_MOVED with reason RESTORED;
 * 409 MESSAGE_MOVED when it left Slettet meanwhile, 409 MESSAGE_NOT_DELETED when it is not in Slettet.
 */
export async function restoreMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<Restored> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const deleted = await standardFolderId(ctx.db, mailboxId, 'DELETED');
  if (message.folder_id !== deleted) throw notDeleted();
  const target = await restoreTarget(ctx.db, access, mailboxId, messageId, deleted);
  requireMove(access, deleted, target);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!await changeMessageState(trx, mailboxId, messageId, { folder_id: target, deleted_from_folder_id: null }, deleted)) throw messageMoved();
      await appendEvents(trx, ctx.eventChains, [{
        type: 'MESSAGE_MOVED', actor: actorOf(principal), messageId, mailboxId, data: { fromFolderId: deleted, toFolderId: target, reason: 'RESTORED' },
      }]);
    });
  } catch (err) {
    // the folder was deleted meanwhile
    if ((err as { code?: string }).code === '23503') throw folderNotFound();
    throw err;
  }
  return { folderId: target };
}
