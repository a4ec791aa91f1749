import { sql, type Kysely } from 'kysely';

const ddl = `
create table organisation (
  id uuid primary key default gen_random_uuid(),
  cvr text not null unique check (cvr ~ '^[0-9]{8}$'),
  name text not null,
  kind text not null check (kind in ('authority', 'company')),
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now()
);
create table production_unit (
  p_number text primary key check (p_number ~ '^[0-9]{10}$'),
  organisation_id uuid not null references organisation (id),
  name text not null
);
create table citizen (
  id uuid primary key default gen_random_uuid(),
  cpr text not null unique check (cpr ~ '^[0-9]{10}$'),
  name text not null,
  status text not null default 'registered' check (status in ('registered', 'exempt', 'closed')),
  created_at timestamptz not null default now()
);
create table mailbox (
  id uuid primary key default gen_random_uuid(),
  citizen_id uuid unique references citizen (id),
  organisation_id uuid unique references organisation (id),
  level text not null default 'standard' check (level in ('standard', 'extended')),
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now(),
  check ((citizen_id is null) <> (organisation_id is null))
);
create table folder (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  kind text not null check (kind in ('INBOX', 'SENT', 'DRAFTS', 'DELETED', 'USER')),
  name text not null,
  created_at timestamptz not null default now()
);
create unique index folder_standard_kind on folder (mailbox_id, kind) where kind <> 'USER';
create table system (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  kind text not null check (kind in ('sender', 'recipient')),
  name text not null,
  secret_sha256 text not null,
  is_default boolean not null default false,
  status text not null default 'active' check (status in ('active', 'disabled')),
  certificate_sha256 text,
  created_at timestamptz not null default now()
);
create index system_organisation on system (organisation_id, kind);
create table contact_point (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  name text not null,
  description text not null default '',
  contact_group text,
  active boolean not null default true,
  visible boolean not null default true,
  memo_size_threshold_mb integer not null default 50,
  allowed_attachments integer not null default 10,
  created_at timestamptz not null default now()
);
create table blob (
  sha256 text primary key,
  size bigint not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create table message (
  id uuid primary key default gen_random_uuid(),
  transmission_id uuid not null unique,
  message_uuid uuid not null,
  memo_version text not null,
  message_type text not null,
  thread_id uuid not null,
  sender_mailbox_id uuid not null references mailbox (id),
  sender_organisation_id uuid references organisation (id),
  sender_system_id uuid references system (id),
  sender_user_id uuid,
  sender_label text not null,
  sender_contact_point text,
  recipient_id_type text not null,
  recipient_mailbox_id uuid not null references mailbox (id),
  recipient_contact_point_id uuid,
  label text not null,
  p_number text,
  attention jsonb,
  attachment_count integer not null,
  reply_allowed boolean not null,
  reply_by timestamptz,
  mandatory boolean not null,
  legal_notification boolean not null,
  do_not_deliver_until date,
  document_sha256 text not null,
  document_size integer not null,
  document_text text not null,
  blob_refs jsonb not null,
  search tsvector not null,
  received_at timestamptz not null,
  available_at timestamptz,
  unique (sender_mailbox_id, message_uuid)
);
create index message_recipient on message (recipient_mailbox_id, received_at desc);
create index message_thread on message (thread_id);
create index message_search on message using gin (search);
create table message_blob (
  message_id uuid not null references message (id),
  sha256 text not null references blob (sha256),
  primary key (message_id, sha256)
);
create index message_blob_sha256 on message_blob (sha256);
create table message_state (
  mailbox_id uuid not null references mailbox (id),
  message_id uuid not null references message (id),
  folder_id uuid not null references folder (id),
  read_at timestamptz,
  flagged boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (mailbox_id, message_id)
);
create index message_state_folder on message_state (mailbox_id, folder_id, created_at desc, message_id);
create index message_state_unread on message_state (mailbox_id, folder_id) where read_at is null;
create table system_queue (
  system_id uuid not null references system (id),
  message_id uuid not null references message (id),
  mailbox_id uuid not null references mailbox (id),
  available_at timestamptz not null,
  fetched_at timestamptz,
  deleted_at timestamptz,
  primary key (system_id, message_id)
);
create index system_queue_open on system_queue (system_id, available_at, message_id) where deleted_at is null;
create table business_receipt (
  id uuid primary key default gen_random_uuid(),
  message_id uuid not null references message (id),
  system_id uuid not null references system (id),
  status text not null,
  error_code text,
  error_message text,
  created_at timestamptz not null default now()
);
create table event_chain (
  chain integer primary key,
  seq bigint not null default 0,
  head bytea not null
);
create table event (
  chain integer not null references event_chain (chain),
  seq bigint not null,
  hash bytea not null,
  body text not null,
  type text not null,
  at timestamptz not null,
  message_id uuid,
  mailbox_id uuid,
  primary key (chain, seq)
);
create index event_message on event (message_id) where message_id is not null;
create index event_mailbox on event (mailbox_id, at) where mailbox_id is not null;
create table job (
  id bigserial primary key,
  kind text not null,
  payload jsonb not null,
  state text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 10,
  last_error text,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index job_due on job (run_at) where state in ('pending', 'running');
`;

/**
 * Appends events to one hash chain in a single round trip: each hash is
 * SHA-256(previous hash ‖ UTF-8 body), the chain head stays locked until the transaction ends.
 */
const appendEvents = `
create function append_events(p_chain integer, p_at timestamptz, p_types text[], p_message_ids uuid[], p_mailbox_ids uuid[], p_bodies text[])
returns void language plpgsql as $$
declare
  v_seq bigint;
  v_head bytea;
begin
  select seq, head into v_seq, v_head from event_chain where chain = p_chain for update;
  if not found then
    raise exception 'event chain % does not exist', p_chain;
  end if;
  for i in 1 .. coalesce(array_length(p_bodies, 1), 0) loop
    v_seq := v_seq + 1;
    v_head := sha256(v_head || convert_to(p_bodies[i], 'UTF8'));
    insert into event (chain, seq, hash, body, type, at, message_id, mailbox_id)
    values (p_chain, v_seq, v_head, p_bodies[i], p_types[i], p_at, p_message_ids[i], p_mailbox_ids[i]);
  end loop;
  update event_chain set seq = v_seq, head = v_head where chain = p_chain;
end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
  await sql.raw(appendEvents).execute(db);
}
