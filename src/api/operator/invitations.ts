import type { FastifyInstance } from 'fastify';
import { inviteAdministrator, type AdminContext } from '../../admin/index.ts';
import { OperatorInvitation, OperatorInvitationInput, OperatorOrganisationParams } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { OPERATOR_SECURITY, operatorActor } from './auth.ts';

/** `POST /api/operator/organisations/:cvr/invitations`: `kuvert org invite-admin` (docs/admin.md, "First administrator"). */
export function invitationRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.post<{ Params: OperatorOrganisationParams; Body: OperatorInvitationInput }>('/organisations/:cvr/invitations', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'Invite an organisation\'s first (super-)administrator: a single-use link, mailed to the address and answered here',
      params: OperatorOrganisationParams, body: OperatorInvitationInput, response: { 200: OperatorInvitation, ...errors(400, 401, 404, 409, 429) },
    },
  }, async (request): Promise<OperatorInvitation> => inviteAdministrator(ctx, operatorActor(request), request.params.cvr, request.body.email));
}
