import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import {
  certificateView, configureForwarding, confirmForwarding, disableForwarding, readCertificate, registerMailCertificate, removeMailCertificate,
  requireAdmin, retryDeadLetter, secureMailView, type ForwardingInput,
} from '../../gateway/index.ts';
import { errors } from '../v1/schemas.ts';
import { UUID_PATTERN } from './schemas.ts';

export interface GatewayInfo { address(): Promise<string>; certificatePem(): Promise<string> }

const uuid = { type: 'string', pattern: UUID_PATTERN } as const;
const orgParams = { type: 'object', properties: { organisationId: uuid }, required: ['organisationId'] } as const;
const certificateBody = {
  type: 'object', properties: { certificate: { type: 'string', minLength: 1, maxLength: 64 * 1024, description: 'PEM' } }, required: ['certificate'], additionalProperties: false,
} as const;
const condition = {
  type: 'object',
  properties: { field: { type: 'string', enum: ['pNumber', 'senderCvr', 'attentionEmail', 'attentionPerson'] }, equals: { type: 'string' }, contains: { type: 'string' } },
  required: ['field'],
} as const;
const forwardingBody = {
  type: 'object',
  properties: {
    address: { type: 'string', minLength: 3, maxLength: 254 },
    certificate: { type: 'string', minLength: 1, maxLength: 64 * 1024, description: 'the receiving certificate, PEM' },
    scope: { type: 'string', enum: ['all', 'rules'] },
    rules: { type: 'array', maxItems: 50, items: { type: 'object', properties: { name: { type: 'string' }, conditions: { type: 'array', items: condition } }, required: ['name', 'conditions'] } },
  },
  required: ['address', 'certificate', 'scope'],
  additionalProperties: false,
} as const;

/**
 * `/api/organisations/:organisationId/secure-mail…`: an organisation's administrators set up forwarding
 * to their secure mail system and register their mail system's signing certificates.
 */
export function secureMailRoutes(app: FastifyInstance, ctx: SendContext, gateway: GatewayInfo): void {
  const actor = (request: { params: { organisationId: string } } & Parameters<typeof sessionOf>[0]) => ({
    principal: sessionOf(request).principal, organisationId: request.params.organisationId.toLowerCase(),
  });

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId/secure-mail', {
    schema: {
      tags: ['secure e-mail'], summary: 'Forwarding, its failed deliveries, signing certificates and expiry warnings (administrators)',
      params: orgParams, response: errors(400, 401, 403, 404),
    },
  }, async (request) => secureMailView(ctx.db, actor(request), await gateway.address()));

  app.post<{ Params: { organisationId: string }; Body: { certificate: string } }>('/organisations/:organisationId/secure-mail/certificate-preview', {
    schema: {
      tags: ['secure e-mail'], summary: 'What an uploaded receiving certificate is (subject, issuer, validity); 422 when it cannot be used',
      params: orgParams, body: certificateBody, response: errors(400, 401, 403, 404, 422),
    },
  }, async (request) => {
    requireAdmin(sessionOf(request).principal, request.params.organisationId.toLowerCase());
    return certificateView(readCertificate(request.body.certificate, 'encrypt').info);
  });

  app.put<{ Params: { organisationId: string }; Body: ForwardingInput }>('/organisations/:organisationId/secure-mail/forwarding', {
    schema: {
      tags: ['secure e-mail'], summary: 'Set up or change forwarding; a new address is confirmed through a link Kuvert mails (signed and encrypted)',
      params: orgParams, body: forwardingBody, response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await configureForwarding(ctx.db, ctx.eventChains, actor(request), request.body);
    return reply.status(204).send();
  });

  app.post<{ Params: { organisationId: string }; Body: { token: string } }>('/organisations/:organisationId/secure-mail/forwarding/confirm', {
    schema: {
      tags: ['secure e-mail'], summary: 'Confirm forwarding with the token from the confirmation mail',
      params: orgParams,
      body: { type: 'object', properties: { token: { type: 'string', minLength: 20, maxLength: 100 } }, required: ['token'], additionalProperties: false },
      response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await confirmForwarding(ctx.db, ctx.eventChains, actor(request), request.body.token);
    return reply.status(204).send();
  });

  app.delete<{ Params: { organisationId: string } }>('/organisations/:organisationId/secure-mail/forwarding', {
    schema: { tags: ['secure e-mail'], summary: 'Stop forwarding', params: orgParams, response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await disableForwarding(ctx.db, ctx.eventChains, actor(request));
    return reply.status(204).send();
  });

  app.post<{ Params: { organisationId: string; jobId: number } }>('/organisations/:organisationId/secure-mail/forwarding/dead-letters/:jobId/retry', {
    schema: {
      tags: ['secure e-mail'], summary: 'Try a failed forwarding again',
      params: { type: 'object', properties: { organisationId: uuid, jobId: { type: 'integer', minimum: 1 } }, required: ['organisationId', 'jobId'] },
      response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await retryDeadLetter(ctx.db, ctx.eventChains, actor(request), request.params.jobId);
    return reply.status(204).send();
  });

  app.post<{ Params: { organisationId: string }; Body: { certificate: string } }>('/organisations/:organisationId/secure-mail/signing-certificates', {
    schema: {
      tags: ['secure e-mail'], summary: 'Register a signing certificate of your mail system: mail signed with it is accepted as yours',
      params: orgParams, body: certificateBody, response: { 201: { type: 'object', properties: { id: { type: 'string' } } }, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const id = await registerMailCertificate(ctx.db, ctx.eventChains, actor(request), request.body.certificate);
    return reply.status(201).send({ id });
  });

  app.delete<{ Params: { organisationId: string; certificateId: string } }>('/organisations/:organisationId/secure-mail/signing-certificates/:certificateId', {
    schema: {
      tags: ['secure e-mail'], summary: 'Remove a signing certificate',
      params: { type: 'object', properties: { organisationId: uuid, certificateId: uuid }, required: ['organisationId', 'certificateId'] },
      response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeMailCertificate(ctx.db, ctx.eventChains, actor(request), request.params.certificateId.toLowerCase());
    return reply.status(204).send();
  });
}
