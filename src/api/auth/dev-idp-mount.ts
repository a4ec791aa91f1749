import type { FastifyInstance } from 'fastify';
import { KUVERT_SCOPE, type LoginProvider } from '../../auth/index.ts';
import type { Config } from '../../config.ts';
import { DEV_IDP_PATH, DEV_IDP_SUBJECT_PREFIX, devIdpIssuer, devIdpRoutes } from '../../demo/index.ts';
import { inProcessFetch } from './in-process-fetch.ts';
import { pageKit } from './pages.ts';

/**
 * Without OIDC_ISSUER: mounts the development identity provider (src/demo/dev-idp) at `/dev-idp`,
 * dressed in the login pages' look, and returns it as the provider to log in at — over plain http,
 * reached in-process, its users stored under its own subject prefix.
 */
export async function mountDevIdp(app: FastifyInstance, config: Config): Promise<LoginProvider> {
  await app.register((devIdp) => devIdpRoutes(devIdp, {
    publicUrl: config.publicUrl,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    claimCpr: config.oidcClaimCpr,
    claimCvr: config.oidcClaimCvr,
    claimLeadAdmin: config.oidcClaimLeadAdmin,
    claimsScope: KUVERT_SCOPE,
    log: app.log,
    pages: pageKit,
  }));
  return {
    issuer: devIdpIssuer(config.publicUrl),
    allowInsecureRequests: true,
    fetch: inProcessFetch(app, config.publicUrl, DEV_IDP_PATH),
    subjectPrefix: DEV_IDP_SUBJECT_PREFIX,
  };
}
