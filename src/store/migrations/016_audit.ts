import { sql, type Kysely } from 'kysely';

// The audit trail (docs/audit.md): an organisation's administrative changes are the events of its
// mailbox that are not about one letter. This partial index holds exactly those, by time and place in
// the chain, so a page of the audit reads a few index entries however many letters the mailbox has
// (its letters' events are in `event_mailbox`, beside it). It is small: a mailbox's events without a
// letter are its administration, notices and alerts.
//
// On a large PostgreSQL deployment an operator may build it beforehand without blocking writers —
// `create index concurrently event_mailbox_admin on event (mailbox_id, at, chain, seq) include (type)
// where mailbox_id is not null and message_id is null` — and this migration then finds it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists event_mailbox_admin on event (mailbox_id, at, chain, seq) include (type)
    where mailbox_id is not null and message_id is null`.execute(db);
}
