import type { IncomingMessage, ServerResponse } from 'node:http';
import formbody from '@fastify/formbody';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionDetails, Provider } from 'oidc-provider';
import { DEMO } from '../identities.ts';
import { DEV_IDP_PATH } from './constants.ts';
import { devIdpPages, type PageKit } from './pages.ts';
import { createProvider } from './provider.ts';

export interface DevIdpOptions {
  publicUrl: string;
  clientId: string;
  clientSecret: string;
  claimCpr: string;
  claimCvr: string;
  /** the claim that marks an organisation's lead administrator (OIDC_CLAIM_LEAD_ADMIN) */
  claimLeadAdmin: string;
  /** the scope that carries the CPR and CVR claims (Kuvert's `kuvert`) */
  claimsScope: string;
  log: FastifyBaseLogger;
  /** the look of the pages: Kuvert's login pages' (lent by the app that mounts the provider) */
  pages: PageKit;
}

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
  const pages = devIdpPages(options.pages, options.publicUrl, basePath);

  let providerPromise: Promise<Provider> | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const provider = (): Promise<Provider> => {
    providerPromise ??= createProvider({ ...options, mountPath, pages }).catch((err: unknown) => {
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
    reply.status(status).headers(pages.headers).type('text/html; charset=utf-8').send(body);

  const expiredPage = (reply: FastifyReply) => sendPage(reply, 400, pages.expired());

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
  await app.register(async (interactions) => {
    if (!interactions.hasContentTypeParser('application/x-www-form-urlencoded')) await interactions.register(formbody);

    interactions.get<{ Params: { uid: string } }>(`${DEV_IDP_PATH}/interaction/:uid`, { schema: { hide: true } }, async (request, reply) => {
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
      return sendPage(reply, 200, pages.login(`${mountPath}/interaction/${interaction.uid}`, options.clientId));
    });

    interactions.post<{ Params: { uid: string }; Body: { sub?: string } }>(`${DEV_IDP_PATH}/interaction/:uid/login`, { schema: { hide: true } }, async (request, reply) => {
      if (crossSite(request)) return sendPage(reply, 403, pages.refused('Login skal ske fra testlogin-siden selv.'));
      const found = await details(request, reply);
      if (!found) return expiredPage(reply);
      const person = DEMO.people.find((p) => p.sub === request.body?.sub);
      if (!person) return sendPage(reply, 400, pages.unknownPerson());
      const to = await found.op.interactionResult(request.raw, reply.raw, { login: { accountId: person.sub, remember: false } }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    });

    interactions.post<{ Params: { uid: string } }>(`${DEV_IDP_PATH}/interaction/:uid/abort`, { schema: { hide: true } }, async (request, reply) => {
      if (crossSite(request)) return sendPage(reply, 403, pages.refused('Login skal afbrydes fra testlogin-siden selv.'));
      const found = await details(request, reply);
      if (!found) return expiredPage(reply);
      const to = await found.op.interactionResult(request.raw, reply.raw,
        { error: 'access_denied', error_description: 'Brugeren afbrød login.' }, { mergeWithLastSubmission: false });
      return reply.redirect(to, 303);
    });
  });
}
