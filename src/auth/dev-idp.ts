import { generateKeyPair, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import formbody from '@fastify/formbody';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionDetails, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { DEMO } from '../demo/identities.ts';
import { memoryAdapter } from './dev-idp-store.ts';
import { Html, html, messagePage, page } from './pages.ts';

/** Where the development identity provider lives (only without OIDC_ISSUER). */
export const DEV_IDP_PATH = '/dev-idp';
/** The scope that carries the CPR (citizens) or CVR (employees) claim. */
export const KUVERT_SCOPE = 'kuvert';

export interface DevIdpOptions {
  publicUrl: string;
  clientId: string;
  clientSecret: string;
  claimCpr: string;
  claimCvr: string;
  log: FastifyBaseLogger;
}

export const devIdpIssuer = (publicUrl: string) => `${publicUrl}${DEV_IDP_PATH}`;

type Person = (typeof DEMO.people)[number];

const ROLE_LABELS: Record<string, string> = { admin: 'Administrator', reader: 'Læser (alle mapper)', limited: 'Begrænset adgang' };

const organisationName = (cvr: string) =>
  [DEMO.company, DEMO.authority].find((o) => o.cvr === cvr)?.name ?? `CVR ${cvr}`;

const formatCpr = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;

/** Page headers: no caching, no framing (the buttons log in), nothing but our own stylesheets. */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/**
 * The development identity provider (`oidc-provider`) at `/dev-idp`, as routes of `app` (an
 * encapsulated plugin: it replaces the body parsers for the provider's own routes). The provider is
 * created on first use, so servers that never log in pay nothing for it.
 */
export async function devIdpRoutes(app: FastifyInstance, options: DevIdpOptions): Promise<void> {
  const base = new URL(options.publicUrl);
  /** a path prefix in PUBLIC_URL that a reverse proxy strips before requests reach us */
  const basePath = base.pathname.replace(/\/$/, '');
  const mountPath = `${basePath}${DEV_IDP_PATH}`;
  const publicOrigin = base.origin;

  let providerPromise: Promise<Provider> | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const provider = (): Promise<Provider> => {
    providerPromise ??= createProvider(options, mountPath).catch((err: unknown) => {
      providerPromise = undefined;
      throw err;
    });
    return providerPromise;
  };

  /** oidc-provider builds every URL from the request: make that the public one, always. */
  const asPublic = (req: IncomingMessage) => {
    req.headers['x-forwarded-host'] = base.host;
    req.headers['x-forwarded-proto'] = base.protocol.slice(0, -1);
  };

  const sendPage = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);

  const expiredPage = (reply: FastifyReply) => sendPage(reply, 400, messagePage({
    basePath,
    title: 'Login-forløbet er udløbet',
    paragraphs: ['Siden hører til et login, der er afsluttet eller udløbet. Start forfra fra Kuvert.'],
    link: { href: `${options.publicUrl}/auth/login`, text: 'Log ind igen' },
    testBanner: true,
  }));

  /** The provider's own cookie on the interaction path is its CSRF protection; also refuse other sites. */
  const crossSite = (request: FastifyRequest) => {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
    const origin = request.headers.origin;
    return origin !== undefined && origin !== publicOrigin;
  };

  const details = async (request: FastifyRequest, reply: FastifyReply): Promise<{ op: Provider; interaction: InteractionDetails } | undefined> => {
    const op = await provider();
    asPublic(request.raw);
    try {
      const interaction = await op.interactionDetails(request.raw, reply.raw);
      if (interaction.uid !== (request.params as { uid: string }).uid) return undefined;
      return { op, interaction };
    } catch (err) {
      if ((err as { name?: string }).name === 'SessionNotFound') return undefined;
      throw err;
    }
  };

  // the provider itself: a Koa application, handed the raw request and response
  await app.register(async (raw) => {
    // oidc-provider parses its own request bodies: leave the stream untouched
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    raw.all(`${DEV_IDP_PATH}/*`, { schema: { hide: true } }, async (request, reply) => {
      const op = await provider();
      reply.hijack();
      const req = request.raw as IncomingMessage & { originalUrl?: string };
      const res: ServerResponse = reply.raw;
      // mounted as the oidc-provider docs describe: the provider sees paths without the prefix, and
      // finds its mount path as the part of originalUrl in front of url
      const url = req.url ?? '/';
      req.url = url.slice(DEV_IDP_PATH.length) || '/';
      req.originalUrl = `${basePath}${url}`;
      asPublic(req);
      handle ??= op.callback();
      await handle(req, res);
    });
  });

  // the interaction (login) pages: ours, server-rendered
  await app.register(async (pages) => {
    if (!pages.hasContentTypeParser('application/x-www-form-urlencoded')) await pages.register(formbody);

    pages.get<{ Params: { uid: string } }>(`${DEV_IDP_PATH}/interaction/:uid`, { schema: { hide: true } }, async (request, reply) => {
      const found = await details(request, reply);
      if (!found) return expiredPage(reply);
      const { op, interaction } = found;
      if (interaction.prompt.name !== 'login') {
        // the only client is Kuvert itself: grant what it asks for without a consent screen
        const accountId = interaction.session?.accountId;
        if (!accountId) return expiredPage(reply);
        const grant = new op.Grant({ clientId: options.clientId, accountId });
        grant.addOIDCScope(String(interaction.params.scope ?? 'openid'));
        const grantId = await grant.save();
        return reply.redirect(await op.interactionResult(request.raw, reply.raw, { consent: { grantId } }), 303);
      }
      return sendPage(reply, 200, loginPage(`${mountPath}/interaction/${interaction.uid}`, options, basePath));
    });

    pages.post<{ Params: { uid: string }; Body: { sub?: string } }>(`${DEV_IDP_PATH}/interaction/:uid/login`, { schema: { hide: true } }, async (request, reply) => {
      if (crossSite(request)) return sendPage(reply, 403, messagePage({ basePath, title: 'Afvist', paragraphs: ['Login skal ske fra testlogin-siden selv.'], testBanner: true }));
      const found = await details(request, reply);
      if (!found) return expiredPage(reply);
      const person = DEMO.people.find((p) => p.sub === request.body?.sub);
      if (!person) return sendPage(reply, 400, messagePage({ basePath, title: 'Ukendt person', paragraphs: ['Vælg en af personerne på listen.'], testBanner: true }));
      const to = await found.op.interactionResult(request.raw, reply.raw, { login: { accountId: person.sub, remember: false } }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    });

    pages.post<{ Params: { uid: string } }>(`${DEV_IDP_PATH}/interaction/:uid/abort`, { schema: { hide: true } }, async (request, reply) => {
      if (crossSite(request)) return sendPage(reply, 403, messagePage({ basePath, title: 'Afvist', paragraphs: ['Login skal afbrydes fra testlogin-siden selv.'], testBanner: true }));
      const found = await details(request, reply);
      if (!found) return expiredPage(reply);
      const to = await found.op.interactionResult(request.raw, reply.raw,
        { error: 'access_denied', error_description: 'Brugeren afbrød login.' }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    });
  });
}

function personButton(person: Person): Html {
  const detail = 'cpr' in person
    ? `CPR ${formatCpr(person.cpr)}`
    : `${organisationName(person.cvr)} (CVR ${person.cvr}) · ${ROLE_LABELS[person.role] ?? person.role}${'folders' in person ? ` – mapper: ${person.folders.join(', ')}` : ''}`;
  return html`<li><button type="submit" name="sub" value="${person.sub}" class="ka-person">
<span class="ka-person-name">${person.name}</span>
<span class="ka-person-detail">${detail}</span>
</button></li>`;
}

function loginPage(interactionPath: string, options: DevIdpOptions, basePath: string): string {
  const citizens = DEMO.people.filter((p) => 'cpr' in p);
  const employees = DEMO.people.filter((p) => 'cvr' in p);
  const list = (people: Person[], heading: string, id: string) => html`<section aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
<form method="post" action="${interactionPath}/login">
<ul class="ka-people unstyled-list">
${people.map(personButton)}
</ul>
</form>
</section>`;
  return page({
    title: 'Testlogin',
    testBanner: true,
    basePath,
    body: html`<h1>Vælg, hvem du vil logge ind som</h1>
<p>Dette er Kuverts indbyggede udviklings-login. Det bruges kun, når der ikke er sat en rigtig
login-udbyder op (<code>OIDC_ISSUER</code>). Du logger ind på Kuvert som den person, du vælger.</p>
${list(citizens, 'Borgere', 'ka-citizens')}
${list(employees, 'Medarbejdere', 'ka-employees')}
<div class="ka-actions">
<form method="post" action="${interactionPath}/abort"><button type="submit" class="ka-secondary">Afbryd login</button></form>
</div>
<p class="ka-muted">Klient: ${options.clientId}</p>`,
  });
}

/** The first-party client gets what it asks for: no consent screen. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
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
  grant.addOIDCScope(`openid profile ${KUVERT_SCOPE}`);
  await grant.save();
  return grant;
}

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

async function createProvider(options: DevIdpOptions, mountPath: string): Promise<Provider> {
  const basePath = mountPath.slice(0, -DEV_IDP_PATH.length);
  const { Provider, interactionPolicy } = await importProvider();
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  const publicUrl = options.publicUrl;

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
    claims: { openid: ['sub'], profile: ['name'], [KUVERT_SCOPE]: [options.claimCpr, options.claimCvr] },
    scopes: ['openid', 'profile', KUVERT_SCOPE],
    // name, CPR and CVR come from the userinfo endpoint, not in the ID token (which travels as id_token_hint at logout)
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
        }),
      };
    },
    loadExistingGrant,
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: logoutSource(basePath), postLogoutSuccessSource: postLogoutSuccessSource(publicUrl, basePath) },
    },
    renderError: renderError(publicUrl, basePath),
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, Interaction: 900, Session: 8 * 3600, Grant: 8 * 3600 },
  });
  provider.proxy = true;
  // nothing of a request (tokens, codes, claims) goes to the log: only what failed
  provider.on('server_error', (_ctx: unknown, err: Error) => options.log.error({ errName: err.name, errMessage: err.message }, 'dev-idp: server error'));
  provider.on('error', (err: Error) => options.log.warn({ errName: err.name, errMessage: err.message }, 'dev-idp: request failed'));
  return provider;
}

function logoutSource(basePath: string) {
  return (ctx: KoaContextWithOIDC, form: string): void => {
    ctx.type = 'html';
    ctx.body = page({
      title: 'Log ud af testlogin',
      testBanner: true,
      basePath,
      // `form` is oidc-provider's own (hidden fields with its CSRF token); the buttons submit it
      body: html`<h1>Log ud af testlogin?</h1>
<p>Du er logget ud af Kuvert. Vil du også logge ud af udviklings-login?</p>
${new Html(form)}
<div class="ka-actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" class="ka-button">Ja, log ud</button>
<button type="submit" form="op.logoutForm" class="ka-secondary">Nej, forbliv logget ind</button>
</div>`,
    });
  };
}

function postLogoutSuccessSource(publicUrl: string, basePath: string) {
  return (ctx: KoaContextWithOIDC): void => {
    ctx.type = 'html';
    ctx.body = messagePage({
      basePath,
      title: 'Du er logget ud',
      paragraphs: ['Du er logget ud af udviklings-login.'],
      link: { href: `${publicUrl}/`, text: 'Til Kuvert' },
      testBanner: true,
    });
  };
}

function renderError(publicUrl: string, basePath: string) {
  return (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }): void => {
    ctx.type = 'html';
    ctx.body = messagePage({
      basePath,
      title: 'Der opstod en fejl i testlogin',
      paragraphs: [`${out.error_description ?? 'Forespørgslen kunne ikke gennemføres.'}${out.error ? ` (${out.error})` : ''}`],
      link: { href: `${publicUrl}/auth/login`, text: 'Prøv at logge ind igen' },
      testBanner: true,
    });
  };
}
