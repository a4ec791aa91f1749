import { canManageFolders, canMove, canSeeFolder, canWrite, type MailboxAccess, mailboxAccess, type Principal, Refusal } from '../domain/index.ts';
import { findMailboxMessage, foldersOfMailbox, type Db } from '../store/index.ts';

/** What every portal operation needs: the store and the event chains (a `SendContext`). */
export interface PortalContext {
  db: Db;
  eventChains: number;
}

export const actorOf = (principal: Principal): string => `user:${principal.userId}`;

export const mailboxNotFound = () => new Refusal('not-found', 'MAILBOX_NOT_FOUND', 'No such mailbox.');
export const messageNotFound = () => new Refusal('not-found', 'MESSAGE_NOT_FOUND', 'No such message in this mailbox.');
export const folderNotFound = () => new Refusal('not-found', 'FOLDER_NOT_FOUND', 'No such folder in this mailbox.');

/** The principal's access to a mailbox; a mailbox they may not open does not exist for them (404). */
export function requireMailbox(principal: Principal, mailboxId: string): MailboxAccess {
  const access = mailboxAccess(principal, mailboxId);
  if (!access) throw mailboxNotFound();
  return access;
}

export function requireFolderManagement(access: MailboxAccess): void {
  if (!canManageFolders(access)) {
    if (access.role !== 'owner' && access.level !== 'extended') {
      throw new Refusal('forbidden', 'EXTENDED_REQUIRED', 'Own folders are part of extended functionality; this mailbox has the standard level.');
    }
    throw new Refusal('forbidden', 'FORBIDDEN_ROLE', 'Only the owner or an administrator of this mailbox may create, rename or delete folders.');
  }
}

/**
 * Moving a message out of `fromFolderId` into `toFolderId` (PATCH's move, and DELETE's move to
 * Slettet): a folder the principal may not see does not exist for them (404).
 */
export function requireMove(access: MailboxAccess, fromFolderId: string, toFolderId: string): void {
  if (!canMove(access, fromFolderId, toFolderId)) throw folderNotFound();
}

/** A move or delete found the message no longer in the folder it was checked in. */
export const messageMoved = () => new Refusal('conflict', 'MESSAGE_MOVED', 'The message was moved or deleted meanwhile; reload and try again.');

export function requireWrite(access: MailboxAccess): void {
  if (!canWrite(access)) {
    throw new Refusal('forbidden', 'FORBIDDEN_ROLE', 'Your role in this mailbox does not let you write on its behalf.');
  }
}

/** Folders of the mailbox the principal may see, in display order (standard folders first). */
export async function visibleFolders(db: Db, access: MailboxAccess, mailboxId: string) {
  const rows = await foldersOfMailbox(db, mailboxId);
  return rows.filter((f) => canSeeFolder(access, f.id)).sort(folderOrder);
}

const KIND_ORDER = { INBOX: 0, SENT: 1, DRAFTS: 2, DELETED: 3, USER: 4 } as const;
const collator = new Intl.Collator('da', { sensitivity: 'base' });

export function folderOrder(a: { kind: keyof typeof KIND_ORDER; name: string }, b: { kind: keyof typeof KIND_ORDER; name: string }): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(a.name, b.name);
}

/** A message shown in the mailbox (see findMailboxMessage), in a folder the principal may see; else not found (404). */
export async function findVisibleMessage(db: Db, access: MailboxAccess, mailboxId: string, messageId: string) {
  const row = await findMailboxMessage(db, mailboxId, messageId);
  if (!row || !canSeeFolder(access, row.folder_id)) throw messageNotFound();
  return row;
}

export type VisibleMessage = Awaited<ReturnType<typeof findVisibleMessage>>;
