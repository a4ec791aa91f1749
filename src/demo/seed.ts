import { createMailbox, hashSecret, type Db } from '../store/index.ts';
import { DEMO } from './identities.ts';

/** Creates the demo parties when the database has no organisations yet; returns whether it did. */
export async function seedDemoData(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await db.transaction().execute(async (trx) => {
    const authority = await trx.insertInto('organisation').values({ ...DEMO.authority, kind: 'authority' }).returning('id').executeTakeFirstOrThrow();
    const company = await trx.insertInto('organisation').values({ cvr: DEMO.company.cvr, name: DEMO.company.name, kind: 'company' })
      .returning('id').executeTakeFirstOrThrow();
    await createMailbox(trx, { organisationId: authority.id }, 'extended');
    await createMailbox(trx, { organisationId: company.id }, 'extended');
    await trx.insertInto('production_unit')
      .values(DEMO.company.pUnits.map((u) => ({ p_number: u.pNumber, name: u.name, organisation_id: company.id }))).execute();
    for (const citizen of DEMO.citizens) {
      const row = await trx.insertInto('citizen').values(citizen).returning('id').executeTakeFirstOrThrow();
      await createMailbox(trx, { citizenId: row.id });
    }
    const owners = { authority: authority.id, company: company.id };
    await trx.insertInto('system').values(Object.values(DEMO.systems).map((s) => ({
      id: s.id, name: s.name, kind: s.kind, organisation_id: owners[s.owner], secret_sha256: hashSecret(s.secret), is_default: true,
    }))).execute();
    await trx.insertInto('contact_point').values(DEMO.contactPoints.map((c) => ({
      id: c.id, name: c.name, description: c.description, contact_group: c.contactGroup, organisation_id: authority.id,
    }))).execute();
  });
  return true;
}
