import { ensureCitizenUser, findCitizenByCpr, findUserBySubject, renameUser, type Db } from '../store/index.ts';
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
  const known = await findUserBySubject(db, identity.subject);
  if (known) {
    if (identity.name && identity.name !== known.name) await renameUser(db, known.id, identity.name);
    return { kind: 'user', userId: known.id };
  }

  const cpr = identity.cpr?.replace('-', '');
  if (cpr && CPR.test(cpr)) {
    const citizen = await findCitizenByCpr(db, cpr);
    if (!citizen) return { kind: 'denied', reason: 'unknown-citizen' };
    const userId = await ensureCitizenUser(db, { subject: identity.subject, name: identity.name || citizen.name, citizenId: citizen.id });
    return userId ? { kind: 'user', userId } : { kind: 'denied', reason: 'unknown' };
  }

  return { kind: 'denied', reason: identity.cvr ? 'no-membership' : 'unknown' };
}
