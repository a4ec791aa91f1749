import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { authRoutes } from '../auth/routes.ts';
import type { Config } from '../config.ts';
import type { SendContext } from '../delivery/index.ts';
import { webRoutes } from './web.ts';
import { errorHandler } from './errors.ts';
import { registerMetrics } from './metrics.ts';
import { systemAuthenticator } from './system-auth.ts';
import { contactPointRoutes } from './v1/contact-points.ts';
import { contactRoutes } from './v1/contacts.ts';
import { memoRoutes } from './v1/memos.ts';
import { portalApi } from './portal/index.ts';
import type { GatewayInfo } from './portal/secure-mail.ts';

export interface AppOptions {
  ctx: SendContext;
  config: Config;
  bodyLimitBytes: number;
  publicUrl: string;
  /** Kuvert's mail address and S/MIME certificate, which senders encrypt to */
  gateway: GatewayInfo;
  logger?: FastifyServerOptions['logger'];
}

/** Request logs show the path only: query strings can carry CPR numbers (`/contacts?cprNumber=`). */
const requestSerializer = (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] });

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
  });
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
      components: { securitySchemes: { system: { type: 'http', scheme: 'basic', description: 'system id : system secret' } } },
      security: [{ system: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const metrics = registerMetrics(app);
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(cookie);
  await authRoutes(app, options);
  await webRoutes(app, options);
  await app.register((api) => portalApi(api, options.ctx, options.gateway), { prefix: '/api' });
  app.get('/gateway/certificate.pem', {
    schema: { tags: ['secure e-mail'], summary: 'Kuvert\'s S/MIME certificate: encrypt mail to Kuvert with it', security: [] },
  }, async (_request, reply) => reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="kuvert-gateway.pem"').send(await options.gateway.certificatePem()));

  await app.register(async (v1) => {
    v1.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes }, (_req, body, done) => done(null, body));
    v1.addHook('onRequest', systemAuthenticator(options.ctx.db));
    memoRoutes(v1, options.ctx, options.bodyLimitBytes, metrics);
    contactRoutes(v1, options.ctx);
    contactPointRoutes(v1, options.ctx);
  }, { prefix: '/apis/v1' });

  return app;
}

export const loggerOptions = (level: string) => ({ level, serializers: { req: requestSerializer } });
