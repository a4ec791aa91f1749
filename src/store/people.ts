import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { AccessRequestStatus, MailboxLevel, MembershipRole, Organisation } from './schema.ts';

// People and roles (docs/admin.md): memberships with their access history, access requests,
// invitations, people's e-mail addresses. A membership is never granted, changed or ended without
// its period in `membership_period` opening or closing in the same statement sequence.

// --- organisations and folders -------------------------------------------------------------------

/** An organisation with its mailbox (null when it has none), the mailbox's level and its activation. */
export interface OrganisationWithMailbox extends Pick<Organisation, 'id' | 'cvr' | 'name' | 'kind' | 'status'> {
  mailboxId: string | null;
  level: MailboxLevel | null;
  activatedAt: Date | null;
  activatedBy: string | null;
}

const organisationWithMailbox = (db: Executor) => db.selectFrom('organisation')
  .leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
  .select(['organisation.id', 'organisation.cvr', 'organisation.name', 'organisation.kind', 'organisation.status', 'mailbox.id as mailboxId', 'mailbox.level',
    'mailbox.activated_at as activatedAt', 'mailbox.activated_by as activatedBy']);

export async function organisationWithMailboxByCvr(db: Executor, cvr: string): Promise<OrganisationWithMailbox | undefined> {
  return organisationWithMailbox(db).where('organisation.cvr', '=', cvr).executeTakeFirst();
}

export async function organisationWithMailboxById(db: Executor, id: string): Promise<OrganisationWithMailbox | undefined> {
  return organisationWithMailbox(db).where('organisation.id', '=', id).executeTakeFirst();
}

/**
 * Locks the organisation's row for the rest of the transaction: changes to its people are made one
 * at a time, so two administrators cannot each remove "the other" last super-administrator.
 */
