import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../domain/index.ts';
import { activeCitizenMailbox, addSession, deleteSession, findSession, membershipsOf, touchSession, type Db } from '../store/index.ts';

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
  await addSession(db, { tokenSha256: digest(token), userId, csrfToken, idToken, expiresAt: new Date(Date.now() + options.hours * 3600_000) });
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
  const row = await findSession(db, digest(token), now);
  if (!row || now.getTime() - new Date(row.last_seen_at).getTime() > IDLE_MINUTES * 60_000) return undefined;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await touchSession(db, row.token_sha256, now);
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, idToken: row.id_token, principal: await loadPrincipal(db, row.user_id, row.name, row.citizen_id) };
}

export async function endSession(db: Db, token: string): Promise<string | null> {
  return deleteSession(db, digest(token));
}

async function loadPrincipal(db: Db, userId: string, name: string, citizenId: string | null): Promise<Principal> {
  const [citizenMailbox, memberships] = await Promise.all([citizenId ? activeCitizenMailbox(db, citizenId) : undefined, membershipsOf(db, userId)]);
  return {
    userId,
    name,
    citizenMailboxId: citizenMailbox ?? null,
    memberships: memberships.map((m) => ({
      organisationId: m.organisation_id, mailboxId: m.mailbox_id, level: m.level, activated: m.activated_at !== null, role: m.role, folderIds: m.folder_ids,
    })),
  };
}
