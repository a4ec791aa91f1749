import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createSession, endSession, failedAttempts, loadSession, LOGIN_STATE_MINUTES, loginStateSealer, loginSubject, relyingParty,
  resolveLogin, safeReturnTo, sameToken, type AuthLimits, type LoginProvider,
} from '../../auth/index.ts';
import { Refusal } from '../../domain/index.ts';
import type { AppOptions } from '../options.ts';
import { isLocalHttp, LOGIN_STATE_COOKIE, SESSION_COOKIE, sessionCookieOptions } from './cookies.ts';
import {
  expiredPage, noAccessPage, notVerifiedPage, providerErrorPage, sendPage, STYLESHEET, STYLESHEET_PATH, tooManyAttemptsPage, unavailablePage,
} from './pages.ts';

export interface LoginOptions extends Pick<AppOptions, 'ctx' | 'config'> {
  authLimits: AuthLimits;
  /** where people log in: OIDC_ISSUER, or the development provider that the app mounts without it */
  provider: LoginProvider;
}

/**
 * `/auth/*`: Kuvert as OpenID Connect relying party — login, the provider's callback, logout, and the
 * stylesheet of these pages. Failed logins at `/auth/callback` are throttled per client address (docs/security.md).
 */
export async function loginRoutes(app: FastifyInstance, options: LoginOptions): Promise<void> {
  const { config, provider } = options;
  const db = options.ctx.db;
  const publicUrl = config.publicUrl;
  const basePath = new URL(publicUrl).pathname.replace(/\/$/, '');
  const rp = relyingParty({
    provider,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    publicUrl,
    claimCpr: config.oidcClaimCpr,
    claimCvr: config.oidcClaimCvr,
    claimLeadAdmin: config.oidcClaimLeadAdmin,
  });
  const sealer = loginStateSealer(config.oidcClientSecret);
  const sessionCookie = sessionCookieOptions(publicUrl);
  const loginCookie = { ...sessionCookie, path: `${basePath}/auth`, maxAge: LOGIN_STATE_MINUTES * 60 };
  const loginUrl = (returnTo?: string) => `${publicUrl}/auth/login${returnTo === undefined || returnTo === `${basePath}/` ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;

  if (!isLocalHttp(publicUrl) && new URL(publicUrl).protocol === 'http:') {
    app.log.warn('PUBLIC_URL is plain http on a host other than localhost: session cookies are Secure, so browsers will not send them and login will not stick');
  }

  const attempts = failedAttempts({ db, eventChains: options.ctx.eventChains, limits: options.authLimits, scope: 'portal-login', log: app.log });
  const loginFailed = (request: FastifyRequest, reason: 'PROVIDER_ERROR' | 'STATE_MISMATCH' | 'VERIFICATION_FAILED' | 'NO_ACCESS') =>
    attempts.failed({ address: request.ip }, { type: 'LOGIN_FAILED', data: { reason } });
  /** a locked-out address: 429 before anything of the attempt is looked at (a page for browsers, the error body for others) */
  const tooMany = (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    const wait = attempts.retryAfterSeconds({ address: request.ip });
    if (wait === 0) return undefined;
    reply.header('retry-after', String(wait));
    if ((request.headers.accept ?? '').includes('text/html')) return sendPage(reply, 429, tooManyAttemptsPage(basePath, wait));
    return reply.status(429).header('cache-control', 'no-store')
      .send({ errorCode: 'TOO_MANY_ATTEMPTS', errorMessage: `Too many failed login attempts from this address; try again in ${wait} seconds.` });
  };

  await app.register(async (auth) => {
    // logout may come from a plain HTML form (field `csrf`)
    if (!auth.hasContentTypeParser('application/x-www-form-urlencoded')) await auth.register(formbody);

    auth.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET));

    auth.get<{ Querystring: { returnTo?: string } }>('/auth/login', {
      schema: {
        tags: ['auth'],
        summary: 'Start logging in: redirects to the OpenID Connect provider (authorization code + PKCE)',
        description: 'Query parameter `returnTo`: a path on this site to return to after logging in (anything else: `/`).',
        security: [],
      },
    }, async (request, reply) => {
      const refused = tooMany(request, reply);
      if (refused) return refused;
      const returnTo = safeReturnTo(request.query.returnTo, publicUrl);
      let started;
      try {
        started = await rp.start(returnTo);
      } catch (err) {
        request.log.error({ errName: (err as Error).name, errMessage: (err as Error).message }, 'login: the OpenID Connect provider is not available');
        return sendPage(reply, 503, unavailablePage(basePath, { href: loginUrl(returnTo), text: 'Prøv igen' }));
      }
      reply.setCookie(LOGIN_STATE_COOKIE, sealer.seal(started.state), loginCookie);
      return reply.header('cache-control', 'no-store').redirect(started.url.href, 303);
    });

    auth.get<{ Querystring: Record<string, string | undefined> }>('/auth/callback', {
      schema: {
        tags: ['auth'],
        summary: 'Where the OpenID Connect provider sends the browser back: verifies the login, opens a session (cookie kuvert_session) and redirects to returnTo',
        security: [],
      },
    }, async (request, reply) => {
      const refused = tooMany(request, reply);
      if (refused) return refused;
      const saved = sealer.open(request.cookies[LOGIN_STATE_COOKIE]);
      // one attempt, one use
      reply.clearCookie(LOGIN_STATE_COOKIE, { ...sessionCookie, path: loginCookie.path });
      const query = request.query;
      const matches = saved !== undefined && typeof query.state === 'string' && sameToken(query.state, saved.state);
      const retry = { href: loginUrl(matches ? saved.returnTo : undefined), text: 'Prøv at logge ind igen' };

      if (typeof query.error === 'string') {
        const cancelled = query.error === 'access_denied';
        request.log.info({ oidcError: query.error.slice(0, 64) }, 'login: the provider returned an error');
        if (!cancelled) await loginFailed(request, 'PROVIDER_ERROR');
        return sendPage(reply, cancelled ? 200 : 400, providerErrorPage(basePath, cancelled, retry));
      }
      if (!saved || !matches) {
        request.log.info({ hadState: saved !== undefined }, 'login: callback without a matching login attempt');
        await loginFailed(request, 'STATE_MISMATCH');
        return sendPage(reply, 400, expiredPage(basePath, retry));
      }

      let loggedIn;
      try {
        loggedIn = await rp.finish(request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '', saved);
      } catch (err) {
        const e = err as Error & { code?: string; error?: string };
        request.log.warn({ errName: e.name, errCode: e.code, oidcError: e.error, errMessage: e.message }, 'login: the login response could not be verified');
        await loginFailed(request, 'VERIFICATION_FAILED');
        return sendPage(reply, 502, notVerifiedPage(basePath, retry));
      }

      const outcome = await resolveLogin(options.ctx, {
        subject: loginSubject(provider, loggedIn.sub), name: loggedIn.name, cpr: loggedIn.cpr, cvr: loggedIn.cvr, leadAdmin: loggedIn.leadAdmin,
      });
      if (outcome.kind === 'denied') {
        request.log.info({ reason: outcome.reason }, 'login: no access');
        await loginFailed(request, 'NO_ACCESS');
        return sendPage(reply, 403, noAccessPage(basePath, outcome.reason, { href: `${publicUrl}/`, text: 'Til forsiden' }));
      }

      // a new login replaces whatever session this browser had
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await endSession(db, previous);
      const { token } = await createSession(db, outcome.userId, { hours: config.sessionHours, idleMinutes: config.sessionIdleMinutes }, loggedIn.idToken ?? null);
      reply.setCookie(SESSION_COOKIE, token, sessionCookie);
      return reply.header('cache-control', 'no-store').redirect(safeReturnTo(saved.returnTo, publicUrl), 303);
    });

    auth.post<{ Body: { csrf?: unknown } | undefined }>('/auth/logout', {
      schema: {
        tags: ['auth'],
        summary: 'Log out (CSRF-checked: header x-csrf-token or form field csrf); 303 to the provider\'s end-session endpoint, or to /. With Accept: application/json: 200 {redirectTo}',
        security: [],
      },
    }, async (request: FastifyRequest<{ Body: { csrf?: unknown } | undefined }>, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await loadSession(db, token) : undefined;
      let target = `${publicUrl}/`;
      if (session && token) {
        const supplied = request.headers['x-csrf-token'] ?? (typeof request.body === 'object' && request.body ? request.body.csrf : undefined);
        if (!sameToken(supplied, session.csrfToken)) {
          throw new Refusal('forbidden', 'CSRF_TOKEN_INVALID', 'The request lacks the CSRF token of this session (header x-csrf-token or form field csrf).');
        }
        const idToken = await endSession(db, token);
        try {
          target = (await rp.endSessionUrl(idToken)) ?? target;
        } catch (err) {
          // the provider is unreachable: the Kuvert session is gone all the same
          request.log.warn({ errName: (err as Error).name, errMessage: (err as Error).message }, 'logout: no end-session endpoint');
        }
      }
      reply.clearCookie(SESSION_COOKIE, sessionCookie);
      reply.header('cache-control', 'no-store');
      const accept = request.headers.accept ?? '';
      if (accept.includes('application/json') && !accept.includes('text/html')) return { redirectTo: target };
      return reply.redirect(target, 303);
    });
  });
}
