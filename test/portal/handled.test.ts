import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { organisationIdByCvr } from '../../src/store/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { eventsOf, memberOf } from '../admin/organisation-helpers.ts';
import { api, deliver, login, richLetter, snapshot, type Person } from './helpers.ts';

/**
 * A letter is handled apart from read (docs/emptying.md): in an organisation's mailbox whoever may see
 * it marks it handled or not handled through the portal's PATCH of a message (the rule of read and
 * unread); the list shows and filters it, the detail says who and when; each change is an event.
 */
for (const database of testDatabases()) {
  describe(`handled letters in the portal (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let mette: Person;
    let ole: Person;
    let jens: Person;
    let karen: Person;
    let bbrReader: Awaited<ReturnType<typeof memberOf>>;
    let inInbox: string;
    let inLoen: string;
    before(async () => {
      kuvert = await startTestKuvert(database, { emptyingCheckMinutes: 0 });
      const { app, store } = kuvert;
      [mette, ole, jens, karen] = [
        await login(app, store.db, 'demo-employee-mette'), await login(app, store.db, 'demo-employee-ole'),
        await login(app, store.db, 'demo-citizen-jens'), await login(app, store.db, 'demo-employee-karen'),
      ];
      const demoAps = (await organisationIdByCvr(store.db, DEMO.company.cvr))!;
      bbrReader = await memberOf(kuvert.ctx, demoAps, 'reader', [mette.folders.BBR!]);
      inInbox = await deliver(app, store.db, letter({ pNumber: '1012345678', label: 'Lønindberetning' }));
      inLoen = await deliver(app, store.db, letter({ pNumber: '1012345678', label: 'Lønsedler for marts' }));
      const moved = await api(app, mette, 'PATCH', `${base(mette)}/messages/${inLoen}`, { folderId: mette.folders.Løn });
      assert.equal(moved.status, 200, moved.text);
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (p: Person) => `/api/mailboxes/${p.mailboxId}`;
    const patch = (who: { headers: Record<string, string> } & Partial<Person>, messageId: string, body: object, mailboxId = mette.mailboxId) =>
      api(app(), who as Person, 'PATCH', `/api/mailboxes/${mailboxId}/messages/${messageId}`, body);

    it('is not handled when it arrives; an administrator marks it handled, apart from read, and the detail says who and when', async () => {
      const listed = await api(app(), mette, 'GET', `${base(mette)}/messages?folderId=${mette.folders.INBOX}`);
      const summary = listed.body.messages.find((m: { id: string }) => m.id === inInbox);
      assert.deepEqual([summary.handled, summary.read], [false, false]);

      const started = Date.now();
      const marked = await patch(mette, inInbox, { handled: true });
      assert.equal(marked.status, 200, marked.text);
      assert.deepEqual([marked.body.handled, marked.body.read], [true, false], 'handled does not mark it read');

      const detail = await api(app(), mette, 'GET', `${base(mette)}/messages/${inInbox}`);
      assert.equal(detail.status, 200);
      assert.deepEqual(detail.body.handledBy, { userId: mette.userId, name: 'Mette Nielsen' });
      const at = new Date(detail.body.handledAt).getTime();
      assert.ok(at >= started - 1000 && at <= Date.now() + 1000, `handledAt ${detail.body.handledAt}`);

      const events = await eventsOf(db(), 'MESSAGE_HANDLED', 'MESSAGE_UNHANDLED');
      assert.deepEqual(events.map((e) => [e.type, e.actor, e.messageId, e.mailboxId, e.data]), [
        ['MESSAGE_HANDLED', `user:${mette.userId}`, inInbox, mette.mailboxId, { folderId: mette.folders.INBOX }],
      ]);
      // asking for what already is writes nothing
      const before = await snapshot(db());
      assert.equal((await patch(mette, inInbox, { handled: true })).status, 200);
      assert.equal(await snapshot(db()), before);
    });

    it('a reader limited to Løn marks a letter there handled and not handled again, as they may mark it read and unread', async () => {
      const handled = await patch(ole, inLoen, { handled: true });
      assert.equal(handled.status, 200, handled.text);
      assert.equal(handled.body.handled, true);
      const unhandled = await patch(ole, inLoen, { handled: false });
      assert.deepEqual([unhandled.status, unhandled.body.handled], [200, false]);
      const detail = await api(app(), ole, 'GET', `${base(ole)}/messages/${inLoen}`);
      assert.deepEqual([detail.body.handledAt, detail.body.handledBy], [null, null]);
      const events = (await eventsOf(db(), 'MESSAGE_HANDLED', 'MESSAGE_UNHANDLED')).filter((e) => e.messageId === inLoen);
      assert.deepEqual(events.map((e) => [e.type, e.actor, e.data.folderId]), [
        ['MESSAGE_HANDLED', `user:${ole.userId}`, mette.folders.Løn],
        ['MESSAGE_UNHANDLED', `user:${ole.userId}`, mette.folders.Løn],
      ]);
    });

    it('others cannot: a letter in a folder one may not see, another mailbox, a citizen\'s own mailbox, no CSRF token — and nothing is written', async () => {
      const jensLetter = await deliver(app(), db(), richLetter({ label: 'Til Jens' }));
      const before = await snapshot(db());
      const cases: Array<[string, { status: number; body: { errorCode?: string } }, number, string]> = [
        ['Ole on a letter in Indbakke', await patch(ole, inInbox, { handled: true }), 404, 'MESSAGE_NOT_FOUND'],
        ['a reader of BBR on a letter in Løn', await patch(bbrReader, inLoen, { handled: true }), 404, 'MESSAGE_NOT_FOUND'],
        ['Karen (Kommunen) in Demo ApS\'s mailbox', await patch(karen, inLoen, { handled: true }), 404, 'MAILBOX_NOT_FOUND'],
        ['Jens in Demo ApS\'s mailbox', await patch(jens, inLoen, { handled: true }), 404, 'MAILBOX_NOT_FOUND'],
        ['Mette naming Jens\'s letter in Demo ApS\'s mailbox', await patch(mette, jensLetter, { handled: true }), 404, 'MESSAGE_NOT_FOUND'],
        ['an unknown letter', await patch(mette, randomUUID(), { handled: true }), 404, 'MESSAGE_NOT_FOUND'],
        ['Jens in his own mailbox', await patch(jens, jensLetter, { handled: true }, jens.mailboxId), 403, 'HANDLED_NOT_AVAILABLE'],
        ['without the CSRF token', await patch({ headers: { cookie: mette.headers.cookie! } }, inLoen, { handled: true }), 403, 'CSRF_TOKEN_INVALID'],
        ['not a boolean', await patch(mette, inLoen, { handled: 'yes' }), 400, 'REQUEST_INVALID'],
      ];
      for (const [what, answer, status, code] of cases) assert.deepEqual([answer.status, answer.body.errorCode], [status, code], what);
      assert.equal(await snapshot(db()), before);
    });

    it('the list filters letters not handled ("ikke behandlet") and handled, also in a search', async () => {
      const folder = `${base(mette)}/messages?folderId=${mette.folders.INBOX}`;
      const ids = async (url: string) => {
        const page = await api(app(), mette, 'GET', url);
        assert.equal(page.status, 200, page.text);
        return page.body.messages.map((m: { id: string; handled: boolean }) => [m.id, m.handled]);
      };
      const another = await deliver(app(), db(), letter({ pNumber: '1012345678', label: 'Lønindberetning april' }));
      const notHandled = await ids(`${folder}&handled=false`);
      assert.ok(notHandled.some(([id]: [string]) => id === another));
      assert.ok(!notHandled.some(([id]: [string]) => id === inInbox), 'the handled one is left out');
      assert.ok(notHandled.every(([, handled]: [string, boolean]) => !handled));
      assert.deepEqual(await ids(`${folder}&handled=true`), [[inInbox, true]]);
      assert.deepEqual(await ids(`${folder}&handled=false&q=${encodeURIComponent('lønindberetning')}`), [[another, false]]);
      assert.deepEqual(await ids(`${folder}&handled=true&q=${encodeURIComponent('lønindberetning')}`), [[inInbox, true]]);
      await deliver(app(), db(), letter({ pNumber: '1012345678', label: 'Kontoudtog' }));
      const paged = await api(app(), mette, 'GET', `${folder}&handled=false&limit=1`);
      assert.equal(paged.body.messages.length, 1);
      assert.ok(paged.body.nextCursor, 'a second letter not handled');
      const next = await api(app(), mette, 'GET', `${folder}&handled=false&limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`);
      assert.equal(next.status, 200);
      assert.ok(next.body.messages.every((m: { id: string; handled: boolean }) => !m.handled && m.id !== paged.body.messages[0].id));
      const wrong = await api(app(), mette, 'GET', `${folder}&handled=maybe`);
      assert.deepEqual([wrong.status, wrong.body.errorCode], [400, 'REQUEST_INVALID']);
    });
  });
}
