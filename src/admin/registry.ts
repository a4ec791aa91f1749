import {
  checkProductionUnitOwners, maskCpr, parseRegistryFile, Refusal, type PostalAddress, type RegistryFile, type RegistryProblem,
} from '../domain/index.ts';
import {
  addCitizens, addOrganisation, addProductionUnits, appendEvents, citizensByCpr, createMailbox, createMailboxes, organisationsByCvr, productionUnitOwners,
  removeProductionUnits, setMailboxStatus, updateCitizen, updateOrganisation, updateProductionUnit,
  type Db, type Executor, type NewEvent, type RegistryAddress,
} from '../store/index.ts';

/**
 * The registry import (docs/admin.md, "Registry import"): organisations and citizens from a file shaped
 * after CVR and CPR extracts. The file is checked whole before anything is written, and applied in one
 * transaction. Only the parties the file names are touched: an organisation or citizen absent from the
 * file is left as it is, so a partial extract never closes the rest.
 */

export type RegistryOutcome = 'created' | 'changed' | 'closed' | 'unchanged';

export interface RegistryPartyReport {
  party: 'organisation' | 'citizen';
  /** the CVR number of an organisation; a citizen's masked CPR number (`221177-****`) */
  label: string;
  outcome: RegistryOutcome;
  /** what changed, by field (`name`, `status`, `pUnit 1012345678 removed` …) */
  changes: string[];
}

export type RegistryCounts = Record<RegistryOutcome, number>;

export interface RegistryImportReport {
  dryRun: boolean;
  organisations: RegistryCounts;
  citizens: RegistryCounts;
  parties: RegistryPartyReport[];
}

export interface RegistryImportOptions {
  /** who imports, for the events: `cli` on the command line */
  actor: string;
  /** check and report, write nothing */
  dryRun?: boolean;
}

/** A refused file: code REGISTRY_FILE_INVALID, every problem in `details`. */
export function registryRefusal(problems: RegistryProblem[]): Refusal {
  return new Refusal('invalid', 'REGISTRY_FILE_INVALID',
    `The registry file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`, problems);
}

class DryRun {
  constructor(readonly report: RegistryImportReport) {}
}

const counts = (): RegistryCounts => ({ created: 0, changed: 0, closed: 0, unchanged: 0 });

/** An address as a comparable string, whatever order the database keeps its keys in. */
function addressKey(address: PostalAddress | RegistryAddress | null): string {
  return address ? JSON.stringify([address.street, address.postalCode, address.city, address.careOf ?? null, address.country ?? null]) : 'null';
}

type Exemption = { reason: string; from: string; to?: string | null | undefined } | null | undefined;

function sameExemption(a: Exemption, b: Exemption): boolean {
  if (!a || !b) return !a && !b;
  return a.reason === b.reason && a.from === b.from && (a.to ?? null) === (b.to ?? null);
}

/** Imports a registry file (its bytes or text); throws a Refusal listing every problem when it is malformed. */
export async function importRegistry(db: Db, eventChains: number, input: string | Uint8Array, options: RegistryImportOptions): Promise<RegistryImportReport> {
  const parsed = parseRegistryFile(input);
  if (!parsed.ok) throw registryRefusal(parsed.problems);
  try {
    return await db.transaction().execute(async (trx) => {
      const report = await applyRegistry(trx, eventChains, parsed.file, options);
      if (options.dryRun) throw new DryRun(report);
      return report;
    });
  } catch (err) {
    if (err instanceof DryRun) return err.report;
    throw err;
  }
}

