import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../src/api/auth/cookies.ts';
import { createSession } from '../../src/auth/index.ts';
import { loadConfig } from '../../src/config.ts';
import { DEV_IDP_SUBJECT_PREFIX } from '../../src/demo/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';

for (const database of testDatabases()) {
  describe(`portal: the session's idle timeout (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let userId: string;
    before(async () => {
      kuvert = await startTestKuvert(database);
      userId = (await kuvert.store.db.selectFrom('app_user').select('id').where('subject', '=', `${DEV_IDP_SUBJECT_PREFIX}demo-citizen-jens`).executeTakeFirstOrThrow()).id;
    });
    after(async () => { await kuvert.drop(); });

    /** A session with a 10-minute idle timeout, last used `idleSeconds` ago (as if the person had gone away). */
    async function idleSession(idleSeconds: number) {
      const { token, csrfToken } = await createSession(kuvert.store.db, userId, { hours: 8, idleMinutes: 10 });
      const { createHash } = await import('node:crypto');
      await kuvert.store.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - idleSeconds * 1000) })
        .where('token_sha256', '=', createHash('sha256').update(token).digest('hex')).execute();
      return { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken };
    }
    const get = (url: string, headers: Record<string, string>) => kuvert.app.inject({ method: 'GET', url, headers });
    const left = (response: { headers: Record<string, unknown> }) => Number(response.headers['x-session-expires-in']);

    it('tells the web app how long is left, in GET /api/session and a header of every /api answer', async () => {
      const headers = await idleSession(0);
      const session = await get('/api/session', headers);
      assert.equal(session.statusCode, 200);
      assert.equal(session.json().idleSeconds, 600);
      assert.ok(session.json().expiresIn > 590 && session.json().expiresIn <= 600, String(session.json().expiresIn));
      assert.ok(left(session) > 590);
      assert.ok(left(await get(`/api/mailboxes/${session.json().mailboxes[0].id}/folders`, headers)) > 590);
    });

    it('asking how long is left does not extend the session; using it and "Forbliv logget ind" do', async () => {
      const headers = await idleSession(300);
      const peek = await get('/api/session/expiry', headers);
      assert.equal(peek.statusCode, 200);
      assert.ok(peek.json().expiresIn <= 300 && peek.json().expiresIn > 290, `peek: ${peek.json().expiresIn}`);
      assert.ok((await get('/api/session/expiry', headers)).json().expiresIn <= 300, 'still not extended');

      const noCsrf = await kuvert.app.inject({ method: 'POST', url: '/api/session/extend', headers: { cookie: headers.cookie! } });
      assert.equal(noCsrf.statusCode, 403, 'extending is CSRF-checked');
      const extended = await kuvert.app.inject({ method: 'POST', url: '/api/session/extend', headers });
      assert.equal(extended.statusCode, 200);
      assert.ok(extended.json().expiresIn > 590, `extended: ${extended.json().expiresIn}`);

      const used = await idleSession(300);
      assert.ok(left(await get('/api/session', used)) > 590, 'an ordinary call extends it');
    });

    it('ends the session after the idle timeout: 401 for everything, also the peek', async () => {
      const headers = await idleSession(601);
      for (const url of ['/api/session', '/api/session/expiry']) {
        const response = await get(url, headers);
        assert.equal(response.statusCode, 401, url);
        assert.equal(response.json().errorCode, 'UNAUTHENTICATED');
      }
      assert.equal((await kuvert.app.inject({ method: 'POST', url: '/api/session/extend', headers })).statusCode, 401);
    });

    it('never reports more than the lifetime left', async () => {
      const { token, csrfToken } = await createSession(kuvert.store.db, userId, { hours: 1, idleMinutes: 120 });
      const response = await get('/api/session', { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken });
      assert.ok(response.json().expiresIn <= 3600 && response.json().expiresIn > 3590);
    });

    it('reads SESSION_IDLE_MINUTES, fractions allowed, with a floor', () => {
      assert.equal(loadConfig({}).sessionIdleMinutes, 30);
      assert.equal(loadConfig({ SESSION_IDLE_MINUTES: '0.5' }).sessionIdleMinutes, 0.5);
      assert.throws(() => loadConfig({ SESSION_IDLE_MINUTES: '0.1' }), /SESSION_IDLE_MINUTES/);
      assert.throws(() => loadConfig({ SESSION_IDLE_MINUTES: 'soon' }), /SESSION_IDLE_MINUTES/);
    });
  });
}
