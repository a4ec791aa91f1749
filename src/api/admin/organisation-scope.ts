import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../admin/index.ts';
import type { AdminParams } from '../../contract/index.ts';
import { sessionOf } from '../auth/guard.ts';

/** Where an organisation's administration is, inside `/api`. */
export const ORGANISATION_PATH = '/admin/organisations/:organisationId';

/** Who acts on which organisation: the logged-in person, and the organisation of the path. */
export const adminActor = (request: FastifyRequest<{ Params: AdminParams }>): Actor => ({
  principal: sessionOf(request).principal, organisationId: request.params.organisationId.toLowerCase(),
});

/** `adminActor` as the arguments of the services that take the two apart. */
export const who = (request: FastifyRequest<{ Params: AdminParams }>) => {
  const { principal, organisationId } = adminActor(request);
  return [principal, organisationId] as const;
};
