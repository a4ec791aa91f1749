import type { FastifyInstance } from 'fastify';
import {
  accessHistory, approveAccessRequest, changeMember, getAccessRequest, invitePerson, listAccessRequests, listInvitations, listMembers,
  rejectAccessRequest, revokeInvitation, revokeMember, type AdminContext,
} from '../../admin/index.ts';
import {
  AccessPeriod, AccessRequestView, AdminParams, ApproveInput, InvitationInput, InvitationParams, InvitationView, Member, NoContent, PersonParams,
  RejectInput, RequestList, RequestParams, RevokeInput, RoleGrant,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { optionalBody } from '../json-body.ts';
import { adminActor, ORGANISATION_PATH as BASE } from './organisation-scope.ts';
import Type from 'typebox';

/**
 * People and roles for an organisation's administrators (docs/admin.md): access requests, members,
 * invitations and the access history. Another organisation's ids answer 404; super-administrators
 * are granted, changed and revoked by super-administrators only (403 FORBIDDEN_ROLE).
 */
export function peopleRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams; Querystring: RequestList }>(`${BASE}/requests`, {
    schema: {
      tags: ['people'], summary: 'The organisation\'s access requests, newest first (filter by status)',
      params: AdminParams, querystring: RequestList, response: { 200: Type.Array(AccessRequestView), ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<AccessRequestView[]> => listAccessRequests(ctx, adminActor(request), request.query.status));

  app.get<{ Params: RequestParams }>(`${BASE}/requests/:requestId`, {
    schema: {
      tags: ['people'], summary: 'One access request (the link in the mail to administrators leads here)',
      params: RequestParams, response: { 200: AccessRequestView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<AccessRequestView> => getAccessRequest(ctx, adminActor(request), request.params.requestId));

  app.post<{ Params: RequestParams; Body: ApproveInput }>(`${BASE}/requests/:requestId/approve`, {
    schema: {
      tags: ['people'], summary: 'Approve a pending request, as asked or narrower; the person is mailed',
      params: RequestParams, body: ApproveInput, response: { 200: AccessRequestView, ...errors(400, 401, 403, 404, 409, 422) },
    },
    preValidation: optionalBody,
  }, async (request): Promise<AccessRequestView> => approveAccessRequest(ctx, adminActor(request), request.params.requestId, request.body));

  app.post<{ Params: RequestParams; Body: RejectInput }>(`${BASE}/requests/:requestId/reject`, {
    schema: {
      tags: ['people'], summary: 'Reject a pending request with a reason; the person is mailed the reason',
      params: RequestParams, body: RejectInput, response: { 200: AccessRequestView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<AccessRequestView> => rejectAccessRequest(ctx, adminActor(request), request.params.requestId, request.body.reason));

  app.get<{ Params: AdminParams }>(`${BASE}/people`, {
    schema: {
      tags: ['people'], summary: 'The organisation\'s members: role, folders, since when, granted by whom, last login',
      params: AdminParams, response: { 200: Type.Array(Member), ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<Member[]> => listMembers(ctx, adminActor(request)));

  app.put<{ Params: PersonParams; Body: RoleGrant }>(`${BASE}/people/:userId`, {
    schema: {
      tags: ['people'], summary: 'Change a member\'s role or folders (the last super-administrator cannot be demoted: 409 LAST_ADMINISTRATOR)',
      params: PersonParams, body: RoleGrant, response: { 200: Member, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request): Promise<Member> => changeMember(ctx, adminActor(request), request.params.userId, request.body));

  app.delete<{ Params: PersonParams; Body: RevokeInput }>(`${BASE}/people/:userId`, {
    schema: {
      tags: ['people'],
      summary: 'Revoke a member\'s access: their sessions end at once and they are mailed (the last super-administrator cannot be revoked: 409 LAST_ADMINISTRATOR)',
      params: PersonParams, body: RevokeInput, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
    preValidation: optionalBody,
  }, async (request, reply) => {
    await revokeMember(ctx, adminActor(request), request.params.userId, request.body.reason);
    return reply.status(204).send();
  });

  app.get<{ Params: AdminParams }>(`${BASE}/invitations`, {
    schema: {
      tags: ['people'], summary: 'The organisation\'s invitations: open, accepted, expired, revoked',
      params: AdminParams, response: { 200: Type.Array(InvitationView), ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<InvitationView[]> => listInvitations(ctx, adminActor(request)));

  app.post<{ Params: AdminParams; Body: InvitationInput }>(`${BASE}/invitations`, {
    schema: {
      tags: ['people'], summary: 'Invite someone by e-mail to a role: a single-use link valid for 7 days is mailed to them',
      params: AdminParams, body: InvitationInput, response: { 201: InvitationView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => reply.status(201).send(await invitePerson(ctx, adminActor(request), request.body)));

  app.delete<{ Params: InvitationParams }>(`${BASE}/invitations/:invitationId`, {
    schema: {
      tags: ['people'], summary: 'Revoke an open invitation: its link stops working',
      params: InvitationParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await revokeInvitation(ctx, adminActor(request), request.params.invitationId);
    return reply.status(204).send();
  });

  app.get<{ Params: AdminParams }>(`${BASE}/history`, {
    schema: {
      tags: ['people'], summary: 'The access history: who could see what, from when to when, granted and ended by whom (newest first)',
      params: AdminParams, response: { 200: Type.Array(AccessPeriod), ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<AccessPeriod[]> => accessHistory(ctx, adminActor(request)));
}
