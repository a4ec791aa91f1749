/**
 * Who may do what, in one place: mailboxes and folders (the portal) and an organisation's
 * administration (docs/admin.md, "Roles and permissions"). Pure.
 */

export type MailboxLevel = 'standard' | 'extended';

/**
 * An employee's role in an organisation, strongest first. Each role may do what the ones after it
 * may: a super-administrator everything (systems, certificates, secure e-mail, other
 * super-administrators, the mailbox's level), an administrator people, folders and contact points,
 * a writer read, reply and write, a reader read and move.
 */
export const ROLES = ['super-admin', 'admin', 'writer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may be limited to some folders (in an extended mailbox); administrators always see everything. */
export const FOLDER_LIMITED_ROLES = ['writer', 'reader'] as const;
export type FolderLimitedRole = (typeof FOLDER_LIMITED_ROLES)[number];

const RANK: Record<Role, number> = { 'super-admin': 3, admin: 2, writer: 1, reader: 0 };

/** `role` may do at least what `least` may. */
export const atLeast = (role: Role, least: Role): boolean => RANK[role] >= RANK[least];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** A role as granted: administrators on the whole mailbox, writers and readers on all folders (null) or some. */
export type Grant =
  | { role: 'super-admin' | 'admin'; folderIds: null }
  | { role: FolderLimitedRole; folderIds: readonly string[] | null };

export interface Membership {
  organisationId: string;
  /** the organisation's mailbox */
  mailboxId: string;
  /** the mailbox's level: standard (one inbox, simple access) or extended (own folders, per-folder access, rules) */
  level: MailboxLevel;
  /** whether the organisation's mailbox has been activated by an administrator */
  activated: boolean;
  role: Role;
  /** the folders a folder-limited writer or reader may see; null = all */
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
  | { kind: 'all'; role: Role | 'owner'; level: MailboxLevel }
  | { kind: 'folders'; role: FolderLimitedRole; level: MailboxLevel; folderIds: ReadonlySet<string> };

/** The principal's access to a mailbox: its owner (a citizen), or a member of its organisation once the mailbox is activated. */
export function mailboxAccess(principal: Principal, mailboxId: string): MailboxAccess | null {
  if (principal.citizenMailboxId === mailboxId) return { kind: 'all', role: 'owner', level: 'extended' };
  const membership = principal.memberships.find((m) => m.mailboxId === mailboxId);
  if (!membership || !membership.activated) return null;
  if (membership.folderIds !== null && (membership.role === 'writer' || membership.role === 'reader')) {
    return { kind: 'folders', role: membership.role, level: membership.level, folderIds: new Set(membership.folderIds) };
  }
  return { kind: 'all', role: membership.role, level: membership.level };
}

const roleAtLeast = (access: MailboxAccess, least: Role): boolean => access.role === 'owner' || atLeast(access.role, least);

export function canSeeFolder(access: MailboxAccess, folderId: string): boolean {
  return access.kind === 'all' || access.folderIds.has(folderId);
}

/** Moving a message between folders — deleting it moves it to Slettet: the principal must see both. */
export function canMove(access: MailboxAccess, fromFolderId: string, toFolderId: string): boolean {
  return canSeeFolder(access, fromFolderId) && canSeeFolder(access, toFolderId);
}

/** Own folders: a citizen's always; an organisation's only in an extended mailbox, by its administrators. */
export function canManageFolders(access: MailboxAccess): boolean {
  if (access.role === 'owner') return true;
  return access.level === 'extended' && access.kind === 'all' && roleAtLeast(access, 'admin');
}

/** Writing a new message on the mailbox's behalf: its owner, or a writer (or more) who sees every folder. */
export function canWrite(access: MailboxAccess): boolean {
  return access.kind === 'all' && roleAtLeast(access, 'writer');
}

/** Answering a message the principal can see: its owner, or a writer (or more), also one limited to some folders. */
export function canReply(access: MailboxAccess): boolean {
  return roleAtLeast(access, 'writer');
}

/** What an organisation's administration lets its members do (`/api/admin`). */
export type AdminAction =
  /** see the organisation's administration page and its own access */
  | 'view'
  /** people: requests, invitations, roles up to administrator, revocation; the access history */
  | 'people'
  /** grant, change or revoke a super-administrator */
  | 'super-admins'
  /** own folders of an extended mailbox */
  | 'folders'
  /** an authority's contact points */
  | 'contact-points'
  /** the mailbox's rules: sorting into folders, delivery to recipient systems, notifying, forwarding */
  | 'rules'
  /** who is told of new mail: the mailbox's and its folders' notification recipients and addresses */
  | 'notifications'
  /** letters per subscription group, sender and month */
  | 'statistics'
  /** is the mailbox emptied: folders' responsible people and thresholds, alerts */
  | 'emptying'
  /** the sender's error view: systems' sends and refusals per day, letters waiting, FAILED receipts (docs/monitoring.md) */
  | 'monitoring'
  /** the audit trail of administrative changes and who administers what (docs/audit.md) */
  | 'audit'
  /** run the self-test, "Test om det virker" (docs/doctor.md) */
  | 'self-test'
  /** systems, certificates, secure e-mail, activation and the mailbox's level */
  | 'systems'
  | 'certificates'
  | 'secure-mail'
  | 'level';

const LEAST_ROLE: Record<AdminAction, Role> = {
  view: 'admin',
  rules: 'admin',
  notifications: 'admin',
  statistics: 'admin',
  emptying: 'admin',
  monitoring: 'admin',
  people: 'admin',
  folders: 'admin',
  'contact-points': 'admin',
  'self-test': 'admin',
  'super-admins': 'super-admin',
  audit: 'super-admin',
  systems: 'super-admin',
  certificates: 'super-admin',
  'secure-mail': 'super-admin',
  level: 'super-admin',
};

export type AdminVerdict =
  | { ok: true; membership: Membership }
  /** not a member of the organisation: it does not exist for them */
  | { ok: false; reason: 'not-member' }
  | { ok: false; reason: 'role'; least: Role };

/** May the principal do this in the organisation's administration. */
export function adminVerdict(principal: Principal, organisationId: string, action: AdminAction): AdminVerdict {
  const membership = principal.memberships.find((m) => m.organisationId === organisationId);
  if (!membership) return { ok: false, reason: 'not-member' };
  const least = LEAST_ROLE[action];
  return atLeast(membership.role, least) ? { ok: true, membership } : { ok: false, reason: 'role', least };
}

export type GrantProblem =
  | 'ROLE_INVALID'
  /** administrators see the whole mailbox */
  | 'ROLE_CANNOT_BE_LIMITED'
  /** per-folder access is an extended feature */
  | 'EXTENDED_REQUIRED'
  | 'FOLDERS_EMPTY';

/** Checks a role and folder limit as asked for; the folders themselves are checked against the mailbox by the caller. */
export function grantOf(role: unknown, folderIds: readonly string[] | null | undefined, level: MailboxLevel): Grant | GrantProblem {
  if (!isRole(role)) return 'ROLE_INVALID';
  if (folderIds === null || folderIds === undefined) return { role, folderIds: null } as Grant;
  if (role === 'super-admin' || role === 'admin') return 'ROLE_CANNOT_BE_LIMITED';
  if (level !== 'extended') return 'EXTENDED_REQUIRED';
  if (folderIds.length === 0) return 'FOLDERS_EMPTY';
  return { role, folderIds: [...new Set(folderIds)] };
}

/**
 * May `actor` grant, change or end a membership with role `target` (the old and the new role): an
 * administrator handles writers, readers and administrators; only a super-administrator handles
 * super-administrators.
 */
export function mayHandleRole(actor: Role, ...targets: Role[]): boolean {
  return targets.every((target) => target === 'super-admin' ? actor === 'super-admin' : atLeast(actor, 'admin'));
}
