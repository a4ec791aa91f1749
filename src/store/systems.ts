import { createHash, timingSafeEqual } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from './executor.ts';
import type { Database, OrganisationKind, SystemKind } from './schema.ts';

export interface AuthenticatedSystem {
  id: string;
  kind: SystemKind;
  name: string;
  organisationId: string;
  organisationCvr: string;
  organisationKind: OrganisationKind;
  /** the organisation's mailbox (its Sendt folder keeps what the system sends) */
  mailboxId: string | null;
}

/** System secrets are long random tokens, so a plain SHA-256 is enough to store them (as with API tokens). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const NO_HASH = Buffer.alloc(32);

/** Compares in constant time; a missing or malformed stored hash is compared too (as zeros) and never matches. */
function sameHash(stored: string | null | undefined, given: Buffer): boolean {
  const parsed = stored ? Buffer.from(stored, 'hex') : NO_HASH;
  const usable = stored != null && parsed.length === given.length;
  return timingSafeEqual(usable ? parsed : NO_HASH, given) && usable;
}

/**
 * The active system of an active organisation with this id and secret: its current secret, or the
 * one it had before its last rotation while that is still within its grace period. Both secrets are
 * always compared, in constant time. Records `last_authenticated_at`, at most once a minute.
 */
export async function authenticateSystem(db: Executor, id: string, secret: string): Promise<AuthenticatedSystem | undefined> {
  const row = await db.selectFrom('system')
    .innerJoin('organisation', 'organisation.id', 'system.organisation_id')
    .leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select(['system.id', 'system.kind', 'system.name', 'system.secret_sha256', 'system.previous_secret_sha256', 'system.organisation_id',
      'organisation.cvr', 'organisation.kind as organisation_kind', 'mailbox.id as mailbox_id',
      sql<boolean>`coalesce(system.previous_secret_valid_until > now(), false)`.as('previous_valid'),
      sql<boolean>`coalesce(system.last_authenticated_at > now() - interval '1 minute', false)`.as('recently_seen')])
    .where('system.id', '=', id).where('system.status', '=', 'active').where('organisation.status', '=', 'active')
    .executeTakeFirst();
  const given = Buffer.from(hashSecret(secret), 'hex');
  const current = sameHash(row?.secret_sha256, given);
  const previous = sameHash(row?.previous_secret_sha256, given);
  if (!row || !(current || (previous && row.previous_valid))) return undefined;
  if (!row.recently_seen) {
    await db.updateTable('system').set({ last_authenticated_at: sql<Date>`now()` }).where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_authenticated_at', 'is', null), eb('last_authenticated_at', '<', sql<Date>`now() - interval '1 minute'`)]))
      .execute();
  }
  return { id: row.id, kind: row.kind, name: row.name, organisationId: row.organisation_id, organisationCvr: row.cvr, organisationKind: row.organisation_kind, mailboxId: row.mailbox_id };
}

