import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/** The folders of a mailbox (folder): the standard ones (see createMailbox) and people's own (USER). */

/** The folders of a mailbox, in no particular order. */
export async function foldersOfMailbox(db: Executor, mailboxId: string) {
  return db.selectFrom('folder').select(['id', 'kind', 'name']).where('mailbox_id', '=', mailboxId).execute();
}

/** A folder of the mailbox, by id. */
export async function findFolderOfMailbox(db: Executor, mailboxId: string, folderId: string) {
  return db.selectFrom('folder').select(['id', 'kind', 'name']).where('id', '=', folderId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
}

export type MailboxFolder = NonNullable<Awaited<ReturnType<typeof findFolderOfMailbox>>>;

/** How many read and how many unread messages each folder of the mailbox holds (counts as text, as PostgreSQL's bigint comes). */
export async function countMessagesByFolder(db: Executor, mailboxId: string) {
  // two counts per folder, each an index-only scan of a small partial index (deduplicated: equal keys
  // are stored once): read messages over message_state_read, unread over message_state_unread; the
  // total is their sum. One pass over the mailbox's rows counting both with a filter had to visit the
  // heap (read_at) and took 20 ms at 100,000 messages; these take about 5. The partial indexes cannot
  // serve the message list (no read_at condition there), which keeps its walk on message_state_folder.
  return db.selectFrom('folder as f').where('f.mailbox_id', '=', mailboxId)
    .select((eb) => [
      'f.id as folder_id',
      eb.selectFrom('message_state as s').select((e) => e.fn.countAll<string>().as('n'))
        .where('s.mailbox_id', '=', mailboxId).whereRef('s.folder_id', '=', 'f.id').where('s.read_at', 'is not', null).as('read'),
      eb.selectFrom('message_state as s').select((e) => e.fn.countAll<string>().as('n'))
        .where('s.mailbox_id', '=', mailboxId).whereRef('s.folder_id', '=', 'f.id').where('s.read_at', 'is', null).as('unread'),
    ])
    .execute();
}

/** Whether the mailbox has a folder with this name, in any case (other than the folder `exceptId`). */
export async function folderNameTaken(db: Executor, mailboxId: string, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('folder').select('id').where('mailbox_id', '=', mailboxId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Adds a folder of people's own (USER) to the mailbox; a unique violation (23505) when the name is taken. */
export async function addUserFolder(trx: Executor, mailboxId: string, name: string) {
  return trx.insertInto('folder').values({ mailbox_id: mailboxId, kind: 'USER', name }).returning(['id', 'kind', 'name']).executeTakeFirstOrThrow();
}

/** Renames a folder; a unique violation (23505) when the mailbox has a folder with that name. */
export async function setFolderName(trx: Executor, folderId: string, name: string): Promise<void> {
  await trx.updateTable('folder').set({ name }).where('id', '=', folderId).execute();
}

/**
 * Deletes a folder of the mailbox if it holds no message; false (and nothing deleted) when it does.
 * Limited members who were given the folder lose it. Run it in a transaction: the folder is locked
 * first, until the transaction ends, so that no message is moved into it while it is deleted.
 */
export async function deleteEmptyFolder(trx: Executor, mailboxId: string, folderId: string): Promise<boolean> {
  await sql`select id from folder where id = ${folderId} for update`.execute(trx);
  const used = await trx.selectFrom('message_state').select('message_id').where('mailbox_id', '=', mailboxId).where('folder_id', '=', folderId).limit(1).executeTakeFirst();
  if (used) return false;
  await trx.updateTable('membership').set({ folder_ids: sql`array_remove(folder_ids, ${folderId}::uuid)` })
    .where(sql<boolean>`${folderId}::uuid = any(folder_ids)`).execute();
  await trx.deleteFrom('folder').where('id', '=', folderId).execute();
  return true;
}
