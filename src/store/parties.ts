import type { Executor } from './executor.ts';
import { sql } from 'kysely';
import type { CitizenStatus, Organisation, OrganisationKind, PartyStatus, RegistryAddress } from './schema.ts';

// Creating the parties of the registry: organisations, production units, citizens, and the people
// who log in. (Systems, contact points and memberships are made through the administration services.)

export async function hasOrganisations(db: Executor): Promise<boolean> {
  return (await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function addOrganisation(db: Executor, organisation: { cvr: string; name: string; kind: OrganisationKind; status?: PartyStatus }): Promise<string> {
  return (await db.insertInto('organisation').values(organisation).returning('id').executeTakeFirstOrThrow()).id;
}

export async function addProductionUnits(db: Executor, organisationId: string, units: ReadonlyArray<{ pNumber: string; name: string; address?: RegistryAddress | null }>): Promise<void> {
  if (units.length === 0) return;
  await db.insertInto('production_unit').values(units.map((u) => ({
    p_number: u.pNumber, name: u.name, organisation_id: organisationId, address: u.address ? JSON.stringify(u.address) : null,
  }))).execute();
}

/** Adds citizens in batches; their ids in the order given. */
export async function addCitizens(db: Executor, citizens: ReadonlyArray<{ cpr: string; name: string; status: CitizenStatus } & CitizenRegistration>): Promise<string[]> {
  const ids: string[] = [];
  for (const chunk of chunks(citizens, 1000)) {
    const rows = await db.insertInto('citizen')
      .values(chunk.map(({ exemption, postalAddress, ...row }) => ({ ...row, ...registrationColumns({ exemption, postalAddress }) })))
      .returning(['id', 'cpr']).execute();
    const byCpr = new Map(rows.map((r) => [r.cpr, r.id]));
    for (const citizen of chunk) ids.push(byCpr.get(citizen.cpr)!);
  }
  return ids;
}

// The registry import (src/admin/registry.ts): reading parties by CVR or CPR, updating and closing them.

const CHUNK = 5000;

function chunks<T>(values: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

export interface RegisteredOrganisation extends Pick<Organisation, 'id' | 'cvr' | 'name' | 'kind' | 'status'> {
  mailboxId: string | null;
  mailboxStatus: PartyStatus | null;
  pUnits: Array<{ pNumber: string; name: string; address: RegistryAddress | null }>;
}

/** The organisations with these CVR numbers, with their mailbox and production units, by CVR. */
export async function organisationsByCvr(db: Executor, cvrs: readonly string[]): Promise<Map<string, RegisteredOrganisation>> {
  const found = new Map<string, RegisteredOrganisation>();
  for (const part of chunks(cvrs)) {
    const rows = await db.selectFrom('organisation').leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
      .select(['organisation.id', 'organisation.cvr', 'organisation.name', 'organisation.kind', 'organisation.status', 'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status'])
      .where('organisation.cvr', 'in', part).execute();
    for (const row of rows) {
      found.set(row.cvr, { id: row.id, cvr: row.cvr, name: row.name, kind: row.kind, status: row.status, mailboxId: row.mailbox_id, mailboxStatus: row.mailbox_status, pUnits: [] });
    }
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) continue;
    const byId = new Map([...found.values()].map((o) => [o.id, o]));
    const units = await db.selectFrom('production_unit').select(['p_number', 'name', 'address', 'organisation_id'])
      .where('organisation_id', 'in', ids).orderBy('p_number').execute();
    for (const u of units) byId.get(u.organisation_id)?.pUnits.push({ pNumber: u.p_number, name: u.name, address: u.address });
  }
  return found;
}

/** Which organisation (by CVR) each of these P-numbers belongs to now. */
export async function productionUnitOwners(db: Executor, pNumbers: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const part of chunks(pNumbers)) {
    const rows = await db.selectFrom('production_unit').innerJoin('organisation', 'organisation.id', 'production_unit.organisation_id')
      .select(['production_unit.p_number', 'organisation.cvr']).where('production_unit.p_number', 'in', part).execute();
    for (const row of rows) owners.set(row.p_number, row.cvr);
  }
  return owners;
}

export async function updateOrganisation(db: Executor, id: string, changes: { name: string; kind: OrganisationKind; status: PartyStatus }): Promise<void> {
  await db.updateTable('organisation').set(changes).where('id', '=', id).execute();
}

/** Renames (or re-addresses) a production unit; it may move to another organisation (a transfer in CVR). */
export async function updateProductionUnit(db: Executor, pNumber: string, unit: { organisationId: string; name: string; address: RegistryAddress | null }): Promise<void> {
  await db.updateTable('production_unit').set({ organisation_id: unit.organisationId, name: unit.name, address: unit.address ? JSON.stringify(unit.address) : null })
    .where('p_number', '=', pNumber).execute();
}

/**
 * Removes production units of an organisation. Letters keep the P-number they were addressed to as
 * text (`message.p_number`, no foreign key), so only the unit goes.
 */
export async function removeProductionUnits(db: Executor, organisationId: string, pNumbers: readonly string[]): Promise<void> {
  if (pNumbers.length === 0) return;
  await db.deleteFrom('production_unit').where('organisation_id', '=', organisationId).where('p_number', 'in', pNumbers).execute();
}

/** What the CPR register says of a citizen beyond name and status. */
export interface CitizenRegistration {
  exemption: { reason: string; from: string; to: string | null } | null;
  postalAddress: RegistryAddress | null;
}

function registrationColumns(registration: CitizenRegistration) {
  return {
    exemption_reason: registration.exemption?.reason ?? null,
    exemption_from: registration.exemption?.from ?? null,
    exemption_to: registration.exemption?.to ?? null,
    postal_address: registration.postalAddress ? JSON.stringify(registration.postalAddress) : null,
  };
}

export interface RegisteredCitizen extends CitizenRegistration {
  id: string;
  cpr: string;
  name: string;
  status: CitizenStatus;
  mailboxId: string | null;
  mailboxStatus: PartyStatus | null;
}

/** The citizens with these CPR numbers, with their mailbox, by CPR. */
export async function citizensByCpr(db: Executor, cprs: readonly string[]): Promise<Map<string, RegisteredCitizen>> {
  const found = new Map<string, RegisteredCitizen>();
  for (const part of chunks(cprs)) {
    const rows = await db.selectFrom('citizen').leftJoin('mailbox', 'mailbox.citizen_id', 'citizen.id')
      .select(['citizen.id', 'citizen.cpr', 'citizen.name', 'citizen.status', 'citizen.exemption_reason', 'citizen.postal_address',
        sql<string | null>`citizen.exemption_from::text`.as('exemption_from'), sql<string | null>`citizen.exemption_to::text`.as('exemption_to'),
        'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status'])
      .where('citizen.cpr', 'in', part).execute();
    for (const row of rows) {
      found.set(row.cpr, {
        id: row.id, cpr: row.cpr, name: row.name, status: row.status, mailboxId: row.mailbox_id, mailboxStatus: row.mailbox_status,
        exemption: row.exemption_reason !== null && row.exemption_from !== null ? { reason: row.exemption_reason, from: row.exemption_from, to: row.exemption_to } : null,
        postalAddress: row.postal_address,
      });
    }
  }
  return found;
}

export async function updateCitizen(db: Executor, id: string, citizen: { name: string; status: CitizenStatus } & CitizenRegistration): Promise<void> {
  const { exemption, postalAddress, ...row } = citizen;
  await db.updateTable('citizen').set({ ...row, ...registrationColumns({ exemption, postalAddress }) }).where('id', '=', id).execute();
}

export async function addUser(db: Executor, user: { subject: string; name: string; citizenId: string | null }): Promise<string> {
  return (await db.insertInto('app_user').values({ subject: user.subject, name: user.name, citizen_id: user.citizenId }).returning('id').executeTakeFirstOrThrow()).id;
}
