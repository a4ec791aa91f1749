import type { InvitationAccepted, InvitationInput, InvitationView } from '../../contract/index.ts';
import { parseCvr, Refusal, type Grant, type Principal } from '../../domain/index.ts';
import {
  appendEvents, folderNames, insertInvitation, insertMembership, invitationOfOrganisation, invitationsOfOrganisation, lockInvitationByToken,
  lockOrganisation, markInvitationAccepted, markInvitationRevoked, organisationWithMailboxByCvr, organisationWithMailboxById, personById, queueMail,
  type Executor, type OrganisationWithMailbox,
} from '../../store/index.ts';
import { requireRole, type Actor } from '../access.ts';
import type { ActorName, AdminContext } from '../context.ts';
import { checkedGrant, emailAddress, newToken, requireMayHandle, tokenHash, uuidOr404 } from './grants.ts';
import { invitationMail } from './mails.ts';
import { invitationStatus, invitationViews } from './views.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

const invitationNotFound = () => new Refusal('not-found', 'INVITATION_NOT_FOUND', 'The organisation has no invitation with this id.');

/** Makes an invitation and mails its link; the token exists only in the mail (and the answer to an operator). */
async function createInvitation(ctx: AdminContext, trx: Executor, organisation: OrganisationWithMailbox, by: ActorName, email: string, grant: Grant) {
  const { token, sha256 } = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
  const { id } = await insertInvitation(trx, { organisationId: organisation.id, email, role: grant.role, folderIds: grant.folderIds, tokenSha256: sha256, expiresAt, by });
  const link = `${ctx.publicUrl}/invitation?token=${token}`;
  const names = await folderNames(trx, grant.folderIds ?? []);
  await queueMail(trx, invitationMail(email, {
    organisationId: organisation.id, organisationName: organisation.name, link, expiresAt,
    access: { role: grant.role, folders: grant.folderIds?.map((f) => names.get(f) ?? f) ?? null },
  }));
  await appendEvents(trx, ctx.eventChains, [{
    type: 'INVITATION_CREATED', actor: by, mailboxId: organisation.mailboxId, data: { invitationId: id, organisationId: organisation.id, role: grant.role, folderIds: grant.folderIds, expiresAt: expiresAt.toISOString() },
  }]);
  return { id, link, expiresAt: expiresAt.toISOString() };
}

export async function listInvitations(ctx: AdminContext, actor: Actor): Promise<InvitationView[]> {
  requireRole(actor.principal, actor.organisationId, 'people');
  return invitationViews(ctx.db, await invitationsOfOrganisation(ctx.db, actor.organisationId));
}

/** An administrator invites someone by e-mail to a role: a single-use link that works for INVITATION_DAYS days. */
export async function invitePerson(ctx: AdminContext, actor: Actor, input: InvitationInput): Promise<InvitationView> {
  const mine = requireRole(actor.principal, actor.organisationId, 'people');
  requireMayHandle(mine.role, input.role);
  const email = emailAddress(input.email);
  return ctx.db.transaction().execute(async (trx) => {
    const organisation = (await organisationWithMailboxById(trx, actor.organisationId))!;
    const grant = await checkedGrant(trx, { id: organisation.mailboxId, level: organisation.level }, input.role, input.folderIds);
    const { id } = await createInvitation(ctx, trx, organisation, `user:${actor.principal.userId}`, email, grant);
    return (await invitationViews(trx, [(await invitationOfOrganisation(trx, actor.organisationId, id))!]))[0]!;
  });
}

/** Revokes an open invitation: its link stops working. */
export async function revokeInvitation(ctx: AdminContext, actor: Actor, invitationId: string): Promise<void> {
  const mine = requireRole(actor.principal, actor.organisationId, 'people');
  const id = uuidOr404(invitationId, 'INVITATION_NOT_FOUND', 'No such invitation.');
  await ctx.db.transaction().execute(async (trx) => {
    const invitation = await invitationOfOrganisation(trx, actor.organisationId, id);
    if (!invitation) throw invitationNotFound();
    requireMayHandle(mine.role, invitation.role);
    if (invitation.accepted_by) throw new Refusal('conflict', 'INVITATION_USED', 'The invitation has been accepted; revoke the person\'s access instead.');
    if (!(await markInvitationRevoked(trx, actor.organisationId, id))) throw new Refusal('conflict', 'INVITATION_REVOKED', 'The invitation is already revoked.');
    await appendEvents(trx, ctx.eventChains, [{
      type: 'INVITATION_REVOKED', actor: `user:${actor.principal.userId}`, mailboxId: mine.mailboxId, data: { invitationId: id, organisationId: actor.organisationId },
    }]);
  });
}

