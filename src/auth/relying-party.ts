import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import { DEV_IDP_PATH, KUVERT_SCOPE } from './dev-idp.ts';
import type { LoginState } from './login-state.ts';

export interface RelyingPartyOptions {
  issuer: string;
  /** the issuer is the development provider of this very server */
  bundled: boolean;
  clientId: string;
  clientSecret: string;
  publicUrl: string;
  claimCpr: string;
  claimCvr: string;
  /** for the bundled provider: requests to it go straight into this app, not over the network */
  app?: FastifyInstance;
}

export interface LoggedIn {
  /** the `sub` of the provider */
  sub: string;
  name?: string | undefined;
  cpr?: string | undefined;
  cvr?: string | undefined;
  idToken: string | undefined;
}

const stringClaim = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The OpenID Connect client (`openid-client`). The provider's metadata is discovered on first use
 * (the bundled provider is part of this server, which is not listening yet when routes are built)
 * and kept; a failed discovery is tried again on the next login.
 */
export function relyingParty(options: RelyingPartyOptions) {
  const redirectUri = `${options.publicUrl}/auth/callback`;
  let discovered: Promise<client.Configuration> | undefined;

  const discover = async () => {
    const execute = options.bundled ? [client.allowInsecureRequests] : [];
    const fetcher = options.bundled && options.app ? inProcessFetch(options.app, options.publicUrl) : undefined;
    return client.discovery(new URL(options.issuer), options.clientId, undefined, client.ClientSecretBasic(options.clientSecret), {
      execute,
      ...(fetcher ? { [client.customFetch]: fetcher } : {}),
    });
  };

  const configuration = (): Promise<client.Configuration> => {
    discovered ??= discover().catch((err: unknown) => {
      discovered = undefined;
      throw err;
    });
    return discovered;
  };

  return {
    configuration,

    /** a new login attempt: what to remember (in the login cookie) and where to send the browser */
    async start(returnTo: string): Promise<{ state: LoginState; url: URL }> {
      const config = await configuration();
      const state: LoginState = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        returnTo,
      };
      const supported = config.serverMetadata().scopes_supported;
      const scopes = ['openid', ...['profile', KUVERT_SCOPE].filter((s) => (supported ? supported.includes(s) : s === 'profile'))];
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: scopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(state.verifier),
        code_challenge_method: 'S256',
        state: state.state,
        nonce: state.nonce,
      });
      return { state, url };
    },

    /** the authorization response at /auth/callback: verified (state, PKCE, nonce, ID token) and exchanged */
    async finish(search: string, state: LoginState): Promise<LoggedIn> {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, new URL(`${redirectUri}${search}`), {
        pkceCodeVerifier: state.verifier,
        expectedState: state.state,
        expectedNonce: state.nonce,
        idTokenExpected: true,
      });
      const claims: Record<string, unknown> = { ...tokens.claims() };
      const sub = String(claims.sub);
      // brokers that keep CPR/CVR out of the ID token hand them out at the userinfo endpoint
      const missing = claims[options.claimCpr] === undefined && claims[options.claimCvr] === undefined;
      if ((missing || claims.name === undefined) && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, sub);
        for (const [key, value] of Object.entries(userinfo)) if (claims[key] === undefined) claims[key] = value;
      }
      return {
        sub,
        name: stringClaim(claims.name),
        cpr: stringClaim(claims[options.claimCpr]),
        cvr: stringClaim(claims[options.claimCvr]),
        idToken: tokens.id_token,
      };
    },

    /** where to send the browser after logging out of Kuvert: the provider's end-session endpoint, if it has one */
    async endSessionUrl(idToken: string | null): Promise<string | undefined> {
      if (!idToken) return undefined;
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${options.publicUrl}/` }).href;
    },
  };
}

export type RelyingParty = ReturnType<typeof relyingParty>;

/**
 * A fetch for the bundled provider that hands requests to this app (`inject`) instead of the
 * network: the server need not reach itself at PUBLIC_URL (containers, proxies, TLS in front).
 */
function inProcessFetch(app: FastifyInstance, publicUrl: string): client.CustomFetch {
  const base = new URL(publicUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const prefix = `${basePath}${DEV_IDP_PATH}/`;
  return async (url, init) => {
    const target = new URL(url);
    if (target.origin !== base.origin || !target.pathname.startsWith(prefix)) return fetch(url, init as RequestInit);
    const body = init.body;
    const payload = body === undefined || body === null ? undefined
      : typeof body === 'string' ? body
        : body instanceof URLSearchParams ? body.toString()
          : body instanceof ArrayBuffer || body instanceof Uint8Array ? Buffer.from(body as Uint8Array)
            : undefined;
    const response = await app.inject({
      method: init.method as 'GET',
      url: `${target.pathname.slice(basePath.length)}${target.search}`,
      headers: { ...init.headers, host: base.host },
      ...(payload !== undefined ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers });
  };
}
