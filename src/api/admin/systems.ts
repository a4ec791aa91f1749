import type { FastifyInstance } from 'fastify';
import {
  createOrganisationSystem, disableOrganisationSystem, organisationSystems, rotateOrganisationSystem, setDefaultSender, type AdminContext,
} from '../../admin/index.ts';
import { AdminParams, RotateInput, SystemInput, SystemList, SystemParams, SystemSecret } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { optionalBody } from '../json-body.ts';
import { ORGANISATION_PATH, who } from './organisation-scope.ts';

const BASE = `${ORGANISATION_PATH}/systems`;

/**
 * The organisation's systems, for its super-administrators (docs/admin.md, "Systems in the
 * portal"): the same as `kuvert system …`, the secret shown once; exactly one default sender system.
 */
export function systemRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(BASE, {
    schema: {
      tags: ['systems'], summary: 'The organisation\'s systems: last authentication, the default sender, letters waiting for each recipient system',
      params: AdminParams, response: { 200: SystemList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<SystemList> => organisationSystems(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: SystemInput }>(BASE, {
    schema: {
      tags: ['systems'], summary: 'Register a sender or recipient system; the answer is the only time its secret is shown',
      params: AdminParams, body: SystemInput, response: { 201: SystemSecret, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.status(201).send(await createOrganisationSystem(ctx, ...who(request), request.body)));

  app.post<{ Params: SystemParams; Body: RotateInput }>(`${BASE}/:systemId/rotate`, {
    preValidation: optionalBody,
    schema: {
      tags: ['systems'], summary: 'A new secret (shown once); the old one keeps working for graceHours (default 24)',
      params: SystemParams, body: RotateInput, response: { 200: SystemSecret, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<SystemSecret> => rotateOrganisationSystem(ctx, ...who(request), request.params.systemId, request.body));

  app.post<{ Params: SystemParams }>(`${BASE}/:systemId/disable`, {
    schema: {
      tags: ['systems'], summary: 'Disable a system (neither secret works any more); a default sender hands the default on. Answers the systems',
      params: SystemParams, response: { 200: SystemList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<SystemList> => disableOrganisationSystem(ctx, ...who(request), request.params.systemId));

  app.put<{ Params: SystemParams }>(`${BASE}/:systemId/default`, {
    schema: {
      tags: ['systems'], summary: 'Make an active sender system the default sender (replies from mail systems go out as it). Answers the systems',
      params: SystemParams, response: { 200: SystemList, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request): Promise<SystemList> => setDefaultSender(ctx, ...who(request), request.params.systemId));
}
