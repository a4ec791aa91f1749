import { sql, type Kysely } from 'kysely';

// The sender's error view (docs/monitoring.md).
//
// send_count: a system's sends per Danish day, receipt status and error code. Accepted letters are
// counted in the delivery's transaction (one set-based INSERT per group commit), refusals in the
// refusal's transaction. Insert-only, no unique key, no foreign key: two transactions never wait for
// each other here; a periodic job (`monitoring.compact`) folds each key's rows into one merged row and
// removes what is older than the retention. Readers sum every row of a key, merged or not.
//
// send_refusal: the refusals themselves, for the list of the last ones: codes, the first problem of a
// document that is not MeMo (its code and element path), never the error message (it may name the
// recipient), a CPR number or letter text. At most 1,000 a system and Danish day are kept (all are
// counted); removed after the retention by the same job.
//
// status_changed_at on citizen, organisation and mailbox, kept by triggers: when a recipient's status
// (or exemption) last changed, so that "letters to recipients who became exempt or closed" looks only
// at recipients that changed within the period (partial indexes), not at every exempt citizen.
const ddl = `
create table send_count (
  system_id uuid not null,
  day date not null,
  status text not null check (status in ('RECEIVED', 'INVALID', 'NOT_ALLOWED')),
  error_code text not null default '',
  sends bigint not null check (sends > 0),
  merged boolean not null default false
);
create index send_count_period on send_count (system_id, day) include (status, error_code, sends);
create index send_count_unmerged on send_count (system_id, day, status, error_code) where not merged;
create table send_refusal (
  id bigint generated always as identity primary key,
  system_id uuid not null,
  organisation_id uuid not null,
  at timestamptz not null,
  status text not null check (status in ('INVALID', 'NOT_ALLOWED')),
  error_code text not null,
  message_uuid uuid,
  issue_code text,
  issue_path text,
  issues integer not null default 0
);
create index send_refusal_system on send_refusal (system_id, at desc, id desc);
create index send_refusal_at on send_refusal (at);
alter table citizen add column status_changed_at timestamptz;
alter table organisation add column status_changed_at timestamptz;
alter table mailbox add column status_changed_at timestamptz;
update citizen set status_changed_at = now() where status <> 'registered';
update organisation set status_changed_at = now() where status <> 'active';
update mailbox set status_changed_at = now() where status <> 'active';
create function kuvert_citizen_status_changed() returns trigger language plpgsql as $$
begin
  if new.status is distinct from old.status or new.exemption_from is distinct from old.exemption_from
    or new.exemption_to is distinct from old.exemption_to then
    new.status_changed_at := now();
  end if;
  return new;
end $$;
create trigger citizen_status_changed before update on citizen
  for each row execute function kuvert_citizen_status_changed();
create function kuvert_party_status_changed() returns trigger language plpgsql as $$
begin
  if new.status is distinct from old.status then
    new.status_changed_at := now();
  end if;
  return new;
end $$;
create trigger organisation_status_changed before update on organisation
  for each row execute function kuvert_party_status_changed();
create trigger mailbox_status_changed before update on mailbox
  for each row execute function kuvert_party_status_changed();
create index citizen_status_changed on citizen (status_changed_at) where status <> 'registered';
create index citizen_exemption_from on citizen (exemption_from) where status = 'exempt';
create index organisation_status_changed on organisation (status_changed_at) where status = 'closed';
create index mailbox_status_changed on mailbox (status_changed_at) where status = 'closed';
create index business_receipt_failed on business_receipt (system_id, created_at desc) where status = 'FAILED';
insert into send_count (system_id, day, status, error_code, sends, merged)
select sender_system_id, (received_at at time zone 'Europe/Copenhagen')::date, 'RECEIVED', '', count(*), true
from message
where sender_system_id is not null and received_at >= now() - interval '91 days'
group by 1, 2;
insert into job (kind, payload, max_attempts) values ('monitoring.compact', '{}', 1000000)
`;

/** Statements split on `;` at a line's end, keeping the plpgsql bodies (whose `;` end lines inside `$$`) whole. */
function statements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of text.split('\n')) {
    current += `${line}\n`;
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) { out.push(current.trim().replace(/;$/, '')); current = ''; }
  }
  if (current.trim()) out.push(current.trim());
  return out.filter(Boolean);
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements(ddl)) await sql.raw(statement).execute(db);
}
