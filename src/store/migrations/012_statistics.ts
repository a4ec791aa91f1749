import { sql, type Kysely } from 'kysely';

// Statistics (docs/statistics.md): letters counted per organisation mailbox, direction, Danish month,
// sender organisation, subscription group and material. Delivery only inserts (one set-based
// statement per transaction, rows with merged = false, src/store/statistics.ts countArrivals); a
// periodic job folds them into one merged row per key (foldCounts, src/store/counts.ts). A reader sums every row
// of the key, merged or not, so the figures never depend on when the job last ran.
//
// No unique key and no update: two delivery transactions never wait for each other here, whatever
// they count. No foreign keys either: a count is history, and it must not slow down delivery.
const ddl = `
create table letter_count (
  mailbox_id uuid not null,
  direction text not null check (direction in ('received', 'sent')),
  month date not null check (extract(day from month) = 1),
  sender_organisation_id uuid,
  subscription_group_id uuid,
  material_id uuid,
  letters bigint not null check (letters > 0),
  merged boolean not null default false
);
create index letter_count_period on letter_count (mailbox_id, direction, month)
  include (sender_organisation_id, subscription_group_id, material_id, letters);
create index letter_count_unmerged on letter_count (mailbox_id, direction, month) where not merged;
insert into letter_count (mailbox_id, direction, month, sender_organisation_id, subscription_group_id, material_id, letters, merged)
select b.id, 'received', date_trunc('month', m.available_at at time zone 'Europe/Copenhagen')::date,
  m.sender_organisation_id, m.subscription_group_id, m.material_id, count(*), true
from message m join mailbox b on b.id = m.recipient_mailbox_id and b.organisation_id is not null
where m.available_at is not null
group by 1, 2, 3, 4, 5, 6;
insert into letter_count (mailbox_id, direction, month, sender_organisation_id, subscription_group_id, material_id, letters, merged)
select b.id, 'sent', date_trunc('month', m.available_at at time zone 'Europe/Copenhagen')::date,
  null::uuid, m.subscription_group_id, m.material_id, count(*), true
from message m join mailbox b on b.id = m.sender_mailbox_id and b.organisation_id is not null
where m.available_at is not null
group by 1, 2, 3, 4, 5, 6;
insert into job (kind, payload, max_attempts) values ('statistics.compact', '{}', 1000000)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
