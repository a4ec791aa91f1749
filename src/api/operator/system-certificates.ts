import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { listSystemCertificates, registerSystemCertificate, removeSystemCertificate, type AdminContext } from '../../admin/index.ts';
import {
  OperatorSystemCertificateParams, OperatorSystemCertificateRemoved, OperatorSystemParams, SystemCertificateUpload, SystemCertificateView,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { OPERATOR_SECURITY, operatorActor } from './auth.ts';

/** `/api/operator/systems/:id/certificates…`: the `kuvert system certificate` commands (docs/certificates.md). */
export function systemCertificateRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: OperatorSystemParams }>('/systems/:id/certificates', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'A system\'s client certificates, soonest expiry first',
      params: OperatorSystemParams, response: { 200: Type.Array(SystemCertificateView), ...errors(400, 401, 404, 429) },
    },
  }, async (request): Promise<SystemCertificateView[]> => listSystemCertificates(ctx.db, request.params.id));

  app.post<{ Params: OperatorSystemParams; Body: SystemCertificateUpload }>('/systems/:id/certificates', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'Register a client certificate (PEM) for a system: it must present it (mutual TLS) from then on',
      params: OperatorSystemParams, body: SystemCertificateUpload, response: { 201: SystemCertificateView, ...errors(400, 401, 404, 409, 422, 429) },
    },
  }, async (request, reply) => reply.status(201).send(
    await registerSystemCertificate(ctx.db, ctx.eventChains, operatorActor(request), request.params.id, request.body.certificate),
  ));

  app.delete<{ Params: OperatorSystemCertificateParams }>('/systems/:id/certificates/:certificate', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'Remove a system\'s client certificate (by id or SHA-256 fingerprint)',
      params: OperatorSystemCertificateParams, response: { 200: OperatorSystemCertificateRemoved, ...errors(400, 401, 404, 429) },
    },
  }, async (request): Promise<OperatorSystemCertificateRemoved> =>
    removeSystemCertificate(ctx.db, ctx.eventChains, operatorActor(request), request.params.id, request.params.certificate));
}
