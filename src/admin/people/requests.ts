import type { AccessRequestInput, AccessRequestStatus, AccessRequestView, ApproveInput } from '../../contract/index.ts';
import { FOLDER_LIMITED_ROLES, Refusal, type Principal, type Role } from '../../domain/index.ts';
import {
  accessRequestOfOrganisation, accessRequestsOfOrganisation, appendEvents, decideAccessRequest, insertAccessRequest, insertMembership,
  lockOrganisation, memberAddresses, membershipOfUser, organisationWithMailboxById, personById, queueMail, queueMails, requestOfUser,
  type AccessRequestRow, type Executor,
} from '../../store/index.ts';
import { organisationNotFound, requireRole, type Actor } from '../access.ts';
import { mailboxOfOrganisation } from '../../store/index.ts';
import type { AdminContext } from '../context.ts';
import { checkedGrant, optionalText, requireMayHandle, uuidOr404 } from './grants.ts';
import { accessApprovedMail, accessRejectedMail, accessRequestMail } from './mails.ts';
import { accessRequestViews, namesFor } from './views.ts';

const requestNotFound = () => new Refusal('not-found', 'REQUEST_NOT_FOUND', 'The organisation has no access request with this id.');
const alreadyDecided = (status: string) => new Refusal('conflict', 'REQUEST_DECIDED', `The request is no longer pending (${status}).`);
const requestPending = () => new Refusal('conflict', 'REQUEST_PENDING', 'You already have a pending request to this organisation.');
const alreadyMember = () => new Refusal('conflict', 'ALREADY_MEMBER', 'The person already has access to the organisation; change their role instead.');

async function viewOf(db: Executor, row: AccessRequestRow): Promise<AccessRequestView> {
  return (await accessRequestViews(db, [row]))[0]!;
}

const folderNamesOf = async (db: Executor, folderIds: readonly string[] | null) => {
  if (folderIds === null) return null;
  const names = await namesFor(db, { folderIds: [folderIds] });
  return folderIds.map((id) => names.folders.get(id) ?? id);
};

// --- the employee's side -------------------------------------------------------------------------

/**
 * An employee asks for access to the organisation their login belongs to (by its CVR), with a role
 * and possibly some folders. They need a confirmed e-mail address (the answer is mailed to it) and
 * may have one pending request per organisation. The organisation's administrators are mailed a link
 * to it (a request for super-administrator only the super-administrators).
 */
export async function requestAccess(ctx: AdminContext, principal: Principal, input: AccessRequestInput): Promise<AccessRequestView> {
  const organisationId = uuidOr404(input.organisationId, 'ORGANISATION_NOT_FOUND', 'No such organisation among yours.');
  const message = optionalText(input.message, 1000);
  return ctx.db.transaction().execute(async (trx) => {
    const person = await personById(trx, principal.userId);
    const organisation = await organisationWithMailboxById(trx, organisationId);
    if (!person || !organisation || person.cvr === null || organisation.cvr !== person.cvr || organisation.status !== 'active' || !organisation.mailboxId) {
      throw organisationNotFound();
    }
    if (!person.email || !person.email_confirmed_at) {
      throw new Refusal('conflict', 'EMAIL_NOT_CONFIRMED', 'Confirm your e-mail address first: the answer to your request is mailed to it.');
    }
    if (await membershipOfUser(trx, person.id, organisationId)) throw alreadyMember();
    const grant = await checkedGrant(trx, { id: organisation.mailboxId, level: organisation.level }, input.role, input.folderIds);
    // one pending request per person and organisation: a second one (also one made at the same time) is not inserted
    const id = await insertAccessRequest(trx, { userId: person.id, organisationId, role: grant.role, folderIds: grant.folderIds, message });
    if (!id) throw requestPending();
    const roles: Role[] = grant.role === 'super-admin' ? ['super-admin'] : ['super-admin', 'admin'];
    const folders = await folderNamesOf(trx, grant.folderIds);
    const link = `${ctx.publicUrl}/organisationer/${organisationId}/administration/anmodninger/${id}`;
    await queueMails(trx, (await memberAddresses(trx, organisationId, roles)).map((to) => accessRequestMail(to, {
      organisationId, organisationName: organisation.name, personName: person.name, access: { role: grant.role, folders }, message, link,
    })));
    await appendEvents(trx, ctx.eventChains, [{
      type: 'ACCESS_REQUESTED', actor: `user:${person.id}`, mailboxId: organisation.mailboxId,
      data: { requestId: id, organisationId, userId: person.id, role: grant.role, folderIds: grant.folderIds },
    }]);
    return viewOf(trx, (await accessRequestOfOrganisation(trx, organisationId, id))!);
  });
}

/** The employee withdraws their own pending request. */
export async function withdrawAccessRequest(ctx: AdminContext, principal: Principal, requestId: string): Promise<void> {
  const id = uuidOr404(requestId, 'REQUEST_NOT_FOUND', 'You have no access request with this id.');
  await ctx.db.transaction().execute(async (trx) => {
    const request = await requestOfUser(trx, principal.userId, id);
    if (!request) throw new Refusal('not-found', 'REQUEST_NOT_FOUND', 'You have no access request with this id.');
    if (request.status !== 'pending' || !(await decideAccessRequest(trx, id, { status: 'withdrawn', by: `user:${principal.userId}` }))) {
      throw alreadyDecided(request.status);
    }
    await appendEvents(trx, ctx.eventChains, [{
      type: 'ACCESS_REQUEST_WITHDRAWN', actor: `user:${principal.userId}`, mailboxId: await mailboxOfOrganisation(trx, request.organisation_id) ?? null, data: { requestId: id, organisationId: request.organisation_id, userId: principal.userId },
    }]);
  });
}

