import { sql, type Kysely } from 'kysely';

// Drafts (docs/portal.md, "Drafts"): what a person is writing, kept on the server so that nothing typed
// is lost. A draft is mutable and no message: its own table, seen only by its author. The folder a
// message was deleted from, so that Slettet can put it back there ("Gendan", and "Fortryd" after a delete).
// And each session's idle timeout (SESSION_IDLE_MINUTES when it was opened), so the web app can be told when it ends.
const ddl = `
create table draft (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  author_id uuid not null references app_user (id),
  kind text not null check (kind in ('message', 'reply')),
  contact_point_id uuid references contact_point (id) on delete set null,
  reply_to_message_id uuid references message (id),
  label text not null default '',
  text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'reply') = (reply_to_message_id is not null)),
  check (kind = 'message' or contact_point_id is null)
);
create index draft_author on draft (mailbox_id, author_id, updated_at desc);
create unique index draft_reply on draft (mailbox_id, author_id, reply_to_message_id) where kind = 'reply';
alter table message_state add column deleted_from_folder_id uuid;
alter table session add column idle_seconds integer not null default 1800 check (idle_seconds > 0)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
