import type { FastifyInstance } from 'fastify';
import { OutboxList } from '../contract/index.ts';
import { outboxMails } from '../notify/index.ts';
import type { Db, OutgoingMail } from '../store/index.ts';
import { html, page, sendPage, type Html } from './auth/pages.ts';

const TIME = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'long', timeStyle: 'medium' });

const LINK = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** The text as it is, with its web addresses as links (everything escaped). */
function withLinks(text: string): Html[] {
  const parts: Html[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    parts.push(html`${text.slice(at, match.index)}`, html`<a href="${match[0]}">${match[0]}</a>`);
    at = match.index + match[0].length;
  }
  parts.push(html`${text.slice(at)}`);
  return parts;
}

function mailArticle(mail: OutgoingMail): Html {
  return html`<article class="ka-mail">
<h2>${mail.subject}</h2>
<dl>
<dt>Tidspunkt</dt><dd><time datetime="${mail.createdAt.toISOString()}">${TIME.format(mail.createdAt)}</time></dd>
<dt>Til</dt><dd>${mail.recipient}</dd>
<dt>Status</dt><dd>${mail.status === 'sent' ? `Sendt via SMTP_URL ${mail.sentAt ? TIME.format(mail.sentAt) : ''}` : 'Kun i udviklingspostkassen (ikke sendt)'}</dd>
</dl>
<pre>${withLinks(mail.text)}</pre>
</article>`;
}

export function outboxPage(mails: OutgoingMail[], basePath: string): string {
  return page({
    title: 'Udviklingspostkasse',
    basePath,
    body: html`<h1>Udviklingspostkasse</h1>
<p>Her er de e-mails, Kuvert sender til personer (adgangsanmodninger, bekræftelser, invitationer), nyeste først. Siden findes kun, når demodata eller <code>OUTBOX</code> er slået til; uden <code>SMTP_URL</code> bliver e-mails kun her.</p>
${mails.length === 0 ? html`<p>Der er ingen e-mails endnu.</p>` : mails.map(mailArticle)}`,
  });
}

/**
 * `/dev/outbox` and `/dev/outbox.json`: the development outbox (docs/admin.md, "Mail Kuvert sends"),
 * so that access requests and invitations can be followed on a laptop without a mail server. Mounted
 * only when the outbox is on (OUTBOX, by default with DEMO_DATA); elsewhere these paths answer 404.
 */
export function devOutboxRoutes(app: FastifyInstance, db: Db, basePath: string): void {
  app.get('/dev/outbox', { schema: { hide: true } }, async (_request, reply) => sendPage(reply, 200, outboxPage(await outboxMails(db), basePath)));

  app.get('/dev/outbox.json', {
    schema: { tags: ['development'], summary: 'The development outbox: mail Kuvert sends to people, newest first (only with DEMO_DATA or OUTBOX)', security: [], response: { 200: OutboxList } },
  }, async (_request, reply): Promise<OutboxList> => {
    reply.header('cache-control', 'no-store');
    return {
      mails: (await outboxMails(db)).map((m) => ({
        id: m.id, kind: m.kind, to: m.recipient, subject: m.subject, text: m.text, status: m.status === 'sent' ? 'sent' : 'outbox',
        createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null,
      })),
    };
  });
}
