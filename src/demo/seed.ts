import { readFileSync } from 'node:fs';
import { describeCertificate, parseCertificates } from '../gateway/smime/index.ts';
import {
  addCitizen, addContactPoints, addMailCertificate, addMembership, addOrganisation, addProductionUnits, addSystems, addUser, addUserFolder,
  createMailbox, hashSecret, hasOrganisations, type Db,
} from '../store/index.ts';
import { DEV_IDP_SUBJECT_PREFIX } from './dev-idp/constants.ts';
import { DEMO } from './identities.ts';

/** Creates the demo parties when the database has no organisations yet; returns whether it did. */
export async function seedDemoData(db: Db): Promise<boolean> {
  if (await hasOrganisations(db)) return false;
  await db.transaction().execute(async (trx) => {
    const authority = await addOrganisation(trx, { ...DEMO.authority, kind: 'authority' });
    const company = await addOrganisation(trx, { cvr: DEMO.company.cvr, name: DEMO.company.name, kind: 'company' });
    await createMailbox(trx, { organisationId: authority }, { level: 'extended', activatedBy: 'demo' });
    const companyMailbox = await createMailbox(trx, { organisationId: company }, { level: 'extended', activatedBy: 'demo' });
    const folders = [];
    for (const name of DEMO.companyFolders) folders.push(await addUserFolder(trx, companyMailbox, name));
    await addProductionUnits(trx, company, DEMO.company.pUnits);
    const citizenIds = new Map<string, string>();
    for (const citizen of DEMO.citizens) {
      const id = await addCitizen(trx, citizen);
      await createMailbox(trx, { citizenId: id });
      citizenIds.set(citizen.cpr, id);
    }
    const owners = { authority, company };
    const organisationOf = { [DEMO.authority.cvr]: authority, [DEMO.company.cvr]: company };
    for (const person of DEMO.people) {
      const userId = await addUser(trx, {
        subject: `${DEV_IDP_SUBJECT_PREFIX}${person.sub}`, name: person.name, citizenId: 'cpr' in person ? citizenIds.get(person.cpr) ?? null : null,
      });
      if ('cvr' in person) {
        const folderIds = 'folders' in person ? folders.filter((f) => (person.folders as readonly string[]).includes(f.name)).map((f) => f.id) : null;
        await addMembership(trx, { userId, organisationId: organisationOf[person.cvr]!, role: person.role, folderIds });
      }
    }
    await addSystems(trx, Object.values(DEMO.systems).map((s) => ({
      id: s.id, name: s.name, kind: s.kind, organisationId: owners[s.owner], secretSha256: hashSecret(s.secret), isDefault: s.kind === 'sender',
    })));
    for (const [file, organisationId] of [['kommunen-mail.pem', authority], ['demoaps-mail.pem', company]] as const) {
      const der = parseCertificates(readFileSync(new URL(`./mail/${file}`, import.meta.url)))[0]!;
      const info = describeCertificate(der);
      await addMailCertificate(trx, {
        organisationId, fingerprintSha256: info.fingerprintSha256, der, subject: info.subject, issuer: info.issuer,
        notBefore: info.notBefore, notAfter: info.notAfter, emails: info.emailAddresses.map((e) => e.toLowerCase()), createdBy: 'demo',
      });
    }
    await addContactPoints(trx, authority, DEMO.contactPoints);
  });
  return true;
}
