import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/** What an organisation's message list can be narrowed to (docs/portal.md, "Search"), and the P-units' names. */

/** The P-units of the organisation owning the mailbox, by number (none for a citizen's mailbox). */
export async function productionUnitsOfMailbox(db: Executor, mailboxId: string) {
  return db.selectFrom('production_unit as p').innerJoin('mailbox as b', 'b.organisation_id', 'p.organisation_id')
    .select(['p.p_number', 'p.name']).where('b.id', '=', mailboxId).orderBy('p.p_number').execute();
}

/** Names of P-units by number, in one query. */
export async function productionUnitNames(db: Executor, pNumbers: readonly string[]): Promise<Map<string, string>> {
  if (pNumbers.length === 0) return new Map();
  const rows = await db.selectFrom('production_unit').select(['p_number', 'name']).where('p_number', 'in', [...new Set(pNumbers)]).execute();
  return new Map(rows.map((r) => [r.p_number, r.name]));
}

const PERSONS_MAX = 200;

/**
 * Attention persons of the letters the mailbox received and holds in `folderIds`, alphabetically (at
 * most 200): someone who sees some folders learns nothing of the others.
 */
export async function attentionPersons(db: Executor, mailboxId: string, folderIds: readonly string[]): Promise<string[]> {
  if (folderIds.length === 0) return [];
  const person = sql<string>`m.attention->>'person'`;
  const rows = await db.selectFrom('message as m').select(person.as('person')).distinct()
    .where('m.recipient_mailbox_id', '=', mailboxId).where(sql<boolean>`${person} is not null`)
    .where((eb) => eb.exists(eb.selectFrom('message_state as s').select(sql`1`.as('x'))
      .whereRef('s.message_id', '=', 'm.id').where('s.mailbox_id', '=', mailboxId).where('s.folder_id', 'in', folderIds)))
    .orderBy('person').limit(PERSONS_MAX).execute();
  return rows.map((r) => r.person);
}
