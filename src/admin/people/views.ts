import type { AccessPeriod, AccessRequestView, ActorRef, FolderRef, InvitationView, Member } from '../../contract/index.ts';
import {
  folderNames, userNames, type AccessPeriodRow, type AccessRequestRow, type Executor, type InvitationRow, type MemberRow,
} from '../../store/index.ts';

// What the people pages show: store rows with names in place of ids (people and folders).

/** Names of the people and folders a set of rows refers to, looked up once. */
export interface Names { users: Map<string, string>; folders: Map<string, string> }

const userIdOf = (actor: string | null | undefined) => (actor?.startsWith('user:') ? actor.slice(5) : undefined);

export async function namesFor(db: Executor, refs: { actors?: ReadonlyArray<string | null | undefined>; userIds?: readonly string[]; folderIds?: ReadonlyArray<readonly string[] | null | undefined> }): Promise<Names> {
  const userIds = [...(refs.userIds ?? []), ...(refs.actors ?? []).map(userIdOf).filter((id): id is string => id !== undefined)];
  const folderIds = (refs.folderIds ?? []).flatMap((ids) => ids ?? []);
  const [users, folders] = await Promise.all([userNames(db, userIds), folderNames(db, folderIds)]);
  return { users, folders };
}

/** Who acted, for people to read (`user:<id>`, `operator:<name>`, `cli`, `idp`, `demo`, `migration`). */
export function actorRef(actor: string, names: Names): ActorRef {
  const userId = userIdOf(actor);
  if (userId) return { kind: 'user', name: names.users.get(userId) ?? 'Ukendt person', userId };
  if (actor.startsWith('operator:')) return { kind: 'operator', name: actor.slice('operator:'.length) };
  if (actor === 'cli') return { kind: 'operator', name: 'kuvert (kommandolinjen)' };
  if (actor === 'idp') return { kind: 'idp', name: 'Login-tjenesten (organisationens ledende administrator)' };
  if (actor === 'migration') return { kind: 'migration', name: 'Opgradering af Kuvert' };
  return { kind: 'system', name: actor };
}

/** Folder limits as folders with names; a folder deleted since is left out. null = all folders. */
export function folderRefs(folderIds: readonly string[] | null, names: Names): FolderRef[] | null {
  if (folderIds === null) return null;
  return folderIds.flatMap((id) => {
    const name = names.folders.get(id);
    return name === undefined ? [] : [{ id, name }];
  });
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function accessRequestView(row: AccessRequestRow, names: Names): AccessRequestView {
  return {
    id: row.id,
    organisation: { id: row.organisation_id, cvr: row.organisation_cvr, name: row.organisation_name, kind: row.organisation_kind },
    person: { userId: row.user_id, name: row.user_name, email: row.user_email },
    role: row.role,
    folders: folderRefs(row.folder_ids, names),
    message: row.message,
    status: row.status,
    createdAt: iso(row.created_at),
    decidedAt: row.decided_at ? iso(row.decided_at) : null,
    decidedBy: row.decided_by ? actorRef(row.decided_by, names) : null,
    ...(row.status === 'approved' && row.decided_role ? { decidedRole: row.decided_role } : {}),
    decidedFolders: row.status === 'approved' ? folderRefs(row.decided_folder_ids, names) : null,
    reason: row.reason,
  };
}

export async function accessRequestViews(db: Executor, rows: readonly AccessRequestRow[]): Promise<AccessRequestView[]> {
  const names = await namesFor(db, { actors: rows.map((r) => r.decided_by), folderIds: rows.flatMap((r) => [r.folder_ids, r.decided_folder_ids]) });
  return rows.map((row) => accessRequestView(row, names));
}

export function invitationStatus(row: Pick<InvitationRow, 'revoked_at' | 'accepted_by' | 'expires_at'>, now = Date.now()): InvitationView['status'] {
  if (row.revoked_at) return 'revoked';
  if (row.accepted_by) return 'accepted';
  return new Date(row.expires_at).getTime() <= now ? 'expired' : 'open';
}

export async function invitationViews(db: Executor, rows: readonly InvitationRow[]): Promise<InvitationView[]> {
  const names = await namesFor(db, { actors: rows.map((r) => r.created_by), folderIds: rows.map((r) => r.folder_ids) });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    folders: folderRefs(row.folder_ids, names),
    status: invitationStatus(row),
    createdAt: iso(row.created_at),
    createdBy: actorRef(row.created_by, names),
    expiresAt: iso(row.expires_at),
    acceptedBy: row.accepted_by ? { userId: row.accepted_by, name: row.accepted_by_name ?? '' } : null,
  }));
}

export async function memberViews(db: Executor, rows: readonly MemberRow[]): Promise<Member[]> {
  const names = await namesFor(db, { actors: rows.map((r) => r.granted_by), folderIds: rows.map((r) => r.folder_ids) });
  return rows.map((row) => ({
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    folders: folderRefs(row.folder_ids, names),
    since: iso(row.valid_from ?? row.created_at),
    grantedBy: actorRef(row.granted_by, names),
    lastLoginAt: row.last_login_at ? iso(row.last_login_at) : null,
  }));
}

export async function periodViews(db: Executor, rows: readonly AccessPeriodRow[]): Promise<AccessPeriod[]> {
  const names = await namesFor(db, { actors: rows.flatMap((r) => [r.granted_by, r.ended_by]), folderIds: rows.map((r) => r.folder_ids) });
  return rows.map((row) => ({
    userId: row.user_id,
    name: row.name,
    role: row.role,
    folders: folderRefs(row.folder_ids, names),
    from: iso(row.valid_from),
    to: row.valid_to ? iso(row.valid_to) : null,
    grantedBy: actorRef(row.granted_by, names),
    endedBy: row.ended_by ? actorRef(row.ended_by, names) : null,
    endReason: row.end_reason,
  }));
}
