import { sql, type SqlBool } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * A mailbox's messages as people see them in the portal: message_state (which folder, read,
 * flagged) joined with message (`s` and `m`). Listing, search, and the state changes read / flag /
 * move / delete.
 */

/**
 * A message is in a mailbox when the mailbox has a state row for it. A recipient's row is written
 * when the message becomes available (`available_at`); the sender's copy in Sendt is there from
 * the moment it is sent. This condition states that rule for queries that join `message as m`.
 */
export function shownIn(mailboxId: string) {
  return sql<SqlBool>`(m.available_at is not null or m.sender_mailbox_id = ${mailboxId})`;
}

/** Columns of a message as listed (a `Summary`). */
export const SUMMARY_COLUMNS = [
  'm.id', 'm.message_uuid', 'm.label', 'm.sender_label', 'm.attachment_count', 'm.reply_allowed', 'm.reply_by', 'm.p_number',
  'm.attention', 'm.thread_id', 's.created_at', 's.read_at', 's.flagged', 's.folder_id', 's.handled_at', 's.handled_by',
] as const;

/**
 * A message shown in the mailbox: its summary columns and what opening, answering and reading its
 * documents need. Whether its folder may be seen is the caller's to check.
 */
export async function findMailboxMessage(db: Executor, mailboxId: string, messageId: string) {
  return db.selectFrom('message_state as s').innerJoin('message as m', 'm.id', 's.message_id')
    .leftJoin('organisation as sender_org', 'sender_org.id', 'm.sender_organisation_id')
    .select(SUMMARY_COLUMNS)
    .select([
      'm.sender_mailbox_id', 'm.sender_organisation_id', 'm.sender_contact_point', 'm.recipient_mailbox_id',
      'm.recipient_contact_point_id', 'm.document_text', 'm.blob_refs', 'm.available_at', 'sender_org.kind as sender_organisation_kind',
    ])
    .where('s.mailbox_id', '=', mailboxId).where('s.message_id', '=', messageId)
    .where(shownIn(mailboxId))
    .executeTakeFirst();
}

export type MailboxMessage = NonNullable<Awaited<ReturnType<typeof findMailboxMessage>>>;

/** A message of the mailbox as listed, by id. */
export async function findMessageSummary(db: Executor, mailboxId: string, messageId: string) {
  return db.selectFrom('message_state as s').innerJoin('message as m', 'm.id', 's.message_id').select(SUMMARY_COLUMNS)
    .where('s.mailbox_id', '=', mailboxId).where('s.message_id', '=', messageId).executeTakeFirst();
}

/** What may change of a message in a mailbox: its folder, whether (since when) it is read, its flag. */
export interface MessageStateChange {
  folder_id?: string;
  read_at?: Date | null;
  flagged?: boolean;
  /** the folder it is deleted from, while it is in Slettet (018); null elsewhere */
  deleted_from_folder_id?: string | null;
}

/**
 * Changes a message's state in the mailbox; with `inFolderId`, only while it is still in that folder
 * (a message moved meanwhile is left alone). Whether it changed.
 */
