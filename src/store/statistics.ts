import { sql, type RawBuilder } from 'kysely';
import type { Arrival } from './arrivals.ts';
import { foldAllCounts, LETTER_COUNTS } from './counts.ts';
import type { Executor } from './executor.ts';

/**
 * Letters counted per organisation mailbox, month, subscription group, material and sender
 * (docs/statistics.md), in `letter_count` (migration 012):
 *
 * - delivery counts each letter when it becomes available in its recipient's mailbox (an arrival):
 *   once for the recipient's mailbox (`received`, with the sender organisation) and once for the
 *   sender's (`sent`), each only when the mailbox is an organisation's. One INSERT per delivery
 *   transaction, of new rows only (`merged = false`): no unique key, no update, so two concurrent
 *   delivery transactions never wait for each other nor deadlock here;
 * - `compactLetterCounts` (a periodic job) folds each key's rows into one merged row, so that the
 *   statistics page reads one row per key and month whatever the volume;
 * - readers sum every row of a key, merged or not: the figures never depend on when compaction ran.
 *
 * A month is a Danish calendar month (Europe/Copenhagen): a letter available at 00:30 on 1 February
 * Danish time counts in February, though it is still 31 January in UTC.
 */

export type LetterDirection = 'received' | 'sent';
/** What the letters are counted by: subscription group, material, or (received letters) the sending organisation. */
export type LetterCountBy = 'group' | 'material' | 'sender';

/** The month (first day, `YYYY-MM-01`) an instant falls in, in Denmark: the SQL every count uses. */
const danishMonth = (instant: RawBuilder<unknown>) => sql`date_trunc('month', ${instant} at time zone 'Europe/Copenhagen')::date`;

/**
 * Counts letters that have just become available (src/store/arrivals.ts), in the delivery's
 * transaction. One set-based, insert-only statement for the whole batch; letters to or from citizens'
 * mailboxes are not counted (statistics are for organisations).
 */
export async function countArrivals(trx: Executor, arrivals: readonly Arrival[]): Promise<void> {
  if (arrivals.length === 0) return;
  await sql`
    insert into letter_count (mailbox_id, direction, month, sender_organisation_id, subscription_group_id, material_id, letters)
    select b.id, d.direction, ${danishMonth(sql`a.at`)}, d.sender_organisation_id, a.subscription_group_id, a.material_id, count(*)
    from unnest(
      ${arrivals.map((a) => a.mailboxId)}::uuid[], ${arrivals.map((a) => a.senderMailboxId)}::uuid[],
      ${arrivals.map((a) => a.senderOrganisationId)}::uuid[], ${arrivals.map((a) => a.subscriptionGroupId)}::uuid[],
      ${arrivals.map((a) => a.materialId)}::uuid[], ${arrivals.map((a) => a.at.toISOString())}::timestamptz[]
    ) as a (recipient_mailbox_id, sender_mailbox_id, sender_organisation_id, subscription_group_id, material_id, at)
    cross join lateral (values
      ('received', a.recipient_mailbox_id, a.sender_organisation_id),
      ('sent', a.sender_mailbox_id, null::uuid)
    ) as d (direction, mailbox_id, sender_organisation_id)
    join mailbox b on b.id = d.mailbox_id and b.organisation_id is not null
    group by b.id, d.direction, 3, d.sender_organisation_id, a.subscription_group_id, a.material_id`.execute(trx);
}

/** Folds the unmerged letter counts (src/store/counts.ts); returns the rows removed. */
export const compactAllLetterCounts = (db: Executor, maxStatements?: number) => foldAllCounts(db, LETTER_COUNTS, maxStatements);

export interface LetterCountQuery {
  mailboxId: string;
  direction: LetterDirection;
  by: LetterCountBy;
  /** first and last month, `YYYY-MM-01`, both included */
  from: string;
  to: string;
}

/** Letters of one month and one key (null: no subscription group / material / sending organisation). */
export interface LetterCountRow {
  /** `YYYY-MM` */
  month: string;
  key: string | null;
  letters: number;
}

