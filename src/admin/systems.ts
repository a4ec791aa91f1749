import { randomBytes } from 'node:crypto';
import type { RotateInput, SystemAdminView, SystemInput, SystemSecret } from '../contract/index.ts';
import { parseUuid, Refusal, type Principal } from '../domain/index.ts';
import {
  appendEvents, defaultSenderOf, disableSystemRow, hashSecret, insertSystem, lockOrganisationSystems, oldestActiveSender, organisationById,
  organisationIdByCvr, replaceSystemSecret, setDefaultSystem, systemNameTaken, systemsOfOrganisation, systemsWithOrganisations,
  systemWithOrganisation, uniqueViolationAs, type Db, type Executor, type NewEvent, type SystemKind,
} from '../store/index.ts';
import { mailboxOfOrganisation } from '../store/index.ts';
import { actorOf, requireRole } from './access.ts';
import type { AdminContext } from './context.ts';
import { cleanLine } from './input.ts';

/**
 * Systems (docs/admin.md): administered by an operator (the `kuvert system` commands, actor `cli`)
 * and by an organisation's super-administrators in the portal (actor `user:<id>`). A system's secret
 * is 32 random bytes, base64url: shown once, when it is made, and stored only as its SHA-256.
 *
 * An organisation with an active sender system has exactly one default sender system (replies from
 * its mail system go out as it): the first active sender becomes the default, disabling the default
 * hands it to the oldest other active sender, and only a super-administrator moves it otherwise.
 */

export interface NewSystem { cvr: string; kind: string; name: string }
export interface CreatedSystem { id: string; secret: string; name: string; kind: SystemKind; organisationCvr: string }
export interface RotatedSecret { id: string; secret: string; previousSecretValidUntil: string | null }
export interface SystemView {
  id: string;
  name: string;
  kind: SystemKind;
  status: 'active' | 'disabled';
  isDefault: boolean;
  organisationCvr: string;
  organisationName: string;
  createdAt: string;
  lastAuthenticatedAt: string | null;
  /** until when the secret before the last rotation still works (null: it does not) */
  previousSecretValidUntil: string | null;
}

/** Which systems an operation may find: any (an operator), or only one organisation's (its administrators); others are not found. */
export interface SystemScope { organisationId?: string }

const MAX_GRACE_HOURS = 24 * 30;

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function systemKind(kind: string): SystemKind {
  if (kind !== 'sender' && kind !== 'recipient') throw new Refusal('invalid', 'SYSTEM_KIND_INVALID', 'A system is a sender or a recipient system.');
  return kind;
}

const systemName = (name: string): string => cleanLine(name, 'SYSTEM_NAME_INVALID', 'A system\'s name', 200);

const nameTaken = (name: string) => new Refusal('conflict', 'SYSTEM_NAME_TAKEN', `The organisation already has a system named ${name}.`);
const notFound = () => new Refusal('not-found', 'SYSTEM_NOT_FOUND', 'No system has this id.');
const disabled = () => new Refusal('conflict', 'SYSTEM_DISABLED', 'The system is disabled.');

const defaultChanged = (actor: string, organisationId: string, systemId: string | null, previousSystemId: string | null, mailboxId: string | null): NewEvent => ({
  type: 'SYSTEM_DEFAULT_CHANGED', actor, mailboxId, data: { organisationId, systemId, previousSystemId },
});

/** The organisation's mailbox: its administrative events carry it, so its audit trail finds them (docs/audit.md). */
const auditMailbox = async (trx: Executor, organisationId: string) => await mailboxOfOrganisation(trx, organisationId) ?? null;

/**
 * Adds a system to an organisation in the caller's transaction: the first active sender becomes its
 * default. `id` and `secret` only where they are fixed in advance (the demo's systems); otherwise a
 * new id and a random secret.
 */
export async function addSystem(
  trx: Executor, eventChains: number, actor: string,
  input: { organisationId: string; kind: string; name: string; id?: string; secret?: string },
): Promise<CreatedSystem> {
  const kind = systemKind(input.kind);
  const name = systemName(input.name);
  const secret = input.secret ?? newSecret();
  const organisation = await organisationById(trx, input.organisationId);
  if (!organisation || !(await lockOrganisationSystems(trx, organisation.id))) {
    throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', 'No such organisation.');
  }
  if (await systemNameTaken(trx, organisation.id, name)) throw nameTaken(name);
  const isDefault = kind === 'sender' && (await defaultSenderOf(trx, organisation.id)) === undefined;
  const { id } = await insertSystem(trx, {
    ...(input.id ? { id: input.id } : {}), organisationId: organisation.id, kind, name, secretSha256: hashSecret(secret), isDefault,
  });
  const mailboxId = await auditMailbox(trx, organisation.id);
  await appendEvents(trx, eventChains, [
    { type: 'SYSTEM_CREATED', actor, mailboxId, data: { systemId: id, organisationId: organisation.id, cvr: organisation.cvr, kind, name } },
    ...(isDefault ? [defaultChanged(actor, organisation.id, id, null, mailboxId)] : []),
  ]);
  return { id, secret, name, kind, organisationCvr: organisation.cvr };
}

