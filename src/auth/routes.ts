import { timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppOptions } from '../api/app.ts';
import { ApiError } from '../api/errors.ts';
import { DEV_IDP_SUBJECT_PREFIX } from '../demo/index.ts';
import { isLocalHttp, sessionCookieOptions } from './cookies.ts';
import { devIdpIssuer, devIdpRoutes } from './dev-idp.ts';
import { LOGIN_STATE_COOKIE, LOGIN_STATE_MINUTES, loginStateSealer } from './login-state.ts';
import { messagePage, STYLESHEET, STYLESHEET_PATH } from './pages.ts';
import { relyingParty } from './relying-party.ts';
import { createSession, endSession, loadSession, SESSION_COOKIE } from './sessions.ts';
import { resolveLogin } from './users.ts';

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/**
 * Where to go after logging in: a path on this site (a single leading `/`), never another origin,
 * and never back into `/auth` or `/dev-idp` (that would loop); anything else is `/`.
 */
export function safeReturnTo(value: unknown, publicUrl: string): string {
  const base = new URL(publicUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const home = `${basePath}/`;
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//')) return home;
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return home;
  let url: URL;
  try { url = new URL(value, base); } catch { return home; }
  if (url.origin !== base.origin) return home;
  const local = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  if (/^\/(auth|dev-idp)(\/|$)/.test(local)) return home;
  return `${url.pathname}${url.search}${url.hash}`;
}

function sameToken(supplied: unknown, expected: string): boolean {
  if (typeof supplied !== 'string') return false;
  const a = Buffer.from(supplied);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/auth/*` (OpenID Connect relying party) and, without OIDC_ISSUER, the development provider at `/dev-idp`. */
export async function authRoutes(app: FastifyInstance, options: AppOptions): Promise<void> {
  const { config } = options;
  const db = options.ctx.db;
  const publicUrl = config.publicUrl;
  const basePath = new URL(publicUrl).pathname.replace(/\/$/, '');
  const bundled = config.oidcIssuer === undefined;
  const rp = relyingParty({
    issuer: config.oidcIssuer ?? devIdpIssuer(publicUrl),
    bundled,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret,
    publicUrl,
    claimCpr: config.oidcClaimCpr,
    claimCvr: config.oidcClaimCvr,
    app,
  });
  const sealer = loginStateSealer(config.oidcClientSecret);
  const sessionCookie = sessionCookieOptions(publicUrl);
  const loginCookie = { ...sessionCookie, path: `${basePath}/auth`, maxAge: LOGIN_STATE_MINUTES * 60 };
  const loginUrl = (returnTo?: string) => `${publicUrl}/auth/login${returnTo === undefined || returnTo === `${basePath}/` ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;

  if (!isLocalHttp(publicUrl) && new URL(publicUrl).protocol === 'http:') {
    app.log.warn('PUBLIC_URL is plain http on a host other than localhost: session cookies are Secure, so browsers will not send them and login will not stick');
  }

  const sendPage = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);

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
      const returnTo = safeReturnTo(request.query.returnTo, publicUrl);
      let started;
      try {
        started = await rp.start(returnTo);
      } catch (err) {
        request.log.error({ errName: (err as Error).name, errMessage: (err as Error).message }, 'login: the OpenID Connect provider is not available');
        return sendPage(reply, 503, messagePage({
          basePath,
          title: 'Login er ikke tilgængeligt lige nu',
          paragraphs: ['Vi kan ikke få forbindelse til login-tjenesten. Prøv igen om lidt.'],
          link: { href: loginUrl(returnTo), text: 'Prøv igen' },
        }));
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
      const saved = sealer.open(request.cookies[LOGIN_STATE_COOKIE]);
      // one attempt, one use
      reply.clearCookie(LOGIN_STATE_COOKIE, { ...sessionCookie, path: loginCookie.path });
      const query = request.query;
      const matches = saved !== undefined && typeof query.state === 'string' && sameToken(query.state, saved.state);
      const retry = { href: loginUrl(matches ? saved.returnTo : undefined), text: 'Prøv at logge ind igen' };

      if (typeof query.error === 'string') {
        const cancelled = query.error === 'access_denied';
        request.log.info({ oidcError: query.error.slice(0, 64) }, 'login: the provider returned an error');
        return sendPage(reply, cancelled ? 200 : 400, messagePage({
          basePath,
          title: cancelled ? 'Login blev afbrudt' : 'Login lykkedes ikke',
          paragraphs: [cancelled
            ? 'Du blev ikke logget ind. Du kan prøve igen, når du er klar.'
            : 'Login-tjenesten kunne ikke gennemføre dit login. Prøv igen, og kontakt support, hvis det bliver ved.'],
          link: retry,
        }));
      }
      if (!saved || !matches) {
        request.log.info({ hadState: saved !== undefined }, 'login: callback without a matching login attempt');
        return sendPage(reply, 400, messagePage({
          basePath,
          title: 'Login-forløbet er udløbet',
          paragraphs: ['Vi kunne ikke genkende dit login-forsøg. Det kan være udløbet, eller det blev startet i et andet vindue. Start forfra.'],
          link: retry,
        }));
      }

      let loggedIn;
      try {
        loggedIn = await rp.finish(request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '', saved);
      } catch (err) {
        const e = err as Error & { code?: string; error?: string };
        request.log.warn({ errName: e.name, errCode: e.code, oidcError: e.error, errMessage: e.message }, 'login: the login response could not be verified');
        return sendPage(reply, 502, messagePage({
          basePath,
          title: 'Login lykkedes ikke',
          paragraphs: ['Svaret fra login-tjenesten kunne ikke bekræftes. Prøv igen.'],
          link: retry,
        }));
      }

      const issuerPrefix = bundled ? DEV_IDP_SUBJECT_PREFIX : `${config.oidcIssuer}|`;
      const outcome = await resolveLogin(db, { subject: `${issuerPrefix}${loggedIn.sub}`, name: loggedIn.name, cpr: loggedIn.cpr, cvr: loggedIn.cvr });
      if (outcome.kind === 'denied') {
        request.log.info({ reason: outcome.reason }, 'login: no access');
        return sendPage(reply, 403, messagePage({
          basePath,
          title: 'Du har ikke adgang til Kuvert',
          paragraphs: {
            'no-membership': [
              'Du har ikke adgang til din virksomheds eller myndigheds digitale post i Kuvert.',
              'Bed en administrator i din organisation om at give dig adgang, og log derefter ind igen.',
            ],
            'unknown-citizen': [
              'Du har ikke adgang: vi har ingen digital postkasse til dig i Kuvert.',
              'Kontakt din kommune eller support, hvis du mener, det er en fejl.',
            ],
            unknown: [
              'Du har ikke adgang: login-tjenesten oplyste hverken CPR-nummer eller en organisation, vi kender.',
            ],
          }[outcome.reason],
          link: { href: `${publicUrl}/`, text: 'Til forsiden' },
        }));
      }

      // a new login replaces whatever session this browser had
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await endSession(db, previous);
      const { token } = await createSession(db, outcome.userId, { hours: config.sessionHours }, loggedIn.idToken ?? null);
      reply.setCookie(SESSION_COOKIE, token, sessionCookie);
      return reply.header('cache-control', 'no-store').redirect(saved.returnTo, 303);
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
          throw new ApiError(403, 'CSRF_TOKEN_INVALID', 'The request lacks the CSRF token of this session (header x-csrf-token or form field csrf).');
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

  if (bundled) {
    await app.register((devIdp) => devIdpRoutes(devIdp, {
      publicUrl,
      clientId: config.oidcClientId,
      clientSecret: config.oidcClientSecret,
      claimCpr: config.oidcClaimCpr,
      claimCvr: config.oidcClaimCvr,
      log: app.log,
    }));
  }
}
