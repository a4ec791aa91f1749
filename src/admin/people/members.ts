import type { AccessPeriod, Member, RoleGrant } from '../../contract/index.ts';
import { Refusal, type Role } from '../../domain/index.ts';
import {
  accessHistoryOf, appendEvents, countSuperAdmins, deleteMembership, deleteSessionsOfUser, insertMembership, lockOrganisation, membersOfOrganisation,
  membershipOfUser, organisationWithMailboxById, personById, queueMail, updateMembership, type Executor,
} from '../../store/index.ts';
import { requireRole, type Actor } from '../access.ts';
import type { ActorName, AdminContext } from '../context.ts';
import { checkedGrant, optionalText, requireMayHandle, uuidOr404 } from './grants.ts';
import { accessRevokedMail } from './mails.ts';
import { memberViews, periodViews } from './views.ts';

const personNotFound = () => new Refusal('not-found', 'PERSON_NOT_FOUND', 'The organisation has no member with this id.');
const lastAdministrator = () => new Refusal('conflict', 'LAST_ADMINISTRATOR',
  'The organisation must keep at least one super-administrator: make someone else super-administrator first.');

const sameFolders = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && [...a].sort().join() === [...b].sort().join();

export async function listMembers(ctx: AdminContext, actor: Actor): Promise<Member[]> {
  requireRole(actor.principal, actor.organisationId, 'people');
  return memberViews(ctx.db, await membersOfOrganisation(ctx.db, actor.organisationId));
}

async function memberView(db: Executor, organisationId: string, userId: string): Promise<Member> {
  return (await memberViews(db, await membersOfOrganisation(db, organisationId, userId)))[0]!;
}

/**
 * Changes a member's role or folders; the access history closes the old period and opens a new one.
 * Only super-administrators handle super-administrators, and the last one cannot be demoted.
 */
export async function changeMember(ctx: AdminContext, actor: Actor, userIdGiven: string, input: RoleGrant): Promise<Member> {
  const mine = requireRole(actor.principal, actor.organisationId, 'people');
  const userId = uuidOr404(userIdGiven, 'PERSON_NOT_FOUND', 'No such member.');
  const by = `user:${actor.principal.userId}` as const;
  return ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, actor.organisationId);
    const current = await membershipOfUser(trx, userId, actor.organisationId);
    if (!current) throw personNotFound();
    requireMayHandle(mine.role, current.role, input.role as Role);
    const organisation = (await organisationWithMailboxById(trx, actor.organisationId))!;
    const grant = await checkedGrant(trx, { id: organisation.mailboxId, level: organisation.level }, input.role, input.folderIds);
    if (grant.role === current.role && sameFolders(grant.folderIds, current.folder_ids)) return memberView(trx, actor.organisationId, userId);
    if (current.role === 'super-admin' && grant.role !== 'super-admin' && await countSuperAdmins(trx, actor.organisationId) <= 1) throw lastAdministrator();
    await updateMembership(trx, { userId, organisationId: actor.organisationId, role: grant.role, folderIds: grant.folderIds, by });
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MEMBERSHIP_CHANGED', actor: by, mailboxId: organisation.mailboxId, data: {
        organisationId: actor.organisationId, userId,
        from: { role: current.role, folderIds: current.folder_ids }, to: { role: grant.role, folderIds: grant.folderIds },
      },
    }]);
    return memberView(trx, actor.organisationId, userId);
  });
}

/**
 * Revokes a member's access: the membership ends, its period in the history closes, every session of
 * the person ends at once, and they are told by e-mail. The last super-administrator cannot be revoked.
 */
export async function revokeMember(ctx: AdminContext, actor: Actor, userIdGiven: string, reasonGiven?: string): Promise<void> {
  const mine = requireRole(actor.principal, actor.organisationId, 'people');
  const userId = uuidOr404(userIdGiven, 'PERSON_NOT_FOUND', 'No such member.');
  const reason = optionalText(reasonGiven, 500);
  const by = `user:${actor.principal.userId}`;
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, actor.organisationId);
    const current = await membershipOfUser(trx, userId, actor.organisationId);
    if (!current) throw personNotFound();
    requireMayHandle(mine.role, current.role);
    if (current.role === 'super-admin' && await countSuperAdmins(trx, actor.organisationId) <= 1) throw lastAdministrator();
    await deleteMembership(trx, { userId, organisationId: actor.organisationId, by, reason });
    const sessionsEnded = await deleteSessionsOfUser(trx, userId);
    const [person, organisation] = await Promise.all([personById(trx, userId), organisationWithMailboxById(trx, actor.organisationId)]);
    if (person?.email && person.email_confirmed_at && organisation) {
      await queueMail(trx, accessRevokedMail(person.email, { organisationId: actor.organisationId, organisationName: organisation.name, reason, link: `${ctx.publicUrl}/` }));
    }
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MEMBERSHIP_REVOKED', actor: by, mailboxId: mine.mailboxId, data: { organisationId: actor.organisationId, userId, role: current.role, sessionsEnded },
    }]);
  });
}

/** Who could see what, from when to when, and who granted and ended it: newest first. */
export async function accessHistory(ctx: AdminContext, actor: Actor): Promise<AccessPeriod[]> {
  requireRole(actor.principal, actor.organisationId, 'people');
  return periodViews(ctx.db, await accessHistoryOf(ctx.db, actor.organisationId));
}

export interface MembershipToGrant {
  userId: string;
  organisationId: string;
  role: Role;
  /** folders of the organisation's mailbox (extended level only); null = all */
  folderIds: readonly string[] | null;
}

/**
 * Grants a membership in the caller's transaction, checked like any other grant (role, level,
 * folders of the organisation's mailbox), with its access period and a MEMBERSHIP_GRANTED event.
 * For the demo seed and operators; people in the portal go through requests and invitations.
 */
export async function grantMembership(trx: Executor, eventChains: number, by: ActorName, membership: MembershipToGrant): Promise<void> {
  const organisation = await organisationWithMailboxById(trx, membership.organisationId);
  if (!organisation) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', 'No organisation has this id.');
  const grant = await checkedGrant(trx, { id: organisation.mailboxId, level: organisation.level }, membership.role, membership.folderIds);
  if (!(await insertMembership(trx, { userId: membership.userId, organisationId: organisation.id, role: grant.role, folderIds: grant.folderIds, by }))) {
    throw new Refusal('conflict', 'ALREADY_MEMBER', 'The person already has access to the organisation.');
  }
  await appendEvents(trx, eventChains, [{
    type: 'MEMBERSHIP_GRANTED', actor: by, mailboxId: organisation.mailboxId,
    data: { organisationId: organisation.id, userId: membership.userId, role: grant.role, folderIds: grant.folderIds },
  }]);
}
