import type { FastifyReply } from 'fastify';
import type { LoginOutcome } from '../../auth/index.ts';

/** The small server-rendered pages of `/auth` (Danish), and their look, which `/dev-idp` borrows. No scripts, no inline styles. */

export const STYLESHEET_PATH = '/auth/assets/auth.css';
/** DKFDS, if the web part serves it; the pages look fine without it. */
const DKFDS_STYLESHEET = '/dkfds/css/dkfds-borgerdk.min.css';

/** Headers of every page: no caching, no framing (the buttons log in and out), nothing but our own stylesheets. */
export const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** Answers with one of these pages, under PAGE_HEADERS. */
export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A tagged template that escapes every interpolated value unless it is `Html` already. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string { return this.value; }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export interface PageOptions {
  title: string;
  body: Html;
  /** a notice at the very top, above the page's own content (the test login's warning) */
  banner?: Html;
  /** a path prefix of PUBLIC_URL (behind a proxy), for the stylesheet links */
  basePath?: string;
}

export function page(options: PageOptions): string {
  return html`<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title} – Kuvert</title>
<link rel="stylesheet" href="${options.basePath ?? ''}${DKFDS_STYLESHEET}">
<link rel="stylesheet" href="${options.basePath ?? ''}${STYLESHEET_PATH}">
</head>
<body class="kuvert-auth">
${options.banner ?? ''}
<main class="ka-main" id="main">
${options.body}
</main>
</body>
</html>
`.value;
}

export interface Link {
  href: string;
  text: string;
}

export interface MessagePageOptions {
  title: string;
  paragraphs: string[];
  link?: Link;
  banner?: Html;
  basePath?: string;
}

/** A page with a heading, a few sentences and a link onwards (errors, cancelled login). */
export function messagePage(options: MessagePageOptions): string {
  return page({
    title: options.title,
    banner: options.banner,
    basePath: options.basePath ?? '',
    body: html`<h1>${options.title}</h1>
${options.paragraphs.map((p) => html`<p>${p}</p>`)}
${options.link ? html`<p><a class="ka-button" href="${options.link.href}">${options.link.text}</a></p>` : ''}`,
  });
}

/** The look of these pages, lent to the development provider (src/demo/dev-idp), so its pages are Kuvert's. */
export const pageKit = {
  headers: PAGE_HEADERS,
  html,
  /** HTML as it is, not escaped (for markup made elsewhere, such as oidc-provider's own forms) */
  trusted: (value: string) => new Html(value),
  page,
  messagePage,
};

// The pages of `/auth/login` and `/auth/callback`

/** A client address that has failed too often (429). */
export function tooManyAttemptsPage(basePath: string, waitSeconds: number): string {
  return messagePage({
    basePath,
    title: 'For mange mislykkede login-forsøg',
    paragraphs: [`Der har været for mange mislykkede login-forsøg fra din forbindelse. Vent ${waitSeconds < 120 ? `${waitSeconds} sekunder` : `${Math.ceil(waitSeconds / 60)} minutter`}, og prøv så igen.`],
  });
}

/** The provider cannot be reached (503). */
export function unavailablePage(basePath: string, retry: Link): string {
  return messagePage({
    basePath,
    title: 'Login er ikke tilgængeligt lige nu',
    paragraphs: ['Vi kan ikke få forbindelse til login-tjenesten. Prøv igen om lidt.'],
    link: retry,
  });
}

/** The provider sent an error back: the person cancelled (`access_denied`), or something else went wrong. */
export function providerErrorPage(basePath: string, cancelled: boolean, retry: Link): string {
  return messagePage({
    basePath,
    title: cancelled ? 'Login blev afbrudt' : 'Login lykkedes ikke',
    paragraphs: [cancelled
      ? 'Du blev ikke logget ind. Du kan prøve igen, når du er klar.'
      : 'Login-tjenesten kunne ikke gennemføre dit login. Prøv igen, og kontakt support, hvis det bliver ved.'],
    link: retry,
  });
}

/** A callback without a matching login attempt (expired, or started in another window). */
export function expiredPage(basePath: string, retry: Link): string {
  return messagePage({
    basePath,
    title: 'Login-forløbet er udløbet',
    paragraphs: ['Vi kunne ikke genkende dit login-forsøg. Det kan være udløbet, eller det blev startet i et andet vindue. Start forfra.'],
    link: retry,
  });
}

/** The provider's answer could not be verified. */
export function notVerifiedPage(basePath: string, retry: Link): string {
  return messagePage({
    basePath,
    title: 'Login lykkedes ikke',
    paragraphs: ['Svaret fra login-tjenesten kunne ikke bekræftes. Prøv igen.'],
    link: retry,
  });
}

