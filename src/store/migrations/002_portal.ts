import { sql, type Kysely } from 'kysely';

const ddl = `
create table app_user (
  id uuid primary key default gen_random_uuid(),
  subject text not null unique,
  name text not null,
  citizen_id uuid unique references citizen (id),
  created_at timestamptz not null default now(),
  last_login_at timestamptz
);
create table membership (
  user_id uuid not null references app_user (id),
  organisation_id uuid not null references organisation (id),
  role text not null check (role in ('admin', 'reader', 'limited')),
  folder_ids uuid[],
  created_at timestamptz not null default now(),
  primary key (user_id, organisation_id)
);
create table session (
  token_sha256 text primary key,
  user_id uuid not null references app_user (id),
  csrf_token text not null,
  id_token text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index session_by_user on session (user_id);
create unique index folder_user_name on folder (mailbox_id, lower(name)) where kind = 'USER';
create index message_state_mailbox on message_state (mailbox_id, created_at desc, message_id);
-- folder counts (src/portal/folders.ts): read + unread (message_state_unread), index-only and small
create index message_state_read on message_state (mailbox_id, folder_id) where read_at is not null;
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
