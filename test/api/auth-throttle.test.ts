import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO } from '../../src/demo/index.ts';
import { verifyEvents, type Db, type EventBody } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { browse, CookieJar, follow, loginForm, startListeningKuvert, type ListeningKuvert } from '../helpers/login.ts';

const AUTH_EVENTS = ['SYSTEM_AUTHENTICATION_FAILED', 'LOGIN_FAILED', 'AUTHENTICATION_THROTTLED'];

async function authEvents(db: Db, address: string): Promise<EventBody[]> {
  const rows = await db.selectFrom('event').select('body').where('type', 'in', AUTH_EVENTS).orderBy('at').orderBy('seq').execute();
  return rows.map((r) => JSON.parse(r.body) as EventBody).filter((e) => e.actor === `address:${address}`);
}

const count = (events: EventBody[], type: string) => events.filter((e) => e.type === type).length;

function memos(app: FastifyInstance, credentials: { id: string; secret: string } | undefined, remoteAddress: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'GET', url: '/apis/v1/memos', remoteAddress,
    headers: { ...headers, ...(credentials ? { authorization: basic(credentials) } : {}) },
  });
}

function assertTooMany(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, maxSeconds: number, what: string): number {
  assert.equal(response.statusCode, 429, what);
  const retryAfter = Number(response.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxSeconds, `${what}: Retry-After ${String(response.headers['retry-after'])}`);
  const body = response.json() as { errorCode: string; errorMessage: string };
  assert.equal(body.errorCode, 'TOO_MANY_ATTEMPTS', what);
  assert.equal(typeof body.errorMessage, 'string');
  return retryAfter;
}

async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

