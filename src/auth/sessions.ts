import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../domain/index.ts';
import type { Db } from '../store/index.ts';

const IDLE_MINUTES = 30;

export interface SessionOptions {
  /** absolute lifetime */
  hours: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session for a user; only the token's hash is stored. */
export async function createSession(db: Db, userId: string, options: SessionOptions = { hours: 8 }, idToken: string | null = null) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insertInto('session').values({
    token_sha256: digest(token), user_id: userId, csrf_token: csrfToken, id_token: idToken,
    expires_at: new Date(Date.now() + options.hours * 3600_000),
  }).execute();
  await db.updateTable('app_user').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
  return { token, csrfToken };
}

export interface ActiveSession {
  userId: string;
  csrfToken: string;
  idToken: string | null;
  principal: Principal;
}

/** The session of a cookie token if it is valid and not idle; touches it. */
export async function loadSession(db: Db, token: string): Promise<ActiveSession | undefined> {
  const now = new Date();
  const row = await db.selectFrom('session').innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.token_sha256', 'session.user_id', 'session.csrf_token', 'session.id_token', 'session.last_seen_at', 'app_user.name', 'app_user.citizen_id'])
    .where('session.token_sha256', '=', digest(token)).where('session.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || now.getTime() - new Date(row.last_seen_at).getTime() > IDLE_MINUTES * 60_000) return undefined;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.updateTable('session').set({ last_seen_at: now }).where('token_sha256', '=', row.token_sha256).execute();
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, idToken: row.id_token, principal: await loadPrincipal(db, row.user_id, row.name, row.citizen_id) };
}

export async function endSession(db: Db, token: string): Promise<string | null> {
  const row = await db.deleteFrom('session').where('token_sha256', '=', digest(token)).returning('id_token').executeTakeFirst();
  return row?.id_token ?? null;
}

async function loadPrincipal(db: Db, userId: string, name: string, citizenId: string | null): Promise<Principal> {
  const [citizenMailbox, memberships] = await Promise.all([
    citizenId ? db.selectFrom('mailbox').select('id').where('citizen_id', '=', citizenId).where('status', '=', 'active').executeTakeFirst() : undefined,
    db.selectFrom('membership').innerJoin('mailbox', 'mailbox.organisation_id', 'membership.organisation_id')
      .select(['membership.organisation_id', 'membership.role', 'membership.folder_ids', 'mailbox.id as mailbox_id'])
      .where('membership.user_id', '=', userId).where('mailbox.status', '=', 'active').execute(),
  ]);
  return {
    userId,
    name,
    citizenMailboxId: citizenMailbox?.id ?? null,
    memberships: memberships.map((m) => ({ organisationId: m.organisation_id, mailboxId: m.mailbox_id, role: m.role, folderIds: m.folder_ids })),
  };
}
