import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../api/app.ts';

/** `/auth/*` (OpenID Connect relying party) and, without OIDC_ISSUER, the development provider at `/dev-idp`. */
export async function authRoutes(_app: FastifyInstance, _options: AppOptions): Promise<void> {}
