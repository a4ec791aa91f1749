import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { ContactPointWriter } from './schema.ts';

/**
 * Contact points people can write to from the portal: active, of an active organisation whose mailbox
 * is open. Search finds only the visible ones; a hidden one can be written to by its id. (The
 * directory for systems, and mail names, are in registry.ts.)
 */

function writableContactPoints(db: Executor) {
  return db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .where('contact_point.active', '=', true)
    .where('organisation.status', '=', 'active').where('mailbox.status', '=', 'active')
    .select([
      'contact_point.id', 'contact_point.name', 'contact_point.description', 'contact_point.contact_group', 'contact_point.memo_size_threshold_mb',
      'contact_point.allowed_attachments', 'contact_point.who_may_write', 'contact_point.allowed_file_types', 'contact_point.parent_id',
      'organisation.id as organisation_id', 'organisation.name as organisation_name', 'organisation.cvr',
    ]);
}

/** An ILIKE pattern for text that contains `word` (its \ % _ taken literally). */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Visible writable contact points whose name, description, contact group or organisation's name
 * contains each of the words (in any case), by organisation, name and id; at most `limit`. With
 * `writer`, only those that take mail from that kind of party.
 */
export async function searchWritableContactPoints(db: Executor, words: readonly string[], limit: number, writer?: ContactPointWriter) {
  let query = writableContactPoints(db).where('contact_point.visible', '=', true);
  if (writer !== undefined) query = query.where((eb) => eb(eb.val(writer), '=', eb.fn.any('contact_point.who_may_write')));
  for (const word of words) {
    const pattern = containing(word);
    query = query.where((eb) => eb.or([
      eb('contact_point.name', 'ilike', pattern), eb('contact_point.description', 'ilike', pattern),
      eb('contact_point.contact_group', 'ilike', pattern), eb('organisation.name', 'ilike', pattern),
    ]));
  }
  return query.orderBy('organisation.name').orderBy('contact_point.name').orderBy('contact_point.id').limit(limit).execute();
}

/** A writable contact point, by id, visible in search or not. */
export async function findWritableContactPoint(db: Executor, id: string) {
  return writableContactPoints(db).where('contact_point.id', '=', id).executeTakeFirst();
}

export type WritableContactPoint = NonNullable<Awaited<ReturnType<typeof findWritableContactPoint>>>;

// --- an authority's administration of its contact points (docs/admin.md, "Contact points") ----------

const ADMIN_COLUMNS = [
  'id', 'name', 'description', 'parent_id', 'active', 'visible', 'who_may_write', 'memo_size_threshold_mb', 'allowed_attachments',
  'allowed_file_types', 'recipient_system_id', 'mail_name', 'deactivated_at', 'created_at',
] as const;

/** Every contact point of the organisation, active or not, by name. */
export async function contactPointsOfOrganisation(db: Executor, organisationId: string) {
  return db.selectFrom('contact_point').select(ADMIN_COLUMNS).where('organisation_id', '=', organisationId)
    .orderBy('name').orderBy('id').execute();
}

export type ContactPointRow = Awaited<ReturnType<typeof contactPointsOfOrganisation>>[number];

/** One contact point of the organisation, active or not; locked until the transaction ends when `forUpdate`. */
export async function contactPointOfOrganisation(db: Executor, organisationId: string, id: string, forUpdate = false): Promise<ContactPointRow | undefined> {
  let query = db.selectFrom('contact_point').select(ADMIN_COLUMNS).where('organisation_id', '=', organisationId).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export interface ContactPointSettings {
  name: string;
  description: string;
  parentId: string | null;
  visible: boolean;
  whoMayWrite: ContactPointWriter[];
  maxSizeMb: number;
  maxAttachments: number;
  fileTypes: string[] | null;
  recipientSystemId: string | null;
  mailName: string | null;
}

const settingColumns = (s: Partial<ContactPointSettings>) => ({
  ...(s.name !== undefined ? { name: s.name } : {}),
  ...(s.description !== undefined ? { description: s.description } : {}),
  ...(s.parentId !== undefined ? { parent_id: s.parentId } : {}),
  ...(s.visible !== undefined ? { visible: s.visible } : {}),
  ...(s.whoMayWrite !== undefined ? { who_may_write: s.whoMayWrite } : {}),
  ...(s.maxSizeMb !== undefined ? { memo_size_threshold_mb: s.maxSizeMb } : {}),
  ...(s.maxAttachments !== undefined ? { allowed_attachments: s.maxAttachments } : {}),
  ...(s.fileTypes !== undefined ? { allowed_file_types: s.fileTypes } : {}),
  ...(s.recipientSystemId !== undefined ? { recipient_system_id: s.recipientSystemId } : {}),
  ...(s.mailName !== undefined ? { mail_name: s.mailName } : {}),
});

/** Adds a contact point; a unique violation (23505) when its mail name is taken. `id` only where it is fixed (the demo's). */
export async function insertContactPoint(trx: Executor, organisationId: string, settings: ContactPointSettings & { id?: string; contactGroup?: string | null }): Promise<ContactPointRow> {
  return trx.insertInto('contact_point').values({
    ...(settings.id ? { id: settings.id } : {}),
    organisation_id: organisationId,
    contact_group: settings.contactGroup ?? null,
    ...settingColumns(settings),
    name: settings.name,
    description: settings.description,
  }).returning(ADMIN_COLUMNS).executeTakeFirstOrThrow();
}

/** Changes some settings of a contact point; a unique violation (23505) when the new mail name is taken. */
export async function updateContactPointSettings(trx: Executor, id: string, settings: Partial<ContactPointSettings>): Promise<void> {
  const set = settingColumns(settings);
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('contact_point').set(set).where('id', '=', id).execute();
}

/** Deactivates (`by` names who) or reactivates (`by` null) a contact point. */
export async function setContactPointActive(trx: Executor, id: string, active: boolean, by: string | null): Promise<void> {
  await trx.updateTable('contact_point')
    .set(active ? { active: true, deactivated_at: null, deactivated_by: null } : { active: false, deactivated_at: sql<Date>`now()`, deactivated_by: by })
    .where('id', '=', id).execute();
}

/** The contact point (any organisation's) that has this mail name, other than `exceptId`. */
export async function mailNameTaken(db: Executor, mailName: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('contact_point').select('id').where('mail_name', '=', mailName);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Conversations that refer to a contact point (of the organisation whose mailbox this is): distinct
 * threads with a message to it, or from it, received since `since`.
 */
export async function countThreadsOfContactPoint(db: Executor, mailboxId: string, contactPointId: string, since: Date): Promise<number> {
  const row = await db.selectFrom('message').select(sql<string>`count(distinct thread_id)`.as('n'))
    .where('received_at', '>', since)
    .where((eb) => eb.or([
      eb.and([eb('recipient_mailbox_id', '=', mailboxId), eb('recipient_contact_point_id', '=', contactPointId)]),
      eb.and([eb('sender_mailbox_id', '=', mailboxId), eb('sender_contact_point', '=', contactPointId)]),
    ]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
