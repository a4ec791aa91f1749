import { Refusal, type Principal } from '../domain/index.ts';

/** An administrator acting for one of their organisations. */
export interface Actor { principal: Principal; organisationId: string }

/** Only an administrator of the organisation; others learn nothing about it (not found), members that it is their role. Returns its mailbox. */
export function requireAdmin(principal: Principal, organisationId: string): string {
  const membership = principal.memberships.find((m) => m.organisationId === organisationId);
  if (!membership) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', 'No such organisation among yours.');
  if (membership.role !== 'admin') throw new Refusal('forbidden', 'FORBIDDEN_ROLE', 'Only the organisation\'s administrators manage secure e-mail.');
  return membership.mailboxId;
}
