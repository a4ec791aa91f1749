import type { FastifyServerOptions } from 'fastify';
import type { AuthLimits, TrustProxy } from '../auth/index.ts';
import type { Config } from '../config.ts';
import type { SendContext } from '../delivery/index.ts';
import type { GatewayInfo } from './portal/secure-mail.ts';

/** What the HTTP app is built from (`buildApp`); the parts of the app take what they need of it. */
export interface AppOptions {
  ctx: SendContext;
  config: Config;
  bodyLimitBytes: number;
  publicUrl: string;
  /** Kuvert's mail address and S/MIME certificate, which senders encrypt to */
  gateway: GatewayInfo;
  logger?: FastifyServerOptions['logger'];
  /** throttling of failed authentication; default: from the environment (AUTH_*) */
  authLimits?: AuthLimits;
  /** which proxies may name the client address; default: TRUST_PROXY */
  trustProxy?: TrustProxy;
}
