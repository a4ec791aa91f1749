import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { appendEvents, ensureEventChains, openStore, verifyEvents, type Store } from '../../src/store/index.ts';
import { testDatabases } from '../helpers/databases.ts';

for (const database of testDatabases()) {
  describe(`event hash chain (${database.name})`, () => {
    let store: Store;
    let target: ReturnType<typeof database.config>;
    before(async () => {
      target = database.config();
      store = await openStore({ ...target.config, ...(target.schema ? { schema: target.schema } : {}) });
      await ensureEventChains(store.db, 4);
    });
    after(async () => { await store.close(); await target.drop(); });

    const messageIds = ['6f1c4d8e-2b7a-4c1e-9f3d-1a2b3c4d5e6f', '0b7e7c2a-5d4e-4f6a-8b9c-0d1e2f3a4b5c', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'];

    it('chains concurrent appends without gaps and verifies them', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => store.db.transaction().execute((trx) => appendEvents(trx, 4, [
        { type: 'MEMO_SEND_RECEIVED', actor: 'system:test', messageId: messageIds[i % 3]!, data: { n: i } },
        { type: 'MEMO_SEND_VALIDATED', actor: 'system:test', messageId: messageIds[i % 3]! },
      ]))));
      const result = await verifyEvents(store.db);
      assert.equal(result.ok, true, JSON.stringify(result.problems));
      assert.equal(result.events, 80);
    });

    it('detects an edited event', async () => {
      const victim = await store.db.selectFrom('event').select(['chain', 'seq', 'body']).orderBy('chain').orderBy('seq').limit(1).executeTakeFirstOrThrow();
      await store.db.updateTable('event').set({ body: victim.body.replace('"n":', '"n":1') })
        .where('chain', '=', victim.chain).where('seq', '=', victim.seq).execute();
      const result = await verifyEvents(store.db);
      assert.equal(result.ok, false);
      assert.ok(result.problems.some((p) => p.chain === victim.chain && Number(p.seq) === Number(victim.seq) && /hash/.test(p.problem)));
      await store.db.updateTable('event').set({ body: victim.body }).where('chain', '=', victim.chain).where('seq', '=', victim.seq).execute();
      assert.equal((await verifyEvents(store.db)).ok, true);
    });

    it('detects an event whose indexed columns were changed', async () => {
      const victim = await store.db.selectFrom('event').select(['chain', 'seq', 'type']).orderBy('chain').orderBy('seq').limit(1).executeTakeFirstOrThrow();
      await store.db.updateTable('event').set({ type: 'BUSINESS_RECEIPT_RECEIVED' }).where('chain', '=', victim.chain).where('seq', '=', victim.seq).execute();
      assert.ok((await verifyEvents(store.db)).problems.some((p) => /indexed columns/.test(p.problem)));
      await store.db.updateTable('event').set({ type: victim.type }).where('chain', '=', victim.chain).where('seq', '=', victim.seq).execute();
    });

    it('detects a deleted event in the middle and at the end of a chain', async () => {
      const chain = (await store.db.selectFrom('event').select('chain').where('seq', '>=', 3).limit(1).executeTakeFirstOrThrow()).chain;
      await sql`delete from event where chain = ${chain} and seq = 2`.execute(store.db);
      const middle = await verifyEvents(store.db);
      assert.ok(middle.problems.some((p) => p.chain === chain && /missing/.test(p.problem)), JSON.stringify(middle.problems));
      const last = await store.db.selectFrom('event').select(({ fn }) => fn.max('seq').as('seq')).where('chain', '=', chain).executeTakeFirstOrThrow();
      await sql`delete from event where chain = ${chain} and seq = ${last.seq}`.execute(store.db);
      const end = await verifyEvents(store.db);
      assert.ok(end.problems.some((p) => p.chain === chain && /deleted at the end/.test(p.problem)), JSON.stringify(end.problems));
    });
  });
}
