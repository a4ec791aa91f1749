import type { FastifyInstance } from 'fastify';
import { sessionGuard } from '../../auth/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { sessionRoutes } from './session.ts';

/** `/api`: the portal's JSON API, for logged-in people (session cookie + CSRF header). */
export async function portalApi(app: FastifyInstance, ctx: SendContext): Promise<void> {
  app.addHook('onRequest', sessionGuard(ctx.db));
  sessionRoutes(app, ctx);
}
