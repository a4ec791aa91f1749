import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { isLocalHttp, sessionCookieOptions } from '../../src/api/auth/cookies.ts';
import { loginStateSealer, resolveLogin, safeReturnTo } from '../../src/auth/index.ts';
import { DEMO, DEV_IDP_SUBJECT_PREFIX, TEST_BANNER_TEXT } from '../../src/demo/index.ts';
import type { Db } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { browse, CookieJar, follow, loginForm, loginThroughDevIdp, startListeningKuvert, type ListeningKuvert } from '../helpers/login.ts';
import { freePort } from '../helpers/process.ts';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

async function sessionCount(db: Db): Promise<number> {
  const row = await db.selectFrom('session').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function apiSession(base: string, cookie: string) {
  const response = await fetch(`${base}/api/session`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Goes through the dev IdP as `sub` but stops at the redirect to /auth/callback (not followed). */
async function upToCallback(base: string, sub: string, jar = new CookieJar()) {
  const steps = await follow(jar, await browse(jar, `${base}/auth/login`));
  const page = steps.at(-1)!;
  const form = loginForm(page.body, page.url);
  let step = await browse(jar, form.loginAction, { form: { sub } });
  for (let i = 0; i < 5; i++) {
    const location = new URL(step.response.headers.get('location')!, step.url);
    if (location.pathname === '/auth/callback') return { jar, callback: location };
    step = await browse(jar, location.href);
  }
  throw new Error('never reached /auth/callback');
}

describe('login helpers (pure)', () => {
  it('accepts only same-origin paths as returnTo', () => {
    const base = 'http://127.0.0.1:8080';
    assert.equal(safeReturnTo('/postkasse?mappe=1#top', base), '/postkasse?mappe=1');
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/\tevil', 'evil', '', '/auth/login', '/auth/logout', '/dev-idp/auth',
      'javascript:alert(1)', undefined, ['/a'], `/${'x'.repeat(3000)}`]) {
      assert.equal(safeReturnTo(bad, base), '/', String(bad));
    }
    // encoded characters stay encoded (harmless in Location)
    assert.equal(safeReturnTo('/%0d%0aSet-Cookie:x', base), '/%0d%0aSet-Cookie:x');
    assert.equal(safeReturnTo('https://evil.example/', base), '/');
    assert.equal(safeReturnTo('//evil.example/x', base), '/');
    assert.equal(safeReturnTo('/\\evil.example', base), '/');
  });

  it('makes cookies Secure except for plain http on localhost', () => {
    assert.equal(isLocalHttp('http://127.0.0.1:8080'), true);
    assert.equal(isLocalHttp('http://localhost:8080'), true);
    assert.equal(sessionCookieOptions('http://localhost:8080').secure, false);
    assert.equal(sessionCookieOptions('https://kuvert.example').secure, true);
    assert.equal(sessionCookieOptions('http://kuvert.lan:8080').secure, true);
    assert.deepEqual({ ...sessionCookieOptions('https://kuvert.example'), secure: undefined }, { httpOnly: true, sameSite: 'lax', path: '/', secure: undefined });
  });

  it('seals the login state so that it cannot be read, altered or kept beyond ten minutes', () => {
    const sealer = loginStateSealer('secret');
    const state = { verifier: 'v', state: 's', nonce: 'n', returnTo: '/x' };
    const sealed = sealer.seal(state);
    assert.ok(!sealed.includes('/x') && !Buffer.from(sealed, 'base64url').toString('latin1').includes('"returnTo"'));
    assert.deepEqual(sealer.open(sealed), state);
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    assert.equal(sealer.open(bytes.toString('base64url')), undefined);
    assert.equal(sealer.open(sealed, Date.now() + 11 * 60_000), undefined);
    assert.equal(loginStateSealer('another secret').open(sealed), undefined);
    assert.equal(sealer.open('garbage'), undefined);
  });
});

for (const database of testDatabases()) {
  describe(`login through the development provider (${database.name})`, () => {
    let kuvert: ListeningKuvert;
    let base: string;
    before(async () => {
      kuvert = await startListeningKuvert(database);
      base = kuvert.baseUrl;
    });
    after(async () => { await kuvert.drop(); });

    it('serves discovery with URLs under PUBLIC_URL/dev-idp, PKCE S256 only', async () => {
      const response = await fetch(`${base}/dev-idp/.well-known/openid-configuration`);
      assert.equal(response.status, 200);
      const metadata = (await response.json()) as Record<string, any>;
      assert.equal(metadata.issuer, `${base}/dev-idp`);
      assert.equal(metadata.authorization_endpoint, `${base}/dev-idp/auth`);
      assert.equal(metadata.token_endpoint, `${base}/dev-idp/token`);
      assert.equal(metadata.end_session_endpoint, `${base}/dev-idp/session/end`);
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.ok(metadata.scopes_supported.includes('kuvert'));
    });

    it('lists the demo identities under the test banner', async () => {
      const jar = new CookieJar();
      const steps = await follow(jar, await browse(jar, `${base}/auth/login`));
      const page = steps.at(-1)!;
      assert.match(page.url, /\/dev-idp\/interaction\/[\w-]+$/);
      assert.equal(page.response.status, 200);
      assert.match(page.response.headers.get('content-type') ?? '', /text\/html/);
      assert.match(page.body, /<html lang="da">/);
      assert.ok(page.body.includes(TEST_BANNER_TEXT));
      assert.ok(page.body.includes('Testlogin — kun til udvikling, ikke MitID'));
      const form = loginForm(page.body, page.url);
      assert.deepEqual(form.subs, DEMO.people.map((p) => p.sub));
      for (const person of DEMO.people) assert.ok(page.body.includes(person.name), person.name);
      assert.ok(page.body.includes('CPR 221177-1212'));
      assert.ok(page.body.includes('Demo ApS (CVR 29876543) · Superadministrator'));
      assert.ok(page.body.includes('Kommunen (CVR 12345678) · Superadministrator'));
      assert.ok(page.body.includes('Læser – mapper: Løn'));
      assert.equal(page.response.headers.get('x-frame-options'), 'DENY');
      // the stylesheet it links is served
      const css = await fetch(`${base}/auth/assets/auth.css`);
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    });

    it('keeps the login attempt in a short-lived HttpOnly SameSite=Lax cookie and uses PKCE, state and nonce', async () => {
      const response = await fetch(`${base}/auth/login?returnTo=/postkasse`, { redirect: 'manual' });
      assert.equal(response.status, 303);
      const location = new URL(response.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, `${base}/dev-idp/auth`);
      assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(location.searchParams.get('code_challenge'));
      assert.ok(location.searchParams.get('state'));
      assert.ok(location.searchParams.get('nonce'));
      assert.equal(location.searchParams.get('redirect_uri'), `${base}/auth/callback`);
      assert.deepEqual(location.searchParams.get('scope')?.split(' '), ['openid', 'profile', 'kuvert']);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kuvert_login='));
      assert.ok(cookie);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.match(cookie, /Max-Age=600/i);
      assert.match(cookie, /Path=\/auth/i);
      assert.doesNotMatch(cookie, /postkasse/);
    });

    it('logs a citizen in: the session shows their own mailbox', async () => {
      const before = await sessionCount(kuvert.store.db);
      const login = await loginThroughDevIdp(base, 'demo-citizen-jens', { returnTo: '/postkasse?mappe=indbakke' });
      assert.equal(login.landedOn, `${base}/postkasse?mappe=indbakke`);
      const { status, body } = await apiSession(base, login.cookie);
      assert.equal(status, 200);
      assert.equal(body.user.kind, 'citizen');
      assert.equal(body.user.name, 'Jens Hansen');
      assert.equal(body.csrfToken, login.csrfToken);
      assert.deepEqual(body.mailboxes.map((m: { ownerName: string; ownerKind: string }) => [m.ownerName, m.ownerKind]), [['Jens Hansen', 'citizen']]);
      assert.equal(await sessionCount(kuvert.store.db), before + 1);
      const row = await kuvert.store.db.selectFrom('session').select(['id_token', 'expires_at'])
        .where('token_sha256', '=', sha256(tokenOf(login.cookie))).executeTakeFirstOrThrow();
      assert.ok(row.id_token, 'the ID token is kept for logout');
      // it travels in the logout address: the CPR number is not in it (Kuvert read it from userinfo)
      const claims = JSON.parse(Buffer.from(row.id_token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      assert.equal(claims.sub, 'demo-citizen-jens');
      assert.equal(claims.cpr, undefined);
      assert.ok(!row.id_token.includes('2211771212'));
      const hours = (new Date(row.expires_at).getTime() - Date.now()) / 3600_000;
      assert.ok(hours > 7.9 && hours <= 8, `session lasts SESSION_HOURS (${hours})`);
    });

    it('sets kuvert_session HttpOnly, SameSite=Lax, Path=/ and not Secure on http://127.0.0.1', async () => {
      const { jar, callback } = await upToCallback(base, 'demo-citizen-anne');
      const step = await browse(jar, callback.href);
      assert.equal(step.response.status, 303);
      const cookie = step.response.headers.getSetCookie().find((c) => c.startsWith('kuvert_session='));
      assert.ok(cookie);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.match(cookie, /Path=\/(;|$)/i);
      assert.doesNotMatch(cookie, /Secure/i);
      // the login attempt cookie is used up
      assert.ok(step.response.headers.getSetCookie().some((c) => /^kuvert_login=;/.test(c)));
      assert.equal(step.response.headers.get('location'), '/');
    });

    it('logs an employee in with their organisation and role', async () => {
      const login = await loginThroughDevIdp(base, 'demo-employee-mette');
      const { body } = await apiSession(base, login.cookie);
      assert.equal(body.user.kind, 'employee');
      assert.equal(body.user.name, 'Mette Nielsen');
      assert.deepEqual(body.mailboxes.map((m: { ownerName: string; role: string; cvr: string }) => [m.ownerName, m.role, m.cvr]), [['Demo ApS', 'super-admin', '29876543']]);
      const ole = await loginThroughDevIdp(base, 'demo-employee-ole');
      const limited = (await apiSession(base, ole.cookie)).body;
      assert.deepEqual(limited.mailboxes.map((m: { role: string }) => m.role), ['reader']);
    });

    it('asks for an identity on every login, so one browser can switch people', async () => {
      const jar = new CookieJar();
      const first = await loginThroughDevIdp(base, 'demo-citizen-jens', { jar });
      const second = await loginThroughDevIdp(base, 'demo-employee-karen', { jar });
      assert.notEqual(first.cookie, second.cookie);
      assert.equal((await apiSession(base, second.cookie)).body.user.name, 'Karen Sørensen');
      // the browser's previous session was ended by the new login
      assert.equal((await apiSession(base, first.cookie)).status, 401);
    });

    it('ignores a returnTo on another origin and lands on /', async () => {
      for (const returnTo of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
        const login = await loginThroughDevIdp(base, 'demo-citizen-jens', { returnTo });
        assert.equal(login.landedOn, `${base}/`, returnTo);
      }
    });

    it('refuses a forged or edited state and opens no session', async () => {
      const before = await sessionCount(kuvert.store.db);
      const { jar, callback } = await upToCallback(base, 'demo-citizen-jens');
      const forged = new URL(callback);
      forged.searchParams.set('state', `${callback.searchParams.get('state')}x`);
      const refused = await browse(jar, forged.href);
      assert.equal(refused.response.status, 400);
      assert.match(refused.body, /Login-forløbet er udløbet/);
      assert.ok(!refused.response.headers.getSetCookie().some((c) => c.startsWith('kuvert_session=') && !c.startsWith('kuvert_session=;')));
      // the attempt is used up: the genuine callback no longer works either
      const genuine = await browse(jar, callback.href);
      assert.equal(genuine.response.status, 400);
      assert.equal(jar.get('kuvert_session'), undefined);
      assert.equal(await sessionCount(kuvert.store.db), before);
    });

    it('refuses an edited login cookie and a callback without one', async () => {
      const before = await sessionCount(kuvert.store.db);
      const { jar, callback } = await upToCallback(base, 'demo-citizen-jens');
      const sealed = jar.get('kuvert_login')!;
      jar.cookies.set('kuvert_login', `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'BB' : 'AA'}`);
      assert.equal((await browse(jar, callback.href)).response.status, 400);
      const bare = await fetch(callback.href, { redirect: 'manual' });
      assert.equal(bare.status, 400);
      assert.match(await bare.text(), /Prøv at logge ind igen/);
      assert.equal(await sessionCount(kuvert.store.db), before);
    });

    it('shows a friendly page when the person cancels at the provider', async () => {
      const jar = new CookieJar();
      const steps = await follow(jar, await browse(jar, `${base}/auth/login?returnTo=/postkasse`));
      const page = steps.at(-1)!;
      const form = loginForm(page.body, page.url);
      const after = await follow(jar, await browse(jar, form.abortAction, { form: {} }));
      const last = after.at(-1)!;
      assert.match(last.url, /\/auth\/callback\?.*error=access_denied/);
      assert.equal(last.response.status, 200);
      assert.match(last.body, /Login blev afbrudt/);
      assert.ok(last.body.includes(`href="${base}/auth/login?returnTo=%2Fpostkasse"`), 'a link to try again');
      assert.equal(jar.get('kuvert_session'), undefined);
    });

    it('refuses logout without the CSRF token; the session goes on', async () => {
      const login = await loginThroughDevIdp(base, 'demo-citizen-jens');
      const response = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { cookie: login.cookie }, redirect: 'manual' });
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'CSRF_TOKEN_INVALID');
      const wrong = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { cookie: login.cookie, 'x-csrf-token': 'nope' }, redirect: 'manual' });
      assert.equal(wrong.status, 403);
      assert.equal((await apiSession(base, login.cookie)).status, 200);
    });

    it('logs out with the CSRF token: session gone, on to the provider\'s end-session and back to /', async () => {
      const login = await loginThroughDevIdp(base, 'demo-citizen-jens');
      const idToken = (await kuvert.store.db.selectFrom('session').select('id_token')
        .where('token_sha256', '=', sha256(tokenOf(login.cookie))).executeTakeFirstOrThrow()).id_token;
      const response = await fetch(`${base}/auth/logout`, { method: 'POST', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken }, redirect: 'manual' });
      assert.equal(response.status, 303);
      const cleared = response.headers.getSetCookie().find((c) => c.startsWith('kuvert_session='));
      assert.ok(cleared && /^kuvert_session=;/.test(cleared) && /Expires=Thu, 01 Jan 1970/i.test(cleared));
      const location = new URL(response.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, `${base}/dev-idp/session/end`);
      assert.equal(location.searchParams.get('id_token_hint'), idToken);
      assert.equal(location.searchParams.get('post_logout_redirect_uri'), `${base}/`);
      assert.equal((await apiSession(base, login.cookie)).status, 401);

      // the provider asks, and sends the browser back to Kuvert
      const confirm = await browse(login.jar, location.href);
      assert.equal(confirm.response.status, 200);
      assert.match(confirm.body, /Log ud af testlogin\?/);
      const action = /<form[^>]*action="([^"]+)"/.exec(confirm.body)![1]!;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
      const done = await follow(login.jar, await browse(login.jar, new URL(action, location).href, { form: { xsrf, logout: 'yes' } }));
      assert.equal(done[1]?.url, `${base}/`);
    });

    it('logs out from a plain form (field csrf) and answers JSON callers with the address to go to', async () => {
      const viaForm = await loginThroughDevIdp(base, 'demo-employee-mette');
      const form = await fetch(`${base}/auth/logout`, {
        method: 'POST', redirect: 'manual',
        headers: { cookie: viaForm.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: viaForm.csrfToken }).toString(),
      });
      assert.equal(form.status, 303);
      assert.equal((await apiSession(base, viaForm.cookie)).status, 401);

      const viaJson = await loginThroughDevIdp(base, 'demo-employee-mette');
      const json = await fetch(`${base}/auth/logout`, {
        method: 'POST', redirect: 'manual', headers: { cookie: viaJson.cookie, 'x-csrf-token': viaJson.csrfToken, accept: 'application/json' },
      });
      assert.equal(json.status, 200);
      assert.match(((await json.json()) as { redirectTo: string }).redirectTo, new RegExp(`^${base}/dev-idp/session/end\\?`));
      assert.equal((await apiSession(base, viaJson.cookie)).status, 401);

      // without a session there is nothing to protect: the cookie is cleared, on to /
      const none = await fetch(`${base}/auth/logout`, { method: 'POST', redirect: 'manual' });
      assert.equal(none.status, 303);
      assert.equal(none.headers.get('location'), `${base}/`);
    });

    it('refuses an expired session', async () => {
      const login = await loginThroughDevIdp(base, 'demo-citizen-anne');
      await kuvert.store.db.updateTable('session').set({ expires_at: new Date(Date.now() - 1000) })
        .where('token_sha256', '=', sha256(tokenOf(login.cookie))).execute();
      const { status, body } = await apiSession(base, login.cookie);
      assert.equal(status, 401);
      assert.equal(body.errorCode, 'UNAUTHENTICATED');
    });

    it('creates the user of a citizen it does not know yet from the CPR claim', async () => {
      const db = kuvert.store.db;
      const subject = `${DEV_IDP_SUBJECT_PREFIX}demo-citizen-anne`;
      const old = await db.selectFrom('app_user').select('id').where('subject', '=', subject).executeTakeFirstOrThrow();
      await db.deleteFrom('session').where('user_id', '=', old.id).execute();
      await db.deleteFrom('app_user').where('id', '=', old.id).execute();

      const login = await loginThroughDevIdp(base, 'demo-citizen-anne');
      const { body } = await apiSession(base, login.cookie);
      assert.equal(body.user.kind, 'citizen');
      assert.notEqual(body.user.id, old.id);
      assert.deepEqual(body.mailboxes.map((m: { ownerName: string }) => m.ownerName), ['Anne Jensen']);
      const created = await db.selectFrom('app_user').innerJoin('citizen', 'citizen.id', 'app_user.citizen_id')
        .select(['app_user.subject', 'citizen.cpr']).where('app_user.id', '=', body.user.id).executeTakeFirstOrThrow();
      assert.deepEqual(created, { subject, cpr: '0101904321' });
    });

    it('gives an employee of an organisation Kuvert knows a user without access, who can then ask for it', async () => {
      const db = kuvert.store.db;
      const login = await loginThroughDevIdp(base, 'demo-employee-sofie');
      const { status, body } = await apiSession(base, login.cookie);
      assert.equal(status, 200);
      assert.equal(body.user.kind, 'employee');
      assert.equal(body.user.name, 'Sofie Holm');
      assert.deepEqual(body.mailboxes, []);
      const user = await db.selectFrom('app_user').select(['cvr', 'citizen_id']).where('id', '=', body.user.id).executeTakeFirstOrThrow();
      assert.deepEqual(user, { cvr: '29876543', citizen_id: null });
      assert.equal((await db.selectFrom('membership').select('role').where('user_id', '=', body.user.id).execute()).length, 0);
      const events = await db.selectFrom('event').select('body').where('type', '=', 'EMPLOYEE_USER_CREATED').execute();
      assert.ok(events.some((e) => JSON.parse(e.body).data.userId === body.user.id));
    });

    it('makes the person the provider marks as lead administrator (LRA) super-administrator at the first login', async () => {
      const db = kuvert.store.db;
      const login = await loginThroughDevIdp(base, 'demo-employee-lars');
      const { body } = await apiSession(base, login.cookie);
      assert.equal(body.user.name, 'Lars Ravn');
      assert.deepEqual(body.mailboxes.map((m: { ownerName: string; role: string }) => [m.ownerName, m.role]), [['Demo ApS', 'super-admin']]);
      const membership = await db.selectFrom('membership').select(['role', 'granted_by']).where('user_id', '=', body.user.id).executeTakeFirstOrThrow();
      assert.deepEqual(membership, { role: 'super-admin', granted_by: 'idp' });
      const periods = await db.selectFrom('membership_period').select(['role', 'granted_by', 'valid_to']).where('user_id', '=', body.user.id).execute();
      assert.deepEqual(periods, [{ role: 'super-admin', granted_by: 'idp', valid_to: null }]);
      const types = (await db.selectFrom('event').select(['type', 'body']).where('type', 'in', ['FIRST_ADMINISTRATOR_FROM_IDP', 'MEMBERSHIP_GRANTED']).execute())
        .filter((e) => JSON.parse(e.body).data.userId === body.user.id).map((e) => e.type).sort();
      assert.deepEqual(types, ['FIRST_ADMINISTRATOR_FROM_IDP', 'MEMBERSHIP_GRANTED']);

      // a second login grants nothing more
      await loginThroughDevIdp(base, 'demo-employee-lars');
      assert.equal((await db.selectFrom('membership_period').select('id').where('user_id', '=', body.user.id).execute()).length, 1);
    });

    it('refuses an employee whose organisation is closed, in Danish, and opens no session', async () => {
      const db = kuvert.store.db;
      const user = await db.selectFrom('app_user').select('id').where('subject', '=', `${DEV_IDP_SUBJECT_PREFIX}demo-employee-ole`).executeTakeFirstOrThrow();
      await db.deleteFrom('session').where('user_id', '=', user.id).execute();
      await db.deleteFrom('membership').where('user_id', '=', user.id).execute();
      await db.deleteFrom('membership_period').where('user_id', '=', user.id).execute();
      await db.deleteFrom('app_user').where('id', '=', user.id).execute();
      const before = await sessionCount(db);
      await db.updateTable('organisation').set({ status: 'closed' }).where('cvr', '=', '29876543').execute();
      try {
        const { jar, callback } = await upToCallback(base, 'demo-employee-ole');
        const denied = await browse(jar, callback.href);
        assert.equal(denied.response.status, 403);
        assert.match(denied.response.headers.get('content-type') ?? '', /text\/html/);
        assert.match(denied.body, /Du har ikke adgang/);
        assert.match(denied.body, /bruger ikke Kuvert/);
        assert.equal(jar.get('kuvert_session'), undefined);
        assert.equal(await sessionCount(db), before);
        assert.equal(await db.selectFrom('app_user').select('id').where('subject', '=', `${DEV_IDP_SUBJECT_PREFIX}demo-employee-ole`).executeTakeFirst(), undefined);
      } finally {
        await db.updateTable('organisation').set({ status: 'active' }).where('cvr', '=', '29876543').execute();
      }
    });

    it('maps other providers\' subjects: a known CPR finds the citizen\'s user, a known CVR makes an employee\'s user, unknown people are refused', async () => {
      const db = kuvert.store.db;
      const ctx = { db, eventChains: kuvert.ctx.eventChains };
      const jens = await db.selectFrom('app_user').select('id').where('subject', '=', `${DEV_IDP_SUBJECT_PREFIX}demo-citizen-jens`).executeTakeFirstOrThrow();
      assert.deepEqual(await resolveLogin(ctx, { subject: 'https://broker.example|abc', cpr: '2211771212', name: 'Jens Hansen' }), { kind: 'user', userId: jens.id });
      assert.deepEqual(await resolveLogin(ctx, { subject: 'https://broker.example|def', cpr: '0000000000' }), { kind: 'denied', reason: 'unknown-citizen' });
      assert.deepEqual(await resolveLogin(ctx, { subject: 'https://broker.example|ghi', cvr: '99999999' }), { kind: 'denied', reason: 'unknown-organisation' });
      assert.deepEqual(await resolveLogin(ctx, { subject: 'https://broker.example|jkl' }), { kind: 'denied', reason: 'unknown' });
      const employee = await resolveLogin(ctx, { subject: 'https://broker.example|mno', cvr: '12345678', name: 'Bo Berg' });
      assert.equal(employee.kind, 'user');
      // the same subject again is the same user, and the login CVR is kept up to date
      assert.deepEqual(await resolveLogin(ctx, { subject: 'https://broker.example|mno', cvr: '29876543' }), employee);
      const row = await db.selectFrom('app_user').select(['name', 'cvr']).where('subject', '=', 'https://broker.example|mno').executeTakeFirstOrThrow();
      assert.deepEqual(row, { name: 'Bo Berg', cvr: '29876543' });
      // a lead-administrator claim for an organisation the person is already a member of changes nothing
      const mette = await db.selectFrom('app_user').select('id').where('subject', '=', `${DEV_IDP_SUBJECT_PREFIX}demo-employee-mette`).executeTakeFirstOrThrow();
      const periods = async () => (await db.selectFrom('membership_period').select('id').where('user_id', '=', mette.id).execute()).length;
      const before = await periods();
      assert.deepEqual(await resolveLogin(ctx, { subject: `${DEV_IDP_SUBJECT_PREFIX}demo-employee-mette`, cvr: '29876543', leadAdmin: true }), { kind: 'user', userId: mette.id });
      assert.equal(await periods(), before);
      assert.equal((await db.selectFrom('membership').select('role').where('user_id', '=', mette.id).executeTakeFirstOrThrow()).role, 'super-admin');
    });
  });

  describe(`login behind a proxy that strips a path prefix of PUBLIC_URL (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let proxy: Server;
    let publicUrl: string;
    before(async () => {
      const [proxyPort, port] = [await freePort(), await freePort()];
      publicUrl = `http://127.0.0.1:${proxyPort}/kuvert`;
      kuvert = await startTestKuvert(database, { port, publicUrl });
      await kuvert.app.listen({ port, host: '127.0.0.1' });
      proxy = createServer((req, res) => {
        if (!req.url?.startsWith('/kuvert/')) { res.writeHead(404).end(); return; }
        const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url.slice('/kuvert'.length), headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      });
      await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
    });
    after(async () => {
      await new Promise((resolve) => proxy.close(resolve));
      await kuvert.drop();
    });

    it('keeps every address under the prefix', async () => {
      const metadata = (await (await fetch(`${publicUrl}/dev-idp/.well-known/openid-configuration`)).json()) as Record<string, string>;
      assert.equal(metadata.issuer, `${publicUrl}/dev-idp`);
      assert.equal(metadata.token_endpoint, `${publicUrl}/dev-idp/token`);
      const jar = new CookieJar();
      const page = (await follow(jar, await browse(jar, `${publicUrl}/auth/login`))).at(-1)!;
      assert.ok(page.url.startsWith(`${publicUrl}/dev-idp/interaction/`));
      assert.ok(page.body.includes('href="/kuvert/auth/assets/auth.css"'));
      const login = await loginThroughDevIdp(publicUrl, 'demo-employee-karen', { returnTo: '/kuvert/postkasse' });
      assert.equal(login.landedOn, `${publicUrl}/postkasse`);
      assert.equal((await loginThroughDevIdp(publicUrl, 'demo-citizen-jens', { returnTo: 'https://evil.example/' })).landedOn, `${publicUrl}/`);
      const out = await fetch(`${publicUrl}/auth/logout`, { method: 'POST', headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken }, redirect: 'manual' });
      assert.equal(out.status, 303);
      const location = new URL(out.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, `${publicUrl}/dev-idp/session/end`);
      assert.equal(location.searchParams.get('post_logout_redirect_uri'), `${publicUrl}/`);
    });
  });

  describe(`login with OIDC_ISSUER set (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    before(async () => { kuvert = await startTestKuvert(database, { oidcIssuer: 'http://127.0.0.1:9/broker' }); });
    after(async () => { await kuvert.drop(); });

    it('does not mount the development provider', async () => {
      for (const url of ['/dev-idp/.well-known/openid-configuration', '/dev-idp/auth', '/dev-idp/interaction/abc', '/auth/assets/../../dev-idp/jwks']) {
        const response = await kuvert.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 404, url);
      }
      assert.equal((await kuvert.app.inject({ method: 'POST', url: '/dev-idp/token', payload: 'grant_type=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode, 404);
    });

    it('shows a friendly page when the provider cannot be used (here: plain http, which only the bundled provider may use)', async () => {
      const response = await kuvert.app.inject({ method: 'GET', url: '/auth/login' });
      assert.equal(response.statusCode, 503);
      assert.match(response.body, /Login er ikke tilgængeligt lige nu/);
    });
  });
}
