import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../../admin/index.ts';
import { failedAttempts, type AttemptsLog, type AuthLimits } from '../../auth/index.ts';
import { installJsonParser } from '../json-body.ts';
import { operatorAuthenticator } from './auth.ts';
import { doctorRoutes } from './doctor.ts';
import { invitationRoutes } from './invitations.ts';
import { registryRoutes } from './registry.ts';
import { systemRoutes } from './systems.ts';
import { systemCertificateRoutes } from './system-certificates.ts';

export interface OperatorApiOptions {
  limits: AuthLimits;
  log: AttemptsLog;
  /** MAIL_DOMAIN, for the self-test */
  mailDomain: string;
}

/**
 * `/api/operator/…`: the operator API, with its own credentials (operator keys), not an organisation's.
 * The same as the `kuvert registry`, `system` and `org` commands (docs/admin.md, "The operator API");
 * events name the key as `operator:<name>`.
 */
export async function operatorApi(app: FastifyInstance, ctx: AdminContext, options: OperatorApiOptions): Promise<void> {
  const attempts = failedAttempts({ db: ctx.db, eventChains: ctx.eventChains, limits: options.limits, scope: 'operator-api', log: options.log });
  app.addHook('onRequest', operatorAuthenticator(ctx.db, attempts));
  // the registry file comes as it is (up to its own size limit), so problems point at its own lines
  await app.register(async (raw) => registryRoutes(raw, ctx));
  await app.register(async (json) => {
    installJsonParser(json);
    systemRoutes(json, ctx);
    systemCertificateRoutes(json, ctx);
    invitationRoutes(json, ctx);
    doctorRoutes(json, { ...ctx, mailDomain: options.mailDomain });
  });
}
