import * as client from 'openid-client';
import type { LoginState } from './login-state.ts';

/** The scope that carries the CPR (citizens) or CVR (employees) claim; asked for where the provider offers it. */
export const KUVERT_SCOPE = 'kuvert';

/** A `fetch`, as openid-client calls it (`customFetch`): how requests reach the provider. */
export type ProviderFetch = client.CustomFetch;

/** The OpenID Connect provider that people log in at. */
export interface LoginProvider {
  issuer: string;
  /** plain http is allowed (only for a provider that this very server bundles for development) */
  allowInsecureRequests?: boolean;
  /** how requests reach the provider; default: the network */
  fetch?: ProviderFetch;
  /** users of this provider are stored as `<subjectPrefix><sub>`; default `<issuer>|` */
  subjectPrefix?: string;
}

export interface RelyingPartyOptions {
  provider: LoginProvider;
  clientId: string;
  clientSecret: string;
  publicUrl: string;
  claimCpr: string;
  claimCvr: string;
  /** the claim that marks an organisation's lead (legal) administrator, true or "true" (MitID Erhverv "LRA") */
  claimLeadAdmin: string;
}

export interface LoggedIn {
  /** the `sub` of the provider */
  sub: string;
  name?: string | undefined;
  cpr?: string | undefined;
  cvr?: string | undefined;
  leadAdmin: boolean;
  idToken: string | undefined;
}

const stringClaim = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const trueClaim = (value: unknown) => value === true || (typeof value === 'string' && value.toLowerCase() === 'true');

/**
 * The OpenID Connect client (`openid-client`). The provider's metadata is discovered on first use
 * (the bundled provider is part of this server, which is not listening yet when routes are built)
 * and kept; a failed discovery is tried again on the next login.
 */
export function relyingParty(options: RelyingPartyOptions) {
  const redirectUri = `${options.publicUrl}/auth/callback`;
  let discovered: Promise<client.Configuration> | undefined;

  const discover = async () => {
    const { issuer, allowInsecureRequests, fetch: providerFetch } = options.provider;
    const execute = allowInsecureRequests ? [client.allowInsecureRequests] : [];
    return client.discovery(new URL(issuer), options.clientId, undefined, client.ClientSecretBasic(options.clientSecret), {
      execute,
      ...(providerFetch ? { [client.customFetch]: providerFetch } : {}),
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
        leadAdmin: trueClaim(claims[options.claimLeadAdmin]),
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
