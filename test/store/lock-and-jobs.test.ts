import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataDirLockedError, enqueueJobs, openStore, retryDeadJob, runDueJobs, type Store } from '../../src/store/index.ts';
import { testDatabases } from '../helpers/databases.ts';

describe('the PGlite data folder lock', () => {
  it('refuses a second opener of the same folder with a clear error, and takes over a stale lock', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kuvert-lock-'));
    try {
      const first = await openStore({ databaseUrl: undefined, dataDir, dbPoolSize: 1 });
      try {
        await assert.rejects(openStore({ databaseUrl: undefined, dataDir, dbPoolSize: 1 }), (err: unknown) => {
          assert.ok(err instanceof DataDirLockedError);
          assert.match((err as Error).message, /in use by another Kuvert process/);
          return true;
        });
        const other = spawnSync(process.execPath, ['--import', 'tsx', '-e',
          `import('./src/store/index.ts').then(s => s.openStore({ dataDir: ${JSON.stringify(dataDir)}, dbPoolSize: 1 })).then(() => process.exit(0), (e) => { console.error(e.code); process.exit(3); })`],
        { encoding: 'utf8' });
        assert.equal(other.status, 3, other.stderr);
        assert.match(other.stderr, /DATA_DIR_LOCKED/);
      } finally {
        await first.close();
      }
      writeFileSync(join(dataDir, 'kuvert.lock'), '999999');
      const again = await openStore({ databaseUrl: undefined, dataDir, dbPoolSize: 1 });
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

for (const database of testDatabases()) {
  describe(`jobs (${database.name})`, () => {
    let store: Store;
    let target: ReturnType<typeof database.config>;
    before(async () => {
      target = database.config();
      store = await openStore({ ...target.config, ...(target.schema ? { schema: target.schema } : {}) });
    });
    after(async () => { await store.close(); await target.drop(); });

    it('commits a job only with its transaction', async () => {
      await assert.rejects(store.db.transaction().execute(async (trx) => {
        await enqueueJobs(trx, [{ kind: 'test.rolled-back', payload: {} }]);
        throw new Error('abort');
      }));
      assert.equal((await store.db.selectFrom('job').select('id').where('kind', '=', 'test.rolled-back').execute()).length, 0);
    });

    it('retries a failing job with backoff, then parks it as dead with the reason, and can retry it', async () => {
      await enqueueJobs(store.db, [{ kind: 'test.flaky', payload: { n: 1 }, maxAttempts: 2 }]);
      let calls = 0;
      const handlers = { 'test.flaky': async () => { calls += 1; throw new Error('remote said 451 try later'); } };
      assert.equal(await runDueJobs(store.db, handlers), 1);
      let job = await store.db.selectFrom('job').selectAll().where('kind', '=', 'test.flaky').executeTakeFirstOrThrow();
      assert.equal(job.state, 'pending');
      assert.ok(new Date(job.run_at).getTime() > Date.now() + 3000, 'backs off');
      assert.equal(await runDueJobs(store.db, handlers), 0, 'not due yet');
      await store.db.updateTable('job').set({ run_at: new Date() }).where('id', '=', job.id).execute();
      await runDueJobs(store.db, handlers);
      job = await store.db.selectFrom('job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      assert.equal(job.state, 'dead');
      assert.equal(job.last_error, 'remote said 451 try later');
      assert.equal(calls, 2);
      assert.equal(await retryDeadJob(store.db, job.id), true);
      await runDueJobs(store.db, { 'test.flaky': async () => {} });
      assert.equal((await store.db.selectFrom('job').select('state').where('id', '=', job.id).executeTakeFirstOrThrow()).state, 'done');
    });

    it('takes over a job whose worker died (lease expired)', async () => {
      await enqueueJobs(store.db, [{ kind: 'test.orphan', payload: {} }]);
      await store.db.updateTable('job').set({ state: 'running', locked_until: new Date(Date.now() - 1000) }).where('kind', '=', 'test.orphan').execute();
      let ran = false;
      await runDueJobs(store.db, { 'test.orphan': async () => { ran = true; } });
      assert.equal(ran, true);
    });
  });
}
