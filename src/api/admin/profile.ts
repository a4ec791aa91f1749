import type { FastifyInstance } from 'fastify';
import {
  acceptInvitation, confirmEmail, profileOf, requestAccess, resendEmailConfirmation, updateProfile, withdrawAccessRequest, type AdminContext,
} from '../../admin/index.ts';
import {
  AccessRequestInput, AccessRequestView, ConfirmationInput, InvitationAccepted, NoContent, OwnRequestParams, Profile, ProfileInput,
} from '../../contract/index.ts';
import { sessionOf } from '../auth/guard.ts';
import { errors } from '../errors.ts';

/**
 * An employee's own side of people and roles: `/api/profile` (name, e-mail confirmed by a link),
 * `/api/access-requests` (ask the organisation of one's login for access), `/api/invitations/accept`.
 */
export function profileRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/profile', {
    schema: {
      tags: ['people'], summary: 'The logged-in person\'s profile: name, e-mail addresses, the organisation of their login (by CVR) and their access requests',
      response: { 200: Profile, ...errors(401) },
    },
  }, async (request): Promise<Profile> => profileOf(ctx, sessionOf(request).principal));

  app.put<{ Body: ProfileInput }>('/profile', {
    schema: {
      tags: ['people'], summary: 'Save name and e-mail address; a new address is pending until the link mailed to it (valid 24 hours) is opened',
      body: ProfileInput, response: { 200: Profile, ...errors(400, 401, 403, 422) },
    },
  }, async (request): Promise<Profile> => updateProfile(ctx, sessionOf(request).principal, request.body));

  app.post<{ Body: ConfirmationInput }>('/profile/email-confirmation', {
    schema: {
      tags: ['people'], summary: 'Confirm the pending e-mail address with the token from the link (logged in as the same person)',
      body: ConfirmationInput, response: { 200: Profile, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<Profile> => confirmEmail(ctx, sessionOf(request).principal, request.body.token));

  app.post('/profile/email-confirmation/resend', {
    schema: {
      tags: ['people'], summary: 'Mail a new confirmation link for the pending address (the previous link stops working)',
      response: { 204: NoContent, ...errors(401, 403, 409) },
    },
  }, async (request, reply) => {
    await resendEmailConfirmation(ctx, sessionOf(request).principal);
    return reply.status(204).send();
  });

  app.post<{ Body: AccessRequestInput }>('/access-requests', {
    schema: {
      tags: ['people'],
      summary: 'Ask the organisation of one\'s login for access with a role (and folders, in an extended mailbox); its administrators are mailed a link',
      description: 'Needs a confirmed e-mail address (409 EMAIL_NOT_CONFIRMED); one pending request per organisation (409 REQUEST_PENDING); '
        + 'not for members (409 ALREADY_MEMBER). Another organisation than the login\'s: 404 ORGANISATION_NOT_FOUND.',
      body: AccessRequestInput, response: { 201: AccessRequestView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.status(201).send(await requestAccess(ctx, sessionOf(request).principal, request.body)));

  app.delete<{ Params: OwnRequestParams }>('/access-requests/:requestId', {
    schema: {
      tags: ['people'], summary: 'Withdraw one\'s own pending access request',
      params: OwnRequestParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await withdrawAccessRequest(ctx, sessionOf(request).principal, request.params.requestId);
    return reply.status(204).send();
  });

  app.post<{ Body: ConfirmationInput }>('/invitations/accept', {
    schema: {
      tags: ['people'],
      summary: 'Accept an invitation with the token from its link: it becomes one\'s access to the organisation (once; 409 when used, expired or revoked)',
      body: ConfirmationInput, response: { 200: InvitationAccepted, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request): Promise<InvitationAccepted> => acceptInvitation(ctx, sessionOf(request).principal, request.body.token));
}
