import { sql, type SqlBool } from 'kysely';
import { ApiError } from '../api/errors.ts';
import { canManageFolders, canSeeFolder, canWrite, mailboxAccess, type MailboxAccess, type Principal } from '../domain/index.ts';
import type { Db } from '../store/index.ts';

/** What every portal operation needs: the store and the event chains (a `SendContext`). */
export interface PortalContext {
  db: Db;
  eventChains: number;
}

export const actorOf = (principal: Principal): string => `user:${principal.userId}`;

export const mailboxNotFound = () => new ApiError(404, 'MAILBOX_NOT_FOUND', 'No such mailbox.');
export const messageNotFound = () => new ApiError(404, 'MESSAGE_NOT_FOUND', 'No such message in this mailbox.');
export const folderNotFound = () => new ApiError(404, 'FOLDER_NOT_FOUND', 'No such folder in this mailbox.');

/** The principal's access to a mailbox; a mailbox they may not open does not exist for them (404). */
export function requireMailbox(principal: Principal, mailboxId: string): MailboxAccess {
  const access = mailboxAccess(principal, mailboxId);
  if (!access) throw mailboxNotFound();
  return access;
}

export function requireFolderManagement(access: MailboxAccess): void {
  if (!canManageFolders(access)) {
    throw new ApiError(403, 'FORBIDDEN_ROLE', 'Only the owner or an administrator of this mailbox may create, rename or delete folders.');
  }
}

export function requireWrite(access: MailboxAccess): void {
  if (!canWrite(access)) {
    throw new ApiError(403, 'FORBIDDEN_ROLE', 'Your role in this mailbox only lets you read some folders; you may not send on its behalf.');
  }
}

/** Folders of the mailbox the principal may see, in display order (standard folders first). */
export async function visibleFolders(db: Db, access: MailboxAccess, mailboxId: string) {
  const rows = await db.selectFrom('folder').select(['id', 'kind', 'name']).where('mailbox_id', '=', mailboxId).execute();
  return rows.filter((f) => canSeeFolder(access, f.id)).sort(folderOrder);
}

const KIND_ORDER = { INBOX: 0, SENT: 1, DRAFTS: 2, DELETED: 3, USER: 4 } as const;
const collator = new Intl.Collator('da', { sensitivity: 'base' });

export function folderOrder(a: { kind: keyof typeof KIND_ORDER; name: string }, b: { kind: keyof typeof KIND_ORDER; name: string }): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(a.name, b.name);
}

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
  'm.attention', 'm.thread_id', 's.created_at', 's.read_at', 's.flagged', 's.folder_id',
] as const;

export async function findVisibleMessage(db: Db, access: MailboxAccess, mailboxId: string, messageId: string) {
  const row = await db.selectFrom('message_state as s').innerJoin('message as m', 'm.id', 's.message_id')
    .select(SUMMARY_COLUMNS)
    .select([
      'm.sender_mailbox_id', 'm.sender_organisation_id', 'm.sender_contact_point', 'm.recipient_mailbox_id',
      'm.recipient_contact_point_id', 'm.document_text', 'm.blob_refs', 'm.available_at',
    ])
    .where('s.mailbox_id', '=', mailboxId).where('s.message_id', '=', messageId)
    .where(shownIn(mailboxId))
    .executeTakeFirst();
  if (!row || !canSeeFolder(access, row.folder_id)) throw messageNotFound();
  return row;
}

export type VisibleMessage = Awaited<ReturnType<typeof findVisibleMessage>>;
