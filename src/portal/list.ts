import type { Principal } from '../domain/index.ts';
import { canSeeFolder, searchWords } from '../domain/index.ts';
import { messagesInFolders, searchMessages } from '../store/index.ts';
import { folderNotFound, requireMailbox, visibleFolders, type PortalContext } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { MessagePage } from '../contract/index.ts';
import { withPUnitNames } from './production-units.ts';
import { summarize } from './senders.ts';

export type { MessagePage } from '../contract/index.ts';

export interface ListOptions {
  /** one folder; without it every visible folder except Slettet */
  folderId?: string | undefined;
  /** words to search for (docs/portal.md, "Search"): every one must occur in the sender, title, text documents or file names */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  /** only handled (true) or only not handled (false) messages (docs/emptying.md) */
  handled?: boolean | undefined;
  /** only letters received for this P-unit */
  pNumber?: string | undefined;
  /** only letters received for the attention of this person */
  person?: string | undefined;
}

/**
 * Messages newest first, a page at a time (keyset: the cursor is the last row's sort key). Without
 * a search or filter, each folder is read along its index (mailbox_id, folder_id, created_at desc,
 * message_id) from the cursor on, and only `limit + 1` rows are touched per folder, however large
 * the mailbox. A search or a P-unit or person filter: see searchMessages (src/store/search.ts).
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
  const words = options.q === undefined ? [] : searchWords(options.q);
  // a search box with no word in it (only punctuation) finds nothing
  if (folderIds.length === 0 || (options.q !== undefined && options.q.trim() !== '' && words.length === 0)) {
    return { messages: [], nextCursor: null };
  }
  const take = options.limit + 1;
  const filtered = words.length > 0 || options.pNumber !== undefined || options.person !== undefined;
  const rows = filtered
    ? await searchMessages(ctx.db, mailboxId, folderIds, { words, pNumber: options.pNumber, person: options.person, handled: options.handled }, cursor, take)
    : await messagesInFolders(ctx.db, mailboxId, folderIds, cursor, take, options.handled);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    messages: await withPUnitNames(ctx.db, await summarize(ctx.db, access, mailboxId, page)),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ at: last.cursor_at, messageId: last.id }) : null,
  };
}