const NO_ACCESS: Record<Extract<LoginOutcome, { kind: 'denied' }>['reason'], string[]> = {
  'unknown-organisation': [
    'Du har ikke adgang: din virksomhed eller myndighed bruger ikke Kuvert.',
    'Kontakt den, der driver Kuvert, hvis du mener, det er en fejl.',
  ],
  'unknown-citizen': [
    'Du har ikke adgang: vi har ingen digital postkasse til dig i Kuvert.',
    'Kontakt din kommune eller support, hvis du mener, det er en fejl.',
  ],
  unknown: [
    'Du har ikke adgang: login-tjenesten oplyste hverken CPR-nummer eller en organisation, vi kender.',
  ],
};

/** A person logged in at the provider whom Kuvert gives no access. */
export function noAccessPage(basePath: string, reason: keyof typeof NO_ACCESS, home: Link): string {
  return messagePage({
    basePath,
    title: 'Du har ikke adgang til Kuvert',
    paragraphs: NO_ACCESS[reason],
    link: home,
  });
}

export const STYLESHEET = `
.kuvert-auth { margin: 0; font-family: "IBM Plex Sans", system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #f5f5f5; }
.kuvert-auth .ka-main { box-sizing: border-box; max-width: 672px; margin: 32px auto; padding: 24px 32px 32px;
  background: #fff; border: 1px solid #d8d8d8; border-radius: 4px; }
.kuvert-auth h1 { font-size: 28px; line-height: 1.2; margin: 0 0 16px; }
.kuvert-auth h2 { font-size: 20px; margin: 28px 0 12px; }
.kuvert-auth p { margin: 0 0 16px; max-width: 608px; }
.kuvert-auth a { color: #0059b3; }
.kuvert-auth .ka-test-banner { display: block; margin: 0; padding: 14px 20px; background: #ffd34d;
  border-bottom: 4px solid #b36b00; color: #1a1a1a; text-align: center; }
.kuvert-auth .ka-test-banner strong { display: block; font-size: 20px; letter-spacing: 0.01em; }
.kuvert-auth .ka-test-banner span { display: block; font-size: 15px; }
.kuvert-auth .ka-people { list-style: none; margin: 0; padding: 0; max-width: none; }
.kuvert-auth .ka-people > li { margin: 0 0 8px; padding: 0; line-height: inherit; }
.kuvert-auth .ka-people > li::before { content: none; }
.kuvert-auth .ka-person { box-sizing: border-box; display: block; width: 100%; margin: 0; padding: 12px 16px;
  text-align: left; font: inherit; color: inherit; background: #fff; border: 2px solid #0059b3; border-radius: 4px; cursor: pointer; }
.kuvert-auth .ka-person:hover { background: #e8f1fb; }
.kuvert-auth .ka-person:focus-visible, .kuvert-auth .ka-button:focus-visible, .kuvert-auth .ka-secondary:focus-visible {
  outline: 3px solid #1a1a1a; outline-offset: 2px; }
.kuvert-auth .ka-person-name { display: block; font-weight: 600; font-size: 18px; }
.kuvert-auth .ka-person-detail { display: block; color: #404040; }
.kuvert-auth .ka-button { display: inline-block; padding: 10px 20px; font: inherit; font-weight: 600; color: #fff;
  background: #0059b3; border: 2px solid #0059b3; border-radius: 4px; text-decoration: none; cursor: pointer; }
.kuvert-auth .ka-secondary { display: inline-block; padding: 10px 20px; font: inherit; color: #0059b3;
  background: #fff; border: 2px solid #0059b3; border-radius: 4px; cursor: pointer; }
.kuvert-auth .ka-actions { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 24px; }
.kuvert-auth .ka-actions form { margin: 0; }
.kuvert-auth .ka-muted { color: #404040; font-size: 15px; margin-top: 16px; }
.kuvert-auth .ka-mail { border-top: 1px solid #d8d8d8; padding-top: 8px; }
.kuvert-auth .ka-mail dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 12px; }
.kuvert-auth .ka-mail dt { font-weight: 600; }
.kuvert-auth .ka-mail dd { margin: 0; overflow-wrap: anywhere; }
.kuvert-auth .ka-mail pre { margin: 0 0 16px; padding: 12px; font: 15px/1.5 ui-monospace, Consolas, monospace; white-space: pre-wrap;
  overflow-wrap: anywhere; background: #f5f5f5; border: 1px solid #d8d8d8; border-radius: 4px; }
`;