export async function changeMessageState(trx: Executor, mailboxId: string, messageId: string, set: MessageStateChange, inFolderId?: string): Promise<boolean> {
  const where = { mailbox_id: mailboxId, message_id: messageId, ...(inFolderId !== undefined ? { folder_id: inFolderId } : {}) };
  const { numUpdatedRows } = await trx.updateTable('message_state').set(set).where((eb) => eb.and(where)).executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** The folder a message in Slettet was deleted from (null: not known, e.g. deleted before migration 018). */
export async function deletedFromFolder(db: Executor, mailboxId: string, messageId: string): Promise<string | null> {
  const row = await db.selectFrom('message_state').select('deleted_from_folder_id')
    .where('mailbox_id', '=', mailboxId).where('message_id', '=', messageId).executeTakeFirst();
  return row?.deleted_from_folder_id ?? null;
}

/**
 * Removes a message from the mailbox for good, while it is still in `inFolderId`; whether it did.
 * Only the mailbox's state row goes: the message itself (the sender's evidence, the other party's copy) stays.
 */
export async function removeMessageFromMailbox(trx: Executor, mailboxId: string, messageId: string, inFolderId: string): Promise<boolean> {
  const checked = { mailbox_id: mailboxId, message_id: messageId, folder_id: inFolderId };
  const { numDeletedRows } = await trx.deleteFrom('message_state').where((eb) => eb.and(checked)).executeTakeFirst();
  return numDeletedRows > 0n;
}

/** Marks a message read in the mailbox now, unless it was read; its new `read_at`, or undefined when it was read already. */
export async function markMessageRead(trx: Executor, mailboxId: string, messageId: string) {
  return trx.updateTable('message_state').set({ read_at: new Date() })
    .where('mailbox_id', '=', mailboxId).where('message_id', '=', messageId).where('read_at', 'is', null)
    .returning('read_at').executeTakeFirst();
}

/**
 * Keyset position in a message list: the (created_at, message_id) of the last message of a page,
 * as in index message_state_folder. `at` is PostgreSQL's own text for created_at, with microseconds
 * (`YYYY-MM-DDTHH:MM:SS.ffffffZ`; a JS Date would lose them and repeat or skip messages).
 */
export interface ListPosition {
  at: string;
  messageId: string;
}

/** PostgreSQL's own text for the sort key, with microseconds (a `ListPosition`'s `at`). */
export const CURSOR_AT = sql<string>`to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at');

/** Only handled (true) or only not handled (false) messages; undefined: all (docs/emptying.md). */
export type HandledFilter = boolean | undefined;

export function handledIs(handled: HandledFilter) {
  if (handled === undefined) return sql<boolean>`true`;
  return handled ? sql<boolean>`s.handled_at is not null` : sql<boolean>`s.handled_at is null`;
}

/** After the position in the order (created_at desc, message_id asc) of the index. */
export function after(position: ListPosition | undefined) {
  if (!position) return sql<boolean>`true`;
  const at = sql`${position.at}::timestamptz`;
  return sql<boolean>`(s.created_at <= ${at} and (s.created_at < ${at} or s.message_id > ${position.messageId}::uuid))`;
}

/**
 * The newest `take` messages of the folders after `position`, newest first, each with its
 * `cursor_at`. Each folder is read along its index (mailbox_id, folder_id, created_at desc,
 * message_id) from the position on, and only `take` rows are touched per folder, however large the mailbox.
 */
export async function messagesInFolders(db: Executor, mailboxId: string, folderIds: string[], position: ListPosition | undefined, take: number, handled?: HandledFilter) {
  // One index walk per folder, merged: the newest `take` of each folder suffice. Each folder is its own
  // branch with its id as a value (not a lateral join's column), so the planner sees how big that folder
  // is and walks message_state_folder instead of fetching and sorting the whole folder — which it did,
  // at times, when it estimated an average folder. shownIn cannot drop rows from a walk: a recipient's
  // state row only exists once the message is available, so a page is not cut short.
  const branch = (folderId: string) => db
    .selectFrom((eb) => eb.selectFrom('message_state as s').selectAll('s')
      .where('s.mailbox_id', '=', mailboxId).where('s.folder_id', '=', folderId).where(after(position)).where(handledIs(handled))
      .orderBy('s.created_at', 'desc').orderBy('s.message_id').limit(take)
      .as('s'))
    .innerJoin('message as m', 'm.id', 's.message_id')
    .select(SUMMARY_COLUMNS).select(CURSOR_AT).select('s.message_id')
    .where(shownIn(mailboxId));
  const [first, ...rest] = folderIds.map(branch);
  const merged = rest.reduce((all, next) => all.unionAll(next), first!);
  return db.selectFrom(merged.as('x')).selectAll('x')
    .orderBy('x.created_at', 'desc').orderBy('x.message_id').limit(take)
    .execute();
}
