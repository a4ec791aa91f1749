import type { ContactPointAdmin, ContactPointChange, ContactPointInput, ContactPointUse, DeactivateInput } from '../contract/index.ts';
import { MAIL_NAME, parseUuid, Refusal, type Principal } from '../domain/index.ts';
import {
  appendEvents, contactPointOfOrganisation, contactPointsOfOrganisation, countThreadsOfContactPoint, insertContactPoint, mailNameTaken,
  setContactPointActive, systemWithOrganisation, uniqueViolationAs, updateContactPointSettings,
  type ContactPointRow, type ContactPointSettings, type Executor,
} from '../store/index.ts';
import { actorOf, requireAuthority as authority, requireRole } from './access.ts';
import type { ActorName, AdminContext } from './context.ts';
import { picked } from './audit/index.ts';
import { cleanLine } from './input.ts';

/**
 * An authority's contact points (docs/admin.md, "Contact points"): created, changed, grouped under
 * one another (a hierarchy), deactivated (asking first while mail still points to them) and
 * reactivated by its administrators. Delivery applies their settings (src/delivery/contact-point-rules.ts).
 */

/** How far back a conversation counts as open when a contact point is deactivated. */
const OPEN_THREAD_MONTHS = 12;

/** who may write, in the order they are shown and stored */
const WRITERS = ['citizen', 'company', 'authority'] as const;

const DEFAULTS = { description: '', visible: true, whoMayWrite: WRITERS, maxSizeMb: 50, maxAttachments: 10 } as const;

const notFound = () => new Refusal('not-found', 'CONTACT_POINT_NOT_FOUND', 'The organisation has no contact point with this id.');
const mailNameTaken409 = () => new Refusal('conflict', 'MAIL_NAME_TAKEN', 'Another contact point already has this mail name.');

export function contactPointView(row: ContactPointRow): ContactPointAdmin {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    parentId: row.parent_id,
    active: row.active,
    visible: row.visible,
    whoMayWrite: row.who_may_write,
    maxSizeMb: row.memo_size_threshold_mb,
    maxAttachments: row.allowed_attachments,
    fileTypes: row.allowed_file_types,
    recipientSystemId: row.recipient_system_id,
    mailName: row.mail_name,
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
  };
}

function mailNameOf(value: string | null): string | null {
  if (value === null) return null;
  const name = value.trim().toLowerCase();
  if (!MAIL_NAME.test(name) || /^[0-9]+$/.test(name)) {
    throw new Refusal('invalid', 'MAIL_NAME_INVALID', 'A mail name is a DNS label: a to z, 0 to 9 and -, at most 63 characters, not only digits, not starting or ending with -.');
  }
  return name;
}

/**
 * Checks the given settings against the organisation: the parent is one of its contact points and
 * no cycle arises, the recipient system is one of its active recipient systems, the mail name is free.
 */
async function checkedSettings(trx: Executor, organisationId: string, input: ContactPointChange, self?: ContactPointRow): Promise<Partial<ContactPointSettings>> {
  const settings: Partial<ContactPointSettings> = {};
  if (input.name !== undefined) settings.name = cleanLine(input.name, 'CONTACT_POINT_NAME_INVALID', 'A contact point\'s name', 200);
  if (input.description !== undefined) settings.description = input.description.normalize('NFC').trim();
  if (input.visible !== undefined) settings.visible = input.visible;
  if (input.whoMayWrite !== undefined) settings.whoMayWrite = WRITERS.filter((w) => input.whoMayWrite!.includes(w));
  if (input.maxSizeMb !== undefined) settings.maxSizeMb = input.maxSizeMb;
  if (input.maxAttachments !== undefined) settings.maxAttachments = input.maxAttachments;
  if (input.fileTypes !== undefined) {
    if (input.fileTypes !== null && input.fileTypes.length === 0) {
      throw new Refusal('invalid', 'FILE_TYPES_EMPTY', 'Name at least one file type, or none (null) for every type; to take no attachments, set maxAttachments to 0.');
    }
    settings.fileTypes = input.fileTypes === null ? null : [...new Set(input.fileTypes.map((t) => t.toLowerCase()))];
  }
  if (input.parentId !== undefined) settings.parentId = input.parentId === null ? null : await checkedParent(trx, organisationId, input.parentId, self);
  if (input.recipientSystemId !== undefined) {
    settings.recipientSystemId = input.recipientSystemId === null ? null : await checkedRecipientSystem(trx, organisationId, input.recipientSystemId);
  }
  if (input.mailName !== undefined) {
    settings.mailName = mailNameOf(input.mailName);
    if (settings.mailName !== null && await mailNameTaken(trx, settings.mailName, self?.id)) throw mailNameTaken409();
  }
  return settings;
}

