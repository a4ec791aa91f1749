import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventsOfMessage } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, loginDemoPeople, richLetter, snapshot, type Person } from './helpers.ts';

for (const database of testDatabases()) {
  describe(`portal: restoring from Slettet (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let jens: Person;
    let anne: Person;
    let mette: Person;
    let ole: Person;
    before(async () => {
      kuvert = await startTestKuvert(database);
      const { app, store } = kuvert;
      ({ jens, anne, mette, ole } = await loginDemoPeople(app, store.db));
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (p: Person) => `/api/mailboxes/${p.mailboxId}`;

    it('puts a deleted message back in the folder it came from, as a MESSAGE_MOVED event', async () => {
      const folder = (await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'Skat' })).body;
      const id = await deliver(app(), db(), richLetter({ label: 'Årsopgørelse' }));
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: folder.id });
      const deleted = await api(app(), jens, 'DELETE', `${base(jens)}/messages/${id}`);
      assert.deepEqual(deleted.body, { permanent: false, folderId: jens.folders.DELETED });

      const restored = await api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`);
      assert.equal(restored.status, 200);
      assert.deepEqual(restored.body, { folderId: folder.id });
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/messages/${id}`)).body.folderId, folder.id);
      const events = (await eventsOfMessage(db(), id)).filter((e) => e.type === 'MESSAGE_MOVED' || e.type === 'MESSAGE_DELETED');
      const last = events.at(-1)!;
      assert.equal(last.type, 'MESSAGE_MOVED');
      assert.deepEqual(last.data, { fromFolderId: jens.folders.DELETED, toFolderId: folder.id, reason: 'RESTORED' });
      assert.equal(last.actor, `user:${jens.userId}`);

      // not in Slettet (any more): refused, nothing written
      const before = await snapshot(db());
      const again = await api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`);
      assert.deepEqual([again.status, again.body.errorCode], [409, 'MESSAGE_NOT_DELETED']);
      assert.equal(await snapshot(db()), before);
    });

    it('remembers the folder also when the message was moved into Slettet (PATCH folderId), and forgets it once moved out', async () => {
      const folder = (await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'Bolig' })).body;
      const id = await deliver(app(), db(), richLetter({ label: 'Huslejekontrakt' }));
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: folder.id });
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: jens.folders.DELETED });
      assert.deepEqual((await api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`)).body, { folderId: folder.id });
      // moved into Slettet from Bolig, then out to Indbakke by hand, then deleted from there: back to Indbakke
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: jens.folders.DELETED });
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: jens.folders.INBOX });
      await api(app(), jens, 'DELETE', `${base(jens)}/messages/${id}`);
      assert.deepEqual((await api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`)).body, { folderId: jens.folders.INBOX });
    });

    it('restores to Indbakke when the folder it came from is gone', async () => {
      const folder = (await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'Midlertidig' })).body;
      const id = await deliver(app(), db(), richLetter({ label: 'Kvittering' }));
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: folder.id });
      await api(app(), jens, 'DELETE', `${base(jens)}/messages/${id}`);
      assert.equal((await api(app(), jens, 'DELETE', `${base(jens)}/folders/${folder.id}`)).status, 204, 'an empty folder can go');
      assert.deepEqual((await api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`)).body, { folderId: jens.folders.INBOX });
    });

    it('keeps the access rules: 404 for others, 404 FOLDER_NOT_FOUND for a member who does not see Slettet, and the origin only if still visible', async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Kun til Jens' }));
      await api(app(), jens, 'DELETE', `${base(jens)}/messages/${id}`);
      const before = await snapshot(db());
      assert.deepEqual((await api(app(), anne, 'POST', `${base(jens)}/messages/${id}/restore`)).body.errorCode, 'MAILBOX_NOT_FOUND');
      assert.deepEqual((await api(app(), anne, 'POST', `${base(anne)}/messages/${id}/restore`)).body.errorCode, 'MESSAGE_NOT_FOUND');
      assert.equal(await snapshot(db()), before);

      // the company: Mette deletes a letter from Løn; Ole (limited to Løn) does not see Slettet
      const lon = await deliver(app(), db(), letter({ label: 'Løn for april' }));
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${lon}`, { folderId: mette.folders['Løn'] });
      await api(app(), mette, 'DELETE', `${base(mette)}/messages/${lon}`);
      const limited = await api(app(), ole, 'POST', `${base(ole)}/messages/${lon}/restore`);
      assert.deepEqual([limited.status, limited.body.errorCode], [404, 'MESSAGE_NOT_FOUND'], 'in Slettet he does not see it at all');
      assert.deepEqual((await api(app(), mette, 'POST', `${base(mette)}/messages/${lon}/restore`)).body, { folderId: mette.folders['Løn'] });
    });

    it('answers 409 MESSAGE_MOVED when the message left Slettet meanwhile', async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Flyttet imens' }));
      await api(app(), jens, 'DELETE', `${base(jens)}/messages/${id}`);
      // a second tab puts it back first
      const [first, second] = await Promise.all([
        api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`),
        api(app(), jens, 'POST', `${base(jens)}/messages/${id}/restore`),
      ]);
      const statuses = [first.status, second.status].sort();
      assert.equal(statuses[0], 200);
      assert.equal(statuses[1], 409);
      assert.ok(['MESSAGE_MOVED', 'MESSAGE_NOT_DELETED'].includes(first.status === 409 ? first.body.errorCode : second.body.errorCode));
      const moves = (await eventsOfMessage(db(), id)).filter((e) => e.type === 'MESSAGE_MOVED');
      assert.equal(moves.length, 1, 'one restore, one event');
    });
  });
}
