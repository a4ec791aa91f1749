import { randomBytes } from 'node:crypto';
import { parseUuid, Refusal } from '../domain/index.ts';
import {
  appendEvents, disableSystemRow, hashSecret, insertSystem, organisationIdByCvr, replaceSystemSecret, systemNameTaken,
  systemsWithOrganisations, systemWithOrganisation, type Db, type SystemKind,
} from '../store/index.ts';

/**
 * Systems, administered by an operator (the `kuvert system` commands; docs/admin.md). A system's
 * secret is 32 random bytes, base64url: shown once, when it is made, and stored only as its SHA-256.
 * `actor` names who acts in the event log: `cli` on the command line.
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

const MAX_GRACE_HOURS = 24 * 30;

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function systemKind(kind: string): SystemKind {
  if (kind !== 'sender' && kind !== 'recipient') throw new Refusal('invalid', 'SYSTEM_KIND_INVALID', 'A system is a sender or a recipient system.');
  return kind;
}

function systemName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 200 || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new Refusal('invalid', 'SYSTEM_NAME_INVALID', 'A system\'s name is 1 to 200 characters on one line.');
  }
  return trimmed;
}

const nameTaken = (name: string) => new Refusal('conflict', 'SYSTEM_NAME_TAKEN', `The organisation already has a system named ${name}.`);
const notFound = () => new Refusal('not-found', 'SYSTEM_NOT_FOUND', 'No system has this id.');

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/** Makes a system for the organisation with this CVR; the answer holds its secret, which is not kept anywhere. */
export async function createSystem(db: Db, eventChains: number, actor: string, input: NewSystem): Promise<CreatedSystem> {
  const kind = systemKind(input.kind);
  const name = systemName(input.name);
  const secret = newSecret();
  try {
    return await db.transaction().execute(async (trx) => {
      const organisationId = await organisationIdByCvr(trx, input.cvr);
      if (!organisationId) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', `No organisation has CVR ${input.cvr}.`);
      if (await systemNameTaken(trx, organisationId, name)) throw nameTaken(name);
      const { id } = await insertSystem(trx, { organisationId, kind, name, secretSha256: hashSecret(secret) });
      await appendEvents(trx, eventChains, [{ type: 'SYSTEM_CREATED', actor, data: { systemId: id, organisationId, cvr: input.cvr, kind, name } }]);
      return { id, secret, name, kind, organisationCvr: input.cvr };
    });
  } catch (err) {
    // two makers of the same name at once: the unique index (organisation, lower(name)) refuses the second
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

/** Every system, or those of the organisation with this CVR, by organisation and name. */
export async function listSystems(db: Db, filter: { cvr?: string | undefined } = {}): Promise<SystemView[]> {
  const rows = await systemsWithOrganisations(db, filter);
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    isDefault: row.is_default,
    organisationCvr: row.organisation_cvr,
    organisationName: row.organisation_name,
    createdAt: row.created_at.toISOString(),
    lastAuthenticatedAt: row.last_authenticated_at?.toISOString() ?? null,
    previousSecretValidUntil: row.previous_secret_valid_until && row.previous_secret_valid_until.getTime() > now
      ? row.previous_secret_valid_until.toISOString() : null,
  }));
}

/**
 * Gives an active system a new secret. The secret it had keeps working for `graceHours` (0: stops
 * at once), so its operators can change over without a gap; a second rotation within that time ends
 * the older secret's grace at once (only one previous secret is kept).
 */
export async function rotateSecret(db: Db, eventChains: number, actor: string, systemId: string, options: { graceHours?: number } = {}): Promise<RotatedSecret> {
  const graceHours = options.graceHours ?? 24;
  if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > MAX_GRACE_HOURS) {
    throw new Refusal('invalid', 'GRACE_HOURS_INVALID', `The grace period is 0 to ${MAX_GRACE_HOURS} hours.`);
  }
  const id = parseUuid(systemId);
  if (!id) throw notFound();
  const secret = newSecret();
  return db.transaction().execute(async (trx) => {
    const system = await systemWithOrganisation(trx, id, true);
    if (!system) throw notFound();
    if (system.status !== 'active') throw new Refusal('conflict', 'SYSTEM_DISABLED', 'The system is disabled; its secret cannot be changed.');
    const validUntil = await replaceSystemSecret(trx, id, hashSecret(secret), graceHours);
    if (validUntil === undefined) throw notFound();
    const previousSecretValidUntil = validUntil?.toISOString() ?? null;
    await appendEvents(trx, eventChains, [{
      type: 'SYSTEM_SECRET_ROTATED', actor, data: { systemId: id, organisationId: system.organisation_id, graceHours, previousSecretValidUntil },
    }]);
    return { id, secret, previousSecretValidUntil };
  });
}

/** Disables a system: neither its secret nor a previous one works any more. `disabled` is false when it already was. */
export async function disableSystem(db: Db, eventChains: number, actor: string, systemId: string): Promise<{ id: string; disabled: boolean }> {
  const id = parseUuid(systemId);
  if (!id) throw notFound();
  return db.transaction().execute(async (trx) => {
    const system = await systemWithOrganisation(trx, id, true);
    if (!system) throw notFound();
    if (!(await disableSystemRow(trx, id))) return { id, disabled: false };
    await appendEvents(trx, eventChains, [{ type: 'SYSTEM_DISABLED', actor, data: { systemId: id, organisationId: system.organisation_id } }]);
    return { id, disabled: true };
  });
}
