import assert from 'node:assert/strict';
import type { Config } from '../../src/config.ts';
import { startTestKuvert, type TestDatabase } from './databases.ts';
import { freePort } from './process.ts';

export type ListeningKuvert = Awaited<ReturnType<typeof startTestKuvert>> & { baseUrl: string };

/**
 * A test Kuvert that listens on a free port of 127.0.0.1 with PUBLIC_URL set to it (the login flow
 * needs real HTTP: browsers, redirects, cookies).
 */
export async function startListeningKuvert(database: TestDatabase, overrides: Partial<Config> = {}): Promise<ListeningKuvert> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const kuvert = await startTestKuvert(database, { port, publicUrl: baseUrl, ...overrides });
    try {
      await kuvert.app.listen({ port, host: '127.0.0.1' });
      return Object.assign(kuvert, { baseUrl });
    } catch (err) {
      await kuvert.drop();
      // the port was taken between freePort() and listen()
      if (attempt >= 3 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

/** A tiny cookie jar for `fetch` with `redirect: 'manual'` (name → value; paths and expiry ignored). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export interface BrowserStep {
  url: string;
  response: Response;
  body: string;
}

/** One request as a browser would make it: cookies from the jar, no automatic redirects. */
export async function browse(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<BrowserStep> {
  const headers: Record<string, string> = { ...init.headers };
  const cookie = jar.header();
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
  jar.take(response);
  return { url, response, body: await response.text() };
}

/** Follows redirects (303/302/301/307) until a non-redirect answer, like a browser; returns every step. */
export async function follow(jar: CookieJar, first: BrowserStep, max = 10): Promise<BrowserStep[]> {
  const steps = [first];
  let step = first;
  while ([301, 302, 303, 307, 308].includes(step.response.status)) {
    assert.ok(steps.length <= max, `too many redirects: ${steps.map((s) => s.url).join(' → ')}`);
    const location = step.response.headers.get('location');
    assert.ok(location, `redirect without Location from ${step.url}`);
    step = await browse(jar, new URL(location, step.url).href);
    steps.push(step);
  }
  return steps;
}

/** The login page's form actions and identity buttons. */
export function loginForm(pageHtml: string, pageUrl: string): { loginAction: string; abortAction: string; subs: string[] } {
  const actions = [...pageHtml.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&'), pageUrl).href);
  const loginAction = actions.find((a) => a.endsWith('/login'));
  const abortAction = actions.find((a) => a.endsWith('/abort'));
  assert.ok(loginAction && abortAction, 'the login page has login and abort forms');
  const subs = [...pageHtml.matchAll(/<button type="submit" name="sub" value="([^"]+)"/g)].map((m) => m[1]!);
  return { loginAction, abortAction, subs };
}

export interface LoggedIn {
  /** `kuvert_session=…`, for a Cookie header */
  cookie: string;
  csrfToken: string;
  jar: CookieJar;
  /** where the login ended (the returnTo path, resolved) */
  landedOn: string;
}

/**
 * Logs in through the real flow with the bundled development provider, as a browser would:
 * /auth/login → /dev-idp authorization → interaction page → choose `sub` → (consent or the
 * provider's self-submitting pages, if any) → /auth/callback → returnTo. Then reads the CSRF token
 * from GET /api/session. Pass the same `jar` to log in again in the same "browser".
 */
export async function loginThroughDevIdp(baseUrl: string, sub: string, options: { returnTo?: string; jar?: CookieJar } = {}): Promise<LoggedIn> {
  const jar = options.jar ?? new CookieJar();
  const start = `${baseUrl}/auth/login${options.returnTo !== undefined ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ''}`;
  const before = jar.get('kuvert_session');
  let steps = await follow(jar, await browse(jar, start));
  let last = steps.at(-1)!;
  for (let round = 0; round < 4 && /\/dev-idp\//.test(last.url) && last.response.status === 200; round++) {
    if (last.body.includes('name="sub"')) {
      const form = loginForm(last.body, last.url);
      assert.ok(form.subs.includes(sub), `${sub} is on the login page`);
      steps = await follow(jar, await browse(jar, form.loginAction, { form: { sub }, headers: { origin: new URL(baseUrl).origin } }));
    } else {
      // a page that a browser submits by itself (oidc-provider ends its previous session when the
      // person changes) or a consent page: submit its form with its hidden fields
      const action = /<form[^>]*action="([^"]+)"/.exec(last.body)?.[1];
      assert.ok(action, `a provider page with a form: ${last.body.slice(0, 300)}`);
      const fields = Object.fromEntries([...last.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      steps = await follow(jar, await browse(jar, new URL(action.replace(/&amp;/g, '&'), last.url).href, { form: fields }));
    }
    last = steps.at(-1)!;
  }
  const session = jar.get('kuvert_session');
  assert.ok(session && session !== before, `logged in (ended at ${last.url} with ${last.response.status}: ${last.body.slice(0, 300)})`);
  const me = await fetch(`${baseUrl}/api/session`, { headers: { cookie: `kuvert_session=${session}` } });
  assert.equal(me.status, 200);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { cookie: `kuvert_session=${session}`, csrfToken, jar, landedOn: last.url };
}
