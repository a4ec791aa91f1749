import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { organisationIdByCvr, verifyEvents } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import type { TestSession } from '../helpers/session.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, login, snapshot, type Person } from '../portal/helpers.ts';
import { eventsOf, memberOf } from './organisation-helpers.ts';

/**
 * Standard and extended (src/admin/organisation.ts): every extended feature is refused at the
 * standard level and works at the extended one; switching either way keeps every letter.
 */
for (const database of testDatabases()) {
  describe(`the mailbox's level: standard and extended (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let mette: Person;
    let company: string;
    before(async () => {
      kuvert = await startTestKuvert(database);
      mette = await login(kuvert.app, kuvert.store.db, 'demo-employee-mette');
      company = (await organisationIdByCvr(kuvert.store.db, DEMO.company.cvr))!;
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const level = (who: TestSession, to: string) =>
      api(app(), who, 'PUT', `/api/admin/organisations/${company}/level`, { level: to });
    /** Mette gives Ole (a reader) access to these folders only */
    const limitOle = async (folderIds: string[]) => {
      const ole = await login(app(), db(), 'demo-employee-ole');
      return { ole, answer: await api(app(), mette, 'PUT', `/api/admin/organisations/${company}/people/${ole.userId}`, { role: 'reader', folderIds }) };
    };
    const foldersUrl = () => `/api/mailboxes/${mette.mailboxId}/folders`;
    /** every letter of the mailbox with the folder it is in */
    const letters = async () => db().selectFrom('message_state').select(['message_id', 'folder_id']).where('mailbox_id', '=', mette.mailboxId)
      .orderBy('message_id').execute();

    it('in extended, own folders can be made and renamed, and people limited to folders', async () => {
      const made = await api(app(), mette, 'POST', foldersUrl(), { name: 'Projekter' });
      assert.equal(made.status, 201, made.text);
      const renamed = await api(app(), mette, 'PATCH', `${foldersUrl()}/${made.body.id}`, { name: 'Projekter 2026' });
      assert.equal(renamed.status, 200, renamed.text);
      const { ole, answer } = await limitOle([mette.folders['Løn']!, made.body.id]);
      assert.equal(answer.status, 200, answer.text);
      const seen = (await api(app(), ole, 'GET', `/api/mailboxes/${ole.mailboxId}/folders`)).body.folders.map((f: { name: string }) => f.name);
      assert.deepEqual(seen.sort(), ['Løn', 'Projekter 2026'], 'Ole sees only the folders he is limited to');
      // back to Løn only, as the demo has him
      assert.equal((await limitOle([mette.folders['Løn']!])).answer.status, 200);
    });

    it('only a super-administrator switches the level', async () => {
      const admin = await memberOf(kuvert.ctx, company, 'admin');
      const refused = await level(admin, 'standard');
      assert.deepEqual([refused.status, refused.body.errorCode], [403, 'FORBIDDEN_ROLE']);
    });

    it('refuses to switch to standard while someone is limited to folders, naming them, and changes nothing', async () => {
      const before = await snapshot(db());
      const blocked = await level(mette, 'standard');
      assert.deepEqual([blocked.status, blocked.body.errorCode], [409, 'LEVEL_CHANGE_BLOCKED']);
      const ole = await db().selectFrom('app_user').select('id').where('name', '=', 'Ole Pedersen').executeTakeFirstOrThrow();
      assert.deepEqual(blocked.body.details, [{ userId: ole.id, name: 'Ole Pedersen', role: 'reader', folderIds: [mette.folders['Løn']] }]);
      assert.equal(await snapshot(db()), before);
    });

    it('switches to standard keeping every letter: letters in own folders move to Indbakke, the folders go', async () => {
      await db().updateTable('membership').set({ folder_ids: null }).where('folder_ids', 'is not', null).execute();
      const own = (await db().selectFrom('folder').select(['id', 'name']).where('mailbox_id', '=', mette.mailboxId).where('kind', '=', 'USER').execute());
      assert.equal(own.length, 3);
      const ids = [];
      for (const folder of own) {
        for (let i = 0; i < 2; i++) {
          const id = await deliver(app(), db(), letter({ label: `Til ${folder.name} ${i}` }));
          const moved = await api(app(), mette, 'PATCH', `/api/mailboxes/${mette.mailboxId}/messages/${id}`, { folderId: folder.id });
          assert.equal(moved.status, 200, moved.text);
          ids.push(id);
        }
      }
      const before = await letters();
      const inOwn = before.filter((l) => own.some((f) => f.id === l.folder_id));
      assert.equal(inOwn.length, 6);
      const messages = await db().selectFrom('message').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();

      const switched = await level(mette, 'standard');
      assert.equal(switched.status, 200, switched.text);
      assert.equal(switched.body.mailbox.level, 'standard');
      assert.deepEqual(switched.body.mailbox.folders, []);

      const after = await letters();
      assert.deepEqual(after.map((l) => l.message_id), before.map((l) => l.message_id), 'every letter is kept');
      const inbox = mette.folders.INBOX!;
      for (const l of after) {
        const was = before.find((b) => b.message_id === l.message_id)!;
        assert.equal(l.folder_id, inOwn.includes(was) ? inbox : was.folder_id);
      }
      assert.deepEqual(await db().selectFrom('message').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(), messages);
      const shown = (await api(app(), mette, 'GET', foldersUrl())).body.folders.map((f: { kind: string }) => f.kind);
      assert.deepEqual(shown, ['INBOX', 'SENT', 'DRAFTS', 'DELETED']);

      const moves = (await eventsOf(db(), 'MESSAGE_MOVED')).filter((e) => e.data.reason === 'MAILBOX_LEVEL_CHANGED');
      assert.deepEqual(moves.map((e) => e.messageId).sort(), inOwn.map((l) => l.message_id).sort(), 'each move is an event');
      assert.ok(moves.every((e) => e.actor === `user:${mette.userId}` && e.data.toFolderId === inbox));
      const removed = (await eventsOf(db(), 'FOLDER_DELETED')).filter((e) => e.data.reason === 'MAILBOX_LEVEL_CHANGED');
      assert.deepEqual(removed.map((e) => e.data.folderId).sort(), own.map((f) => f.id).sort());
      const changed = await eventsOf(db(), 'MAILBOX_LEVEL_CHANGED');
      assert.deepEqual(changed.map((e) => e.data), [{ organisationId: company, from: 'extended', to: 'standard', movedMessages: 6, removedFolders: 3 }]);
    });

    it('in standard, refuses every extended feature: own folders and per-folder access', async () => {
      const before = await snapshot(db());
      const made = await api(app(), mette, 'POST', foldersUrl(), { name: 'Nyt' });
      assert.deepEqual([made.status, made.body.errorCode], [403, 'EXTENDED_REQUIRED']);
      const renamed = await api(app(), mette, 'PATCH', `${foldersUrl()}/${mette.folders.INBOX}`, { name: 'Post' });
      assert.deepEqual([renamed.status, renamed.body.errorCode], [403, 'EXTENDED_REQUIRED']);
      const { answer: limited } = await limitOle([mette.folders.INBOX!]);
      assert.deepEqual([limited.status, limited.body.errorCode], [422, 'EXTENDED_REQUIRED']);
      assert.equal(await snapshot(db()), before);
      const same = await level(mette, 'standard');
      assert.equal(same.status, 200);
      assert.equal((await eventsOf(db(), 'MAILBOX_LEVEL_CHANGED')).length, 1, 'the same level again changes nothing');
    });

    it('switches back to extended keeping every letter, and extended features work again', async () => {
      const before = await letters();
      const switched = await level(mette, 'extended');
      assert.equal(switched.status, 200, switched.text);
      assert.equal(switched.body.mailbox.level, 'extended');
      assert.deepEqual(await letters(), before);
      const made = await api(app(), mette, 'POST', foldersUrl(), { name: 'BBR' });
      assert.equal(made.status, 201, made.text);
      assert.deepEqual((await eventsOf(db(), 'MAILBOX_LEVEL_CHANGED')).map((e) => e.data.to), ['standard', 'extended']);
      assert.equal((await verifyEvents(db())).ok, true);
    });
  });
}
