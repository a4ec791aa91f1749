import { readFileSync } from 'node:fs';
import { activateOrganisationMailbox, addContactPoint, addSystem, applyRegistry, grantMembership } from '../admin/index.ts';
import { parseRegistryFile } from '../domain/index.ts';
import { describeCertificate, parseCertificates } from '../gateway/smime/index.ts';
import {
  addMailCertificate, addUser, addUserFolder, citizensByCpr, hasOrganisations, mailboxOfOrganisation, organisationIdByCvr, setConfirmedEmail, type Db,
} from '../store/index.ts';
import { DEV_IDP_SUBJECT_PREFIX } from './dev-idp/constants.ts';
import { DEMO } from './identities.ts';

/** The demo parties as a registry file (docs/admin.md, "Registry import"), imported like any other. */
function demoRegistry() {
  return {
    organisations: [
      { cvr: DEMO.authority.cvr, name: DEMO.authority.name, kind: 'authority', pUnits: [] },
      { cvr: DEMO.company.cvr, name: DEMO.company.name, kind: 'company', pUnits: DEMO.company.pUnits },
    ],
    citizens: DEMO.citizens.map((c) => ({
      cpr: c.cpr, name: c.name, registration: c.status,
      ...(c.status === 'exempt' ? { exemption: { reason: 'Fritaget efter ansøgning', from: '2024-01-01' } } : {}),
    })),
  };
}

/**
 * Creates the demo parties when the database has no organisations yet; returns whether it did. It
 * goes through the administration services an operator and the organisations' administrators use —
 * the registry import, activation, memberships, systems, contact points — in one transaction, with
 * their events; only the demo's fixed users, folders and mail certificates are written directly.
 */
export async function seedDemoData(db: Db, eventChains: number): Promise<boolean> {
  if (await hasOrganisations(db)) return false;
  const parsed = parseRegistryFile(JSON.stringify(demoRegistry()));
  if (!parsed.ok) throw new Error(`the demo registry is invalid: ${JSON.stringify(parsed.problems)}`);
  await db.transaction().execute(async (trx) => {
    await applyRegistry(trx, eventChains, parsed.file, { actor: 'demo' });
    const authority = (await organisationIdByCvr(trx, DEMO.authority.cvr))!;
    const company = (await organisationIdByCvr(trx, DEMO.company.cvr))!;
    const owners = { authority, company };
    for (const organisationId of [authority, company]) await activateOrganisationMailbox(trx, eventChains, 'demo', organisationId, 'extended');
    const companyMailbox = (await mailboxOfOrganisation(trx, company))!;
    const folders = [];
    for (const name of DEMO.companyFolders) folders.push(await addUserFolder(trx, companyMailbox, name));

    const citizens = await citizensByCpr(trx, DEMO.citizens.map((c) => c.cpr));
    for (const person of DEMO.people) {
      // employees without a role in the seed (Lars, Sofie) get their user at their first login
      if (!('cpr' in person) && !('role' in person)) continue;
      const userId = await addUser(trx, {
        subject: `${DEV_IDP_SUBJECT_PREFIX}${person.sub}`, name: person.name, citizenId: 'cpr' in person ? citizens.get(person.cpr)?.id ?? null : null,
      });
      if ('role' in person) {
        await setConfirmedEmail(trx, userId, person.email);
        const folderIds = 'folders' in person ? folders.filter((f) => (person.folders as readonly string[]).includes(f.name)).map((f) => f.id) : null;
        await grantMembership(trx, eventChains, 'demo', { userId, organisationId: person.cvr === DEMO.authority.cvr ? authority : company, role: person.role, folderIds });
      }
    }
    for (const s of Object.values(DEMO.systems)) {
      await addSystem(trx, eventChains, 'demo', { organisationId: owners[s.owner], kind: s.kind, name: s.name, id: s.id, secret: s.secret });
    }
    for (const [file, organisationId] of [['kommunen-mail.pem', authority], ['demoaps-mail.pem', company]] as const) {
      const der = parseCertificates(readFileSync(new URL(`./mail/${file}`, import.meta.url)))[0]!;
      const info = describeCertificate(der);
      await addMailCertificate(trx, {
        organisationId, fingerprintSha256: info.fingerprintSha256, der, subject: info.subject, issuer: info.issuer,
        notBefore: info.notBefore, notAfter: info.notAfter, emails: info.emailAddresses.map((e) => e.toLowerCase()), createdBy: 'demo',
      });
    }
    for (const point of DEMO.contactPoints) {
      await addContactPoint(trx, eventChains, 'demo', authority, {
        id: point.id, name: point.name, description: point.description, contactGroup: point.contactGroup, mailName: point.mailName,
      });
    }
  });
  return true;
}