/** Runs `add` in a transaction; two makers of the same name at once: the unique index (organisation, lower(name)) refuses the second. */
function creating<T>(db: Db, name: string, add: (trx: Executor) => Promise<T>): Promise<T> {
  return uniqueViolationAs(() => nameTaken(systemName(name)), db.transaction().execute(add));
}

/** Makes a system for the organisation with this CVR; the answer holds its secret, which is not kept anywhere. */
export async function createSystem(db: Db, eventChains: number, actor: string, input: NewSystem): Promise<CreatedSystem> {
  systemKind(input.kind);
  systemName(input.name);
  return creating(db, input.name, async (trx) => {
    const organisationId = await organisationIdByCvr(trx, input.cvr);
    if (!organisationId) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', `No organisation has CVR ${input.cvr}.`);
    return addSystem(trx, eventChains, actor, { organisationId, kind: input.kind, name: input.name });
  });
}

/** Every system, or those of the organisation with this CVR, by organisation and name. */
export async function listSystems(db: Db, filter: { cvr?: string | undefined } = {}): Promise<SystemView[]> {
  const rows = await systemsWithOrganisations(db, filter);
  return rows.map((row) => ({ ...systemFields(row), organisationCvr: row.organisation_cvr, organisationName: row.organisation_name }));
}

/** What every view of a system shows; an old secret only while it still works. */
function systemFields(row: {
  id: string; name: string; kind: SystemKind; status: 'active' | 'disabled'; is_default: boolean; created_at: Date;
  last_authenticated_at: Date | null; previous_secret_valid_until: Date | null;
}) {
  const until = row.previous_secret_valid_until;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    isDefault: row.is_default,
    createdAt: row.created_at.toISOString(),
    lastAuthenticatedAt: row.last_authenticated_at?.toISOString() ?? null,
    previousSecretValidUntil: until && until.getTime() > Date.now() ? until.toISOString() : null,
  };
}

/** The system with this id, if it is in scope; locked when `forUpdate`. */
async function scopedSystem(trx: Executor, systemId: string, scope: SystemScope, forUpdate = true) {
  const id = parseUuid(systemId);
  const system = id ? await systemWithOrganisation(trx, id, forUpdate) : undefined;
  if (!system || (scope.organisationId !== undefined && system.organisation_id !== scope.organisationId)) throw notFound();
  return system;
}

/**
 * Gives an active system a new secret. The secret it had keeps working for `graceHours` (0: stops
 * at once), so its operators can change over without a gap; a second rotation within that time ends
 * the older secret's grace at once (only one previous secret is kept).
 */
export async function rotateSecret(
  db: Db, eventChains: number, actor: string, systemId: string, options: { graceHours?: number | undefined } & SystemScope = {},
): Promise<RotatedSecret & { name: string; kind: SystemKind }> {
  const graceHours = options.graceHours ?? 24;
  if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > MAX_GRACE_HOURS) {
    throw new Refusal('invalid', 'GRACE_HOURS_INVALID', `The grace period is 0 to ${MAX_GRACE_HOURS} hours.`);
  }
  if (!parseUuid(systemId)) throw notFound();
  const secret = newSecret();
  return db.transaction().execute(async (trx) => {
    const system = await scopedSystem(trx, systemId, options);
    if (system.status !== 'active') throw new Refusal('conflict', 'SYSTEM_DISABLED', 'The system is disabled; its secret cannot be changed.');
    const validUntil = await replaceSystemSecret(trx, system.id, hashSecret(secret), graceHours);
    if (validUntil === undefined) throw notFound();
    const previousSecretValidUntil = validUntil?.toISOString() ?? null;
    await appendEvents(trx, eventChains, [{
      type: 'SYSTEM_SECRET_ROTATED', actor, mailboxId: await auditMailbox(trx, system.organisation_id),
      data: { systemId: system.id, organisationId: system.organisation_id, graceHours, previousSecretValidUntil },
    }]);
    return { id: system.id, secret, previousSecretValidUntil, name: system.name, kind: system.kind };
  });
}

/**
 * Disables a system: neither its secret nor a previous one works any more. `disabled` is false when
 * it already was. A default sender hands the default to the oldest other active sender (if any).
 */
