import { sql, type Kysely } from 'kysely';

// What the registry import (docs/admin.md, "Registry import") keeps that the first tables lacked: a
// citizen's exemption from Digital Post and postal address, a production unit's address.
const ddl = `
alter table citizen add column exemption_reason text;
alter table citizen add column exemption_from date;
alter table citizen add column exemption_to date;
alter table citizen add column postal_address jsonb;
alter table citizen add constraint citizen_exemption_period check (exemption_to is null or exemption_from is null or exemption_to >= exemption_from);
alter table production_unit add column address jsonb;
create index production_unit_organisation on production_unit (organisation_id)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
