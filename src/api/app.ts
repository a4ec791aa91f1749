import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { failedAttempts, loadAuthLimits, loadTrustProxy } from '../auth/index.ts';
import { mountDevIdp } from './auth/dev-idp-mount.ts';
import { loginRoutes } from './auth/login.ts';
import { webRoutes } from './web.ts';
import { errorHandler } from './errors.ts';
import { registerMetrics } from './metrics.ts';
import type { AppOptions } from './options.ts';
import { systemAuthenticator } from './system-auth.ts';
import { contactPointRoutes } from './v1/contact-points.ts';
import { contactRoutes } from './v1/contacts.ts';
import { memoRoutes } from './v1/memos.ts';
import { monitoringRoutes } from './v1/monitoring.ts';
import { portalApi } from './portal/index.ts';
import { operatorApi } from './operator/index.ts';
import { devOutboxRoutes } from './dev-outbox.ts';
import { notificationLinkRoutes } from './notifications.ts';
import { installJsonParser } from './json-body.ts';


/** Request logs show the path only: query strings can carry CPR numbers (`/contacts?cprNumber=`). */
const requestSerializer = (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] });

/** Errors without the values of a failed statement (PGlite puts them in `params`): they can be search words or CPR numbers. */
const errorSerializer = (err: Error) => {
  const { params: _params, parameters: _parameters, ...rest } = pino.stdSerializers.err(err);
  return rest as typeof rest & { type: string; message: string; stack: string };
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? loadTrustProxy(),
  });
  const authLimits = options.authLimits ?? loadAuthLimits();
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ errorCode: 'NOT_FOUND', errorMessage: `No such resource: ${request.method} ${request.url.split('?')[0]}` });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kuvert API',
        version: '1',
        description: 'Digital Post for authorities, companies and citizens. `/apis/v1` follows the shape of the national NgDP REST API where they overlap.',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          system: { type: 'http', scheme: 'basic', description: 'system id : system secret; a system with a registered client certificate also presents it over HTTPS (mutual TLS, SYSTEM_TLS_PORT; docs/certificates.md)' },
          operator: { type: 'http', scheme: 'basic', description: 'operator key name : secret (/api/operator)' },
          operatorBearer: { type: 'http', scheme: 'bearer', description: 'operator key secret (/api/operator)' },
        },
      },
      security: [{ system: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const metrics = registerMetrics(app);
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(cookie);
  // where people log in: OIDC_ISSUER, or else the development provider, which only then is mounted
  const provider = options.config.oidcIssuer === undefined ? await mountDevIdp(app, options.config) : { issuer: options.config.oidcIssuer };
  await loginRoutes(app, { ...options, authLimits, provider });
  await webRoutes(app, options);
  await app.register(async (api) => {
    // JSON at most 1 MB and 64 levels deep; files come as multipart/form-data, read as they stream by the routes that take them
    installJsonParser(api);
    await api.register(multipart);
    await portalApi(api, options.ctx, options.gateway, options.publicUrl);
  }, { prefix: '/api' });
  await app.register(async (operator) => {
    await operatorApi(operator, { ...options.ctx, publicUrl: options.publicUrl }, { limits: authLimits, log: app.log, mailDomain: options.config.mailDomain });
  }, { prefix: '/api/operator' });
  if (options.config.outbox) devOutboxRoutes(app, options.ctx.db, new URL(options.publicUrl).pathname.replace(/\/$/, ''));
  await notificationLinkRoutes(app, { ...options.ctx, publicUrl: options.publicUrl }, options.publicUrl);
  app.get('/gateway/certificate.pem', {
    schema: { tags: ['secure e-mail'], summary: 'Kuvert\'s S/MIME certificate: encrypt mail to Kuvert with it', security: [] },
  }, async (_request, reply) => reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="kuvert-gateway.pem"').send(await options.gateway.certificatePem()));

  await app.register(async (v1) => {
    installJsonParser(v1);
    v1.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes }, (_req, body, done) => done(null, body));
    const attempts = failedAttempts({ db: options.ctx.db, eventChains: options.ctx.eventChains, limits: authLimits, scope: 'system-api', log: app.log });
    v1.addHook('onRequest', systemAuthenticator(options.ctx.db, attempts, { eventChains: options.ctx.eventChains }));
    memoRoutes(v1, options.ctx, options.bodyLimitBytes, metrics);
    contactRoutes(v1, options.ctx);
    contactPointRoutes(v1, options.ctx);
    monitoringRoutes(v1, options.ctx);
  }, { prefix: '/apis/v1' });

  return app;
}

export const loggerOptions = (level: string) => ({ level, serializers: { req: requestSerializer, err: errorSerializer } });
