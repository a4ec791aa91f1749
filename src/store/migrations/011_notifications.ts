import { sql, type Kysely } from 'kysely';

// Notifications of new mail (docs/notifications.md): e-mail addresses of a mailbox, each confirmed by
// a single-use link before anything is sent to it; who is told of new mail in the mailbox or one of
// its folders (addresses, and in extended mailboxes people); arrivals waiting for the next digest
// (written in the delivery's transaction, deleted when digested); the digests sent, with the hash of
// the unsubscribe token each carries; addresses that unsubscribed from a mailbox. A List-Unsubscribe
// header for the mail to people, and indexes for the administrators' mail log and the one digest job.
const ddl = `
create table notification_address (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  organisation_id uuid references organisation (id),
  email text not null,
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'unsubscribed')),
  token_sha256 text unique,
  token_sent_at timestamptz,
  token_expires_at timestamptz,
  token_used_at timestamptz,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now()
);
create unique index notification_address_email on notification_address (mailbox_id, lower(email));
create index notification_address_organisation on notification_address (organisation_id) where organisation_id is not null;
create table notification_recipient (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  folder_id uuid references folder (id) on delete cascade,
  address_id uuid references notification_address (id) on delete cascade,
  user_id uuid references app_user (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  check ((address_id is null) <> (user_id is null))
);
create unique index notification_recipient_unique on notification_recipient
  (mailbox_id, coalesce(folder_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(address_id, user_id));
create table notification_pending (
  id bigint generated always as identity primary key,
  mailbox_id uuid not null,
  folder_id uuid not null,
  message_id uuid not null,
  arrived_at timestamptz not null,
  user_id uuid,
  address_id uuid
);
create index notification_pending_recipient on notification_pending (mailbox_id, coalesce(address_id, user_id));
create table notification_mail (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  email_key text not null,
  address_id uuid,
  user_id uuid,
  outgoing_mail_id uuid not null references outgoing_mail (id),
  letters integer not null,
  unsubscribe_token_sha256 text not null unique,
  created_at timestamptz not null default now()
);
create index notification_mail_recipient on notification_mail (mailbox_id, email_key, created_at desc);
create table notification_unsubscribed (
  mailbox_id uuid not null references mailbox (id),
  email_key text not null,
  unsubscribed_at timestamptz not null default now(),
  primary key (mailbox_id, email_key)
);
alter table outgoing_mail add column list_unsubscribe text;
create index outgoing_mail_organisation on outgoing_mail (organisation_id, created_at desc) where organisation_id is not null;
create index job_notify_digest on job (id) where kind = 'notify.digest' and state in ('pending', 'running')
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
