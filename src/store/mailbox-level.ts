import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { MailboxLevel } from './schema.ts';

// An organisation's mailbox, its activation and level (docs/admin.md, "The organisation's mailbox").
// The organisation with its mailbox is read with organisationWithMailboxById (people.ts).

/** Activates a mailbox with a level; false (nothing changed) when it was activated already. */
export async function markMailboxActivated(trx: Executor, mailboxId: string, level: MailboxLevel, activatedBy: string): Promise<boolean> {
  const result = await trx.updateTable('mailbox').set({ level, activated_at: sql<Date>`now()`, activated_by: activatedBy })
    .where('id', '=', mailboxId).where('activated_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setMailboxLevel(trx: Executor, mailboxId: string, level: MailboxLevel): Promise<void> {
  await trx.updateTable('mailbox').set({ level }).where('id', '=', mailboxId).execute();
}

/** Members who are limited to some folders, with their names, by name. */
export async function folderLimitedMembers(db: Executor, organisationId: string) {
  return db.selectFrom('membership').innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'app_user.name', 'membership.role', 'membership.folder_ids'])
    .where('membership.organisation_id', '=', organisationId).where('membership.folder_ids', 'is not', null)
    .orderBy('app_user.name').orderBy('membership.user_id').execute();
}

/** The mailbox's own (USER) folders by name; locked until the transaction ends when `forUpdate` (no message moves into them meanwhile). */
export async function ownFoldersOf(db: Executor, mailboxId: string, forUpdate = false) {
  let query = db.selectFrom('folder').select(['id', 'name']).where('mailbox_id', '=', mailboxId).where('kind', '=', 'USER');
  if (forUpdate) query = query.forUpdate();
  return query.orderBy('name').orderBy('id').execute();
}

/** Moves every message of the mailbox in one of `fromFolderIds` to `toFolderId`; what moved from where. */
export async function moveAllMessages(trx: Executor, mailboxId: string, fromFolderIds: readonly string[], toFolderId: string) {
  if (fromFolderIds.length === 0) return [];
  return (await sql<{ message_id: string; from_folder_id: string }>`
    update message_state s set folder_id = ${toFolderId}
    from message_state old
    where old.mailbox_id = s.mailbox_id and old.message_id = s.message_id
      and s.mailbox_id = ${mailboxId} and s.folder_id = any(${[...fromFolderIds]}::uuid[])
    returning s.message_id, old.folder_id as from_folder_id`.execute(trx)).rows;
}

/** Removes folders of the mailbox (they must be empty). */
export async function removeFolders(trx: Executor, mailboxId: string, folderIds: readonly string[]): Promise<void> {
  if (folderIds.length === 0) return;
  await trx.deleteFrom('folder').where('mailbox_id', '=', mailboxId).where('id', 'in', [...folderIds]).execute();
}

/** How many requests for access to the organisation wait for a decision. */
export async function countPendingRequests(db: Executor, organisationId: string): Promise<number> {
  const row = await db.selectFrom('access_request').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organisation_id', '=', organisationId).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}
