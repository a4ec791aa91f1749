import {
  appendEvents, ensureCitizenUser, ensureEmployeeUser, findCitizenByCpr, findUserBySubject, insertMembership, organisationWithMailboxByCvr,
  recordLogin, type Db, type Executor,
} from '../store/index.ts';
import type { LoginProvider } from './relying-party.ts';

export interface LoginIdentity {
  /** `<prefix><sub>` (`loginSubject`): the provider's subject, kept apart from other providers' */
  subject: string;
  name?: string | undefined;
  cpr?: string | undefined;
  cvr?: string | undefined;
  /** the provider marks the person as their organisation's lead (legal) administrator (OIDC_CLAIM_LEAD_ADMIN, MitID Erhverv "LRA") */
  leadAdmin?: boolean | undefined;
}

export type LoginOutcome =
  | { kind: 'user'; userId: string }
  /** no user and nothing to make one from: a citizen Kuvert does not know, an organisation Kuvert does not know (or closed), or neither */
  | { kind: 'denied'; reason: 'unknown-citizen' | 'unknown-organisation' | 'unknown' };

export interface LoginContext { db: Db; eventChains: number }

const CPR = /^\d{10}$/;
const CVR = /^\d{8}$/;

/** The `app_user.subject` of a login: the provider's `sub` under its prefix (`<issuer>|` unless the provider names another). */
export const loginSubject = (provider: LoginProvider, sub: string): string => `${provider.subjectPrefix ?? `${provider.issuer}|`}${sub}`;

/**
 * The `app_user` behind a login. Known subjects are found directly (their name and login CVR are
 * brought up to date). An unknown subject with the CPR of a citizen in the register becomes that
 * citizen's user (a citizen has one user, whichever provider they came through). An unknown subject
 * with the CVR of an active organisation becomes an employee's user without access, who can then ask
 * for it (docs/admin.md); a CVR Kuvert does not know is refused. A person the provider marks as their
 * organisation's lead administrator becomes its super-administrator if they have no access to it yet.
 */
export async function resolveLogin(ctx: LoginContext, identity: LoginIdentity): Promise<LoginOutcome> {
  const cvr = identity.cvr && CVR.test(identity.cvr) ? identity.cvr : undefined;
  const known = await findUserBySubject(ctx.db, identity.subject);
  if (known) {
    await recordLogin(ctx.db, known.id, { name: identity.name && identity.name !== known.name ? identity.name : undefined, cvr: cvr ?? null });
    if (cvr && identity.leadAdmin) await grantLeadAdministrator(ctx, known.id, cvr);
    return { kind: 'user', userId: known.id };
  }

  const cpr = identity.cpr?.replace('-', '');
  if (cpr && CPR.test(cpr)) {
    const citizen = await findCitizenByCpr(ctx.db, cpr);
    if (!citizen) return { kind: 'denied', reason: 'unknown-citizen' };
    const userId = await ensureCitizenUser(ctx.db, { subject: identity.subject, name: identity.name || citizen.name, citizenId: citizen.id });
    return userId ? { kind: 'user', userId } : { kind: 'denied', reason: 'unknown' };
  }

  if (!cvr) return { kind: 'denied', reason: 'unknown' };
  const organisation = await organisationWithMailboxByCvr(ctx.db, cvr);
  if (!organisation || organisation.status !== 'active') return { kind: 'denied', reason: 'unknown-organisation' };
  const userId = await ctx.db.transaction().execute(async (trx) => {
    const user = await ensureEmployeeUser(trx, { subject: identity.subject, name: identity.name || `Medarbejder i ${organisation.name}`, cvr });
    if (user.created) {
      await appendEvents(trx, ctx.eventChains, [{ type: 'EMPLOYEE_USER_CREATED', actor: 'idp', data: { userId: user.id, organisationId: organisation.id } }]);
    }
    return user.id;
  });
  if (identity.leadAdmin) await grantLeadAdministrator(ctx, userId, cvr);
  return { kind: 'user', userId };
}

/** The provider's lead administrator of an active organisation without access to it becomes its super-administrator (granted by `idp`). */
async function grantLeadAdministrator(ctx: LoginContext, userId: string, cvr: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx: Executor) => {
    const organisation = await organisationWithMailboxByCvr(trx, cvr);
    if (!organisation || organisation.status !== 'active' || !organisation.mailboxId) return;
    // nothing when they have access to it already (the insert finds the membership)
    if (!(await insertMembership(trx, { userId, organisationId: organisation.id, role: 'super-admin', folderIds: null, by: 'idp' }))) return;
    const data = { organisationId: organisation.id, userId, role: 'super-admin', folderIds: null };
    await appendEvents(trx, ctx.eventChains, [
      { type: 'FIRST_ADMINISTRATOR_FROM_IDP', actor: 'idp', mailboxId: organisation.mailboxId, data: { organisationId: organisation.id, userId } },
      { type: 'MEMBERSHIP_GRANTED', actor: 'idp', mailboxId: organisation.mailboxId, data },
    ]);
  });
}