async function checkedParent(trx: Executor, organisationId: string, parentId: string, self?: ContactPointRow): Promise<string> {
  const id = parseUuid(parentId);
  const all = await contactPointsOfOrganisation(trx, organisationId);
  const byId = new Map(all.map((c) => [c.id, c]));
  if (!id || !byId.has(id)) throw new Refusal('not-allowed', 'CONTACT_POINT_PARENT_INVALID', 'The parent must be one of the organisation\'s contact points.');
  // walking up from the new parent must not reach the contact point itself
  for (let at: string | null = id, steps = 0; at !== null && steps <= all.length; at = byId.get(at)?.parent_id ?? null, steps++) {
    if (self && at === self.id) throw new Refusal('not-allowed', 'CONTACT_POINT_PARENT_CYCLE', 'A contact point cannot be grouped under itself or one grouped under it.');
  }
  return id;
}

async function checkedRecipientSystem(trx: Executor, organisationId: string, systemId: string): Promise<string> {
  const id = parseUuid(systemId);
  const system = id ? await systemWithOrganisation(trx, id) : undefined;
  if (!system || system.organisation_id !== organisationId || system.kind !== 'recipient' || system.status !== 'active') {
    throw new Refusal('not-allowed', 'RECIPIENT_SYSTEM_INVALID', 'The recipient system must be one of the organisation\'s active recipient systems.');
  }
  return system.id;
}

/** The organisation, which must be an authority: only authorities have contact points. */
const requireAuthority = (db: Executor, organisationId: string) => authority(db, organisationId, 'contact points');

async function existing(trx: Executor, organisationId: string, contactPointId: string, forUpdate = true): Promise<ContactPointRow> {
  const id = parseUuid(contactPointId);
  const row = id ? await contactPointOfOrganisation(trx, organisationId, id, forUpdate) : undefined;
  if (!row) throw notFound();
  return row;
}

/**
 * Adds a contact point to an authority in the caller's transaction (the portal, the demo seed).
 * `id` and `contactGroup` only where they are fixed in advance (the demo's contact points).
 */
export async function addContactPoint(
  trx: Executor, eventChains: number, actor: ActorName, organisationId: string,
  input: ContactPointInput & { id?: string; contactGroup?: string | null },
): Promise<ContactPointAdmin> {
  const { mailboxId } = await requireAuthority(trx, organisationId);
  const settings = { ...DEFAULTS, whoMayWrite: [...DEFAULTS.whoMayWrite], fileTypes: null, parentId: null, recipientSystemId: null, mailName: null,
    ...(await checkedSettings(trx, organisationId, input)) } as ContactPointSettings;
  const row = await insertContactPoint(trx, organisationId, { ...settings, ...(input.id ? { id: input.id } : {}), contactGroup: input.contactGroup ?? null });
  await appendEvents(trx, eventChains, [{ type: 'CONTACT_POINT_CREATED', actor, mailboxId, data: { contactPointId: row.id, organisationId, name: row.name, after: settings } }]);
  return contactPointView(row);
}

/** The authority's contact points, active or not, by name (`parentId` gives the hierarchy). */
export async function listContactPointsAdmin(ctx: AdminContext, principal: Principal, organisationId: string): Promise<ContactPointAdmin[]> {
  requireRole(principal, organisationId, 'contact-points');
  await requireAuthority(ctx.db, organisationId);
  return (await contactPointsOfOrganisation(ctx.db, organisationId)).map(contactPointView);
}

export async function createContactPoint(ctx: AdminContext, principal: Principal, organisationId: string, input: ContactPointInput): Promise<ContactPointAdmin> {
  requireRole(principal, organisationId, 'contact-points');
  // a mail name taken meanwhile (the unique index) is MAIL_NAME_TAKEN, as the check before it says
  return uniqueViolationAs(mailNameTaken409, ctx.db.transaction().execute((trx) => addContactPoint(trx, ctx.eventChains, actorOf(principal), organisationId, input)));
}

