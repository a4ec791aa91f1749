import type { Executor } from './executor.ts';
import type { CitizenStatus, MembershipRole, OrganisationKind, SystemKind } from './schema.ts';

// Creating the parties of the registry: organisations, production units, citizens, systems,
// contact points, and the people who log in for organisations.

export async function hasOrganisations(db: Executor): Promise<boolean> {
  return (await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function addOrganisation(db: Executor, organisation: { cvr: string; name: string; kind: OrganisationKind }): Promise<string> {
  return (await db.insertInto('organisation').values(organisation).returning('id').executeTakeFirstOrThrow()).id;
}

export async function addProductionUnits(db: Executor, organisationId: string, units: ReadonlyArray<{ pNumber: string; name: string }>): Promise<void> {
  if (units.length === 0) return;
  await db.insertInto('production_unit').values(units.map((u) => ({ p_number: u.pNumber, name: u.name, organisation_id: organisationId }))).execute();
}

export async function addCitizen(db: Executor, citizen: { cpr: string; name: string; status: CitizenStatus }): Promise<string> {
  return (await db.insertInto('citizen').values(citizen).returning('id').executeTakeFirstOrThrow()).id;
}

export async function addUser(db: Executor, user: { subject: string; name: string; citizenId: string | null }): Promise<string> {
  return (await db.insertInto('app_user').values({ subject: user.subject, name: user.name, citizen_id: user.citizenId }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function addMembership(db: Executor, membership: { userId: string; organisationId: string; role: MembershipRole; folderIds: string[] | null }): Promise<void> {
  await db.insertInto('membership').values({
    user_id: membership.userId, organisation_id: membership.organisationId, role: membership.role, folder_ids: membership.folderIds,
  }).execute();
}

export async function addSystems(db: Executor, systems: ReadonlyArray<{
  id?: string; name: string; kind: SystemKind; organisationId: string; secretSha256: string; isDefault: boolean;
}>): Promise<void> {
  if (systems.length === 0) return;
  await db.insertInto('system').values(systems.map((s) => ({
    ...(s.id ? { id: s.id } : {}), name: s.name, kind: s.kind, organisation_id: s.organisationId, secret_sha256: s.secretSha256, is_default: s.isDefault,
  }))).execute();
}

export async function addContactPoints(db: Executor, organisationId: string, contactPoints: ReadonlyArray<{
  id?: string; name: string; description: string; contactGroup: string | null; mailName: string | null;
}>): Promise<void> {
  if (contactPoints.length === 0) return;
  await db.insertInto('contact_point').values(contactPoints.map((c) => ({
    ...(c.id ? { id: c.id } : {}), name: c.name, description: c.description, contact_group: c.contactGroup, mail_name: c.mailName, organisation_id: organisationId,
  }))).execute();
}