export async function disableSystem(db: Db, eventChains: number, actor: string, systemId: string, scope: SystemScope = {}): Promise<{ id: string; disabled: boolean }> {
  if (!parseUuid(systemId)) throw notFound();
  return db.transaction().execute(async (trx) => {
    // the organisation first, then the system: the order setDefaultSender locks them in
    const found = await scopedSystem(trx, systemId, scope, false);
    await lockOrganisationSystems(trx, found.organisation_id);
    const system = await scopedSystem(trx, found.id, scope);
    if (!(await disableSystemRow(trx, system.id))) return { id: system.id, disabled: false };
    const mailboxId = await auditMailbox(trx, system.organisation_id);
    const events: NewEvent[] = [{ type: 'SYSTEM_DISABLED', actor, mailboxId, data: { systemId: system.id, organisationId: system.organisation_id } }];
    if (system.is_default) {
      const next = await oldestActiveSender(trx, system.organisation_id, system.id) ?? null;
      await setDefaultSystem(trx, system.organisation_id, next);
      events.push(defaultChanged(actor, system.organisation_id, next, system.id, mailboxId));
    }
    await appendEvents(trx, eventChains, events);
    return { id: system.id, disabled: true };
  });
}

// --- an organisation's super-administrators, in the portal ------------------------------------------

/** The organisation's systems, each recipient system with the letters waiting for it. */
export async function organisationSystems(ctx: AdminContext, principal: Principal, organisationId: string): Promise<SystemAdminView[]> {
  requireRole(principal, organisationId, 'systems');
  const rows = await systemsOfOrganisation(ctx.db, organisationId);
  return rows.map((row) => ({
    ...systemFields(row),
    ...(row.kind === 'recipient' ? {
      waiting: { count: Number(row.waiting ?? 0), oldestAt: row.oldest_waiting_at ? new Date(row.oldest_waiting_at).toISOString() : null },
    } : {}),
  }));
}

/** A new system of the organisation; the answer is the only place its secret is shown. */
export async function createOrganisationSystem(ctx: AdminContext, principal: Principal, organisationId: string, input: SystemInput): Promise<SystemSecret> {
  requireRole(principal, organisationId, 'systems');
  systemKind(input.kind);
  systemName(input.name);
  const created = await creating(ctx.db, input.name, (trx) => addSystem(trx, ctx.eventChains, actorOf(principal), { organisationId, kind: input.kind, name: input.name }));
  return { id: created.id, name: created.name, kind: created.kind, secret: created.secret, previousSecretValidUntil: null };
}

/** A new secret for one of the organisation's systems; the old one works for `graceHours` (default 24). */
export async function rotateOrganisationSystem(
  ctx: AdminContext, principal: Principal, organisationId: string, systemId: string, input: RotateInput,
): Promise<SystemSecret> {
  requireRole(principal, organisationId, 'systems');
  const rotated = await rotateSecret(ctx.db, ctx.eventChains, actorOf(principal), systemId, { graceHours: input.graceHours, organisationId });
  return { id: rotated.id, name: rotated.name, kind: rotated.kind, secret: rotated.secret, previousSecretValidUntil: rotated.previousSecretValidUntil };
}

/** Disables one of the organisation's systems; the answer is the organisation's systems (the default may have moved). */
export async function disableOrganisationSystem(ctx: AdminContext, principal: Principal, organisationId: string, systemId: string): Promise<SystemAdminView[]> {
  requireRole(principal, organisationId, 'systems');
  await disableSystem(ctx.db, ctx.eventChains, actorOf(principal), systemId, { organisationId });
  return organisationSystems(ctx, principal, organisationId);
}

/** Makes one of the organisation's active sender systems its default sender; the answer is the organisation's systems. */
export async function setDefaultSender(ctx: AdminContext, principal: Principal, organisationId: string, systemId: string): Promise<SystemAdminView[]> {
  requireRole(principal, organisationId, 'systems');
  const actor = actorOf(principal);
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisationSystems(trx, organisationId);
    const system = await scopedSystem(trx, systemId, { organisationId });
    if (system.kind !== 'sender') throw new Refusal('not-allowed', 'SYSTEM_NOT_SENDER', 'Only a sender system can be the default sender system.');
    if (system.status !== 'active') throw disabled();
    if (system.is_default) return;
    const previous = await defaultSenderOf(trx, organisationId) ?? null;
    await setDefaultSystem(trx, organisationId, system.id);
    await appendEvents(trx, ctx.eventChains, [defaultChanged(actor, organisationId, system.id, previous, await auditMailbox(trx, organisationId))]);
  });
  return organisationSystems(ctx, principal, organisationId);
}
