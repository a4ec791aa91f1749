import { createHash, randomBytes } from 'node:crypto';
import { grantOf, mayHandleRole, parseEmailAddress, parseUuid, Refusal, type Grant, type MailboxLevel, type Role } from '../../domain/index.ts';
import { foldersOfMailboxAmong, type Executor } from '../../store/index.ts';
import { cleanLine } from '../input.ts';

// What every people service checks: a role as granted against the mailbox, who may handle which role, addresses, tokens.

const GRANT_PROBLEMS = {
  ROLE_INVALID: 'The role is super-admin, admin, writer or reader.',
  ROLE_CANNOT_BE_LIMITED: 'Administrators see the whole mailbox; only writers and readers can be limited to folders.',
  EXTENDED_REQUIRED: 'Access to some folders only is part of extended functionality; the mailbox is at standard level.',
  FOLDERS_EMPTY: 'Choose at least one folder, or give access to all folders (folderIds null).',
} as const;

/**
 * The grant asked for, checked against the organisation's mailbox (src/domain/permissions.ts `grantOf`):
 * folder limits only in an extended mailbox, and only its own folders (422 FOLDER_NOT_FOUND otherwise).
 */
export async function checkedGrant(db: Executor, mailbox: { id: string | null; level: MailboxLevel | null }, role: unknown, folderIds: readonly string[] | null | undefined): Promise<Grant> {
  const ids = folderIds?.map((id) => parseUuid(id) ?? id) ?? folderIds;
  const grant = grantOf(role, ids, mailbox.level ?? 'standard');
  if (typeof grant === 'string') throw new Refusal('not-allowed', grant, GRANT_PROBLEMS[grant]);
  if (grant.folderIds !== null) {
    const known = mailbox.id ? await foldersOfMailboxAmong(db, mailbox.id, grant.folderIds.filter((id) => parseUuid(id))) : new Set<string>();
    const unknown = grant.folderIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new Refusal('not-allowed', 'FOLDER_NOT_FOUND', 'The organisation\'s mailbox has no folder with this id.', unknown.map((id) => ({ folderId: id })));
    }
  }
  return grant;
}

/** Only a super-administrator grants, changes or ends a super-administrator's role (src/domain/permissions.ts `mayHandleRole`). */
export function requireMayHandle(actorRole: Role, ...targets: Role[]): void {
  if (!mayHandleRole(actorRole, ...targets)) {
    throw new Refusal('forbidden', 'FORBIDDEN_ROLE', 'Only the organisation\'s super-administrators may grant, change or revoke a super-administrator.');
  }
}

export function emailAddress(value: string): string {
  const address = parseEmailAddress(value);
  if (!address) throw new Refusal('not-allowed', 'EMAIL_INVALID', 'Give an e-mail address as name@domain.');
  return address;
}

/** A one-line name of 1 to 200 characters. */
export const personName = (value: string): string => cleanLine(value, 'NAME_INVALID', 'A name', 200);

/** Free text (a message, a reason): trimmed, null when empty. */
export function optionalText(value: string | null | undefined, max: number): string | null {
  const text = value?.trim() ?? '';
  if (text.length > max) throw new Refusal('invalid', 'TEXT_TOO_LONG', `At most ${max} characters.`);
  return text === '' ? null : text;
}

/** A token for a link (32 random bytes, base64url) and the SHA-256 that is stored in its place. */
export function newToken(): { token: string; sha256: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, sha256: tokenHash(token) };
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function uuidOr404(value: string, code: string, message: string): string {
  const id = parseUuid(value);
  if (!id) throw new Refusal('not-found', code, message);
  return id;
}
