import { adminVerdict, Refusal, type AdminAction, type Membership, type Principal } from '../domain/index.ts';
import { organisationWithMailboxById, type Executor, type OrganisationWithMailbox } from '../store/index.ts';
import type { ActorName } from './context.ts';

/** An administrator acting for one of their organisations. */
export interface Actor { principal: Principal; organisationId: string }

/** A person acting in the portal, as the event log and the access history name them. */
export const actorOf = (principal: Principal): ActorName => `user:${principal.userId}`;

export const organisationNotFound = () => new Refusal('not-found', 'ORGANISATION_NOT_FOUND', 'No such organisation among yours.');

const ROLE_NAMES = { 'super-admin': 'super-administrators', admin: 'administrators', writer: 'writers', reader: 'readers' } as const;

/**
 * The principal's membership if they may do `action` in the organisation (src/domain/permissions.ts);
 * others learn nothing about it (404 ORGANISATION_NOT_FOUND), members that it is their role (403 FORBIDDEN_ROLE).
 */
export function requireRole(principal: Principal, organisationId: string, action: AdminAction): Membership {
  const verdict = adminVerdict(principal, organisationId, action);
  if (verdict.ok) return verdict.membership;
  if (verdict.reason === 'not-member') throw organisationNotFound();
  throw new Refusal('forbidden', 'FORBIDDEN_ROLE', `Only the organisation's ${ROLE_NAMES[verdict.least]} may do this.`);
}

/** Secure e-mail and certificates: the organisation's super-administrators. Returns its mailbox. */
export function requireAdmin(principal: Principal, organisationId: string): string {
  return requireRole(principal, organisationId, 'secure-mail').mailboxId;
}

/** The organisation, which must be an authority (only authorities have `what`: contact points, materials …). */
export async function requireAuthority(db: Executor, organisationId: string, what: string): Promise<OrganisationWithMailbox & { mailboxId: string }> {
  const organisation = await organisationWithMailboxById(db, organisationId);
  if (!organisation?.mailboxId) throw organisationNotFound();
  if (organisation.kind !== 'authority') throw new Refusal('forbidden', 'AUTHORITY_REQUIRED', `Only authorities have ${what}.`);
  return { ...organisation, mailboxId: organisation.mailboxId };
}
