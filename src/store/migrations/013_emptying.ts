import { sql, type Kysely } from 'kysely';

// Is the mailbox emptied? (docs/emptying.md): a letter is handled (who, when) apart from read; each
// folder of an organisation's mailbox may have a responsible person or unit and a threshold; an
// unhandled letter older than its folder's threshold raises an alert once per letter, folder and
// threshold; a recipient system that stops fetching, or answers FAILED, raises an alert per episode.
const ddl = `
alter table message_state add column handled_at timestamptz;
alter table message_state add column handled_by uuid references app_user (id);
create index message_state_unhandled on message_state (mailbox_id, folder_id, created_at desc, message_id) where handled_at is null;
create table folder_watch (
  folder_id uuid primary key references folder (id) on delete cascade,
  mailbox_id uuid not null references mailbox (id),
  organisation_id uuid not null references organisation (id),
  responsible_user_id uuid references app_user (id),
  responsible_unit text,
  threshold_hours integer not null check (threshold_hours between 1 and 2160),
  updated_at timestamptz not null default now(),
  updated_by text not null
);
create index folder_watch_organisation on folder_watch (organisation_id);
create index folder_watch_responsible on folder_watch (responsible_user_id) where responsible_user_id is not null;
create table emptying_alert (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  mailbox_id uuid not null references mailbox (id),
  folder_id uuid not null references folder (id) on delete cascade,
  message_id uuid not null references message (id),
  threshold_hours integer not null,
  raised_at timestamptz not null,
  unique (mailbox_id, message_id, folder_id, threshold_hours)
);
create index emptying_alert_folder on emptying_alert (folder_id, message_id);
create table system_watch (
  system_id uuid primary key references system (id),
  organisation_id uuid not null references organisation (id),
  fetch_alert_hours integer not null check (fetch_alert_hours between 1 and 2160),
  updated_at timestamptz not null default now(),
  updated_by text not null
);
create table system_alert (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  system_id uuid not null references system (id),
  kind text not null check (kind in ('not-fetching', 'failed-receipts')),
  raised_at timestamptz not null,
  cleared_at timestamptz,
  details jsonb not null default '{}'
);
create unique index system_alert_open on system_alert (system_id, kind) where cleared_at is null;
create index system_alert_organisation on system_alert (organisation_id, raised_at desc);
create index system_queue_waiting on system_queue (system_id, available_at) where fetched_at is null and deleted_at is null;
create index system_queue_last_fetch on system_queue (system_id, fetched_at desc) where fetched_at is not null;
create index business_receipt_system on business_receipt (system_id, created_at desc)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