// --- the administrators' side --------------------------------------------------------------------

export async function listAccessRequests(ctx: AdminContext, actor: Actor, status?: AccessRequestStatus): Promise<AccessRequestView[]> {
  requireRole(actor.principal, actor.organisationId, 'people');
  return accessRequestViews(ctx.db, await accessRequestsOfOrganisation(ctx.db, actor.organisationId, status));
}

export async function getAccessRequest(ctx: AdminContext, actor: Actor, requestId: string): Promise<AccessRequestView> {
  requireRole(actor.principal, actor.organisationId, 'people');
  const row = await accessRequestOfOrganisation(ctx.db, actor.organisationId, uuidOr404(requestId, 'REQUEST_NOT_FOUND', 'No such request.'));
  if (!row) throw requestNotFound();
  return viewOf(ctx.db, row);
}

const limitable = (role: Role) => (FOLDER_LIMITED_ROLES as readonly Role[]).includes(role);

/**
 * Approves a pending request, as asked or narrower (another role, fewer folders): the person becomes a
 * member and is told by e-mail. A request for super-administrator is handled by super-administrators only.
 */
export async function approveAccessRequest(ctx: AdminContext, actor: Actor, requestId: string, input: ApproveInput = {}): Promise<AccessRequestView> {
  const mine = requireRole(actor.principal, actor.organisationId, 'people');
  const id = uuidOr404(requestId, 'REQUEST_NOT_FOUND', 'No such request.');
  const by = `user:${actor.principal.userId}`;
  return ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, actor.organisationId);
    const request = await accessRequestOfOrganisation(trx, actor.organisationId, id);
    if (!request) throw requestNotFound();
    if (request.status !== 'pending') throw alreadyDecided(request.status);
    const role = input.role ?? request.role;
    const folderIds = input.folderIds !== undefined ? input.folderIds : limitable(role) ? request.folder_ids : null;
    requireMayHandle(mine.role, request.role, role);
    const organisation = (await organisationWithMailboxById(trx, actor.organisationId))!;
    const grant = await checkedGrant(trx, { id: organisation.mailboxId, level: organisation.level }, role, folderIds);
    if (!(await insertMembership(trx, { userId: request.user_id, organisationId: actor.organisationId, role: grant.role, folderIds: grant.folderIds, by }))) {
      throw alreadyMember();
    }
    await decideAccessRequest(trx, id, { status: 'approved', by, role: grant.role, folderIds: grant.folderIds });
    const person = await personById(trx, request.user_id);
    if (person?.email && person.email_confirmed_at) {
      await queueMail(trx, accessApprovedMail(person.email, {
        organisationId: actor.organisationId, organisationName: organisation.name,
        access: { role: grant.role, folders: await folderNamesOf(trx, grant.folderIds) }, link: `${ctx.publicUrl}/`,
      }));
    }
    const data = { requestId: id, organisationId: actor.organisationId, userId: request.user_id, role: grant.role, folderIds: grant.folderIds };
    await appendEvents(trx, ctx.eventChains, [
      { type: 'ACCESS_APPROVED', actor: by, mailboxId: organisation.mailboxId, data: { ...data, asked: { role: request.role, folderIds: request.folder_ids } } },
      { type: 'MEMBERSHIP_GRANTED', actor: by, mailboxId: organisation.mailboxId, data: { organisationId: actor.organisationId, userId: request.user_id, role: grant.role, folderIds: grant.folderIds, requestId: id } },
    ]);
    return viewOf(trx, (await accessRequestOfOrganisation(trx, actor.organisationId, id))!);
  });
}

/** Rejects a pending request with a reason, which the person is mailed. */
export async function rejectAccessRequest(ctx: AdminContext, actor: Actor, requestId: string, reasonGiven: string): Promise<AccessRequestView> {
  const mine = requireRole(actor.principal, actor.organisationId, 'people');
  const id = uuidOr404(requestId, 'REQUEST_NOT_FOUND', 'No such request.');
  const reason = optionalText(reasonGiven, 500);
  if (!reason) throw new Refusal('invalid', 'REASON_REQUIRED', 'Give the reason for the rejection; the person is told it.');
  const by = `user:${actor.principal.userId}`;
  return ctx.db.transaction().execute(async (trx) => {
    const request = await accessRequestOfOrganisation(trx, actor.organisationId, id);
    if (!request) throw requestNotFound();
    if (request.status !== 'pending') throw alreadyDecided(request.status);
    requireMayHandle(mine.role, request.role);
    if (!(await decideAccessRequest(trx, id, { status: 'rejected', by, reason }))) throw alreadyDecided('decided');
    const person = await personById(trx, request.user_id);
    if (person?.email && person.email_confirmed_at) {
      await queueMail(trx, accessRejectedMail(person.email, {
        organisationId: actor.organisationId, organisationName: request.organisation_name, reason, link: `${ctx.publicUrl}/`,
      }));
    }
    await appendEvents(trx, ctx.eventChains, [{
      type: 'ACCESS_REJECTED', actor: by, mailboxId: mine.mailboxId, data: { requestId: id, organisationId: actor.organisationId, userId: request.user_id },
    }]);
    return viewOf(trx, (await accessRequestOfOrganisation(trx, actor.organisationId, id))!);
  });
}
