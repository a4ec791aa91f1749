import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { failedAttempts } from '../../src/auth/attempts.ts';
import { loadAuthLimits } from '../../src/auth/limits.ts';
import { ensureEventChains, openStore, verifyEvents, type EventBody, type Store } from '../../src/store/index.ts';
import { testDatabases } from '../helpers/databases.ts';

function recordingLog() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (_data: unknown, message: string) => { lines.push({ level, message }); };
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } as unknown as FastifyBaseLogger };
}

for (const database of testDatabases()) {
  describe(`failed attempts and their events (${database.name})`, () => {
    let store: Store;
    let target: ReturnType<typeof database.config>;
    before(async () => {
      target = database.config();
      store = await openStore({ ...target.config, ...(target.schema ? { schema: target.schema } : {}) });
      await ensureEventChains(store.db, 4);
    });
    after(async () => { await store.close(); await target.drop(); });

    const events = async () => (await store.db.selectFrom('event').select('body').orderBy('at').orderBy('seq').execute()).map((r) => JSON.parse(r.body) as EventBody);

    it('writes at most AUTH_EVENTS_PER_WINDOW events in a window however many addresses fail, and logs the rest', async () => {
      let t = 0;
      const { lines, log } = recordingLog();
      const attempts = failedAttempts({
        db: store.db, eventChains: 4, scope: 'system-api', log, now: () => t,
        limits: loadAuthLimits({ AUTH_EVENTS_PER_WINDOW: '5', AUTH_FAILURES_PER_ADDRESS: '2' }),
      });
      const before = (await events()).length;
      for (let i = 0; i < 40; i++) {
        await attempts.failed({ address: `2001:db8:${i.toString(16)}::1`, systemId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }, { type: 'SYSTEM_AUTHENTICATION_FAILED', data: { systemId: 'x' } });
      }
      assert.equal((await events()).length - before, 5);
      assert.equal(lines.filter((l) => l.level === 'warn' && /budget/.test(l.message)).length, 1);
      assert.ok(lines.filter((l) => l.level === 'info').length >= 35, 'the others are logged');

      t += 60_000;
      await attempts.failed({ address: '203.0.113.1' }, { type: 'SYSTEM_AUTHENTICATION_FAILED', data: { systemId: null } });
      assert.equal((await events()).length - before, 6, 'a new window, a new budget');
      assert.equal((await verifyEvents(store.db)).ok, true);
    });

    it('refuses a key until its lock-out has passed, on the injected clock', async () => {
      let t = 1_000_000;
      const { log } = recordingLog();
      const attempts = failedAttempts({
        db: store.db, eventChains: 4, scope: 'portal-login', log, now: () => t,
        limits: loadAuthLimits({ AUTH_FAILURES_PER_ADDRESS: '2' }),
      });
      const attempt = { address: '2001:db8:aa:bb::1' };
      await attempts.failed(attempt, { type: 'LOGIN_FAILED', data: { reason: 'STATE_MISMATCH' } });
      assert.equal(attempts.retryAfterSeconds(attempt), 0);
      await attempts.failed(attempt, { type: 'LOGIN_FAILED', data: { reason: 'STATE_MISMATCH' } });
      assert.equal(attempts.retryAfterSeconds(attempt), 60);
      assert.equal(attempts.retryAfterSeconds({ address: '2001:db8:aa:bb:ffff::9' }), 60, 'the same /64');
      assert.equal(attempts.retryAfterSeconds({ address: '2001:db8:aa:bc::1' }), 0, 'another /64');
      t += 59_001;
      assert.equal(attempts.retryAfterSeconds(attempt), 1);
      t += 999;
      assert.equal(attempts.retryAfterSeconds(attempt), 0);
      const throttled = (await events()).filter((e) => e.type === 'AUTHENTICATION_THROTTLED' && e.actor === 'address:2001:db8:aa:bb::1');
      assert.deepEqual(throttled.map((e) => e.data), [{ scope: 'portal-login', address: '2001:db8:aa:bb::/64', lockedSeconds: 60 }]);
    });
  });
}
