import { sql } from 'kysely';
import type { Principal } from '../domain/index.ts';
import { canSeeFolder } from '../domain/index.ts';
import { folderNotFound, requireMailbox, shownIn, SUMMARY_COLUMNS, visibleFolders, type PortalContext } from './access.ts';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.ts';
import { searchQuery } from './search.ts';
import { toSummary, type Summary } from './summary.ts';

export interface ListOptions {
  /** one folder; without it every visible folder except Slettet */
  folderId?: string | undefined;
  /** words to search for in title, sender and text documents */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface MessagePage {
  messages: Summary[];
  nextCursor: string | null;
}

/** PostgreSQL's own text for the sort key, with microseconds (see cursor.ts). */
const CURSOR_AT = sql<string>`to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at');

/**
 * Messages newest first, a page at a time (keyset: the cursor is the last row's sort key). Without
 * a search, each folder is read along its index (mailbox_id, folder_id, created_at desc,
 * message_id) from the cursor on, and only `limit + 1` rows are touched per folder, however large
 * the mailbox. A search: see pageBySearch.
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
    ? await pageByFolder(ctx, mailboxId, folderIds, cursor, take)
    : await pageBySearch(ctx, mailboxId, folderIds, tsquery, cursor, take);
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    messages: page.map(toSummary),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ at: last.cursor_at, messageId: last.id }) : null,
  };
}

/** After the cursor in the order (created_at desc, message_id asc) of the index. */
function after(cursor: Cursor | undefined) {
  if (!cursor) return sql<boolean>`true`;
  const at = sql`${cursor.at}::timestamptz`;
  return sql<boolean>`(s.created_at <= ${at} and (s.created_at < ${at} or s.message_id > ${cursor.messageId}::uuid))`;
}

async function pageByFolder(ctx: PortalContext, mailboxId: string, folderIds: string[], cursor: Cursor | undefined, take: number) {
  // One index walk per folder, merged: the newest `take` of each folder suffice. Each folder is its own
  // branch with its id as a value (not a lateral join's column), so the planner sees how big that folder
  // is and walks message_state_folder instead of fetching and sorting the whole folder — which it did,
  // at times, when it estimated an average folder. shownIn cannot drop rows from a walk: a recipient's
  // state row only exists once the message is available, so a page is not cut short.
  const branch = (folderId: string) => ctx.db
    .selectFrom((eb) => eb.selectFrom('message_state as s').selectAll('s')
      .where('s.mailbox_id', '=', mailboxId).where('s.folder_id', '=', folderId).where(after(cursor))
      .orderBy('s.created_at', 'desc').orderBy('s.message_id').limit(take)
      .as('s'))
    .innerJoin('message as m', 'm.id', 's.message_id')
    .select(SUMMARY_COLUMNS).select(CURSOR_AT).select('s.message_id')
    .where(shownIn(mailboxId));
  const [first, ...rest] = folderIds.map(branch);
  const merged = rest.reduce((all, next) => all.unionAll(next), first!);
  return ctx.db.selectFrom(merged.as('x')).selectAll('x')
    .orderBy('x.created_at', 'desc').orderBy('x.message_id').limit(take)
    .execute();
}

/** How many of the newest rows a search looks at before it asks the full-text index instead. */
const SEARCH_WINDOW = 2000;

/**
 * A common word matches many of the newest messages: walking the mailbox newest first (index
 * message_state_mailbox) finds a page within a few rows. A rare word is found faster through the
 * full-text index; that is the fallback when the newest rows do not fill a page.
 */
async function pageBySearch(ctx: PortalContext, mailboxId: string, folderIds: string[], tsquery: string, cursor: Cursor | undefined, take: number) {
  const matches = sql<boolean>`m.search @@ to_tsquery('danish', ${tsquery})`;
  const recent = await ctx.db.selectFrom((eb) => eb.selectFrom('message_state as s').selectAll('s')
    .where('s.mailbox_id', '=', mailboxId).where(after(cursor))
    .orderBy('s.created_at', 'desc').orderBy('s.message_id').limit(SEARCH_WINDOW).as('s'))
    .innerJoin('message as m', 'm.id', 's.message_id')
    .select(SUMMARY_COLUMNS).select(CURSOR_AT)
    .where('s.folder_id', 'in', folderIds).where(matches).where(shownIn(mailboxId))
    .orderBy('s.created_at', 'desc').orderBy('s.message_id').limit(take)
    .execute();
  if (recent.length === take) return recent;
  const beyond = await ctx.db.selectFrom('message_state as s').select('s.message_id')
    .where('s.mailbox_id', '=', mailboxId).where(after(cursor))
    .orderBy('s.created_at', 'desc').orderBy('s.message_id').offset(SEARCH_WINDOW).limit(1).executeTakeFirst();
  if (!beyond) return recent;
  // all matches of the mailbox first (materialized, so not planned as a walk that may read every row), then the page
  return ctx.db.with((cte) => cte('hits').materialized(), (db) => db.selectFrom('message_state as s').innerJoin('message as m', 'm.id', 's.message_id')
    .select(SUMMARY_COLUMNS).select(CURSOR_AT).select('s.message_id')
    .where('s.mailbox_id', '=', mailboxId).where('s.folder_id', 'in', folderIds)
    .where(matches).where(after(cursor)).where(shownIn(mailboxId)))
    .selectFrom('hits').selectAll()
    .orderBy('created_at', 'desc').orderBy('message_id').limit(take)
    .execute();
}
