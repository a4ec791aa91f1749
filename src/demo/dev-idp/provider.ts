import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import { DEMO } from '../identities.ts';
import { devIdpIssuer } from './constants.ts';
import type { DevIdpPages } from './pages.ts';
import { memoryAdapter } from './store.ts';

export interface ProviderOptions {
  publicUrl: string;
  /** where the provider is mounted: PUBLIC_URL's path and `/dev-idp` */
  mountPath: string;
  clientId: string;
  clientSecret: string;
  claimCpr: string;
  claimCvr: string;
  claimLeadAdmin: string;
  /** the scope that carries the CPR and CVR claims */
  claimsScope: string;
  pages: DevIdpPages;
  log: {
    warn(fields: object, message: string): void;
    error(fields: object, message: string): void;
  };
}

/** The first-party client gets what it asks for: no consent screen. */
const loadExistingGrant = (claimsScope: string) => async (ctx: KoaContextWithOIDC) => {
  const { oidc } = ctx;
  const clientId = oidc.client?.clientId;
  const accountId = oidc.session?.accountId;
  if (!clientId || !accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
  if (grantId) {
    const existing = await oidc.provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new oidc.provider.Grant({ clientId, accountId });
  grant.addOIDCScope(`openid profile ${claimsScope}`);
  await grant.save();
  return grant;
};

/** Imports oidc-provider without its "Node.js 22 or later" notice (it runs fine on 20, and this is development only). */
async function importProvider(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider WARNING: Unsupported runtime')) return;
    warn.apply(console, args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

/** The `oidc-provider` of the development login: one client (Kuvert), the demo people as accounts, keys made at start. */
export async function createProvider(options: ProviderOptions): Promise<Provider> {
  const { mountPath, pages, publicUrl } = options;
  const { Provider, interactionPolicy } = await importProvider();
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };

  const policy = interactionPolicy.base();
  // a development login asks every time, so switching between demo people is one click
  policy.get('login')!.checks.add(new interactionPolicy.Check('dev_idp_choose_person', 'the development provider asks on every login',
    (ctx) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT)));

  const cookieOptions = { httpOnly: true, sameSite: 'lax', path: mountPath };
  const provider = new Provider(devIdpIssuer(publicUrl), {
    adapter: memoryAdapter(),
    clients: [{
      client_id: options.clientId,
      client_secret: options.clientSecret,
      client_name: 'Kuvert',
      redirect_uris: [`${publicUrl}/auth/callback`],
      post_logout_redirect_uris: [`${publicUrl}/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      names: { session: 'kuvert_dev_idp_session', interaction: 'kuvert_dev_idp_interaction', resume: 'kuvert_dev_idp_resume' },
      long: cookieOptions,
      short: cookieOptions,
    },
    claims: { openid: ['sub'], profile: ['name'], [options.claimsScope]: [options.claimCpr, options.claimCvr, options.claimLeadAdmin] },
    scopes: ['openid', 'profile', options.claimsScope],
    // name, CPR, CVR and the lead-administrator claim come from the userinfo endpoint, not in the ID token (which travels as id_token_hint at logout)
    conformIdTokenClaims: true,
    responseTypes: ['code'],
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const person = DEMO.people.find((p) => p.sub === sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: person.name,
          ...('cpr' in person ? { [options.claimCpr]: person.cpr } : { [options.claimCvr]: person.cvr }),
          ...('leadAdmin' in person ? { [options.claimLeadAdmin]: true } : {}),
        }),
      };
    },
    loadExistingGrant: loadExistingGrant(options.claimsScope),
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => { ctx.type = 'html'; ctx.body = pages.logout(form); },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => { ctx.type = 'html'; ctx.body = pages.loggedOut(); },
      },
    },
    renderError: (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => { ctx.type = 'html'; ctx.body = pages.error(out); },
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, Interaction: 900, Session: 8 * 3600, Grant: 8 * 3600 },
  });
  provider.proxy = true;
  // nothing of a request (tokens, codes, claims) goes to the log: only what failed
  provider.on('server_error', (_ctx: unknown, err: Error) => options.log.error({ errName: err.name, errMessage: err.message }, 'dev-idp: server error'));
  provider.on('error', (err: Error) => options.log.warn({ errName: err.name, errMessage: err.message }, 'dev-idp: request failed'));
  return provider;
}
