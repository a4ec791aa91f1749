import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CONFIRM_PATH, confirmNotificationLink, notificationConfirmationInfo, unsubscribeByLink, unsubscribeInfo, type AdminContext, type NotificationLinkInfo,
} from '../admin/index.ts';
import { Refusal } from '../domain/index.ts';
import { UNSUBSCRIBE_PATH } from '../notify/index.ts';
import { html, page, sendPage, type Html } from './auth/pages.ts';
import { REFUSAL_STATUS } from './errors.ts';

/**
 * The pages the links in notification mail open, without logging in (docs/notifications.md): the
 * single-use link that confirms an address (`/notifications/confirm`) and the unsubscribe link of every
 * notice (`/notifications/unsubscribe`). Opening a link shows what it would do and a button; only the
 * button (POST) does it, so that mail scanners that follow links change nothing. The unsubscribe
 * address also takes the one-click POST of mail programs (List-Unsubscribe-Post, RFC 8058). Danish,
 * then English. The token is in the query or the form, never in the logs (they show the path only).
 */

type Query = { token?: string };
type Form = { token?: string };

const tokenOf = (request: FastifyRequest<{ Querystring: Query; Body: Form | undefined }>): string => {
  const fromBody = typeof request.body === 'object' && request.body !== null && typeof request.body.token === 'string' ? request.body.token : undefined;
  return (fromBody ?? (typeof request.query.token === 'string' ? request.query.token : '')).trim();
};

/** Where the mail is told of, as the page says it: the organisation, or "a digital mailbox" (a citizen is never named). */
const whereDa = (info: NotificationLinkInfo) => (info.organisationName ? `til ${info.organisationName}` : 'i en digital postkasse');
const whereEn = (info: NotificationLinkInfo) => (info.organisationName ? `for ${info.organisationName}` : 'in a digital mailbox');

const REFUSAL_TEXT: Record<string, { da: string; en: string; titleDa: string; titleEn: string }> = {
  NOTIFICATION_LINK_UNKNOWN: {
    titleDa: 'Linket kendes ikke', titleEn: 'The link is not known',
    da: 'Linket virker ikke. Måske er der sendt et nyere link, eller adressen er fjernet igen. Brug det nyeste link, du har fået.',
    en: 'The link does not work. A newer link may have been sent, or the address has been removed. Use the newest link you were mailed.',
  },
  NOTIFICATION_LINK_USED: {
    titleDa: 'Linket er allerede brugt', titleEn: 'The link has been used',
    da: 'Adressen er bekræftet med dette link før. Linket virker kun én gang.',
    en: 'The address was confirmed with this link before. The link works only once.',
  },
  NOTIFICATION_LINK_EXPIRED: {
    titleDa: 'Linket er udløbet', titleEn: 'The link has expired',
    da: 'Linket virker ikke længere. Bed om et nyt der, hvor adressen blev tilføjet (Notifikationer i Kuvert).',
    en: 'The link no longer works. Ask for a new one where the address was added (Notifications in Kuvert).',
  },
};

function bilingual(title: string, da: Html, en: Html, basePath: string): string {
  return page({
    title,
    basePath,
    body: html`${da}
<div lang="en" class="ka-muted">${en}</div>`,
  });
}

function refusalPage(reply: FastifyReply, refusal: Refusal, basePath: string): FastifyReply {
  const text = REFUSAL_TEXT[refusal.code] ?? { titleDa: 'Linket virker ikke', titleEn: 'The link does not work', da: refusal.message, en: refusal.message };
  return sendPage(reply, REFUSAL_STATUS[refusal.kind], bilingual(text.titleDa,
    html`<h1>${text.titleDa}</h1><p>${text.da}</p><p class="ka-muted">Kode: <code>${refusal.code}</code></p>`,
    html`<h2>${text.titleEn}</h2><p>${text.en}</p>`, basePath));
}

/** Runs `work`; a refusal becomes its page. */
async function answering(reply: FastifyReply, basePath: string, work: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Refusal) return refusalPage(reply, err, basePath);
    throw err;
  }
}

const button = (action: string, token: string, label: string) => html`<form method="post" action="${action}" class="ka-actions">
<input type="hidden" name="token" value="${token}">
<button type="submit" class="ka-button">${label}</button>
</form>`;