/**
 * A logged-in employee accepts an invitation with the token from its link: it becomes their
 * membership, granted by whoever invited them. The link works once, until it expires or is revoked,
 * and only for a person whose login belongs to the invitation's organisation (a MitID Erhverv
 * identity belongs to one CVR).
 */
export async function acceptInvitation(ctx: AdminContext, principal: Principal, token: string): Promise<InvitationAccepted> {
  return ctx.db.transaction().execute(async (trx) => {
    const invitation = await lockInvitationByToken(trx, tokenHash(token));
    if (!invitation) throw new Refusal('not-found', 'INVITATION_UNKNOWN', 'This invitation link is not valid.');
    const status = invitationStatus(invitation);
    if (status === 'revoked') throw new Refusal('conflict', 'INVITATION_REVOKED', 'The invitation has been revoked.');
    if (status === 'accepted') throw new Refusal('conflict', 'INVITATION_USED', 'The invitation has already been used; each link works once.');
    if (status === 'expired') throw new Refusal('conflict', 'INVITATION_EXPIRED', 'The invitation has expired; ask for a new one.');
    const [person, organisation] = await Promise.all([personById(trx, principal.userId), organisationWithMailboxById(trx, invitation.organisation_id)]);
    if (!person || !organisation || person.cvr !== organisation.cvr) {
      throw new Refusal('forbidden', 'INVITATION_OTHER_ORGANISATION', 'The invitation is for another organisation than the one you logged in for.');
    }
    if (organisation.status !== 'active' || !organisation.mailboxId) throw new Refusal('conflict', 'ORGANISATION_CLOSED', 'The organisation\'s mailbox is closed.');
    await lockOrganisation(trx, organisation.id);
    const grant = await checkedGrant(trx, { id: organisation.mailboxId, level: organisation.level }, invitation.role, invitation.folder_ids);
    if (!(await insertMembership(trx, { userId: person.id, organisationId: organisation.id, role: grant.role, folderIds: grant.folderIds, by: invitation.created_by }))) {
      throw new Refusal('conflict', 'ALREADY_MEMBER', 'You already have access to the organisation.');
    }
    await markInvitationAccepted(trx, invitation.id, person.id);
    const actor = `user:${person.id}`;
    await appendEvents(trx, ctx.eventChains, [
      { type: 'INVITATION_ACCEPTED', actor, mailboxId: organisation.mailboxId, data: { invitationId: invitation.id, organisationId: organisation.id, userId: person.id } },
      {
        type: 'MEMBERSHIP_GRANTED', actor: invitation.created_by, mailboxId: organisation.mailboxId,
        data: { organisationId: organisation.id, userId: person.id, role: grant.role, folderIds: grant.folderIds, invitationId: invitation.id },
      },
    ]);
    return { organisationId: organisation.id, mailboxId: organisation.mailboxId, role: grant.role };
  });
}

/**
 * An operator invites an organisation's first (super-)administrator (`kuvert org invite-admin`,
 * `/api/operator`): the link is mailed to the address and returned, to be passed on another way too.
 */
export async function inviteAdministrator(ctx: AdminContext, by: ActorName, cvr: string, email: string): Promise<{ id: string; link: string; expiresAt: string }> {
  const organisationCvr = parseCvr(cvr.trim());
  const address = emailAddress(email);
  return ctx.db.transaction().execute(async (trx) => {
    const organisation = organisationCvr ? await organisationWithMailboxByCvr(trx, organisationCvr) : undefined;
    if (!organisation) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', `No organisation has CVR ${cvr}.`);
    if (organisation.status !== 'active' || !organisation.mailboxId) throw new Refusal('conflict', 'ORGANISATION_CLOSED', 'The organisation\'s mailbox is closed.');
    return createInvitation(ctx, trx, organisation, by, address, { role: 'super-admin', folderIds: null });
  });
}
