import { SESSION_COOKIE } from '../../src/api/auth/cookies.ts';
import { createSession } from '../../src/auth/index.ts';
import { DEV_IDP_SUBJECT_PREFIX } from '../../src/demo/index.ts';
import type { Db } from '../../src/store/index.ts';

export interface TestSession {
  userId: string;
  csrfToken: string;
  /** headers for app.inject: the session cookie and the CSRF token */
  headers: Record<string, string>;
}

/** A session for a demo person (DEMO.people[].sub), made directly in the store (no OIDC round trip). */
export async function sessionFor(db: Db, sub: string): Promise<TestSession> {
  const user = await db.selectFrom('app_user').select('id').where('subject', '=', `${DEV_IDP_SUBJECT_PREFIX}${sub}`).executeTakeFirstOrThrow();
  const { token, csrfToken } = await createSession(db, user.id);
  return { userId: user.id, csrfToken, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken } };
}
