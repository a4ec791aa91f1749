import type { Db } from '../store/index.ts';
import type { LoginProvider } from './relying-party.ts';

export interface LoginIdentity {
  /** `<prefix><sub>` (`loginSubject`): the provider's subject, kept apart from other providers' */
  subject: string;
  name?: string | undefined;
  cpr?: string | undefined;
  cvr?: string | undefined;
}

export type LoginOutcome =
  | { kind: 'user'; userId: string }
  /** no user and nothing to make one from: a citizen Kuvert does not know, or an employee without access */
  | { kind: 'denied'; reason: 'unknown-citizen' | 'no-membership' | 'unknown' };

const CPR = /^\d{10}$/;

/** The `app_user.subject` of a login: the provider's `sub` under its prefix (`<issuer>|` unless the provider names another). */
export const loginSubject = (provider: LoginProvider, sub: string): string => `${provider.subjectPrefix ?? `${provider.issuer}|`}${sub}`;

/**
 * The `app_user` behind a login. Known subjects are found directly. An unknown subject with the CPR
 * of a citizen in the register becomes that citizen's user (a citizen has one user, whichever
 * provider they came through). Employees are never created here: their access (membership) is given
 * in Kuvert, so an unknown employee is refused.
 */
export async function resolveLogin(db: Db, identity: LoginIdentity): Promise<LoginOutcome> {
  const known = await db.selectFrom('app_user').select(['id', 'name']).where('subject', '=', identity.subject).executeTakeFirst();
  if (known) {
    if (identity.name && identity.name !== known.name) {
      await db.updateTable('app_user').set({ name: identity.name }).where('id', '=', known.id).execute();
    }
    return { kind: 'user', userId: known.id };
  }

  const cpr = identity.cpr?.replace('-', '');
  if (cpr && CPR.test(cpr)) {
    const citizen = await db.selectFrom('citizen').select(['id', 'name']).where('cpr', '=', cpr).executeTakeFirst();
    if (!citizen) return { kind: 'denied', reason: 'unknown-citizen' };
    // a concurrent first login may insert the same user: ignore the conflict and read what is there
    await db.insertInto('app_user')
      .values({ subject: identity.subject, name: identity.name || citizen.name, citizen_id: citizen.id })
      .onConflict((oc) => oc.doNothing()).execute();
    const user = await db.selectFrom('app_user').select('id').where('subject', '=', identity.subject).executeTakeFirst()
      ?? await db.selectFrom('app_user').select('id').where('citizen_id', '=', citizen.id).executeTakeFirst();
    return user ? { kind: 'user', userId: user.id } : { kind: 'denied', reason: 'unknown' };
  }

  return { kind: 'denied', reason: identity.cvr ? 'no-membership' : 'unknown' };
}
