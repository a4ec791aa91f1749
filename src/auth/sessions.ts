import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../domain/index.ts';
import { activeCitizenMailbox, addSession, deleteSession, findSession, membershipsOf, touchSession, type Db } from '../store/index.ts';

/** The sliding idle timeout unless SESSION_IDLE_MINUTES says otherwise: every use of a session extends it by this much, up to its lifetime. */
export const IDLE_MINUTES = 30;

export interface SessionOptions {
  /** absolute lifetime */
  hours: number;
  /** idle timeout (minutes, may be a fraction); kept with the session */
  idleMinutes?: number;
}

/**
 * How a request uses its session: `use` extends the idle timeout (at most once per touch interval),
 * `peek` only looks (the web app asking how long is left must not keep a session alive by itself),
 * `extend` extends it now ("Forbliv logget ind").
 */
export type SessionUse = 'use' | 'peek' | 'extend';

/** A session's last use is written at most this often: a minute, or a tenth of a short idle timeout. */
const touchIntervalMs = (idleMs: number) => Math.min(60_000, idleMs / 10);

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session for a user; only the token's hash is stored. */
export async function createSession(db: Db, userId: string, options: SessionOptions = { hours: 8 }, idToken: string | null = null) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await addSession(db, {
    tokenSha256: digest(token), userId, csrfToken, idToken, expiresAt: new Date(Date.now() + options.hours * 3600_000),
    idleSeconds: Math.max(1, Math.round((options.idleMinutes ?? IDLE_MINUTES) * 60)),
  });
  return { token, csrfToken };
}

export interface ActiveSession {
  userId: string;
  csrfToken: string;
  idToken: string | null;
  principal: Principal;
  /** when it ends unless used again: its idle timeout from its last use, or its lifetime, whichever comes first */
  expiresAt: Date;
  idleSeconds: number;
}

/** The session of a cookie token if it is valid and not idle; a `use` touches it now and then, an `extend` now. */
export async function loadSession(db: Db, token: string, use: SessionUse = 'use'): Promise<ActiveSession | undefined> {
  const now = new Date();
  const row = await findSession(db, digest(token), now);
  if (!row) return undefined;
  const idleMs = row.idle_seconds * 1000;
  let lastSeen = new Date(row.last_seen_at);
  if (now.getTime() - lastSeen.getTime() > idleMs) return undefined;
  if (use === 'extend' || (use === 'use' && now.getTime() - lastSeen.getTime() > touchIntervalMs(idleMs))) {
    await touchSession(db, row.token_sha256, now);
    lastSeen = now;
  }
  const expiresAt = new Date(Math.min(lastSeen.getTime() + idleMs, new Date(row.expires_at).getTime()));
  return {
    userId: row.user_id, csrfToken: row.csrf_token, idToken: row.id_token, expiresAt, idleSeconds: row.idle_seconds,
    principal: await loadPrincipal(db, row.user_id, row.name, row.citizen_id),
  };
}

/** Whole seconds until the session ends unless used (0 when it has). */
export const secondsLeft = (session: Pick<ActiveSession, 'expiresAt'>, now = new Date()): number =>
  Math.max(0, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000));

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
