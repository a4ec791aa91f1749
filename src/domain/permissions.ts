/** Who may see which mailbox and folder: the one place the portal asks. Pure. */

export type Role = 'admin' | 'reader' | 'limited';

export interface Membership {
  organisationId: string;
  mailboxId: string;
  role: Role;
  /** the folders a `limited` member may see */
  folderIds: readonly string[] | null;
}

export interface Principal {
  userId: string;
  name: string;
  /** the user's own mailbox as a citizen */
  citizenMailboxId: string | null;
  memberships: readonly Membership[];
}

export type MailboxAccess =
  | { kind: 'all'; role: Role | 'owner' }
  | { kind: 'folders'; role: 'limited'; folderIds: ReadonlySet<string> };

export function mailboxAccess(principal: Principal, mailboxId: string): MailboxAccess | null {
  if (principal.citizenMailboxId === mailboxId) return { kind: 'all', role: 'owner' };
  const membership = principal.memberships.find((m) => m.mailboxId === mailboxId);
  if (!membership) return null;
  if (membership.role === 'limited') return { kind: 'folders', role: 'limited', folderIds: new Set(membership.folderIds ?? []) };
  return { kind: 'all', role: membership.role };
}

export function canSeeFolder(access: MailboxAccess, folderId: string): boolean {
  return access.kind === 'all' || access.folderIds.has(folderId);
}

/** Moving a message between folders — deleting it moves it to Slettet: the principal must see both. */
export function canMove(access: MailboxAccess, fromFolderId: string, toFolderId: string): boolean {
  return canSeeFolder(access, fromFolderId) && canSeeFolder(access, toFolderId);
}

/** Creating, renaming and deleting folders, and writing on the mailbox's behalf. */
export function canManageFolders(access: MailboxAccess): boolean {
  return access.kind === 'all' && (access.role === 'owner' || access.role === 'admin');
}

export function canWrite(access: MailboxAccess): boolean {
  return access.kind === 'all';
}