export async function notificationLinkRoutes(app: FastifyInstance, ctx: AdminContext, publicUrl: string): Promise<void> {
  const basePath = new URL(publicUrl).pathname.replace(/\/$/, '');
  await app.register(async (links) => {
    if (!links.hasContentTypeParser('application/x-www-form-urlencoded')) await links.register(formbody, { bodyLimit: 4096 });

    links.get<{ Querystring: Query }>(CONFIRM_PATH, { schema: { hide: true } }, async (request, reply) => answering(reply, basePath, async () => {
      const token = tokenOf(request as FastifyRequest<{ Querystring: Query; Body: undefined }>);
      const info = await notificationConfirmationInfo(ctx, token);
      return sendPage(reply, 200, bilingual('Bekræft e-mailadresse',
        html`<h1>Bekræft e-mailadresse</h1>
<p>Skal <strong>${info.email}</strong> have besked, når der kommer ny Digital Post ${whereDa(info)} i Kuvert?</p>
<p>Beskederne siger kun, at der er ny post, og hvor: aldrig hvem den er fra, eller hvad den handler om. Hver besked har et link til at afmelde.</p>
${button(`${basePath}${CONFIRM_PATH}`, token, 'Bekræft adressen')}`,
        html`<h2>Confirm e-mail address</h2>
<p>Should <strong>${info.email}</strong> be told when new Digital Post arrives ${whereEn(info)} in Kuvert? The notices only say that there is new mail, and where. Press the button above (“Bekræft adressen”) to confirm.</p>`,
        basePath));
    }));

    links.post<{ Querystring: Query; Body: Form }>(CONFIRM_PATH, { schema: { hide: true } }, async (request, reply) => answering(reply, basePath, async () => {
      const info = await confirmNotificationLink(ctx, tokenOf(request));
      return sendPage(reply, 200, bilingual('Adressen er bekræftet',
        html`<h1>Adressen er bekræftet</h1>
<p><strong>${info.email}</strong> får nu besked, når der kommer ny Digital Post ${whereDa(info)}. Flere breve inden for kort tid samles i én besked.</p>`,
        html`<h2>The address is confirmed</h2>
<p><strong>${info.email}</strong> will now be told when new Digital Post arrives ${whereEn(info)}. Several letters within a short time are told of in one notice.</p>`,
        basePath));
    }));

    links.get<{ Querystring: Query }>(UNSUBSCRIBE_PATH, { schema: { hide: true } }, async (request, reply) => answering(reply, basePath, async () => {
      const token = tokenOf(request as FastifyRequest<{ Querystring: Query; Body: undefined }>);
      const info = await unsubscribeInfo(ctx, token);
      if (info.unsubscribed) {
        return sendPage(reply, 200, bilingual('Du er afmeldt',
          html`<h1>Du er afmeldt</h1><p><strong>${info.email}</strong> får ikke flere beskeder om ny post ${whereDa(info)}.</p>`,
          html`<h2>You have unsubscribed</h2><p><strong>${info.email}</strong> gets no more notices of new mail ${whereEn(info)}.</p>`, basePath));
      }
      return sendPage(reply, 200, bilingual('Afmeld beskeder om ny post',
        html`<h1>Afmeld beskeder om ny post</h1>
<p>Vil du afmelde <strong>${info.email}</strong>, så adressen ikke længere får besked om ny Digital Post ${whereDa(info)}?</p>
${button(`${basePath}${UNSUBSCRIBE_PATH}`, token, 'Afmeld')}
<p class="ka-muted">Selve posten bliver liggende i postkassen i Kuvert.</p>`,
        html`<h2>Unsubscribe from notices of new mail</h2>
<p>Unsubscribe <strong>${info.email}</strong>, so that it is no longer told of new Digital Post ${whereEn(info)}? Press the button above (“Afmeld”). The mail itself stays in the mailbox in Kuvert.</p>`,
        basePath));
    }));

    links.post<{ Querystring: Query; Body: Form }>(UNSUBSCRIBE_PATH, { schema: { hide: true } }, async (request, reply) => answering(reply, basePath, async () => {
      const info = await unsubscribeByLink(ctx, tokenOf(request));
      return sendPage(reply, 200, bilingual('Du er afmeldt',
        html`<h1>Du er afmeldt</h1>
<p><strong>${info.email}</strong> får ikke flere beskeder om ny Digital Post ${whereDa(info)}. Posten bliver liggende i postkassen i Kuvert.</p>`,
        html`<h2>You have unsubscribed</h2>
<p><strong>${info.email}</strong> gets no more notices of new Digital Post ${whereEn(info)}. The mail stays in the mailbox in Kuvert.</p>`,
        basePath));
    }));
  });
}
