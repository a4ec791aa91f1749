import { sql, type Kysely } from 'kysely';

// Administration without SQL (docs/admin.md): roles super-admin/admin/writer/reader (the old admin
// becomes super-admin, limited a folder-limited reader), the access history, access requests,
// invitations, people's e-mail addresses, activation of organisation mailboxes (those in use are
// taken as activated), mail Kuvert sends to people, contact point hierarchy and settings, one
// default sender system per organisation, and the operator API's keys.
const ddl = `
alter table membership drop constraint membership_role_check;
update membership set role = 'super-admin' where role = 'admin';
update membership set role = 'reader' where role = 'limited';
alter table membership add constraint membership_role_check check (role in ('super-admin', 'admin', 'writer', 'reader'));
alter table membership add constraint membership_folders_check check (folder_ids is null or role in ('writer', 'reader'));
alter table membership add column granted_by text not null default 'migration';
create index membership_organisation on membership (organisation_id);
create table membership_period (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  organisation_id uuid not null references organisation (id),
  role text not null,
  folder_ids uuid[],
  valid_from timestamptz not null default now(),
  valid_to timestamptz,
  granted_by text not null,
  ended_by text,
  end_reason text
);
create index membership_period_organisation on membership_period (organisation_id, valid_from desc);
insert into membership_period (user_id, organisation_id, role, folder_ids, valid_from, granted_by)
  select user_id, organisation_id, role, folder_ids, created_at, 'migration' from membership;
alter table app_user add column cvr text;
alter table app_user add column email text;
alter table app_user add column email_confirmed_at timestamptz;
alter table app_user add column email_pending text;
alter table app_user add column email_token_sha256 text;
alter table app_user add column email_token_expires_at timestamptz;
create table access_request (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  organisation_id uuid not null references organisation (id),
  role text not null check (role in ('super-admin', 'admin', 'writer', 'reader')),
  folder_ids uuid[],
  message text,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
  decided_by text,
  decided_at timestamptz,
  decided_role text,
  decided_folder_ids uuid[],
  reason text,
  created_at timestamptz not null default now()
);
create unique index access_request_pending on access_request (user_id, organisation_id) where status = 'pending';
create index access_request_organisation on access_request (organisation_id, created_at desc);
create table invitation (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  email text not null,
  role text not null check (role in ('super-admin', 'admin', 'writer', 'reader')),
  folder_ids uuid[],
  token_sha256 text not null unique,
  expires_at timestamptz not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  accepted_by uuid references app_user (id),
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index invitation_organisation on invitation (organisation_id, created_at desc);
create table outgoing_mail (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  organisation_id uuid references organisation (id),
  recipient text not null,
  subject text not null,
  text_body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'outbox', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outgoing_mail_created on outgoing_mail (created_at desc);
alter table mailbox add column activated_at timestamptz;
alter table mailbox add column activated_by text;
update mailbox set activated_at = created_at, activated_by = 'migration' where organisation_id is not null;
alter table contact_point add column parent_id uuid references contact_point (id);
alter table contact_point add column who_may_write text[] not null default '{citizen,company,authority}';
alter table contact_point add column allowed_file_types text[];
alter table contact_point add column recipient_system_id uuid references system (id);
alter table contact_point add column deactivated_at timestamptz;
alter table contact_point add column deactivated_by text;
update system set is_default = false where kind <> 'sender';
update system set is_default = false where is_default and exists (select 1 from system other where other.organisation_id = system.organisation_id
  and other.kind = 'sender' and other.is_default and (other.created_at, other.id) < (system.created_at, system.id));
create unique index system_default_sender on system (organisation_id) where is_default;
create table operator_key (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  secret_sha256 text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
