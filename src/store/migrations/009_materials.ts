import { sql, type Kysely } from 'kysely';

// Materials and subscription groups (docs/admin.md, "Materials and subscription groups"): what an
// authority sends, named by a letter's MeMo messageCode or its sender system's default material; a
// letter keeps the material and the subscription group it had when it was accepted.
const ddl = `
create table subscription_group (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  name text not null,
  created_at timestamptz not null default now()
);
create unique index subscription_group_name on subscription_group (organisation_id, lower(name));
create table material (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  code text not null,
  name text not null,
  subscription_group_id uuid not null references subscription_group (id),
  mandatory boolean not null default false,
  reply_allowed boolean not null default false,
  label_prefix text,
  created_at timestamptz not null default now(),
  active boolean not null default true,
  unique (organisation_id, code)
);
alter table system add column default_material_id uuid references material (id);
alter table message add column material_id uuid references material (id);
alter table message add column subscription_group_id uuid references subscription_group (id)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