/** Applies a checked registry file in the caller's transaction (the import, the demo seed). */
export async function applyRegistry(trx: Executor, eventChains: number, file: RegistryFile, options: RegistryImportOptions): Promise<RegistryImportReport> {
  const owners = await productionUnitOwners(trx, file.organisations.flatMap((o) => o.pUnits.map((u) => u.pNumber)));
  const taken = checkProductionUnitOwners(file, owners);
  if (taken.length > 0) throw registryRefusal(taken);

  const report: RegistryImportReport = { dryRun: options.dryRun === true, organisations: counts(), citizens: counts(), parties: [] };
  const events: NewEvent[] = [];
  const actor = options.actor;

  // Organisations. Units new to an organisation are added after every removal, so a unit may move
  // from one organisation of the file to another.
  const existingOrganisations = await organisationsByCvr(trx, file.organisations.map((o) => o.cvr));
  const additions: Array<{ organisationId: string; units: Array<{ pNumber: string; name: string; address: RegistryAddress | null }> }> = [];
  for (const organisation of file.organisations) {
    const existing = existingOrganisations.get(organisation.cvr);
    const closed = organisation.status === 'closed';
    if (!existing) {
      const id = await addOrganisation(trx, { cvr: organisation.cvr, name: organisation.name, kind: organisation.kind, status: organisation.status });
      const mailboxId = await createMailbox(trx, { organisationId: id, status: organisation.status });
      additions.push({ organisationId: id, units: organisation.pUnits });
      report.organisations.created++;
      report.parties.push({ party: 'organisation', label: organisation.cvr, outcome: 'created', changes: [] });
      events.push({
        type: 'REGISTRY_ORGANISATION_CREATED', actor, mailboxId,
        data: { organisationId: id, cvr: organisation.cvr, kind: organisation.kind, status: organisation.status, pUnits: organisation.pUnits.map((u) => u.pNumber) },
      });
      continue;
    }
    const changes: string[] = [];
    if (existing.name !== organisation.name) changes.push('name');
    if (existing.kind !== organisation.kind) changes.push('kind');
    if (existing.status !== organisation.status) changes.push('status');
    if (changes.length > 0) await updateOrganisation(trx, existing.id, { name: organisation.name, kind: organisation.kind, status: organisation.status });

    const wanted = new Map(organisation.pUnits.map((u) => [u.pNumber as string, u]));
    const removed = existing.pUnits.filter((u) => !wanted.has(u.pNumber)).map((u) => u.pNumber);
    await removeProductionUnits(trx, existing.id, removed);
    const current = new Map(existing.pUnits.map((u) => [u.pNumber, u]));
    const added: Array<{ pNumber: string; name: string; address: RegistryAddress | null }> = [];
    for (const unit of organisation.pUnits) {
      const had = current.get(unit.pNumber);
      if (!had) {
        added.push(unit);
        changes.push(`pUnit ${unit.pNumber} added`);
      } else if (had.name !== unit.name || addressKey(had.address) !== addressKey(unit.address)) {
        await updateProductionUnit(trx, unit.pNumber, { organisationId: existing.id, name: unit.name, address: unit.address });
        changes.push(had.name !== unit.name ? `pUnit ${unit.pNumber} renamed` : `pUnit ${unit.pNumber} address`);
      }
    }
    for (const pNumber of removed) changes.push(`pUnit ${pNumber} removed`);
    additions.push({ organisationId: existing.id, units: added });

    // the mailbox follows the organisation: closed with it (letters kept), reopened with it
    let mailboxId = existing.mailboxId;
    if (mailboxId === null) {
      mailboxId = await createMailbox(trx, { organisationId: existing.id, status: organisation.status });
      changes.push('mailbox created');
    } else if (existing.mailboxStatus !== organisation.status) {
      await setMailboxStatus(trx, mailboxId, organisation.status);
      changes.push(closed ? 'mailbox closed' : 'mailbox reopened');
    }

    const outcome: RegistryOutcome = changes.length === 0 ? 'unchanged' : closed && existing.status !== 'closed' ? 'closed' : 'changed';
    report.organisations[outcome]++;
    report.parties.push({ party: 'organisation', label: organisation.cvr, outcome, changes });
    if (outcome !== 'unchanged') {
      events.push({
        type: outcome === 'closed' ? 'REGISTRY_ORGANISATION_CLOSED' : 'REGISTRY_ORGANISATION_CHANGED', actor, mailboxId,
        data: { organisationId: existing.id, cvr: organisation.cvr, changes },
      });
    }
  }
  for (const { organisationId, units } of additions) await addProductionUnits(trx, organisationId, units);

  // Citizens: `exempt` keeps the mailbox (senders get RECIPIENT_EXEMPT within the exemption's period),
  // `closed` closes it. Events name the citizen by id, never by CPR number.
  // New citizens are written in batches (a first import holds most of a population).
  const existingCitizens = await citizensByCpr(trx, file.citizens.map((c) => c.cpr));
  const newCitizens = file.citizens.filter((c) => !existingCitizens.has(c.cpr));
  const newIds = await addCitizens(trx, newCitizens.map((c) => ({
    cpr: c.cpr, name: c.name, status: c.registration, exemption: c.exemption ?? null, postalAddress: c.postalAddress ?? null,
  })));
  const newMailboxes = await createMailboxes(trx, newIds.map((citizenId, i) => ({ citizenId, status: newCitizens[i]!.registration === 'closed' ? 'closed' : 'active' })));
  const created = new Map(newCitizens.map((c, i) => [c.cpr, { id: newIds[i]!, mailboxId: newMailboxes[i]! }]));
  for (const citizen of file.citizens) {
    const existing = existingCitizens.get(citizen.cpr);
    const label = maskCpr(citizen.cpr);
    const closed = citizen.registration === 'closed';
    const mailboxStatus = closed ? 'closed' : 'active';
    const registration = { exemption: citizen.exemption, postalAddress: citizen.postalAddress };
    if (!existing) {
      const { id, mailboxId } = created.get(citizen.cpr)!;
      report.citizens.created++;
      report.parties.push({ party: 'citizen', label, outcome: 'created', changes: [] });
      events.push({ type: 'REGISTRY_CITIZEN_CREATED', actor, mailboxId, data: { citizenId: id, registration: citizen.registration } });
      continue;
    }
    const changes: string[] = [];
    if (existing.name !== citizen.name) changes.push('name');
    if (existing.status !== citizen.registration) changes.push('registration');
    if (!sameExemption(existing.exemption, citizen.exemption)) changes.push('exemption');
    if (addressKey(existing.postalAddress) !== addressKey(citizen.postalAddress)) changes.push('postalAddress');
    if (changes.length > 0) await updateCitizen(trx, existing.id, { name: citizen.name, status: citizen.registration, ...registration });

    let mailboxId = existing.mailboxId;
    if (mailboxId === null) {
      mailboxId = await createMailbox(trx, { citizenId: existing.id, status: mailboxStatus });
      changes.push('mailbox created');
    } else if (existing.mailboxStatus !== mailboxStatus) {
      await setMailboxStatus(trx, mailboxId, mailboxStatus);
      changes.push(closed ? 'mailbox closed' : 'mailbox reopened');
    }

    const outcome: RegistryOutcome = changes.length === 0 ? 'unchanged' : closed && existing.status !== 'closed' ? 'closed' : 'changed';
    report.citizens[outcome]++;
    report.parties.push({ party: 'citizen', label, outcome, changes });
    if (outcome !== 'unchanged') {
      events.push({
        type: outcome === 'closed' ? 'REGISTRY_CITIZEN_CLOSED' : 'REGISTRY_CITIZEN_CHANGED', actor, mailboxId,
        data: { citizenId: existing.id, registration: citizen.registration, changes },
      });
    }
  }

  await appendEvents(trx, eventChains, events);
  return report;
}
