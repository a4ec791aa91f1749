import type { FastifyInstance } from 'fastify';
import { sessionGuard } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { draftRoutes } from './drafts.ts';
import { fileRoutes } from './files.ts';
import { folderRoutes } from './folders.ts';
import { messageRoutes } from './messages.ts';
import { secureMailRoutes, type GatewayInfo } from './secure-mail.ts';
import { sessionRoutes } from './session.ts';
import { writingRoutes } from './writing.ts';
import { adminApi } from '../admin/index.ts';

/** `/api`: the portal's JSON API, for logged-in people (session cookie + CSRF header). */
export async function portalApi(app: FastifyInstance, ctx: SendContext, gateway: GatewayInfo, publicUrl: string): Promise<void> {
  app.addHook('onRequest', sessionGuard(ctx.db));
  sessionRoutes(app, ctx);
  folderRoutes(app, ctx);
  messageRoutes(app, ctx);
  fileRoutes(app, ctx);
  writingRoutes(app, ctx);
  draftRoutes(app, ctx);
  secureMailRoutes(app, ctx, gateway);
  adminApi(app, { ...ctx, publicUrl }, gateway.mailDomain);
}
