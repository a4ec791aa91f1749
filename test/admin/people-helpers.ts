import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../src/api/auth/cookies.ts';
import { createSession, resolveLogin } from '../../src/auth/index.ts';
import { DEV_IDP_SUBJECT_PREFIX } from '../../src/demo/index.ts';
import type { Db } from '../../src/store/index.ts';
import { api } from '../portal/helpers.ts';
import type { TestSession } from '../helpers/session.ts';

// People and roles through the API: employees logging in by CVR, their e-mail confirmed through the
// link Kuvert mails, and the mails themselves (outgoing_mail).

export const PUBLIC_URL = 'https://kuvert.test';

export interface Employee extends TestSession { name: string }

/** An employee who logs in for the first time with this CVR (through resolveLogin, as /auth/callback does), with a session. */
export async function employeeLogin(ctx: { db: Db; eventChains: number }, cvr: string, name = `Test ${randomUUID().slice(0, 6)}`, leadAdmin = false): Promise<Employee> {
  const outcome = await resolveLogin(ctx, { subject: `${DEV_IDP_SUBJECT_PREFIX}test-${randomUUID()}`, name, cvr, leadAdmin });
  assert.equal(outcome.kind, 'user', JSON.stringify(outcome));
  if (outcome.kind !== 'user') throw new Error('no user');
  return sessionOf(ctx.db, outcome.userId, name);
}

export async function sessionOf(db: Db, userId: string, name: string): Promise<Employee> {
  const { token, csrfToken } = await createSession(db, userId);
  return { userId, csrfToken, name, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken } };
}

export interface SentMail { id: string; kind: string; recipient: string; subject: string; text: string; organisationId: string | null }

/** Mails Kuvert queued, oldest first (optionally of one kind, to one address). */
export async function mails(db: Db, filter: { kind?: string; to?: string } = {}): Promise<SentMail[]> {
  let query = db.selectFrom('outgoing_mail').select(['id', 'kind', 'recipient', 'subject', 'text_body', 'organisation_id']).orderBy('created_at').orderBy('id');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.to) query = query.where('recipient', '=', filter.to);
  return (await query.execute()).map((r) => ({ id: r.id, kind: r.kind, recipient: r.recipient, subject: r.subject, text: r.text_body, organisationId: r.organisation_id }));
}

/** The token of the last link to `path` in the last mail of this kind to this address. */
export async function tokenFromMail(db: Db, kind: string, to: string, path: string): Promise<string> {
  const mail = (await mails(db, { kind, to })).at(-1);
  assert.ok(mail, `a ${kind} mail to ${to}`);
  const match = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  assert.ok(match, `the ${kind} mail links to ${path}: ${mail.text}`);
  return match[1]!;
}

/** Gives the person a confirmed e-mail address, the way a person does: PUT /api/profile, then the link from the mail. */
export async function confirmAddress(app: FastifyInstance, db: Db, who: Employee, email: string): Promise<void> {
  const saved = await api(app, who, 'PUT', '/api/profile', { name: who.name, email });
  assert.equal(saved.status, 200, saved.text);
  const token = await tokenFromMail(db, 'email-confirmation', email, '/profil/bekraeft');
  const confirmed = await api(app, who, 'POST', '/api/profile/email-confirmation', { token });
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.body.email, email);
}

export const count = async (db: Db, table: 'event' | 'membership' | 'membership_period' | 'access_request' | 'invitation' | 'outgoing_mail' | 'session' | 'app_user') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Everything a people call could write, to prove that a refused one wrote nothing. */
export async function peopleSnapshot(db: Db): Promise<string> {
  const [memberships, periods, requests, invitations] = await Promise.all([
    db.selectFrom('membership').selectAll().orderBy('user_id').orderBy('organisation_id').execute(),
    db.selectFrom('membership_period').selectAll().orderBy('id').execute(),
    db.selectFrom('access_request').selectAll().orderBy('id').execute(),
    db.selectFrom('invitation').selectAll().orderBy('id').execute(),
  ]);
  const counts = await Promise.all((['event', 'outgoing_mail', 'session', 'app_user'] as const).map((t) => count(db, t)));
  return JSON.stringify({ memberships, periods, requests, invitations, counts });
}

export async function eventsOfType(db: Db, type: string) {
  const rows = await db.selectFrom('event').select('body').where('type', '=', type as never).orderBy('at').orderBy('chain').orderBy('seq').execute();
  return rows.map((r) => JSON.parse(r.body) as { actor: string; data: Record<string, unknown> });
}
