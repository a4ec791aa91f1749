import type { Principal } from '../domain/index.ts';
import { canSeeFolder } from '../domain/index.ts';
import { messagesInFolders, searchMessagesInFolders, searchQuery } from '../store/index.ts';
import { folderNotFound, requireMailbox, visibleFolders, type PortalContext } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { MessagePage } from '../contract/index.ts';
import { toSummary } from './summary.ts';

export type { MessagePage } from '../contract/index.ts';

export interface ListOptions {
  /** one folder; without it every visible folder except Slettet */
  folderId?: string | undefined;
  /** words to search for in title, sender and text documents */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  /** only handled (true) or only not handled (false) messages (docs/emptying.md) */
  handled?: boolean | undefined;
}

/**
 * Messages newest first, a page at a time (keyset: the cursor is the last row's sort key). Without
 * a search, each folder is read along its index (mailbox_id, folder_id, created_at desc,
 * message_id) from the cursor on, and only `limit + 1` rows are touched per folder, however large
 * the mailbox. A search: see searchMessagesInFolders.
 */
export async function listMessages(ctx: PortalContext, principal: Principal, mailboxId: string, options: ListOptions): Promise<MessagePage> {
  const access = requireMailbox(principal, mailboxId);
  const folders = await visibleFolders(ctx.db, access, mailboxId);
  let folderIds: string[];
  if (options.folderId !== undefined) {
    if (!folders.some((f) => f.id === options.folderId) || !canSeeFolder(access, options.folderId)) throw folderNotFound();
    folderIds = [options.folderId];
  } else {
    folderIds = folders.filter((f) => f.kind !== 'DELETED').map((f) => f.id);
  }
  const cursor = options.cursor ? decodeCursor(options.cursor) : undefined;
  const tsquery = options.q === undefined ? undefined : searchQuery(options.q);
  if (folderIds.length === 0 || (options.q !== undefined && options.q.trim() !== '' && tsquery === undefined)) {
    return { messages: [], nextCursor: null };
  }
  const take = options.limit + 1;
  const rows = tsquery === undefined
    ? await messagesInFolders(ctx.db, mailboxId, folderIds, cursor, take, options.handled)
    : await searchMessagesInFolders(ctx.db, mailboxId, folderIds, tsquery, cursor, take, options.handled);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    messages: page.map(toSummary),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ at: last.cursor_at, messageId: last.id }) : null,
  };
}

