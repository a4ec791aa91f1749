import type { FastifyInstance } from 'fastify';
import { createSystem, disableSystem, listSystems, rotateSecret, type AdminContext } from '../../admin/index.ts';
import {
  OperatorCreatedSystem, OperatorRotatedSecret, OperatorRotateInput, OperatorSystemDisabled, OperatorSystemInput, OperatorSystemParams, OperatorSystemsQuery,
  OperatorSystemView,
} from '../../contract/index.ts';
import Type from 'typebox';
import { errors } from '../errors.ts';
import { optionalBody } from '../json-body.ts';
import { OPERATOR_SECURITY, operatorActor } from './auth.ts';

/** `/api/operator/systems…`: the `kuvert system` commands (docs/admin.md, "Systems"). */
export function systemRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Querystring: OperatorSystemsQuery }>('/systems', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'Every system, or one organisation\'s',
      querystring: OperatorSystemsQuery, response: { 200: Type.Array(OperatorSystemView), ...errors(400, 401, 429) },
    },
  }, async (request): Promise<OperatorSystemView[]> => listSystems(ctx.db, { cvr: request.query.cvr }));

  app.post<{ Body: OperatorSystemInput }>('/systems', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'Make a system; the answer holds its secret, shown only this once',
      body: OperatorSystemInput, response: { 200: OperatorCreatedSystem, ...errors(400, 401, 404, 409, 429) },
    },
  }, async (request): Promise<OperatorCreatedSystem> => createSystem(ctx.db, ctx.eventChains, operatorActor(request), request.body));

  app.post<{ Params: OperatorSystemParams; Body: OperatorRotateInput }>('/systems/:id/rotate', {
    preValidation: optionalBody,
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'A new secret; the old one keeps working for the grace period',
      params: OperatorSystemParams, body: OperatorRotateInput, response: { 200: OperatorRotatedSecret, ...errors(400, 401, 404, 409, 429) },
    },
  }, async (request): Promise<OperatorRotatedSecret> => rotateSecret(ctx.db, ctx.eventChains, operatorActor(request), request.params.id, { graceHours: request.body.graceHours }));

  app.post<{ Params: OperatorSystemParams }>('/systems/:id/disable', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'Disable a system: it can no longer authenticate',
      params: OperatorSystemParams, response: { 200: OperatorSystemDisabled, ...errors(400, 401, 404, 429) },
    },
  }, async (request): Promise<OperatorSystemDisabled> => disableSystem(ctx.db, ctx.eventChains, operatorActor(request), request.params.id));
}
