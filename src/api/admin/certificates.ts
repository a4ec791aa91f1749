import type { FastifyInstance } from 'fastify';
import {
  certificateOverview, checkOrganisationSystemCertificate, registerOrganisationSystemCertificate, removeOrganisationSystemCertificate, type AdminContext,
} from '../../admin/index.ts';
import {
  AdminParams, CertificateOverview, NoContent, SystemCertificateCheck, SystemCertificateParams, SystemCertificateUpload, SystemCertificateView, SystemParams,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH, who } from './organisation-scope.ts';

const SYSTEM = `${ORGANISATION_PATH}/systems/:systemId/certificates`;

/**
 * Certificates in one place (docs/certificates.md): the overview for the organisation's
 * administrators; systems' client certificates (mutual TLS) checked, registered and removed by its
 * super-administrators.
 */
export function certificateRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(`${ORGANISATION_PATH}/certificates`, {
    schema: {
      tags: ['certificates'], summary: 'Every certificate of the organisation, soonest expiry first, with what depends on each and the warnings given',
      params: AdminParams, response: { 200: CertificateOverview, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<CertificateOverview> => certificateOverview(ctx, ...who(request)));

  app.post<{ Params: SystemParams; Body: SystemCertificateUpload }>(`${SYSTEM}/check`, {
    schema: {
      tags: ['certificates'], summary: 'Read a client certificate for a system and say what it is (subject, issuer, serial, validity); stores nothing',
      params: SystemParams, body: SystemCertificateUpload, response: { 200: SystemCertificateCheck, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request): Promise<SystemCertificateCheck> => checkOrganisationSystemCertificate(ctx, ...who(request), request.params.systemId.toLowerCase(), request.body));

  app.post<{ Params: SystemParams; Body: SystemCertificateUpload }>(SYSTEM, {
    schema: {
      tags: ['certificates'], summary: 'Register a client certificate for a system: from then on it must present it (mutual TLS) with its secret',
      params: SystemParams, body: SystemCertificateUpload, response: { 201: SystemCertificateView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.status(201).send(
    await registerOrganisationSystemCertificate(ctx, ...who(request), request.params.systemId.toLowerCase(), request.body),
  ));

  app.delete<{ Params: SystemCertificateParams }>(`${SYSTEM}/:certificateId`, {
    schema: {
      tags: ['certificates'], summary: 'Remove a system\'s client certificate; without any the system authenticates with its secret alone',
      params: SystemCertificateParams, response: { 204: NoContent, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeOrganisationSystemCertificate(ctx, ...who(request), request.params.systemId.toLowerCase(), request.params.certificateId.toLowerCase());
    return reply.status(204).send();
  });
}
