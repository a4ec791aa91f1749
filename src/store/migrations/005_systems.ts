import { sql, type Kysely } from 'kysely';

// Systems administered from the command line (docs/admin.md): a rotated-out secret keeps working
// until `previous_secret_valid_until`; `last_authenticated_at` is written at most once a minute.
// Names are unique within an organisation, ignoring case; should two systems already share a name,
// the later ones get their id's first eight characters appended first, so the index can be built.
const ddl = `
alter table system add column previous_secret_sha256 text;
alter table system add column previous_secret_valid_until timestamptz;
alter table system add column last_authenticated_at timestamptz;
update system set name = system.name || ' (' || left(system.id::text, 8) || ')'
  where exists (select 1 from system other where other.organisation_id = system.organisation_id
    and lower(other.name) = lower(system.name) and (other.created_at, other.id) < (system.created_at, system.id));
create unique index system_organisation_name on system (organisation_id, lower(name))
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
