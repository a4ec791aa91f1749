import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, loginDemoPeople, messageForm, richLetter, snapshot, type Person } from './helpers.ts';

const BORGERSERVICE = '44444444-4444-4444-8444-444444444401';

for (const database of testDatabases()) {
  describe(`portal drafts (${database.name})`, () => {
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
    const kladder = async (p: Person) => (await api(app(), p, 'GET', `${base(p)}/folders`)).body.folders.find((f: { kind: string }) => f.kind === 'DRAFTS');

    it('saves a new message as a draft, lists it in Kladder with its count, saves it again, and discards it', async () => {
      const before = await kladder(jens);
      const events = await snapshot(db());
      const created = await api(app(), jens, 'POST', `${base(jens)}/drafts`, { kind: 'message', contactPointId: BORGERSERVICE, label: 'Om min ansøgning', text: 'Kære kommune' });
      assert.equal(created.status, 201);
      assert.equal(created.body.kind, 'message');
      assert.equal(created.body.label, 'Om min ansøgning');
      assert.equal(created.body.text, 'Kære kommune');
      assert.equal(created.body.contactPointId, BORGERSERVICE);
      assert.match(created.body.recipientName, /^Borgerservice \(Kommunen\)$/);
      assert.equal(await snapshot(db()), events, 'a draft is no message: no event, no state');
      assert.equal((await kladder(jens)).total, before.total + 1);

      const id = created.body.id;
      const saved = await api(app(), jens, 'PUT', `${base(jens)}/drafts/${id}`, { text: 'Kære kommune\r\nJeg skriver om' });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.text, 'Kære kommune\nJeg skriver om');
      assert.equal(saved.body.label, 'Om min ansøgning', 'the title is kept when not given');
      assert.ok(saved.body.updatedAt >= created.body.updatedAt);
      const cleared = await api(app(), jens, 'PUT', `${base(jens)}/drafts/${id}`, { contactPointId: null, label: '', text: 'x' });
      assert.deepEqual([cleared.body.contactPointId, cleared.body.recipientName, cleared.body.label], [null, null, '']);

      const list = (await api(app(), jens, 'GET', `${base(jens)}/drafts`)).body.drafts;
      assert.equal(list[0].id, id);
      assert.equal(list[0].text, undefined, 'the list does not carry the text');
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/drafts/${id}`)).body.text, 'x');

      assert.equal((await api(app(), jens, 'DELETE', `${base(jens)}/drafts/${id}`)).status, 204);
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/drafts/${id}`)).body.errorCode, 'DRAFT_NOT_FOUND');
      assert.equal((await kladder(jens)).total, before.total);
    });

    it("keeps one reply draft per message, finds it by the message, and refuses a message you do not see with 404", async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Partshøring', reply: true }));
      const first = await api(app(), jens, 'POST', `${base(jens)}/drafts`, { kind: 'reply', messageId: id, text: 'Jeg er uenig' });
      assert.equal(first.status, 201);
      assert.deepEqual([first.body.kind, first.body.label, first.body.replyToMessageId, first.body.recipientName], ['reply', 'Partshøring', id, 'Kommunen']);
      const again = await api(app(), jens, 'POST', `${base(jens)}/drafts`, { kind: 'reply', messageId: id.toUpperCase(), text: 'Jeg er meget uenig' });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id, 'the same draft');
      const found = (await api(app(), jens, 'GET', `${base(jens)}/drafts?replyTo=${id}`)).body.drafts;
      assert.deepEqual(found.map((d: { id: string }) => d.id), [first.body.id]);
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/drafts/${first.body.id}`)).body.text, 'Jeg er meget uenig');

      // Anne does not see Jens's letter, nor his draft
      const foreign = await api(app(), anne, 'POST', `${base(anne)}/drafts`, { kind: 'reply', messageId: id, text: 'x' });
      assert.deepEqual([foreign.status, foreign.body.errorCode], [404, 'MESSAGE_NOT_FOUND']);
      assert.equal((await api(app(), anne, 'GET', `${base(anne)}/drafts/${first.body.id}`)).body.errorCode, 'DRAFT_NOT_FOUND');
      assert.equal((await api(app(), anne, 'GET', `${base(jens)}/drafts/${first.body.id}`)).body.errorCode, 'MAILBOX_NOT_FOUND');
      assert.deepEqual((await api(app(), anne, 'GET', `${base(anne)}/drafts?replyTo=${id}`)).body.drafts, []);
      assert.equal((await api(app(), anne, 'DELETE', `${base(anne)}/drafts/${first.body.id}`)).status, 404);
      assert.equal((await api(app(), anne, 'PUT', `${base(anne)}/drafts/${first.body.id}`, { text: 'hijack' })).status, 404);
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/drafts/${first.body.id}`)).body.text, 'Jeg er meget uenig', 'untouched');

      // sent: the web app discards the draft, and the reply is sent as usual (MESSAGE_SENT and so on)
      assert.equal((await api(app(), jens, 'POST', `${base(jens)}/messages/${id}/reply`, messageForm({ text: 'Jeg er meget uenig' }))).status, 201);
      assert.equal((await api(app(), jens, 'DELETE', `${base(jens)}/drafts/${first.body.id}`)).status, 204);
    });

    it("shows an employee's draft to no colleague, and a reply draft only while its author sees the message", async () => {
      // Ole becomes a writer limited to Løn: he may reply to what he sees there, not write new messages
      await db().updateTable('membership').set({ role: 'writer' }).where('user_id', '=', ole.userId).execute();
      const lon = await deliver(app(), db(), letter({ label: 'Lønseddel', reply: true }));
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${lon}`, { folderId: mette.folders['Løn'] });

      const mettes = await api(app(), mette, 'POST', `${base(mette)}/drafts`, { kind: 'message', contactPointId: BORGERSERVICE, label: 'Intern sag', text: 'Fortroligt' });
      assert.equal(mettes.status, 201);
      const oles = await api(app(), ole, 'POST', `${base(ole)}/drafts`, { kind: 'reply', messageId: lon, text: 'Tak for lønsedlen' });
      assert.equal(oles.status, 201);
      const newMessage = await api(app(), ole, 'POST', `${base(ole)}/drafts`, { kind: 'message', contactPointId: null, label: 'x', text: 'y' });
      assert.deepEqual([newMessage.status, newMessage.body.errorCode], [403, 'FORBIDDEN_ROLE'], 'a folder-limited writer writes no new message');

      assert.deepEqual((await api(app(), ole, 'GET', `${base(ole)}/drafts`)).body.drafts.map((d: { id: string }) => d.id), [oles.body.id]);
      assert.ok(!(await api(app(), mette, 'GET', `${base(mette)}/drafts`)).body.drafts.some((d: { id: string }) => d.id === oles.body.id));
      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/drafts/${mettes.body.id}`)).body.errorCode, 'DRAFT_NOT_FOUND');
      assert.equal((await api(app(), mette, 'GET', `${base(mette)}/drafts/${oles.body.id}`)).body.errorCode, 'DRAFT_NOT_FOUND');

      // the letter leaves Løn: Ole no longer sees it, nor his draft of a reply to it; back in Løn, it is his again
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${lon}`, { folderId: mette.folders.INBOX });
      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/drafts/${oles.body.id}`)).status, 404);
      assert.equal((await api(app(), ole, 'PUT', `${base(ole)}/drafts/${oles.body.id}`, { text: 'z' })).status, 404);
      assert.deepEqual((await api(app(), ole, 'GET', `${base(ole)}/drafts`)).body.drafts, []);
      assert.equal((await kladder(ole))?.total ?? 0, 0);
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${lon}`, { folderId: mette.folders['Løn'] });
      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/drafts/${oles.body.id}`)).body.text, 'Tak for lønsedlen');

      // made a reader: his draft is kept, but not shown while he may not reply
      await db().updateTable('membership').set({ role: 'reader' }).where('user_id', '=', ole.userId).execute();
      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/drafts/${oles.body.id}`)).status, 404);
      assert.equal((await api(app(), ole, 'POST', `${base(ole)}/drafts`, { kind: 'reply', messageId: lon, text: 'x' })).body.errorCode, 'FORBIDDEN_ROLE');
      assert.equal((await api(app(), ole, 'DELETE', `${base(ole)}/drafts/${oles.body.id}`)).status, 204, 'he may discard his own text');
      await api(app(), mette, 'DELETE', `${base(mette)}/drafts/${mettes.body.id}`);
    });

    it('refuses bad drafts with clear codes and stores nothing', async () => {
      const count = async () => Number((await db().selectFrom('draft').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const bad: Array<[unknown, number, string]> = [
        [{ kind: 'message', contactPointId: null, label: 'x'.repeat(257), text: '' }, 400, 'REQUEST_INVALID'],
        [{ kind: 'message', contactPointId: null, label: '', text: 'x'.repeat(100_001) }, 400, 'REQUEST_INVALID'],
        [{ kind: 'message', contactPointId: null, label: 'a\u0007b', text: '' }, 400, 'DRAFT_INVALID'],
        [{ kind: 'message', contactPointId: null, label: '', text: 'nul\u0000' }, 400, 'DRAFT_INVALID'],
        [{ kind: 'message', contactPointId: '44444444-4444-4444-8444-999999999999', label: '', text: '' }, 404, 'CONTACT_POINT_NOT_FOUND'],
        [{ kind: 'reply', messageId: 'not-a-uuid', text: '' }, 400, 'REQUEST_INVALID'],
        [{ kind: 'other', text: '' }, 400, 'REQUEST_INVALID'],
        [{ kind: 'message', label: '', text: '', extra: 1 }, 400, 'REQUEST_INVALID'],
      ];
      for (const [body, status, code] of bad) {
        const response = await api(app(), jens, 'POST', `${base(jens)}/drafts`, body);
        assert.deepEqual([response.status, response.body.errorCode], [status, code], JSON.stringify(body).slice(0, 80));
      }
      const noCsrf = await app().inject({ method: 'POST', url: `${base(jens)}/drafts`, headers: { cookie: jens.headers.cookie! }, payload: { kind: 'message', contactPointId: null, label: '', text: '' } });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(await count(), before);

      // at most 100 drafts per person and mailbox
      const values = Array.from({ length: 100 }, () => ({ mailbox_id: anne.mailboxId, author_id: anne.userId, kind: 'message' as const, contact_point_id: null, reply_to_message_id: null }));
      await db().insertInto('draft').values(values).execute();
      const full = await api(app(), anne, 'POST', `${base(anne)}/drafts`, { kind: 'message', contactPointId: null, label: '', text: '' });
      assert.deepEqual([full.status, full.body.errorCode], [409, 'DRAFT_LIMIT_REACHED']);
      assert.equal((await kladder(anne)).total, 100);
      await db().deleteFrom('draft').where('author_id', '=', anne.userId).execute();
    });
  });
}
