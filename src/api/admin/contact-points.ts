import type { FastifyInstance } from 'fastify';
import {
  changeContactPoint, createContactPoint, deactivateContactPoint, listContactPointsAdmin, reactivateContactPoint, type AdminContext,
} from '../../admin/index.ts';
import {
  AdminParams, ContactPointAdmin, ContactPointAdminList, ContactPointChange, ContactPointInput, ContactPointParams, DeactivateInput,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { optionalBody } from '../json-body.ts';
import { ORGANISATION_PATH, who } from './organisation-scope.ts';

const BASE = `${ORGANISATION_PATH}/contact-points`;

/**
 * An authority's contact points, for its administrators (docs/admin.md, "Contact points"). A company
 * has none (403 AUTHORITY_REQUIRED); another organisation's contact point ids answer 404.
 */
export function contactPointAdminRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(BASE, {
    schema: {
      tags: ['contact points'], summary: 'The authority\'s contact points, active or not, by name (parentId gives the hierarchy)',
      params: AdminParams, response: { 200: ContactPointAdminList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<ContactPointAdminList> => listContactPointsAdmin(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: ContactPointInput }>(BASE, {
    schema: {
      tags: ['contact points'], summary: 'Create a contact point: who may write, limits, recipient system, visibility, parent, mail name',
      params: AdminParams, body: ContactPointInput, response: { 201: ContactPointAdmin, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.status(201).send(await createContactPoint(ctx, ...who(request), request.body)));

  app.patch<{ Params: ContactPointParams; Body: ContactPointChange }>(`${BASE}/:contactPointId`, {
    schema: {
      tags: ['contact points'], summary: 'Change some settings of a contact point; those left out stay',
      params: ContactPointParams, body: ContactPointChange, response: { 200: ContactPointAdmin, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request): Promise<ContactPointAdmin> => changeContactPoint(ctx, ...who(request), request.params.contactPointId, request.body));

  app.post<{ Params: ContactPointParams; Body: DeactivateInput }>(`${BASE}/:contactPointId/deactivate`, {
    preValidation: optionalBody,
    schema: {
      tags: ['contact points'],
      summary: 'Deactivate: no new mail, replies to old threads still arrive. While mail points to it, 409 CONTACT_POINT_IN_USE with the uses as details, unless confirm',
      params: ContactPointParams, body: DeactivateInput, response: { 200: ContactPointAdmin, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<ContactPointAdmin> => deactivateContactPoint(ctx, ...who(request), request.params.contactPointId, request.body));

  app.post<{ Params: ContactPointParams }>(`${BASE}/:contactPointId/reactivate`, {
    schema: {
      tags: ['contact points'], summary: 'Reactivate a deactivated contact point',
      params: ContactPointParams, response: { 200: ContactPointAdmin, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<ContactPointAdmin> => reactivateContactPoint(ctx, ...who(request), request.params.contactPointId));
}
