import { readFileSync } from 'node:fs';
import { describeCertificate, parseCertificates } from '../gateway/smime/index.ts';
import { createMailbox, hashSecret, type Db } from '../store/index.ts';
import { DEV_IDP_SUBJECT_PREFIX } from './dev-idp/constants.ts';
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
    const companyMailbox = await createMailbox(trx, { organisationId: company.id }, 'extended');
    const folders = await trx.insertInto('folder')
      .values(DEMO.companyFolders.map((name) => ({ mailbox_id: companyMailbox, kind: 'USER' as const, name })))
      .returning(['id', 'name']).execute();
    await trx.insertInto('production_unit')
      .values(DEMO.company.pUnits.map((u) => ({ p_number: u.pNumber, name: u.name, organisation_id: company.id }))).execute();
    const citizenIds = new Map<string, string>();
    for (const citizen of DEMO.citizens) {
      const row = await trx.insertInto('citizen').values(citizen).returning('id').executeTakeFirstOrThrow();
      await createMailbox(trx, { citizenId: row.id });
      citizenIds.set(citizen.cpr, row.id);
    }
    const owners = { authority: authority.id, company: company.id };
    const organisationOf = { [DEMO.authority.cvr]: authority.id, [DEMO.company.cvr]: company.id };
    for (const person of DEMO.people) {
      const user = await trx.insertInto('app_user').values({
        subject: `${DEV_IDP_SUBJECT_PREFIX}${person.sub}`, name: person.name,
        citizen_id: 'cpr' in person ? citizenIds.get(person.cpr) ?? null : null,
      }).returning('id').executeTakeFirstOrThrow();
      if ('cvr' in person) {
        const folderIds = 'folders' in person ? folders.filter((f) => (person.folders as readonly string[]).includes(f.name)).map((f) => f.id) : null;
        await trx.insertInto('membership').values({
          user_id: user.id, organisation_id: organisationOf[person.cvr]!, role: person.role, folder_ids: folderIds,
        }).execute();
      }
    }
    await trx.insertInto('system').values(Object.values(DEMO.systems).map((s) => ({
      id: s.id, name: s.name, kind: s.kind, organisation_id: owners[s.owner], secret_sha256: hashSecret(s.secret), is_default: true,
    }))).execute();
    for (const [file, organisationId] of [['kommunen-mail.pem', authority.id], ['demoaps-mail.pem', company.id]] as const) {
      const der = parseCertificates(readFileSync(new URL(`./mail/${file}`, import.meta.url)))[0]!;
      const info = describeCertificate(der);
      await trx.insertInto('mail_certificate').values({
        organisation_id: organisationId, fingerprint_sha256: info.fingerprintSha256, der, subject: info.subject, issuer: info.issuer,
        not_before: info.notBefore, not_after: info.notAfter, emails: info.emailAddresses.map((e) => e.toLowerCase()), created_by: 'demo',
      }).execute();
    }
    await trx.insertInto('contact_point').values(DEMO.contactPoints.map((c) => ({
      id: c.id, name: c.name, description: c.description, contact_group: c.contactGroup, mail_name: c.mailName, organisation_id: authority.id,
    }))).execute();
  });
  return true;
}