/** Changes the settings given; those left out stay. CONTACT_POINT_CHANGED names the settings that changed. */
export async function changeContactPoint(
  ctx: AdminContext, principal: Principal, organisationId: string, contactPointId: string, input: ContactPointChange,
): Promise<ContactPointAdmin> {
  requireRole(principal, organisationId, 'contact-points');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  return uniqueViolationAs(mailNameTaken409, ctx.db.transaction().execute(async (trx) => {
    const row = await existing(trx, organisationId, contactPointId);
    const settings = await checkedSettings(trx, organisationId, input, row);
    const before = contactPointView(row) as unknown as Record<string, unknown>;
    // the settings are named as in the view
    const changed = Object.entries(settings).filter(([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value)).map(([key]) => key);
    if (changed.length === 0) return contactPointView(row);
    await updateContactPointSettings(trx, row.id, settings);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'CONTACT_POINT_CHANGED', actor: actorOf(principal), mailboxId,
      data: { contactPointId: row.id, organisationId, changed, before: picked(before, changed), after: picked(settings, changed) },
    }]);
    return contactPointView((await contactPointOfOrganisation(trx, organisationId, row.id))!);
  }));
}

/**
 * What still points to a contact point: its gateway address, conversations of the last
 * OPEN_THREAD_MONTHS months to or from it (replies to them still arrive after deactivation), and
 * active contact points grouped under it.
 */
async function usesOf(trx: Executor, mailboxId: string, row: ContactPointRow, all: readonly ContactPointRow[]): Promise<ContactPointUse[]> {
  const since = new Date();
  since.setMonth(since.getMonth() - OPEN_THREAD_MONTHS);
  const threads = await countThreadsOfContactPoint(trx, mailboxId, row.id, since);
  const children = all.filter((c) => c.parent_id === row.id && c.active);
  const uses: ContactPointUse[] = [];
  if (row.mail_name) {
    uses.push({ kind: 'gateway-address', count: 1, description: `Mail to the gateway address "${row.mail_name}" (and letters sent from it) is refused once it is deactivated.` });
  }
  if (threads > 0) {
    uses.push({ kind: 'open-threads', count: threads, description: `${threads} conversation(s) in the last ${OPEN_THREAD_MONTHS} months; replies to them still arrive.` });
  }
  if (children.length > 0) {
    uses.push({ kind: 'child-contact-points', count: children.length, description: `Grouped under it: ${children.map((c) => c.name).join(', ')}.` });
  }
  return uses;
}

/**
 * Deactivates a contact point: it takes no new mail (replies to its old threads still arrive). While
 * something still points to it, 409 CONTACT_POINT_IN_USE with the uses as `details`, unless confirmed.
 */
export async function deactivateContactPoint(
  ctx: AdminContext, principal: Principal, organisationId: string, contactPointId: string, input: DeactivateInput,
): Promise<ContactPointAdmin> {
  requireRole(principal, organisationId, 'contact-points');
  const organisation = await requireAuthority(ctx.db, organisationId);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await existing(trx, organisationId, contactPointId);
    if (!row.active) return contactPointView(row);
    const uses = await usesOf(trx, organisation.mailboxId, row, await contactPointsOfOrganisation(trx, organisationId));
    if (uses.length > 0 && input.confirm !== true) {
      throw new Refusal('conflict', 'CONTACT_POINT_IN_USE', 'Mail still points to this contact point; deactivate it with confirm: true if you are sure.', uses);
    }
    const actor = actorOf(principal);
    await setContactPointActive(trx, row.id, false, actor);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'CONTACT_POINT_DEACTIVATED', actor, mailboxId: organisation.mailboxId,
      data: { contactPointId: row.id, organisationId, uses: Object.fromEntries(uses.map((u) => [u.kind, u.count])) },
    }]);
    return contactPointView((await contactPointOfOrganisation(trx, organisationId, row.id))!);
  });
}

export async function reactivateContactPoint(ctx: AdminContext, principal: Principal, organisationId: string, contactPointId: string): Promise<ContactPointAdmin> {
  requireRole(principal, organisationId, 'contact-points');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await existing(trx, organisationId, contactPointId);
    if (row.active) return contactPointView(row);
    await setContactPointActive(trx, row.id, true, null);
    await appendEvents(trx, ctx.eventChains, [{ type: 'CONTACT_POINT_REACTIVATED', actor: actorOf(principal), mailboxId, data: { contactPointId: row.id, organisationId } }]);
    return contactPointView((await contactPointOfOrganisation(trx, organisationId, row.id))!);
  });
}
