import { sql, type Kysely } from 'kysely';

const ddl = `
alter table contact_point add column mail_name text check (mail_name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$');
create unique index contact_point_mail_name on contact_point (mail_name) where mail_name is not null;
create table mail_certificate (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  fingerprint_sha256 text not null unique,
  der bytea not null,
  subject text not null,
  issuer text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  emails text[] not null default '{}',
  created_by text not null,
  created_at timestamptz not null default now()
);
create index mail_certificate_organisation on mail_certificate (organisation_id);
create table forwarding (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null unique references organisation (id),
  mailbox_id uuid not null references mailbox (id),
  address text not null,
  certificate_der bytea not null,
  certificate_fingerprint text not null,
  certificate_not_after timestamptz not null,
  scope text not null check (scope in ('all', 'rules')),
  rules jsonb not null default '[]',
  status text not null check (status in ('pending', 'active', 'paused', 'disabled')),
  status_reason text,
  confirm_token_sha256 text,
  confirm_expires_at timestamptz,
  confirmed_at timestamptz,
  confirmed_by uuid references app_user (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table mail_thread (
  token text primary key,
  thread_id uuid not null,
  mailbox_id uuid not null references mailbox (id),
  created_at timestamptz not null default now(),
  unique (thread_id, mailbox_id)
);
create table mail_message_id (
  header text primary key,
  message_id uuid not null references message (id),
  mailbox_id uuid not null references mailbox (id),
  created_at timestamptz not null default now()
);
create table inbound_mail (
  id uuid primary key default gen_random_uuid(),
  received_at timestamptz not null default now(),
  remote_address text,
  mail_from text not null,
  rcpt_to text[] not null,
  size integer not null,
  raw bytea not null,
  status text not null default 'received' check (status in ('received', 'delivered', 'rejected')),
  error_code text,
  error_message text,
  message_ids uuid[],
  processed_at timestamptz
);
create index inbound_mail_open on inbound_mail (received_at) where status = 'received';
-- the DSN limit per envelope sender (src/gateway/inbound/process.ts) counts recent refusals
create index inbound_mail_rejected_sender on inbound_mail (mail_from, received_at) where status = 'rejected';
create table certificate_warning (
  fingerprint_sha256 text not null,
  days integer not null,
  organisation_id uuid references organisation (id),
  created_at timestamptz not null default now(),
  primary key (fingerprint_sha256, days)
);
create index job_payload_forwarding on job ((payload->>'forwardingId')) where kind = 'mail.forward'
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
