import type { Executor } from './executor.ts';

/**
 * Contact points people can write to from the portal: active and visible, of an active organisation
 * whose mailbox is open. (The directory for systems, and mail names, are in registry.ts.)
 */

function writableContactPoints(db: Executor) {
  return db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .where('contact_point.active', '=', true).where('contact_point.visible', '=', true)
    .where('organisation.status', '=', 'active').where('mailbox.status', '=', 'active')
    .select([
      'contact_point.id', 'contact_point.name', 'contact_point.description', 'contact_point.contact_group', 'contact_point.memo_size_threshold_mb',
      'contact_point.allowed_attachments', 'organisation.id as organisation_id', 'organisation.name as organisation_name', 'organisation.cvr',
    ]);
}

/** An ILIKE pattern for text that contains `word` (its \ % _ taken literally). */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Writable contact points whose name, description, contact group or organisation's name contains each
 * of the words (in any case), by organisation, name and id; at most `limit`.
 */
export async function searchWritableContactPoints(db: Executor, words: readonly string[], limit: number) {
  let query = writableContactPoints(db);
  for (const word of words) {
    const pattern = containing(word);
    query = query.where((eb) => eb.or([
      eb('contact_point.name', 'ilike', pattern), eb('contact_point.description', 'ilike', pattern),
      eb('contact_point.contact_group', 'ilike', pattern), eb('organisation.name', 'ilike', pattern),
    ]));
  }
  return query.orderBy('organisation.name').orderBy('contact_point.name').orderBy('contact_point.id').limit(limit).execute();
}

/** A writable contact point, by id. */
export async function findWritableContactPoint(db: Executor, id: string) {
  return writableContactPoints(db).where('contact_point.id', '=', id).executeTakeFirst();
}

export type WritableContactPoint = NonNullable<Awaited<ReturnType<typeof findWritableContactPoint>>>;