for (const database of testDatabases()) {
  describe(`throttling failed authentication with the default limits (${database.name})`, () => {
    let kuvert: ListeningKuvert;
    const app = () => kuvert.app;
    before(async () => { kuvert = await startListeningKuvert(database); });
    after(async () => {
      assert.equal((await verifyEvents(kuvert.store.db)).ok, true, 'the events are in intact hash chains');
      await kuvert.drop();
    });

    it('locks a system id out after 10 wrong secrets: 429 with Retry-After, also for the right secret; other systems go on', async () => {
      const address = '198.51.100.1';
      const victim = DEMO.systems.companyRecipient;
      for (let i = 1; i <= 10; i++) {
        const wrong = await memos(app(), { id: victim.id, secret: `wrong-secret-${i}` }, address);
        assert.equal(wrong.statusCode, 401, `attempt ${i}`);
        assert.equal(wrong.json().errorCode, 'UNAUTHENTICATED');
      }
      const eleventh = await memos(app(), { id: victim.id, secret: 'wrong-secret-11' }, address);
      assertTooMany(eleventh, 60, 'the 11th wrong secret');
      assert.equal(eleventh.headers['www-authenticate'], undefined);
      assertTooMany(await memos(app(), victim, address), 60, 'the right secret during the lock-out');
      assertTooMany(await memos(app(), victim, '198.51.100.2'), 60, 'the right secret from another address');
      // the same id in capitals is the same system
      assertTooMany(await memos(app(), { id: victim.id.toUpperCase(), secret: victim.secret }, '198.51.100.2'), 60, 'the id in capitals');

      assert.equal((await memos(app(), DEMO.systems.authorityRecipient, address)).statusCode, 200, 'another system from the same address');
      assert.equal((await memos(app(), DEMO.systems.authorityRecipient, '198.51.100.2')).statusCode, 200);
    });

    it('records the failures and the lock-out as events with the address as actor, never the secret, and nothing more while locked', async () => {
      const address = '198.51.100.1';
      const victim = DEMO.systems.companyRecipient;
      const before = await authEvents(kuvert.store.db, address);
      assert.equal(count(before, 'SYSTEM_AUTHENTICATION_FAILED'), 10);
      assert.equal(count(before, 'AUTHENTICATION_THROTTLED'), 1);
      for (const event of before.filter((e) => e.type === 'SYSTEM_AUTHENTICATION_FAILED')) {
        assert.deepEqual(event.data, { scope: 'system-api', systemId: victim.id });
      }
      const throttled = before.find((e) => e.type === 'AUTHENTICATION_THROTTLED')!;
      assert.equal(throttled.data.scope, 'system-api');
      assert.equal(throttled.data.systemId, victim.id);
      assert.equal(throttled.data.lockedSeconds, 60);
      assert.ok(!JSON.stringify(before).includes('wrong-secret'), 'no secret in any event');

      for (let i = 0; i < 50; i++) assert.equal((await memos(app(), { id: victim.id, secret: `again-${i}` }, address)).statusCode, 429);
      assert.deepEqual(await authEvents(kuvert.store.db, address), before, 'refused attempts write nothing');
    });

    it('locks an address out after 30 failures, whatever systems it names; other addresses go on', async () => {
      const address = '198.51.100.7';
      for (let i = 0; i < 30; i++) {
        assert.equal((await memos(app(), { id: randomUUID(), secret: 'guess' }, address)).statusCode, 401, `attempt ${i + 1}`);
      }
      assertTooMany(await memos(app(), DEMO.systems.authoritySender, address), 60, 'a good system from the locked address');
      assertTooMany(await memos(app(), { id: randomUUID(), secret: 'guess' }, address), 60, 'a new id from the locked address');
      assert.equal((await memos(app(), DEMO.systems.authoritySender, '198.51.100.8')).statusCode, 200);
      const events = await authEvents(kuvert.store.db, address);
      assert.equal(count(events, 'SYSTEM_AUTHENTICATION_FAILED'), 30);
      assert.deepEqual(events.filter((e) => e.type === 'AUTHENTICATION_THROTTLED').map((e) => e.data), [{ scope: 'system-api', address, lockedSeconds: 60 }]);
    });

    it('counts malformed credentials by address, and does not count requests without any (clients that wait for the challenge)', async () => {
      const address = '198.51.100.20';
      for (let i = 0; i < 40; i++) {
        const bare = await memos(app(), undefined, address);
        assert.equal(bare.statusCode, 401);
        assert.match(String(bare.headers['www-authenticate']), /^Basic/);
      }
      assert.equal((await memos(app(), DEMO.systems.authorityRecipient, address)).statusCode, 200);
      for (let i = 0; i < 30; i++) {
        const malformed = await app().inject({ method: 'GET', url: '/apis/v1/memos', remoteAddress: address, headers: { authorization: `Basic ${Buffer.from(`not-a-uuid-${i}:x`).toString('base64')}` } });
        assert.equal(malformed.statusCode, 401);
      }
      assertTooMany(await memos(app(), DEMO.systems.authorityRecipient, address), 60, 'after 30 malformed attempts');
      const failed = (await authEvents(kuvert.store.db, address)).filter((e) => e.type === 'SYSTEM_AUTHENTICATION_FAILED');
      assert.equal(failed.length, 30);
      assert.deepEqual(failed[0]!.data, { scope: 'system-api', systemId: null });
    });

    it('starts a system id afresh when it authenticates', async () => {
      const system = DEMO.systems.authoritySender;
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 9; i++) assert.equal((await memos(app(), { id: system.id, secret: `nope-${i}` }, `198.51.100.${30 + round}`)).statusCode, 401);
        assert.equal((await memos(app(), system, `198.51.100.${30 + round}`)).statusCode, 200, `round ${round}`);
      }
    });

    it('locks an address out of the portal login after 30 failed callbacks, before looking at the attempt', async () => {
      const address = '192.0.2.50';
      for (let i = 0; i < 30; i++) {
        const forged = await app().inject({ method: 'GET', url: `/auth/callback?code=forged-${i}&state=forged`, remoteAddress: address });
        assert.equal(forged.statusCode, 400, `attempt ${i + 1}`);
      }
      assertTooMany(await app().inject({ method: 'GET', url: '/auth/callback?code=x&state=y', remoteAddress: address }), 60, 'the 31st callback');
      const page = await app().inject({ method: 'GET', url: '/auth/callback?code=x&state=y', remoteAddress: address, headers: { accept: 'text/html,*/*;q=0.8' } });
      assert.equal(page.statusCode, 429);
      assert.ok(Number(page.headers['retry-after']) >= 1);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /For mange mislykkede login-forsøg/);
      assertTooMany(await app().inject({ method: 'GET', url: '/auth/login', remoteAddress: address }), 60, 'starting a login');
      assert.equal((await app().inject({ method: 'GET', url: '/auth/login', remoteAddress: '192.0.2.51' })).statusCode, 303, 'another address logs in');
      // the system API counts apart
      assert.equal((await memos(app(), DEMO.systems.authoritySender, address)).statusCode, 200);

      for (let i = 0; i < 20; i++) await app().inject({ method: 'GET', url: '/auth/callback?code=x&state=y', remoteAddress: address });
      const events = await authEvents(kuvert.store.db, address);
      assert.equal(count(events, 'LOGIN_FAILED'), 30);
      assert.deepEqual(events.find((e) => e.type === 'LOGIN_FAILED')!.data, { scope: 'portal-login', reason: 'STATE_MISMATCH' });
      assert.deepEqual(events.filter((e) => e.type === 'AUTHENTICATION_THROTTLED').map((e) => e.data), [{ scope: 'portal-login', address, lockedSeconds: 60 }]);
    });

    it('counts a provider error and a forged code as failed logins, a cancelled login not', async () => {
      const address = '192.0.2.60';
      const cancelled = await app().inject({ method: 'GET', url: '/auth/callback?error=access_denied&state=x', remoteAddress: address });
      assert.equal(cancelled.statusCode, 200);
      const providerError = await app().inject({ method: 'GET', url: '/auth/callback?error=server_error&state=x', remoteAddress: address });
      assert.equal(providerError.statusCode, 400);

      // a real attempt up to the callback, then another code than the provider gave
      const base = kuvert.baseUrl;
      const jar = new CookieJar();
      const page = (await follow(jar, await browse(jar, `${base}/auth/login`))).at(-1)!;
      let step = await browse(jar, loginForm(page.body, page.url).loginAction, { form: { sub: 'demo-citizen-jens' }, headers: { origin: base } });
      let callback: URL | undefined;
      for (let i = 0; i < 6 && !callback; i++) {
        const next = new URL(step.response.headers.get('location')!, step.url);
        if (next.pathname === '/auth/callback') callback = next;
        else step = await browse(jar, next.href);
      }
      assert.ok(callback, 'reached the callback');
      callback.searchParams.set('code', 'a-forged-code');
      const forged = await browse(jar, callback.href);
      assert.equal(forged.response.status, 502);
      assert.equal(jar.get('kuvert_session'), undefined);

      assert.deepEqual((await authEvents(kuvert.store.db, address)).map((e) => [e.type, e.data.reason]), [['LOGIN_FAILED', 'PROVIDER_ERROR']]);
      const local = (await authEvents(kuvert.store.db, '127.0.0.1')).map((e) => [e.type, e.data.reason]);
      assert.deepEqual(local, [['LOGIN_FAILED', 'VERIFICATION_FAILED']]);
    });
  });

  describe(`throttling with a short window and a trusted proxy (AUTH_*, TRUST_PROXY) (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    const app = () => kuvert.app;
    before(async () => {
      kuvert = await withEnv({ AUTH_FAILURE_WINDOW_SECONDS: '2', AUTH_FAILURES_PER_SYSTEM: '3', AUTH_FAILURES_PER_ADDRESS: '5', TRUST_PROXY: '127.0.0.1' },
        () => startTestKuvert(database));
    });
    after(async () => { await kuvert.drop(); });

    it('lets a locked-out system in again once Retry-After has passed; its success starts the id afresh', async () => {
      const system = DEMO.systems.companyRecipient;
      for (let i = 0; i < 3; i++) assert.equal((await memos(app(), { id: system.id, secret: `x${i}` }, `203.0.113.${i + 1}`)).statusCode, 401);
      const wait = assertTooMany(await memos(app(), system, '203.0.113.9'), 2, 'locked');
      await sleep(wait * 1000 + 100);
      assert.equal((await memos(app(), system, '203.0.113.9')).statusCode, 200, 'after Retry-After');
      // the success started the id afresh: three more failures for the next lock-out, which is one window again
      for (let i = 0; i < 3; i++) assert.equal((await memos(app(), { id: system.id, secret: `y${i}` }, `203.0.113.${i + 1}`)).statusCode, 401);
      assertTooMany(await memos(app(), system, '203.0.113.9'), 2, 'locked again');
      const throttled = (await kuvert.store.db.selectFrom('event').select('body').where('type', '=', 'AUTHENTICATION_THROTTLED').execute())
        .map((r) => (JSON.parse(r.body) as EventBody).data).filter((d) => d.systemId === system.id);
      assert.deepEqual(throttled.map((d) => d.lockedSeconds), [2, 2]);
    });

    it('takes the client address from X-Forwarded-For only when the proxy is trusted', async () => {
      const proxied = (client: string, credentials: { id: string; secret: string }) => memos(app(), credentials, '127.0.0.1', { 'x-forwarded-for': client });
      for (let i = 0; i < 5; i++) assert.equal((await proxied('192.0.2.1', { id: randomUUID(), secret: 'x' })).statusCode, 401);
      assertTooMany(await proxied('192.0.2.1', DEMO.systems.authorityRecipient), 2, 'the client behind the proxy');
      assert.equal((await proxied('192.0.2.2', DEMO.systems.authorityRecipient)).statusCode, 200, 'another client behind the same proxy');
      const events = await authEvents(kuvert.store.db, '192.0.2.1');
      assert.equal(count(events, 'SYSTEM_AUTHENTICATION_FAILED'), 5);

      // an untrusted peer cannot pick a new address per request
      for (let i = 0; i < 5; i++) {
        assert.equal((await memos(app(), { id: randomUUID(), secret: 'x' }, '198.51.100.99', { 'x-forwarded-for': `192.0.2.${100 + i}` })).statusCode, 401);
      }
      assertTooMany(await memos(app(), DEMO.systems.authorityRecipient, '198.51.100.99', { 'x-forwarded-for': '192.0.2.200' }), 2, 'spoofed X-Forwarded-For');
    });
  });
}