/** Whether the organisation has a system of this name (names are compared ignoring case). */
export async function systemNameTaken(db: Executor, organisationId: string, name: string): Promise<boolean> {
  const row = await db.selectFrom('system').select('id')
    .where('organisation_id', '=', organisationId).where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

/** Adds an active system; the secret is given as its hash only. `id` only for systems whose id is fixed (the demo's). */
export async function insertSystem(db: Executor, system: { id?: string; organisationId: string; kind: SystemKind; name: string; secretSha256: string; isDefault?: boolean }) {
  return db.insertInto('system')
    .values({
      ...(system.id ? { id: system.id } : {}),
      organisation_id: system.organisationId, kind: system.kind, name: system.name, secret_sha256: system.secretSha256, is_default: system.isDefault ?? false,
    })
    .returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

/**
 * Locks an organisation against concurrent changes of its systems' default (until the transaction
 * ends); `for no key update` leaves inserts that refer to the organisation free. False: no such organisation.
 */
export async function lockOrganisationSystems(trx: Executor, organisationId: string): Promise<boolean> {
  const row = await trx.selectFrom('organisation').select('id').where('id', '=', organisationId).forNoKeyUpdate().executeTakeFirst();
  return row !== undefined;
}

/** The organisation's default sender system, if it has one. */
export async function defaultSenderOf(db: Executor, organisationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('system').select('id').where('organisation_id', '=', organisationId).where('is_default', '=', true).executeTakeFirst();
  return row?.id;
}

/** The organisation's oldest active sender system other than `exceptId`. */
export async function oldestActiveSender(db: Executor, organisationId: string, exceptId?: string): Promise<string | undefined> {
  let query = db.selectFrom('system').select('id').where('organisation_id', '=', organisationId)
    .where('kind', '=', 'sender').where('status', '=', 'active');
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst())?.id;
}

/** Makes `systemId` the organisation's only default system (null: none). Lock with lockOrganisationSystems first. */
export async function setDefaultSystem(trx: Executor, organisationId: string, systemId: string | null): Promise<void> {
  await trx.updateTable('system').set({ is_default: false }).where('organisation_id', '=', organisationId).where('is_default', '=', true).execute();
  if (systemId) await trx.updateTable('system').set({ is_default: true }).where('id', '=', systemId).where('organisation_id', '=', organisationId).execute();
}

/**
 * The organisation's systems by name, each with the letters waiting in its queue (not fetched, not
 * removed) and the oldest one's arrival; only recipient systems have a queue.
 */
export async function systemsOfOrganisation(db: Executor, organisationId: string) {
  const open = (eb: ExpressionBuilder<Database, 'system'>) => eb.selectFrom('system_queue as q').whereRef('q.system_id', '=', 'system.id')
    .where('q.deleted_at', 'is', null).where('q.fetched_at', 'is', null).where('q.available_at', '<=', sql<Date>`now()`);
  return db.selectFrom('system')
    .select((eb) => [
      'system.id', 'system.name', 'system.kind', 'system.status', 'system.is_default', 'system.created_at', 'system.last_authenticated_at',
      'system.previous_secret_valid_until',
      open(eb).select((e) => e.fn.countAll<string>().as('n')).as('waiting'),
      open(eb).select((e) => e.fn.min('q.available_at').as('oldest')).as('oldest_waiting_at'),
    ])
    .where('system.organisation_id', '=', organisationId)
    .orderBy(sql`lower(system.name)`).orderBy('system.id').execute();
}

const SYSTEM_COLUMNS = [
  'system.id', 'system.name', 'system.kind', 'system.status', 'system.is_default', 'system.created_at', 'system.last_authenticated_at',
  'system.previous_secret_valid_until', 'organisation.id as organisation_id', 'organisation.cvr as organisation_cvr', 'organisation.name as organisation_name',
] as const;

/** Systems with their organisation, by organisation name and system name; only one organisation's with `cvr`. */
export async function systemsWithOrganisations(db: Executor, filter: { cvr?: string | undefined } = {}) {
  let query = db.selectFrom('system').innerJoin('organisation', 'organisation.id', 'system.organisation_id').select(SYSTEM_COLUMNS);
  if (filter.cvr !== undefined) query = query.where('organisation.cvr', '=', filter.cvr);
  return query.orderBy('organisation.name').orderBy('organisation.cvr').orderBy(sql`lower(system.name)`).orderBy('system.id').execute();
}

/** One system with its organisation, locked for update when `forUpdate` (in a transaction). */
export async function systemWithOrganisation(db: Executor, id: string, forUpdate = false) {
  let query = db.selectFrom('system').innerJoin('organisation', 'organisation.id', 'system.organisation_id').select(SYSTEM_COLUMNS).where('system.id', '=', id);
  if (forUpdate) query = query.forUpdate('system');
  return query.executeTakeFirst();
}

/**
 * Gives a system a new secret (its hash). With `graceHours` > 0 the secret it had keeps working for
 * that long; with 0 it stops at once. Returns until when the old secret works (null: not at all).
 */
export async function replaceSystemSecret(db: Executor, id: string, secretSha256: string, graceHours: number): Promise<Date | null | undefined> {
  const row = await db.updateTable('system')
    .set((eb) => graceHours > 0
      ? {
        previous_secret_sha256: eb.ref('secret_sha256'),
        previous_secret_valid_until: sql<Date>`now() + make_interval(secs => ${graceHours * 3600})`,
        secret_sha256: secretSha256,
      }
      : { previous_secret_sha256: null, previous_secret_valid_until: null, secret_sha256: secretSha256 })
    .where('id', '=', id).returning('previous_secret_valid_until').executeTakeFirst();
  return row ? row.previous_secret_valid_until : undefined;
}

/** Disables an active system (neither of its secrets works any more, and it is no longer the default); false when it was not active. */
export async function disableSystemRow(db: Executor, id: string): Promise<boolean> {
  const result = await db.updateTable('system')
    .set({ status: 'disabled', is_default: false, previous_secret_sha256: null, previous_secret_valid_until: null })
    .where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
