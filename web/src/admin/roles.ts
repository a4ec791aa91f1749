import type { ActorRef, FolderRef, MailboxLevel, MemberRole } from '../api.ts';
import type { Key, T } from '../i18n.ts';

/** Strongest first, as src/domain/permissions.ts orders them. */
export const ROLES: readonly MemberRole[] = ['super-admin', 'admin', 'writer', 'reader'];

export const roleName = (t: T, role: MemberRole): string => t(`role.${role}` as Key);
export const roleExplained = (t: T, role: MemberRole): string => t(`role.${role}.explain` as Key);

/** Writers and readers of an extended mailbox may be limited to some folders; administrators always see everything. */
export const mayLimit = (role: MemberRole, level: MailboxLevel): boolean => level === 'extended' && (role === 'writer' || role === 'reader');

/** The roles someone may hand out: only super-administrators hand out super-administrator. */
export const grantableRoles = (superAdmins: boolean): readonly MemberRole[] => (superAdmins ? ROLES : ROLES.filter((r) => r !== 'super-admin'));

export function foldersText(t: T, folders: readonly FolderRef[] | null | undefined): string {
  if (!folders) return t('admin.allFolders');
  return folders.map((f) => f.name).join(', ');
}

/** Who did something, as people read it. */
export function actorName(t: T, actor: ActorRef | null | undefined): string {
  if (!actor) return '';
  switch (actor.kind) {
    case 'user': return actor.name;
    case 'operator': return t('actor.operator', { name: actor.name });
    case 'idp': return t('actor.idp');
    case 'migration': return t('actor.migration');
    default: return t('actor.system');
  }
}

/** How long ago, roughly: minutes, hours or days. */
export function ageText(t: T, iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return minutes === 1 ? t('age.minute') : t('age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? t('age.hour') : t('age.hours', { n: hours });
  return t('age.days', { n: Math.floor(hours / 24) });
}

/** The refusals that are about a role or its folders, for the error summary to point at the role field. */
export const roleErrorFields = (roleId: string): Record<string, string> => Object.fromEntries(
  ['LAST_ADMINISTRATOR', 'ROLE_INVALID', 'ROLE_CANNOT_BE_LIMITED', 'EXTENDED_REQUIRED', 'FOLDERS_EMPTY', 'FOLDER_NOT_FOUND', 'FORBIDDEN_ROLE', '/role', '/folderIds']
    .map((code) => [code, roleId]),
);
