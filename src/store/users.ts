import type { Executor } from './executor.ts';

// People who log in (app_user), their sessions and their memberships of organisations.

export async function addSession(db: Executor, session: { tokenSha256: string; userId: string; csrfToken: string; idToken: string | null; expiresAt: Date; idleSeconds: number }): Promise<void> {
  await db.insertInto('session').values({
    token_sha256: session.tokenSha256, user_id: session.userId, csrf_token: session.csrfToken, id_token: session.idToken, expires_at: session.expiresAt,
    idle_seconds: session.idleSeconds,
  }).execute();
  await db.updateTable('app_user').set({ last_login_at: new Date() }).where('id', '=', session.userId).execute();
}

/** An unexpired session by its token's hash, with its user. */
export async function findSession(db: Executor, tokenSha256: string, now: Date) {
  return db.selectFrom('session').innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.token_sha256', 'session.user_id', 'session.csrf_token', 'session.id_token', 'session.last_seen_at', 'session.expires_at', 'session.idle_seconds', 'app_user.name', 'app_user.citizen_id'])
    .where('session.token_sha256', '=', tokenSha256).where('session.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, tokenSha256: string, now: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: now }).where('token_sha256', '=', tokenSha256).execute();
}

/** Ends a session; its OpenID Connect id token (for logging out at the provider) if it had one. */
export async function deleteSession(db: Executor, tokenSha256: string): Promise<string | null> {
  const row = await db.deleteFrom('session').where('token_sha256', '=', tokenSha256).returning('id_token').executeTakeFirst();
  return row?.id_token ?? null;
}

export async function activeCitizenMailbox(db: Executor, citizenId: string): Promise<string | undefined> {
  return (await db.selectFrom('mailbox').select('id').where('citizen_id', '=', citizenId).where('status', '=', 'active').executeTakeFirst())?.id;
}

/** The user's memberships, with their organisations' open mailboxes, each mailbox's level and whether it is activated. */
export async function membershipsOf(db: Executor, userId: string) {
  return db.selectFrom('membership').innerJoin('mailbox', 'mailbox.organisation_id', 'membership.organisation_id')
    .select(['membership.organisation_id', 'membership.role', 'membership.folder_ids', 'mailbox.id as mailbox_id', 'mailbox.level', 'mailbox.activated_at'])
    .where('membership.user_id', '=', userId).where('mailbox.status', '=', 'active').execute();
}

export async function findUserBySubject(db: Executor, subject: string) {
  return db.selectFrom('app_user').select(['id', 'name']).where('subject', '=', subject).executeTakeFirst();
}

export async function renameUser(db: Executor, userId: string, name: string): Promise<void> {
  await db.updateTable('app_user').set({ name }).where('id', '=', userId).execute();
}

export async function findCitizenByCpr(db: Executor, cpr: string) {
  return db.selectFrom('citizen').select(['id', 'name']).where('cpr', '=', cpr).executeTakeFirst();
}

/**
 * The citizen's user for a login subject: created if missing. A concurrent first login may insert the
 * same user, so a conflict is ignored and what is there is read (by subject, else by citizen).
 */
export async function ensureCitizenUser(db: Executor, user: { subject: string; name: string; citizenId: string }): Promise<string | undefined> {
  await db.insertInto('app_user').values({ subject: user.subject, name: user.name, citizen_id: user.citizenId }).onConflict((oc) => oc.doNothing()).execute();
  const found = await db.selectFrom('app_user').select('id').where('subject', '=', user.subject).executeTakeFirst()
    ?? await db.selectFrom('app_user').select('id').where('citizen_id', '=', user.citizenId).executeTakeFirst();
  return found?.id;
}
