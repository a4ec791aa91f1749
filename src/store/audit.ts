import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// The audit trail (docs/audit.md): an organisation's administrative changes, read from the event log
// by its mailbox — the index `event_mailbox_admin` (migration 016) holds a mailbox's events that are
// not about one letter, by time — a page at a time with a keyset cursor (at, chain, seq), newest first.

/** Where a page ends: the last event it gave. */
export interface AuditCursor { at: Date; chain: number; seq: number }

/** Who acted, as the audit filters: one person, any operator (`cli`, `operator:<key>`), the identity provider, or Kuvert itself. */
export type AuditActorFilter = { userId: string } | 'operator' | 'idp' | 'kuvert';

export interface AuditFilter {
  mailboxId: string;
  /** the event types to read (the audit's catalogue, or one category of it) */
  types: readonly string[];
  /** from this instant, included */
  from?: Date | undefined;
  /** before this instant */
  to?: Date | undefined;
  actor?: AuditActorFilter | undefined;
}

export interface AuditEventRow { chain: number; seq: number; at: Date; type: string; body: string }

/**
 * The mailbox's events of these types, newest first, after `cursor` (exclusive), at most `limit`.
 * Only events without a letter (`message_id is null`): the partial index covers exactly those, so the
 * query never reads a mailbox's letters' events.
 */
export async function auditEvents(db: Executor, filter: AuditFilter, cursor: AuditCursor | undefined, limit: number): Promise<AuditEventRow[]> {
  if (filter.types.length === 0) return [];
  let query = db.selectFrom('event').select(['chain', 'seq', 'at', 'type', 'body'])
    .where('mailbox_id', '=', filter.mailboxId)
    .where('message_id', 'is', null)
    .where('type', 'in', [...filter.types]);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const actor = filter.actor;
  if (actor !== undefined) {
    const who = sql<string>`(body::json ->> 'actor')`;
    query = query.where((eb) => typeof actor === 'object' ? eb(who, '=', `user:${actor.userId}`)
      : actor === 'operator' ? eb.or([eb(who, '=', 'cli'), eb(who, 'like', 'operator:%')])
      : actor === 'idp' ? eb(who, '=', 'idp')
      : eb.or([eb(who, 'in', ['kuvert', 'demo', 'notification-link']), eb(who, 'like', 'system:%')]));
  }
  if (cursor) {
    query = query.where('at', '<=', cursor.at).where((eb) => eb.or([
      eb('at', '<', cursor.at),
      eb(eb.refTuple('chain', 'seq'), '<', eb.tuple(cursor.chain, cursor.seq)),
    ]));
  }
  const rows = await query.orderBy('at', 'desc').orderBy('chain', 'desc').orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), at: new Date(r.at), type: r.type, body: r.body }));
}

/**
 * Names for the ids an audit page refers to, looked up once per table: people, folders, contact
 * points, subscription groups, materials, systems, rules, and notification addresses (their address).
 * Ids are UUIDs, unique across tables; an id not found (deleted since) has no name.
 */
export async function auditNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const lookups = await Promise.all([
    db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('folder').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('contact_point').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('subscription_group').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('material').select(['id', sql<string>`code || ' – ' || name`.as('name')]).where('id', 'in', wanted).execute(),
    db.selectFrom('system').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('rule').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('notification_address').select(['id', 'email as name']).where('id', 'in', wanted).execute(),
  ]);
  for (const rows of lookups) for (const row of rows) names.set(row.id, row.name);
  return names;
}

/** The folders of a mailbox with their watch (responsible person or unit, threshold) if they have one. */
export async function foldersWithResponsibility(db: Executor, mailboxId: string) {
  return db.selectFrom('folder')
    .leftJoin('folder_watch', 'folder_watch.folder_id', 'folder.id')
    .leftJoin('app_user', 'app_user.id', 'folder_watch.responsible_user_id')
    .select(['folder.id', 'folder.name', 'folder.kind', 'folder_watch.responsible_user_id', 'app_user.name as responsible_name',
      'folder_watch.responsible_unit', 'folder_watch.threshold_hours', 'folder_watch.updated_at'])
    .where('folder.mailbox_id', '=', mailboxId)
    .orderBy(sql`case folder.kind when 'INBOX' then 0 when 'USER' then 1 else 2 end`).orderBy('folder.name').orderBy('folder.id')
    .execute();
}

/** The material a sender system's letters get when they name none (null: none): its value before a change. */
export async function defaultMaterialOfSystem(db: Executor, systemId: string): Promise<string | null> {
  const row = await db.selectFrom('system').select('default_material_id').where('id', '=', systemId).executeTakeFirst();
  return row?.default_material_id ?? null;
}

/** The folders a person or an address is told of in a mailbox (null: every folder; empty: none): the value before a change. */
export async function notifiedFoldersOf(db: Executor, mailboxId: string, target: { userId: string } | { addressId: string }): Promise<string[] | null> {
  let query = db.selectFrom('notification_recipient').select('folder_id').where('mailbox_id', '=', mailboxId);
  query = 'userId' in target ? query.where('user_id', '=', target.userId) : query.where('address_id', '=', target.addressId);
  const rows = await query.execute();
  if (rows.some((r) => r.folder_id === null)) return null;
  return rows.map((r) => r.folder_id!).sort();
}
