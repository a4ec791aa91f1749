import { Refusal, type Principal } from '../domain/index.ts';
import { appendEvents, changeMessageState, findFolderOfMailbox, findMessageSummary, type MessageStateChange, type NewEvent } from '../store/index.ts';
import { actorOf, findVisibleMessage, folderNotFound, messageMoved, requireMailbox, requireMove, type PortalContext } from './access.ts';
import { toSummary, type Summary } from './summary.ts';

export interface MessageChange {
  folderId?: string | undefined;
  read?: boolean | undefined;
  flagged?: boolean | undefined;
}

/**
 * Moves a message to another visible folder, marks it read or unread, flags or unflags it. Each
 * actual change writes its event (MESSAGE_MOVED, MESSAGE_UPDATED, FLAG_CHANGED); asking for what
 * already is writes nothing.
 */
export async function updateMessage(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string, change: MessageChange): Promise<Summary> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const actor = actorOf(principal);
  const events: NewEvent[] = [];
  const set: MessageStateChange = {};

  if (change.folderId !== undefined && change.folderId !== message.folder_id) {
    const target = await findFolderOfMailbox(ctx.db, mailboxId, change.folderId);
    if (!target) throw folderNotFound();
    requireMove(access, message.folder_id, target.id);
    if (target.kind === 'SENT' || target.kind === 'DRAFTS') {
      throw new Refusal('conflict', 'FOLDER_NOT_ALLOWED', 'Messages cannot be moved into Sendt or Kladder.');
    }
    set.folder_id = target.id;
    events.push({ type: 'MESSAGE_MOVED', actor, messageId, mailboxId, data: { fromFolderId: message.folder_id, toFolderId: target.id } });
  }
  if (change.read !== undefined && change.read !== (message.read_at !== null)) {
    set.read_at = change.read ? new Date() : null;
    events.push({ type: 'MESSAGE_UPDATED', actor, messageId, mailboxId, data: { read: change.read } });
  }
  if (change.flagged !== undefined && change.flagged !== message.flagged) {
    set.flagged = change.flagged;
    events.push({ type: 'FLAG_CHANGED', actor, messageId, mailboxId, data: { flagged: change.flagged } });
  }

  if (events.length > 0) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        // a move acts on the message where it was checked: one moved meanwhile is left alone
        if (!await changeMessageState(trx, mailboxId, messageId, set, set.folder_id ? message.folder_id : undefined)) throw messageMoved();
        await appendEvents(trx, ctx.eventChains, events);
      });
    } catch (err) {
      // the target folder was deleted meanwhile
      if ((err as { code?: string }).code === '23503') throw folderNotFound();
      throw err;
    }
  }
  const row = await findMessageSummary(ctx.db, mailboxId, messageId);
  if (!row) throw new Refusal('not-found', 'MESSAGE_NOT_FOUND', 'No such message in this mailbox.');
  return toSummary(row);
}
