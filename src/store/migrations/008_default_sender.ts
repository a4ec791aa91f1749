import { sql, type Kysely } from 'kysely';

// Exactly one default sender system per organisation that has an active sender system
// (docs/admin.md, "Systems in the portal"): a disabled system is no longer the default, and an
// organisation with active senders but no default gets its oldest active sender as the default.
const ddl = `
update system set is_default = false where is_default and status <> 'active';
update system set is_default = true where system.id in (
  select distinct on (organisation_id) id from system
  where kind = 'sender' and status = 'active'
    and not exists (select 1 from system d where d.organisation_id = system.organisation_id and d.is_default)
  order by organisation_id, created_at, id)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