/** Who a key is: the group, material or sending organisation, with the organisation it belongs to. */
export interface LetterCountKey {
  id: string;
  name: string;
  /** a material's code */
  code: string | null;
  organisation: { id: string; name: string; cvr: string } | null;
}

const KEY_COLUMN = { group: sql.ref('subscription_group_id'), material: sql.ref('material_id'), sender: sql.ref('sender_organisation_id') } as const;

/**
 * The counts of a mailbox's letters per month and key in a period: what the statistics page shows.
 * Reads only `letter_count` (an index range of the mailbox, direction and months).
 */
export async function letterCounts(db: Executor, query: LetterCountQuery): Promise<LetterCountRow[]> {
  const key = KEY_COLUMN[query.by];
  // unordered, the month as the date's text: the caller lays the figures out (fewer steps for a large mailbox)
  const { rows } = await sql<LetterCountRow>`
    select month::text as month, ${key} as key, sum(letters)::bigint as letters
    from letter_count
    where mailbox_id = ${query.mailboxId}::uuid and direction = ${query.direction} and month between ${query.from}::date and ${query.to}::date
    group by month, ${key}`.execute(db);
  return rows.map((r) => ({ month: r.month.slice(0, 7), key: r.key, letters: Number(r.letters) }));
}

/**
 * The same figures counted from the letters themselves (`message`): what the rollup must agree with.
 * Reads every letter of the mailbox in the period — slow for a large mailbox; for checks and as the
 * benchmark's baseline, never for the page.
 */
export async function letterCountsFromMessages(db: Executor, query: LetterCountQuery): Promise<LetterCountRow[]> {
  const mailboxColumn = query.direction === 'received' ? sql.ref('m.recipient_mailbox_id') : sql.ref('m.sender_mailbox_id');
  const key = query.by === 'sender' ? (query.direction === 'received' ? sql.ref('m.sender_organisation_id') : sql`null::uuid`)
    : query.by === 'group' ? sql.ref('m.subscription_group_id') : sql.ref('m.material_id');
  const month = danishMonth(sql`m.available_at`);
  const { rows } = await sql<LetterCountRow>`
    select to_char(${month}, 'YYYY-MM') as month, ${key} as key, count(*)::bigint as letters
    from message m join mailbox b on b.id = ${mailboxColumn} and b.organisation_id is not null
    where ${mailboxColumn} = ${query.mailboxId}::uuid and m.available_at is not null
      and ${month} between ${query.from}::date and ${query.to}::date
    group by 1, 2
    order by 1, 2`.execute(db);
  return rows.map((r) => ({ month: r.month, key: r.key, letters: Number(r.letters) }));
}

/** Names of the keys (subscription groups, materials or organisations) among `ids`. */
export async function letterCountKeys(db: Executor, by: LetterCountBy, ids: readonly string[]): Promise<LetterCountKey[]> {
  if (ids.length === 0) return [];
  if (by === 'sender') {
    const rows = await db.selectFrom('organisation').select(['id', 'name', 'cvr']).where('id', 'in', ids).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, code: null, organisation: { id: r.id, name: r.name, cvr: r.cvr } }));
  }
  const rows = by === 'group'
    ? await db.selectFrom('subscription_group as k').innerJoin('organisation as o', 'o.id', 'k.organisation_id')
      .select(['k.id', 'k.name', sql<string | null>`null`.as('code'), 'o.id as organisation_id', 'o.name as organisation_name', 'o.cvr'])
      .where('k.id', 'in', ids).execute()
    : await db.selectFrom('material as k').innerJoin('organisation as o', 'o.id', 'k.organisation_id')
      .select(['k.id', 'k.name', 'k.code', 'o.id as organisation_id', 'o.name as organisation_name', 'o.cvr'])
      .where('k.id', 'in', ids).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, organisation: { id: r.organisation_id, name: r.organisation_name, cvr: r.cvr } }));
}
