import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import {
  certificateView, configureForwarding, confirmForwarding, disableForwarding, readCertificate, registerMailCertificate, removeMailCertificate,
  requireAdmin, resendConfirmation, retryDeadLetter, secureMailView,
} from '../../admin/index.ts';
import {
  CertificateUpload, CertificateView, ConfirmationInput, DeadLetterParams, ForwardingInput, NoContent, OrganisationParams, SecureMailView,
  SigningCertificateCreated, SigningCertificateParams,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';

export interface GatewayInfo {
  address(): Promise<string>;
  certificatePem(): Promise<string>;
  /** MAIL_DOMAIN: the domain of the gateway's addresses */
  mailDomain: string;
}

/**
 * `/api/organisations/:organisationId/secure-mail…`: an organisation's administrators set up forwarding
 * to their secure mail system and register their mail system's signing certificates.
 */
export function secureMailRoutes(app: FastifyInstance, ctx: SendContext, gateway: GatewayInfo): void {
  const actor = (request: { params: { organisationId: string } } & Parameters<typeof sessionOf>[0]) => ({
    principal: sessionOf(request).principal, organisationId: request.params.organisationId.toLowerCase(),
  });

  app.get<{ Params: OrganisationParams }>('/organisations/:organisationId/secure-mail', {
    schema: {
      tags: ['secure e-mail'], summary: 'Forwarding, its failed deliveries, signing certificates and expiry warnings (administrators)',
      params: OrganisationParams, response: { 200: SecureMailView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<SecureMailView> => secureMailView(ctx.db, actor(request), await gateway.address()));

  app.post<{ Params: OrganisationParams; Body: CertificateUpload }>('/organisations/:organisationId/secure-mail/certificate-preview', {
    schema: {
      tags: ['secure e-mail'], summary: 'What an uploaded receiving certificate is (subject, issuer, validity); 422 when it cannot be used',
      params: OrganisationParams, body: CertificateUpload, response: { 200: CertificateView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request): Promise<CertificateView> => {
    requireAdmin(sessionOf(request).principal, request.params.organisationId.toLowerCase());
    return certificateView(readCertificate(request.body.certificate, 'encrypt').info);
  });

  app.put<{ Params: OrganisationParams; Body: ForwardingInput }>('/organisations/:organisationId/secure-mail/forwarding', {
    schema: {
      tags: ['secure e-mail'], summary: 'Set up or change forwarding; a new address is confirmed through a link Kuvert mails (signed and encrypted)',
      params: OrganisationParams, body: ForwardingInput, response: { 204: NoContent, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await configureForwarding(ctx.db, ctx.eventChains, actor(request), request.body);
    return reply.status(204).send();
  });

  app.post<{ Params: OrganisationParams; Body: ConfirmationInput }>('/organisations/:organisationId/secure-mail/forwarding/confirm', {
    schema: {
      tags: ['secure e-mail'], summary: 'Confirm forwarding with the token from the confirmation mail',
      params: OrganisationParams,
      body: ConfirmationInput,
      response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await confirmForwarding(ctx.db, ctx.eventChains, actor(request), request.body.token);
    return reply.status(204).send();
  });

  app.post<{ Params: OrganisationParams }>('/organisations/:organisationId/secure-mail/forwarding/confirmation', {
    schema: {
      tags: ['secure e-mail'], summary: 'Send the confirmation link again (a new link replaces the earlier one); 409 FORWARDING_NOT_PENDING when nothing waits for confirmation',
      params: OrganisationParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await resendConfirmation(ctx.db, ctx.eventChains, actor(request));
    return reply.status(204).send();
  });

  app.delete<{ Params: OrganisationParams }>('/organisations/:organisationId/secure-mail/forwarding', {
    schema: { tags: ['secure e-mail'], summary: 'Stop forwarding', params: OrganisationParams, response: { 204: NoContent, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await disableForwarding(ctx.db, ctx.eventChains, actor(request));
    return reply.status(204).send();
  });

  app.post<{ Params: DeadLetterParams }>('/organisations/:organisationId/secure-mail/forwarding/dead-letters/:jobId/retry', {
    schema: {
      tags: ['secure e-mail'], summary: 'Try a failed forwarding again',
      params: DeadLetterParams,
      response: { 204: NoContent, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await retryDeadLetter(ctx.db, ctx.eventChains, actor(request), request.params.jobId);
    return reply.status(204).send();
  });

  app.post<{ Params: OrganisationParams; Body: CertificateUpload }>('/organisations/:organisationId/secure-mail/signing-certificates', {
    schema: {
      tags: ['secure e-mail'], summary: 'Register a signing certificate of your mail system: mail signed with it is accepted as yours',
      params: OrganisationParams, body: CertificateUpload, response: { 201: SigningCertificateCreated, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const id = await registerMailCertificate(ctx.db, ctx.eventChains, actor(request), request.body.certificate);
    const created: SigningCertificateCreated = { id };
    return reply.status(201).send(created);
  });

  app.delete<{ Params: SigningCertificateParams }>('/organisations/:organisationId/secure-mail/signing-certificates/:certificateId', {
    schema: {
      tags: ['secure e-mail'], summary: 'Remove a signing certificate',
      params: SigningCertificateParams,
      response: { 204: NoContent, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeMailCertificate(ctx.db, ctx.eventChains, actor(request), request.params.certificateId.toLowerCase());
    return reply.status(204).send();
  });
}
