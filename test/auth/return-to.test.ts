import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { safeReturnTo } from '../../src/auth/index.ts';
import { testDatabases } from '../helpers/databases.ts';
import { browse, CookieJar, follow, loginForm, startListeningKuvert, type ListeningKuvert } from '../helpers/login.ts';

/** Query strings exactly as an attacker would put them in a link (decoded once by the query parser). */
const RAW_HOSTILE = [
  '/..//evil.example',
  '/%2e%2e/%2fevil.example',
  '/.//evil.example/path',
  '/\\evil.example',
  '/%5c%5cevil.example',
  '/%5C/evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/.%09/evil.example',
  '/%2e%2e%2f%2fevil.example',
  '/..%2f%2fevil.example',
  '/%2e%2e%5c%5cevil.example',
  '/./%2e/%2fevil.example',
  '/x/../..//evil.example',
  '///evil.example',
  '/%2f%2fevil.example',
];

/** Values that reach safeReturnTo as they are (sent encoded once more). */
const DECODED_HOSTILE = [
  '/..//evil.example',
  '/.//evil.example/path',
  '/a/b/../../..//evil.example',
  '/%2e%2e/%2fevil.example',
  '/%5c%5cevil.example',
  '/%2F%2Fevil.example',
  '/..\\evil.example',
  '/\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/.\r\n/evil.example',
  '/%2e%2e%5cevil.example',
  'http://evil.example/',
  'https://127.0.0.1.evil.example/',
  '/%61uth/login',
];

function assertOnSite(location: string, base: string, what: string): void {
  assert.ok(location.startsWith('/'), `${what}: ${location} is a path`);
  assert.ok(!location.startsWith('//'), `${what}: ${location} is not protocol-relative`);
  assert.ok(!location.includes('\\'), `${what}: ${location} has no backslash`);
  assert.ok(!/^\/%(2f|5c)/i.test(location), `${what}: ${location} does not start with an encoded slash`);
  assert.equal(new URL(location, base).origin, new URL(base).origin, what);
}

describe('returnTo is checked in the form it is used (pure)', () => {
  const base = 'http://127.0.0.1:8080';

  it('never returns a path another origin can be read from', () => {
    for (const value of [...RAW_HOSTILE.map((raw) => new URLSearchParams(`returnTo=${raw}`).get('returnTo')!), ...DECODED_HOSTILE]) {
      const result = safeReturnTo(value, base);
      assertOnSite(result, base, JSON.stringify(value));
      assert.equal(result, '/', JSON.stringify(value));
    }
  });

  it('returns the normalised path and query (no fragment), and is stable when checked again', () => {
    assert.equal(safeReturnTo('/mailboxes/x?folder=y', base), '/mailboxes/x?folder=y');
    assert.equal(safeReturnTo('/a/./b/../c?q=1#frag', base), '/a/c?q=1');
    assert.equal(safeReturnTo('/postkasse/besked 1', base), '/postkasse/besked%201');
    for (const value of ['/mailboxes/x?folder=y', '/a/./b/../c?q=1', ...DECODED_HOSTILE]) {
      const once = safeReturnTo(value, base);
      assert.equal(safeReturnTo(once, base), once, JSON.stringify(value));
    }
  });

  it('keeps returnTo under the base path of PUBLIC_URL', () => {
    const prefixed = 'http://127.0.0.1:8080/kuvert';
    assert.equal(safeReturnTo('/kuvert/postkasse?x=1', prefixed), '/kuvert/postkasse?x=1');
    for (const value of ['/postkasse', '/kuvert', '/kuvertx/y', '/kuvert/../admin', '/kuvert/..//evil.example', '/kuvert/auth/login', '/kuvert/%2e%2e/x']) {
      assert.equal(safeReturnTo(value, prefixed), '/kuvert/', value);
    }
  });
});

for (const database of testDatabases()) {
  describe(`returnTo through the real login flow (${database.name})`, () => {
    let kuvert: ListeningKuvert;
    let base: string;
    before(async () => {
      kuvert = await startListeningKuvert(database);
      base = kuvert.baseUrl;
    });
    after(async () => { await kuvert.drop(); });

    /** Logs in through the development provider and answers the Location of the callback's redirect (not followed). */
    async function callbackLocation(query: string): Promise<string> {
      const jar = new CookieJar();
      const page = (await follow(jar, await browse(jar, `${base}/auth/login?${query}`))).at(-1)!;
      const form = loginForm(page.body, page.url);
      let step = await browse(jar, form.loginAction, { form: { sub: 'demo-citizen-jens' }, headers: { origin: base } });
      for (let i = 0; i < 6; i++) {
        assert.ok([302, 303].includes(step.response.status), `a redirect from ${step.url}: ${step.response.status} ${step.body.slice(0, 200)}`);
        const next = new URL(step.response.headers.get('location')!, step.url);
        if (next.pathname === '/auth/callback') {
          const done = await browse(jar, next.href);
          assert.equal(done.response.status, 303, done.body.slice(0, 300));
          assert.ok(jar.get('kuvert_session'), 'logged in');
          return done.response.headers.get('location')!;
        }
        step = await browse(jar, next.href);
      }
      throw new Error('never reached /auth/callback');
    }

    it('ends every hostile returnTo on this site', async () => {
      for (const raw of RAW_HOSTILE) {
        const location = await callbackLocation(`returnTo=${raw}`);
        assertOnSite(location, base, raw);
        assert.equal(location, '/', raw);
      }
      for (const value of DECODED_HOSTILE) {
        const location = await callbackLocation(`returnTo=${encodeURIComponent(value)}`);
        assertOnSite(location, base, JSON.stringify(value));
        assert.equal(location, '/', JSON.stringify(value));
      }
    });

    it('still returns to an ordinary page with its query', async () => {
      assert.equal(await callbackLocation(`returnTo=${encodeURIComponent('/mailboxes/x?folder=y')}`), '/mailboxes/x?folder=y');
      assert.equal(await callbackLocation('returnTo=/postkasse/./indbakke/../sendt'), '/postkasse/sendt');
    });
  });
}
