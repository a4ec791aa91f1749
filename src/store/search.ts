import { sql, type SqlBool } from 'kysely';
import { SEARCH_SUBSTRING_MIN, SEARCH_TEXT_MAX, searchableText } from '../domain/index.ts';
import type { Executor } from './executor.ts';
import { CURSOR_AT, SUMMARY_COLUMNS, after, handledIs, shownIn, type HandledFilter, type ListPosition } from './mailbox-messages.ts';
import type { NewMessage } from './schema.ts';

/**
 * Search and filters of a mailbox's messages (docs/portal.md, "Search"): words in `message.search_text`
 * (migration 017), a company's P-unit and attention person, handled or not.
 */

/** What the messages must match; at least one of words, pNumber, person. */
export interface MessageFilter {
  /** every word must occur (src/domain/search-text.ts: searchWords) */
  words: readonly string[];
  /** received for this P-unit (`message.p_number`) */
  pNumber?: string | undefined;
  /** received for the attention of this person (`message.attention->>'person'`) */
  person?: string | undefined;
  handled?: HandledFilter;
}

/** How many of the newest rows a search looks at before it asks the indexes instead. */
const SEARCH_WINDOW = 2000;

/**
 * A word as a LIKE pattern on search text: anywhere in a word from SEARCH_SUBSTRING_MIN characters
 * on (compounds: "skat" in "ejendomsskattebillet"), else at the start of a word. `\`, `%` and `_`
 * are escaped (backslash is LIKE's escape character), so a word is never a pattern of its own.
 */
export function likePattern(word: string): string {
  const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
  return word.length >= SEARCH_SUBSTRING_MIN ? `%${escaped}%` : `% ${escaped}%`;
}

/**
 * The filter as a condition on `m`. `indexed`: words as LIKE patterns, which the trigram indexes answer;
 * else as `strpos`, the same test that no index answers — so a walk over the newest rows stays a walk
 * (PGlite's planner otherwise took the index for the whole store's matches of common words, and joined).
 */
function matching(filter: MessageFilter, indexed: boolean) {
  const conditions = filter.words.map((w) => (indexed
    ? sql<SqlBool>`m.search_text like ${likePattern(w)}`
    : sql<SqlBool>`strpos(m.search_text, ${w.length >= SEARCH_SUBSTRING_MIN ? w : ` ${w}`}) > 0`));
  if (filter.pNumber !== undefined) conditions.push(sql<SqlBool>`m.p_number = ${filter.pNumber}`);
  if (filter.person !== undefined) conditions.push(sql<SqlBool>`m.attention->>'person' = ${filter.person}`);
  return conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

/**
 * The newest `take` messages of the folders after `position` that match `filter`, newest first, each
 * with its `cursor_at`. A common word matches many of the newest messages: walking the folder (one
 * folder: index message_state_folder) or the mailbox (several: message_state_mailbox) newest first finds
 * a page within a few rows. A rare word, P-unit or person is found faster through the indexes of
 * migration 017, by this mailbox's entries only; that is the way when the newest rows do not fill a page.
 */
export async function searchMessages(
  db: Executor, mailboxId: string, folderIds: readonly string[], filter: MessageFilter, position: ListPosition | undefined, take: number,
) {
  const one = folderIds.length === 1 ? folderIds[0]! : undefined;
  const newest = (limit: number, offset = 0) => {
    let walk = db.selectFrom('message_state as s').selectAll('s').where('s.mailbox_id', '=', mailboxId);
    if (one !== undefined) walk = walk.where('s.folder_id', '=', one);
    return walk.where(after(position)).orderBy('s.created_at', 'desc').orderBy('s.message_id').offset(offset).limit(limit);
  };
  const recent = await db.selectFrom(newest(SEARCH_WINDOW).as('s'))
    .innerJoin('message as m', 'm.id', 's.message_id')
    .select(SUMMARY_COLUMNS).select(CURSOR_AT)
    .where('s.folder_id', 'in', folderIds).where(matching(filter, false)).where(shownIn(mailboxId)).where(handledIs(filter.handled))
    .orderBy('s.created_at', 'desc').orderBy('s.message_id').limit(take)
    .execute();
  if (recent.length === take) return recent;
  const beyond = await newest(1, SEARCH_WINDOW).select('s.message_id').executeTakeFirst();
  if (!beyond) return recent;
  // The mailbox's matches first, from the indexes (materialized, so not planned as a walk that may read
  // every row), then the page. P-unit and person are the recipient's: only letters received.
  const received = db.selectFrom('message as m').select('m.id').where('m.recipient_mailbox_id', '=', mailboxId).where(matching(filter, true));
  const sent = db.selectFrom('message as m').select('m.id').where('m.sender_mailbox_id', '=', mailboxId).where(matching(filter, true));
  const receivedOnly = filter.pNumber !== undefined || filter.person !== undefined;
  return db.with((cte) => cte('hits').materialized(), () => (receivedOnly ? received : received.union(sent)))
    .selectFrom('hits').innerJoin('message_state as s', (j) => j.onRef('s.message_id', '=', 'hits.id').on('s.mailbox_id', '=', mailboxId))
    .innerJoin('message as m', 'm.id', 'hits.id')
    .select(SUMMARY_COLUMNS).select(CURSOR_AT)
    .where('s.folder_id', 'in', folderIds).where(after(position)).where(shownIn(mailboxId)).where(handledIs(filter.handled))
    .orderBy('s.created_at', 'desc').orderBy('s.message_id').limit(take)
    .execute();
}

/**
 * New messages' rows with their verified sender's name — the organisation or citizen owning the sending
 * mailbox, from the registry — in front of their search text (one query for the batch).
 */
export async function withSenderNames(db: Executor, rows: readonly NewMessage[]): Promise<NewMessage[]> {
  const mailboxIds = [...new Set(rows.map((r) => r.sender_mailbox_id))];
  if (mailboxIds.length === 0) return [...rows];
  const names = new Map((await db.selectFrom('mailbox as b')
    .leftJoin('organisation as o', 'o.id', 'b.organisation_id').leftJoin('citizen as c', 'c.id', 'b.citizen_id')
    .select(['b.id', 'o.name as organisation_name', 'c.name as citizen_name']).where('b.id', 'in', mailboxIds).execute())
    .map((r) => [r.id, r.organisation_name ?? r.citizen_name ?? '']));
  return rows.map((row) => ({ ...row, search_text: `${searchableText([names.get(row.sender_mailbox_id) ?? ''])}${row.search_text}`.slice(0, SEARCH_TEXT_MAX + 200) }));
}
