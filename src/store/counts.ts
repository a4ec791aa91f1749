import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * Insert-only count tables (letter_count, send_count): writers only insert rows with `merged = false`,
 * so two transactions never wait for each other; a periodic job folds each key's rows into one merged
 * row, and readers sum every row of a key, merged or not.
 */
export interface CountTable {
  table: 'letter_count' | 'send_count';
  /** the columns that make a key (compared with `is not distinct from`: a key may hold nulls) */
  keys: readonly string[];
  /** the counted column */
  value: string;
}

export const LETTER_COUNTS: CountTable = {
  table: 'letter_count', keys: ['mailbox_id', 'direction', 'month', 'sender_organisation_id', 'subscription_group_id', 'material_id'], value: 'letters',
};
export const SEND_COUNTS: CountTable = { table: 'send_count', keys: ['system_id', 'day', 'status', 'error_code'], value: 'sends' };

/**
 * Folds the rows of up to `limit` keys that have unmerged rows into one merged row per key, in one
 * statement; returns how many rows it removed (0: nothing left to fold). Safe beside writers and beside
 * another fold: it re-inserts the sum of exactly the rows its own DELETE removed, and rows inserted
 * meanwhile stay for the next run.
 */
export async function foldCounts(db: Executor, counts: CountTable, limit = 2000): Promise<number> {
  // identifiers come from the constants above, never from outside
  const table = sql.raw(counts.table);
  const keys = sql.raw(counts.keys.join(', '));
  const returned = sql.raw(counts.keys.map((k) => `c.${k}`).join(', '));
  const same = sql.raw(counts.keys.map((k) => `c.${k} is not distinct from t.${k}`).join(' and '));
  const value = sql.raw(counts.value);
  const result = await sql<{ removed: number }>`
    with touched as (
      select distinct ${keys} from ${table} where not merged limit ${limit}
    ), gone as (
      delete from ${table} c using touched t where ${same}
      returning ${returned}, c.${value}
    ), merged as (
      insert into ${table} (${keys}, ${value}, merged)
      select ${keys}, sum(${value}), true from gone group by ${keys}
      returning 1
    )
    select (select count(*) from gone)::int as removed, (select count(*) from merged)::int as inserted`.execute(db);
  return Number(result.rows[0]?.removed ?? 0);
}

/** Folds until no unmerged row is left (or `maxStatements` ran); returns the rows removed. */
export async function foldAllCounts(db: Executor, counts: CountTable, maxStatements = 100): Promise<number> {
  let removed = 0;
  for (let i = 0; i < maxStatements; i++) {
    const n = await foldCounts(db, counts);
    if (n === 0) break;
    removed += n;
  }
  return removed;
}
