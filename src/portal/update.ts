import { Refusal, type Principal } from '../domain/index.ts';
import {
  appendEvents, changeMessageState, findFolderOfMailbox, findMessageSummary, setMessageHandled, type MessageStateChange, type NewEvent,
} from '../store/index.ts';
import { actorOf, findVisibleMessage, folderNotFound, messageMoved, requireMailbox, requireMove, type PortalContext } from './access.ts';
import { withPUnitNames } from './production-units.ts';
import { summarize } from './senders.ts';
import type { Summary } from './summary.ts';

export interface MessageChange {
  folderId?: string | undefined;
  read?: boolean | undefined;
  flagged?: boolean | undefined;
  /** handled or not handled, apart from read (docs/emptying.md) */
  handled?: boolean | undefined;
}

/**
 * Marking a letter handled is for organisations' mailboxes, where someone must empty it: whoever may
 * see the letter may mark it handled or not handled — the rule of read and unread, so readers too
 * (src/domain/permissions.ts gives them that); a citizen's own mailbox has no handled state.
 */
const handledNotAvailable = () =>
  new Refusal('forbidden', 'HANDLED_NOT_AVAILABLE', 'Only letters in an organisation\'s mailbox are marked handled.');

/**
 * Moves a message to another visible folder, marks it read or unread, flags or unflags it, marks it
 * handled or not handled. Each actual change writes its event (MESSAGE_MOVED, MESSAGE_UPDATED,
 * FLAG_CHANGED, MESSAGE_HANDLED, MESSAGE_UNHANDLED); asking for what already is writes nothing.
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
    // into Slettet by a move as by "Slet": "Gendan" puts it back where it came from; out of it, that is forgotten
    set.deleted_from_folder_id = target.kind === 'DELETED' ? message.folder_id : null;
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
  if (change.handled !== undefined && access.role === 'owner') throw handledNotAvailable();
  const handling = change.handled !== undefined && change.handled !== (message.handled_at !== null) ? change.handled : undefined;

  if (events.length > 0 || handling !== undefined) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        // a move acts on the message where it was checked: one moved meanwhile is left alone
        if (events.length > 0 && !await changeMessageState(trx, mailboxId, messageId, set, set.folder_id ? message.folder_id : undefined)) throw messageMoved();
        // two people marking it at once: one of them changes it, and only that one is an event
        if (handling !== undefined && await setMessageHandled(trx, mailboxId, messageId, handling ? { by: principal.userId, at: new Date() } : null)) {
          events.push({
            type: handling ? 'MESSAGE_HANDLED' : 'MESSAGE_UNHANDLED', actor, messageId, mailboxId, data: { folderId: set.folder_id ?? message.folder_id },
          });
        }
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
  const [summary] = await withPUnitNames(ctx.db, await summarize(ctx.db, access, mailboxId, [row]));
  return summary!;
}