export async function lockOrganisation(trx: Executor, organisationId: string): Promise<boolean> {
  const row = await trx.selectFrom('organisation').select('id').where('id', '=', organisationId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

/** Which of these ids are folders of the mailbox. */
export async function foldersOfMailboxAmong(db: Executor, mailboxId: string, folderIds: readonly string[]): Promise<Set<string>> {
  if (folderIds.length === 0) return new Set();
  const rows = await db.selectFrom('folder').select('id').where('mailbox_id', '=', mailboxId).where('id', 'in', folderIds).execute();
  return new Set(rows.map((r) => r.id));
}

/** Names of folders by id (those that still exist). */
export async function folderNames(db: Executor, folderIds: readonly string[]): Promise<Map<string, string>> {
  if (folderIds.length === 0) return new Map();
  const rows = await db.selectFrom('folder').select(['id', 'name']).where('id', 'in', [...new Set(folderIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Names of users by id. */
export async function userNames(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', [...new Set(userIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// --- people (app_user) ---------------------------------------------------------------------------

export async function personById(db: Executor, userId: string) {
  return db.selectFrom('app_user')
    .select(['id', 'name', 'cvr', 'citizen_id', 'email', 'email_confirmed_at', 'email_pending', 'email_token_sha256', 'email_token_expires_at'])
    .where('id', '=', userId).executeTakeFirst();
}

/** An employee's user for a login subject (created if missing; a concurrent first login may have made it). */
export async function ensureEmployeeUser(db: Executor, user: { subject: string; name: string; cvr: string }): Promise<{ id: string; created: boolean }> {
  const inserted = await db.insertInto('app_user').values({ subject: user.subject, name: user.name, citizen_id: null, cvr: user.cvr })
    .onConflict((oc) => oc.column('subject').doNothing()).returning('id').executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const found = await db.selectFrom('app_user').select('id').where('subject', '=', user.subject).executeTakeFirstOrThrow();
  return { id: found.id, created: false };
}

/** What the identity provider said at this login: the person's name (when it gave one) and the CVR of their organisation (null: none). */
export async function recordLogin(db: Executor, userId: string, login: { name?: string | undefined; cvr: string | null }): Promise<void> {
  await db.updateTable('app_user').set({ cvr: login.cvr, ...(login.name ? { name: login.name } : {}) }).where('id', '=', userId).execute();
}

/** A new address waits for the link mailed to it (only the token's hash is kept); another pending one is replaced. */
export async function setPendingEmail(db: Executor, userId: string, pending: { email: string; tokenSha256: string; expiresAt: Date }): Promise<void> {
  await db.updateTable('app_user').set({
    email_pending: pending.email, email_token_sha256: pending.tokenSha256, email_token_expires_at: pending.expiresAt,
  }).where('id', '=', userId).execute();
}

/** Gives up a pending address (the person gave their confirmed one again). */
export async function clearPendingEmail(db: Executor, userId: string): Promise<void> {
  await db.updateTable('app_user').set({ email_pending: null, email_token_sha256: null, email_token_expires_at: null }).where('id', '=', userId).execute();
}

/**
 * The user's pending address becomes their confirmed one if the token's hash is theirs and unexpired;
 * the address confirmed, or undefined (nothing changed).
 */
export async function confirmPendingEmail(db: Executor, userId: string, tokenSha256: string, now: Date): Promise<string | undefined> {
  const row = await db.updateTable('app_user')
    .set({ email: sql`email_pending`, email_confirmed_at: now, email_pending: null, email_token_sha256: null, email_token_expires_at: null })
    .where('id', '=', userId).where('email_token_sha256', '=', tokenSha256).where('email_token_expires_at', '>', now).where('email_pending', 'is not', null)
    .returning('email').executeTakeFirst();
  return row?.email ?? undefined;
}

/** Sets a confirmed e-mail address directly (the demo seed; people confirm theirs by a link). */
export async function setConfirmedEmail(db: Executor, userId: string, email: string): Promise<void> {
  await db.updateTable('app_user').set({ email, email_confirmed_at: new Date(), email_pending: null, email_token_sha256: null, email_token_expires_at: null })
    .where('id', '=', userId).execute();
}

/** Ends every session of the user at once (their access was revoked). */
export async function deleteSessionsOfUser(trx: Executor, userId: string): Promise<number> {
  const result = await trx.deleteFrom('session').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// --- memberships and the access history ----------------------------------------------------------

export interface MembershipGrant {
  userId: string;
  organisationId: string;
  role: MembershipRole;
  folderIds: readonly string[] | null;
  /** who grants it: `user:<id>`, `operator:<name>`, `cli`, `idp`, `demo` */
  by: string;
}

export async function membershipOfUser(db: Executor, userId: string, organisationId: string) {
  return db.selectFrom('membership').select(['role', 'folder_ids', 'granted_by', 'created_at'])
    .where('user_id', '=', userId).where('organisation_id', '=', organisationId).executeTakeFirst();
}

const openPeriod = async (trx: Executor, grant: MembershipGrant, from: Date) => {
  await trx.insertInto('membership_period').values({
    user_id: grant.userId, organisation_id: grant.organisationId, role: grant.role, folder_ids: grant.folderIds ? [...grant.folderIds] : null,
    valid_from: from, granted_by: grant.by,
  }).execute();
};

const closePeriod = async (trx: Executor, userId: string, organisationId: string, end: { by: string; reason: string | null; at: Date }) => {
  await trx.updateTable('membership_period').set({ valid_to: end.at, ended_by: end.by, end_reason: end.reason })
    .where('user_id', '=', userId).where('organisation_id', '=', organisationId).where('valid_to', 'is', null).execute();
};

/** Grants a membership and opens its period in the access history; false (nothing written) when the person already is a member. */
export async function insertMembership(trx: Executor, grant: MembershipGrant): Promise<boolean> {
  const now = new Date();
  const inserted = await trx.insertInto('membership').values({
    user_id: grant.userId, organisation_id: grant.organisationId, role: grant.role, folder_ids: grant.folderIds ? [...grant.folderIds] : null,
    granted_by: grant.by, created_at: now,
  }).onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doNothing()).returning('user_id').executeTakeFirst();
  if (!inserted) return false;
  await openPeriod(trx, grant, now);
  return true;
}

/** Changes a member's role or folders: the open period closes (ended by the same actor) and a new one opens. False when not a member. */
export async function updateMembership(trx: Executor, grant: MembershipGrant): Promise<boolean> {
  const now = new Date();
  const updated = await trx.updateTable('membership')
    .set({ role: grant.role, folder_ids: grant.folderIds ? [...grant.folderIds] : null, granted_by: grant.by })
    .where('user_id', '=', grant.userId).where('organisation_id', '=', grant.organisationId).returning('user_id').executeTakeFirst();
  if (!updated) return false;
  await closePeriod(trx, grant.userId, grant.organisationId, { by: grant.by, reason: 'role changed', at: now });
  await openPeriod(trx, grant, now);
  return true;
}

/** Ends a membership and closes its period. False when not a member. */
export async function deleteMembership(trx: Executor, end: { userId: string; organisationId: string; by: string; reason: string | null }): Promise<boolean> {
  const deleted = await trx.deleteFrom('membership').where('user_id', '=', end.userId).where('organisation_id', '=', end.organisationId)
    .returning('user_id').executeTakeFirst();
  if (!deleted) return false;
  await closePeriod(trx, end.userId, end.organisationId, { by: end.by, reason: end.reason, at: new Date() });
  return true;
}

export async function countSuperAdmins(db: Executor, organisationId: string): Promise<number> {
  const row = await db.selectFrom('membership').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organisation_id', '=', organisationId).where('role', '=', 'super-admin').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organisation's members (or only the one with `userId`) with their names, confirmed addresses, last logins and when their current role began. */
export async function membersOfOrganisation(db: Executor, organisationId: string, userId?: string) {
  let query = db.selectFrom('membership').innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .leftJoin('membership_period', (join) => join.onRef('membership_period.user_id', '=', 'membership.user_id')
      .onRef('membership_period.organisation_id', '=', 'membership.organisation_id').on('membership_period.valid_to', 'is', null))
    .select(['membership.user_id', 'app_user.name', 'app_user.email', 'app_user.last_login_at', 'membership.role', 'membership.folder_ids',
      'membership.granted_by', 'membership.created_at', 'membership_period.valid_from'])
    .where('membership.organisation_id', '=', organisationId);
  if (userId !== undefined) query = query.where('membership.user_id', '=', userId);
  return query.orderBy('app_user.name').orderBy('membership.user_id').execute();
}

export type MemberRow = Awaited<ReturnType<typeof membersOfOrganisation>>[number];

/** Confirmed addresses of the organisation's members with one of these roles: whom a request is mailed to. */
export async function memberAddresses(db: Executor, organisationId: string, roles: readonly MembershipRole[]): Promise<string[]> {
  const rows = await db.selectFrom('membership').innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select('app_user.email').where('membership.organisation_id', '=', organisationId).where('membership.role', 'in', roles)
    .where('app_user.email', 'is not', null).where('app_user.email_confirmed_at', 'is not', null).execute();
  return [...new Set(rows.map((r) => r.email!))];
}

/** The access history of an organisation, newest first. */
export async function accessHistoryOf(db: Executor, organisationId: string, limit = 1000) {
  return db.selectFrom('membership_period').innerJoin('app_user', 'app_user.id', 'membership_period.user_id')
    .select(['membership_period.user_id', 'app_user.name', 'membership_period.role', 'membership_period.folder_ids', 'membership_period.valid_from',
      'membership_period.valid_to', 'membership_period.granted_by', 'membership_period.ended_by', 'membership_period.end_reason'])
    .where('membership_period.organisation_id', '=', organisationId)
    .orderBy('membership_period.valid_from', 'desc').orderBy('membership_period.id').limit(limit).execute();
}

export type AccessPeriodRow = Awaited<ReturnType<typeof accessHistoryOf>>[number];

// --- access requests -----------------------------------------------------------------------------

const accessRequests = (db: Executor) => db.selectFrom('access_request')
  .innerJoin('app_user', 'app_user.id', 'access_request.user_id')
  .innerJoin('organisation', 'organisation.id', 'access_request.organisation_id')
  .select(['access_request.id', 'access_request.user_id', 'app_user.name as user_name', 'app_user.email as user_email',
    'access_request.organisation_id', 'organisation.cvr as organisation_cvr', 'organisation.name as organisation_name', 'organisation.kind as organisation_kind',
    'access_request.role', 'access_request.folder_ids', 'access_request.message', 'access_request.status', 'access_request.created_at',
    'access_request.decided_at', 'access_request.decided_by', 'access_request.decided_role', 'access_request.decided_folder_ids', 'access_request.reason']);

export type AccessRequestRow = Awaited<ReturnType<ReturnType<typeof accessRequests>['executeTakeFirstOrThrow']>>;

/** Adds a pending request; undefined (nothing written) when the person has a pending request to the organisation already. */
export async function insertAccessRequest(trx: Executor, request: {
  userId: string; organisationId: string; role: MembershipRole; folderIds: readonly string[] | null; message: string | null;
}): Promise<string | undefined> {
  const row = await trx.insertInto('access_request').values({
    user_id: request.userId, organisation_id: request.organisationId, role: request.role,
    folder_ids: request.folderIds ? [...request.folderIds] : null, message: request.message,
  }).onConflict((oc) => oc.columns(['user_id', 'organisation_id']).where('status', '=', 'pending').doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** A request of the organisation, by id. */
export async function accessRequestOfOrganisation(db: Executor, organisationId: string, requestId: string): Promise<AccessRequestRow | undefined> {
  return accessRequests(db).where('access_request.organisation_id', '=', organisationId).where('access_request.id', '=', requestId).executeTakeFirst();
}

export async function accessRequestsOfOrganisation(db: Executor, organisationId: string, status?: AccessRequestStatus): Promise<AccessRequestRow[]> {
  let query = accessRequests(db).where('access_request.organisation_id', '=', organisationId);
  if (status) query = query.where('access_request.status', '=', status);
  return query.orderBy('access_request.created_at', 'desc').orderBy('access_request.id').limit(500).execute();
}

export async function accessRequestsOfUser(db: Executor, userId: string): Promise<AccessRequestRow[]> {
  return accessRequests(db).where('access_request.user_id', '=', userId).orderBy('access_request.created_at', 'desc').orderBy('access_request.id').limit(100).execute();
}

/** Decides a pending request (approved, rejected or withdrawn); false when it was not pending any more. */
export async function decideAccessRequest(trx: Executor, requestId: string, decision: {
  status: Exclude<AccessRequestStatus, 'pending'>; by: string; role?: MembershipRole; folderIds?: readonly string[] | null; reason?: string | null;
}): Promise<boolean> {
  const row = await trx.updateTable('access_request').set({
    status: decision.status, decided_by: decision.by, decided_at: new Date(),
    decided_role: decision.role ?? null, decided_folder_ids: decision.folderIds ? [...decision.folderIds] : null, reason: decision.reason ?? null,
  }).where('id', '=', requestId).where('status', '=', 'pending').returning('id').executeTakeFirst();
  return row !== undefined;
}

/** One of the user's own requests, by id. */
export async function requestOfUser(db: Executor, userId: string, requestId: string) {
  return db.selectFrom('access_request').select(['id', 'organisation_id', 'status'])
    .where('id', '=', requestId).where('user_id', '=', userId).executeTakeFirst();
}

// --- invitations ---------------------------------------------------------------------------------

export async function insertInvitation(trx: Executor, invitation: {
  organisationId: string; email: string; role: MembershipRole; folderIds: readonly string[] | null; tokenSha256: string; expiresAt: Date; by: string;
}): Promise<{ id: string; createdAt: Date }> {
  const row = await trx.insertInto('invitation').values({
    organisation_id: invitation.organisationId, email: invitation.email, role: invitation.role,
    folder_ids: invitation.folderIds ? [...invitation.folderIds] : null, token_sha256: invitation.tokenSha256,
    expires_at: invitation.expiresAt, created_by: invitation.by,
  }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  return { id: row.id, createdAt: row.created_at };
}

const invitations = (db: Executor) => db.selectFrom('invitation').leftJoin('app_user', 'app_user.id', 'invitation.accepted_by')
  .select(['invitation.id', 'invitation.organisation_id', 'invitation.email', 'invitation.role', 'invitation.folder_ids', 'invitation.expires_at',
    'invitation.created_by', 'invitation.created_at', 'invitation.accepted_by', 'invitation.accepted_at', 'invitation.revoked_at', 'app_user.name as accepted_by_name']);

export type InvitationRow = Awaited<ReturnType<ReturnType<typeof invitations>['executeTakeFirstOrThrow']>>;

export async function invitationsOfOrganisation(db: Executor, organisationId: string): Promise<InvitationRow[]> {
  return invitations(db).where('invitation.organisation_id', '=', organisationId).orderBy('invitation.created_at', 'desc').orderBy('invitation.id').limit(500).execute();
}

export async function invitationOfOrganisation(db: Executor, organisationId: string, invitationId: string): Promise<InvitationRow | undefined> {
  return invitations(db).where('invitation.organisation_id', '=', organisationId).where('invitation.id', '=', invitationId).executeTakeFirst();
}

/** An invitation by its token's hash, locked until the transaction ends (it is used once). */
export async function lockInvitationByToken(trx: Executor, tokenSha256: string) {
  return trx.selectFrom('invitation')
    .select(['id', 'organisation_id', 'role', 'folder_ids', 'expires_at', 'created_by', 'accepted_by', 'revoked_at'])
    .where('token_sha256', '=', tokenSha256).forUpdate().executeTakeFirst();
}

export async function markInvitationAccepted(trx: Executor, invitationId: string, userId: string): Promise<boolean> {
  const row = await trx.updateTable('invitation').set({ accepted_by: userId, accepted_at: new Date() })
    .where('id', '=', invitationId).where('accepted_by', 'is', null).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Revokes an open invitation of the organisation; false when there is none such (accepted, revoked or another's). */
export async function markInvitationRevoked(trx: Executor, organisationId: string, invitationId: string): Promise<boolean> {
  const row = await trx.updateTable('invitation').set({ revoked_at: new Date() })
    .where('id', '=', invitationId).where('organisation_id', '=', organisationId).where('accepted_by', 'is', null).where('revoked_at', 'is', null)
    .returning('id').executeTakeFirst();
  return row !== undefined;
}
