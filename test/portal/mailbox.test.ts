import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { eventsOfMessage, verifyEvents } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, loginDemoPeople, messageForm, richLetter, snapshot, type Person } from './helpers.ts';

for (const database of testDatabases()) {
  describe(`portal mailboxes (${database.name})`, () => {
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
    const eventTypes = async (messageId: string) => (await eventsOfMessage(db(), messageId)).map((e) => e.type);

    it('shows mail sent through /apis/v1 in the right mailbox, with counts', async () => {
      const before = (await api(app(), jens, 'GET', `${base(jens)}/folders`)).body.folders;
      assert.deepEqual(before.map((f: { kind: string; name: string }) => [f.kind, f.name]),
        [['INBOX', 'Indbakke'], ['SENT', 'Sendt'], ['DRAFTS', 'Kladder'], ['DELETED', 'Slettet']]);
      const inboxBefore = before.find((f: { kind: string }) => f.kind === 'INBOX');

      const id = await deliver(app(), db(), richLetter({ label: 'Velkommen til Kuvert', text: 'Din ansøgning om parkeringstilladelse er modtaget.' }));
      const folders = (await api(app(), jens, 'GET', `${base(jens)}/folders`)).body.folders;
      const inbox = folders.find((f: { kind: string }) => f.kind === 'INBOX');
      assert.equal(inbox.total, inboxBefore.total + 1);
      assert.equal(inbox.unread, inboxBefore.unread + 1);

      const list = await api(app(), jens, 'GET', `${base(jens)}/messages?folderId=${jens.folders.INBOX}`);
      assert.equal(list.status, 200);
      const summary = list.body.messages[0];
      assert.equal(summary.id, id);
      assert.equal(summary.label, 'Velkommen til Kuvert');
      assert.equal(summary.senderName, 'Kommunen');
      assert.equal(summary.read, false);
      assert.equal(summary.flagged, false);
      assert.equal(summary.folderId, jens.folders.INBOX);
      assert.equal(summary.threadId, id);
      assert.equal(summary.attachmentCount, 0);

      // not in Anne's mailbox, and a company letter goes to Demo ApS with its P-number
      assert.ok(!(await api(app(), anne, 'GET', `${base(anne)}/messages`)).body.messages.some((m: { id: string }) => m.id === id));
      const companyLetter = letter({ pNumber: '1012345678', label: 'Momsangivelse' });
      const companyId = await deliver(app(), db(), companyLetter);
      const company = (await api(app(), mette, 'GET', `${base(mette)}/messages`)).body.messages;
      assert.equal(company[0].id, companyId);
      assert.equal(company[0].pNumber, '1012345678');
      assert.equal(company[0].attachmentCount, 0);
    });

    it('pages through a folder newest first with an opaque cursor', async () => {
      const folder = (await api(app(), anne, 'POST', `${base(anne)}/folders`, { name: 'Paging' })).body;
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const id = await deliver(app(), db(), richLetter({ recipient: { id: '0101904321', type: 'CPR' }, label: `Brev ${i}` }));
        ids.push(id);
        assert.equal((await api(app(), anne, 'PATCH', `${base(anne)}/messages/${id}`, { folderId: folder.id })).status, 200);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { status: number; body: { messages: Array<{ id: string; receivedAt: string }>; nextCursor: string | null } } =
          await api(app(), anne, 'GET', `${base(anne)}/messages?folderId=${folder.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.messages.length <= 3);
        seen.push(...page.body.messages.map((m) => m.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...ids].reverse(), 'every message once, newest first');

      const bad = await api(app(), anne, 'GET', `${base(anne)}/messages?cursor=bm90LWEtY3Vyc29y`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errorCode, 'CURSOR_INVALID');
    });

    it('keeps messages with the same arrival time apart in the keyset', async () => {
      const folder = (await api(app(), anne, 'POST', `${base(anne)}/folders`, { name: 'Samtidig' })).body;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await deliver(app(), db(), richLetter({ recipient: { id: '0101904321', type: 'CPR' }, label: `Samtidig ${i}` }));
        await api(app(), anne, 'PATCH', `${base(anne)}/messages/${id}`, { folderId: folder.id });
        ids.push(id);
      }
      const at = new Date('2026-03-01T12:00:00.123456Z');
      await db().updateTable('message_state').set({ created_at: at.toISOString() } as never).where('mailbox_id', '=', anne.mailboxId).where('message_id', 'in', ids).execute();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { messages: Array<{ id: string }>; nextCursor: string | null } } =
          await api(app(), anne, 'GET', `${base(anne)}/messages?folderId=${folder.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.messages.map((m) => m.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual([...seen].sort(), [...ids].sort());
      assert.equal(new Set(seen).size, 5);
    });

    it('searches title, sender and text content, across visible folders or in one', async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Besked om affald', text: 'Storskraldet hentes fremover hver torsdag i lige uger.' }));
      const search = async (q: string, folderId?: string) => (await api(app(), jens, 'GET',
        `${base(jens)}/messages?q=${encodeURIComponent(q)}${folderId ? `&folderId=${folderId}` : ''}`)).body.messages.map((m: { id: string }) => m.id);
      assert.ok((await search('storskraldet')).includes(id), 'a word of the text document');
      assert.ok((await search('torsdag')).includes(id));
      assert.ok((await search('storskrald')).includes(id), 'a prefix of a word');
      assert.ok((await search('affald')).includes(id), 'a word of the title');
      assert.ok((await search('Kommunen torsdag')).includes(id), 'the sender and a word');
      assert.ok(!(await search('fredag')).includes(id), 'a word it does not have');
      assert.ok(!(await search('torsdag fredag')).includes(id), 'every word must match');
      assert.ok((await search('torsdag', jens.folders.INBOX)).includes(id));
      assert.ok(!(await search('torsdag', jens.folders.SENT)).includes(id));
      assert.deepEqual(await search('!!! ???'), [], 'no words: nothing');
      // not found by someone else
      assert.deepEqual((await api(app(), anne, 'GET', `${base(anne)}/messages?q=storskraldet`)).body.messages, []);
    });

    it('searches a large mailbox: common words from the newest messages, rare ones through the index, page by page', async () => {
      const kommunen = await db().selectFrom('mailbox').innerJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
        .select('mailbox.id').where('organisation.cvr', '=', '12345678').executeTakeFirstOrThrow();
      // 2,500 old letters straight into the store (older than everything else in the mailbox)
      await sql`insert into message (id, transmission_id, message_uuid, memo_version, message_type, thread_id, sender_mailbox_id, sender_label,
          recipient_id_type, recipient_mailbox_id, label, attachment_count, reply_allowed, mandatory, legal_notification, document_sha256,
          document_size, document_text, blob_refs, search_text, received_at, available_at)
        select id, gen_random_uuid(), gen_random_uuid(), '1.2', 'DIGITALPOST', id, ${kommunen.id}, 'Kommunen', 'CPR', ${anne.mailboxId},
          'Gammelt brev ' || i, 0, false, false, false, 'x', 1, '<x/>', '[]'::jsonb,
          ' kommunen gammelt brev ' || i || case when i = 2400 then ' vejafgift' else ' hverdagskost' end, now(), now()
        from (select gen_random_uuid() as id, i from generate_series(1, 2500) i) g`.execute(db());
      await sql`insert into message_state (mailbox_id, message_id, folder_id, read_at, created_at)
        select ${anne.mailboxId}, m.id, ${anne.folders.INBOX}::uuid, now(), now() - interval '1 day' - (split_part(m.label, ' ', 3)::int * interval '1 second')
        from message m where m.recipient_mailbox_id = ${anne.mailboxId} and m.label like 'Gammelt brev %'`.execute(db());

      const rare = await api(app(), anne, 'GET', `${base(anne)}/messages?q=vejafgift`);
      assert.deepEqual(rare.body.messages.map((m: { label: string }) => m.label), ['Gammelt brev 2400'], 'beyond the newest 2,000 rows');
      assert.equal(rare.body.nextCursor, null);

      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      let last = Infinity;
      do {
        const page: { body: { messages: Array<{ id: string; label: string; receivedAt: string }>; nextCursor: string | null } } =
          await api(app(), anne, 'GET', `${base(anne)}/messages?q=hverdagskost&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        for (const m of page.body.messages) {
          assert.ok(Date.parse(m.receivedAt) <= last, 'newest first');
          last = Date.parse(m.receivedAt);
          seen.add(m.id);
        }
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor);
      assert.equal(seen.size, 2499, 'every match once');
      assert.equal(pages, 13);
      const folders = (await api(app(), anne, 'GET', `${base(anne)}/folders`)).body.folders;
      assert.ok(folders[0].total >= 2500);
    });

    it('marks a message read when opened and records every opening', async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Læs mig' }));
      const unreadBefore = (await api(app(), jens, 'GET', `${base(jens)}/folders`)).body.folders[0].unread;
      const opened = await api(app(), jens, 'GET', `${base(jens)}/messages/${id}`);
      assert.equal(opened.status, 200);
      assert.equal(opened.body.read, true);
      assert.equal(opened.body.recipientName, 'Jens Hansen');
      assert.equal(opened.body.canReply, false);
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/folders`)).body.folders[0].unread, unreadBefore - 1);
      await api(app(), jens, 'GET', `${base(jens)}/messages/${id}`);
      const reads = (await eventsOfMessage(db(), id)).filter((e) => e.type === 'MESSAGE_READ');
      assert.equal(reads.length, 2);
      assert.deepEqual(reads.map((e) => e.data.first), [true, false]);
      assert.equal(reads[0]!.actor, `user:${jens.userId}`);
      assert.equal(reads[0]!.mailboxId, jens.mailboxId);
    });

    it('moves, flags, marks unread and deletes (to Slettet, then for good) with events', async () => {
      const id = await deliver(app(), db(), richLetter({ recipient: { id: '29876543', type: 'CVR' }, label: 'Lønseddel' }));
      const url = `${base(mette)}/messages/${id}`;
      const moved = await api(app(), mette, 'PATCH', url, { folderId: mette.folders['Løn'] });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.folderId, mette.folders['Løn']);
      const flagged = await api(app(), mette, 'PATCH', url, { flagged: true, read: true });
      assert.deepEqual([flagged.body.flagged, flagged.body.read], [true, true]);
      const unread = await api(app(), mette, 'PATCH', url, { read: false });
      assert.equal(unread.body.read, false);
      const same = await api(app(), mette, 'PATCH', url, { read: false, flagged: true, folderId: mette.folders['Løn'] });
      assert.equal(same.status, 200, 'nothing to change');

      assert.equal((await api(app(), mette, 'PATCH', url, { folderId: mette.folders.SENT })).body.errorCode, 'FOLDER_NOT_ALLOWED');
      assert.equal((await api(app(), mette, 'PATCH', url, { folderId: randomUUID() })).body.errorCode, 'FOLDER_NOT_FOUND');
      assert.equal((await api(app(), mette, 'PATCH', url, { folderId: jens.folders.INBOX })).body.errorCode, 'FOLDER_NOT_FOUND', "another mailbox's folder");
      assert.equal((await api(app(), mette, 'PATCH', url, {})).status, 400);

      const deleted = await api(app(), mette, 'DELETE', url);
      assert.deepEqual(deleted.body, { permanent: false, folderId: mette.folders.DELETED });
      const inTrash = (await api(app(), mette, 'GET', `${base(mette)}/messages?folderId=${mette.folders.DELETED}`)).body.messages;
      assert.ok(inTrash.some((m: { id: string }) => m.id === id));
      assert.ok(!(await api(app(), mette, 'GET', `${base(mette)}/messages`)).body.messages.some((m: { id: string }) => m.id === id),
        'the all-folders list leaves Slettet out');
      const gone = await api(app(), mette, 'DELETE', url);
      assert.deepEqual(gone.body, { permanent: true, folderId: null });
      assert.equal((await api(app(), mette, 'GET', url)).status, 404);
      assert.equal((await api(app(), mette, 'DELETE', url)).status, 404);
      assert.ok(await db().selectFrom('message').select('id').where('id', '=', id).executeTakeFirst(), 'the message itself stays as evidence');

      const portalEvents = (await eventsOfMessage(db(), id)).filter((e) => e.actor === `user:${(mette as Person).userId}`);
      assert.deepEqual(portalEvents.map((e) => [e.type, e.data]), [
        ['MESSAGE_MOVED', { fromFolderId: mette.folders.INBOX, toFolderId: mette.folders['Løn'] }],
        ['MESSAGE_UPDATED', { read: true }],
        ['FLAG_CHANGED', { flagged: true }],
        ['MESSAGE_UPDATED', { read: false }],
        ['MESSAGE_DELETED', { permanent: false, fromFolderId: mette.folders['Løn'] }],
        ['MESSAGE_DELETED', { permanent: true, fromFolderId: mette.folders.DELETED }],
      ]);
      assert.equal((await verifyEvents(db())).ok, true);
    });

    it('lets owners and administrators create, rename and delete their own folders only', async () => {
      const created = await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: '  Skat  ' });
      assert.equal(created.status, 201);
      assert.deepEqual({ ...created.body, id: undefined }, { id: undefined, kind: 'USER', name: 'Skat', total: 0, unread: 0 });
      assert.equal((await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'skat' })).body.errorCode, 'FOLDER_NAME_TAKEN');
      assert.equal((await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'Indbakke' })).body.errorCode, 'FOLDER_NAME_TAKEN');
      assert.equal((await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: '   ' })).status, 400);
      assert.equal((await api(app(), anne, 'POST', `${base(anne)}/folders`, { name: 'Skat' })).status, 201, 'names are per mailbox');

      const renamed = await api(app(), jens, 'PATCH', `${base(jens)}/folders/${created.body.id}`, { name: 'SKAT 2026' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'SKAT 2026');
      const standard = await api(app(), jens, 'PATCH', `${base(jens)}/folders/${jens.folders.INBOX}`, { name: 'Post' });
      assert.equal(standard.status, 409);
      assert.equal(standard.body.errorCode, 'FOLDER_NOT_EDITABLE');
      assert.equal((await api(app(), jens, 'DELETE', `${base(jens)}/folders/${jens.folders.DELETED}`)).body.errorCode, 'FOLDER_NOT_EDITABLE');

      const id = await deliver(app(), db(), richLetter({ label: 'Skattebrev' }));
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: created.body.id });
      const full = await api(app(), jens, 'DELETE', `${base(jens)}/folders/${created.body.id}`);
      assert.equal(full.status, 409);
      assert.equal(full.body.errorCode, 'FOLDER_NOT_EMPTY');
      await api(app(), jens, 'PATCH', `${base(jens)}/messages/${id}`, { folderId: jens.folders.INBOX });
      assert.equal((await api(app(), jens, 'DELETE', `${base(jens)}/folders/${created.body.id}`)).status, 204);
      assert.ok(!(await api(app(), jens, 'GET', `${base(jens)}/folders`)).body.folders.some((f: { id: string }) => f.id === created.body.id));

      // Anne cannot touch Jens's folders: the mailbox is not hers (404), nor via her own mailbox id
      const jensFolder = (await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'Privat' })).body;
      assert.equal((await api(app(), anne, 'PATCH', `${base(jens)}/folders/${jensFolder.id}`, { name: 'x' })).body.errorCode, 'MAILBOX_NOT_FOUND');
      assert.equal((await api(app(), anne, 'DELETE', `${base(anne)}/folders/${jensFolder.id}`)).body.errorCode, 'FOLDER_NOT_FOUND');

      const events = await db().selectFrom('event').select(['type', 'body']).where('mailbox_id', '=', jens.mailboxId)
        .where('type', 'in', ['FOLDER_CREATED', 'FOLDER_UPDATED', 'FOLDER_DELETED']).orderBy('at').orderBy('seq').execute();
      assert.deepEqual(events.map((e) => e.type), ['FOLDER_CREATED', 'FOLDER_UPDATED', 'FOLDER_DELETED', 'FOLDER_CREATED']);
    });

    it("shows a limited member only their folders, and not an Indbakke message by URL", async () => {
      const folders = (await api(app(), ole, 'GET', `${base(ole)}/folders`)).body.folders;
      assert.deepEqual(folders.map((f: { name: string }) => f.name), ['Løn']);

      const inInbox = await deliver(app(), db(), letter({ label: 'Til indbakken' }));
      const inLon = await deliver(app(), db(), letter({ label: 'Løn for januar' }));
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${inLon}`, { folderId: mette.folders['Løn'] });

      const listed = (await api(app(), ole, 'GET', `${base(ole)}/messages`)).body.messages.map((m: { id: string }) => m.id);
      assert.ok(listed.includes(inLon));
      assert.ok(!listed.includes(inInbox));
      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/messages?folderId=${mette.folders.INBOX}`)).body.errorCode, 'FOLDER_NOT_FOUND');

      const before = await snapshot(db());
      for (const [method, suffix, payload] of [
        ['GET', '', undefined], ['PATCH', '', { flagged: true }], ['DELETE', '', undefined], ['GET', '/files/m0', undefined],
        ['POST', '/reply', messageForm({ text: 'Hej' })],
      ] as const) {
        const response = await api(app(), ole, method, `${base(ole)}/messages/${inInbox}${suffix}`, payload);
        assert.equal(response.status, 404, `${method} ${suffix}`);
        assert.equal(response.body.errorCode, 'MESSAGE_NOT_FOUND');
      }
      assert.equal(await snapshot(db()), before, 'the 404s wrote nothing');

      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/messages/${inLon}`)).status, 200);
      assert.equal((await api(app(), ole, 'PATCH', `${base(ole)}/messages/${inLon}`, { folderId: mette.folders.INBOX })).body.errorCode, 'FOLDER_NOT_FOUND');
      const create = await api(app(), ole, 'POST', `${base(ole)}/folders`, { name: 'Mine' });
      assert.equal(create.status, 403);
      assert.equal(create.body.errorCode, 'FORBIDDEN_ROLE');
      assert.equal((await api(app(), ole, 'PATCH', `${base(ole)}/folders/${mette.folders['Løn']}`, { name: 'x' })).body.errorCode, 'FORBIDDEN_ROLE');
      assert.equal((await api(app(), ole, 'DELETE', `${base(ole)}/folders/${mette.folders['Løn']}`)).body.errorCode, 'FORBIDDEN_ROLE');
    });

    it('refuses a limited member the move to Slettet by DELETE as by PATCH, and leaves him the changes within his folders', async () => {
      const id = await deliver(app(), db(), letter({ label: 'Løn for marts' }));
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${id}`, { folderId: mette.folders['Løn'] });
      const url = `${base(ole)}/messages/${id}`;

      const before = await snapshot(db());
      const moved = await api(app(), ole, 'PATCH', url, { folderId: mette.folders.DELETED });
      const deleted = await api(app(), ole, 'DELETE', url);
      assert.deepEqual([moved.status, moved.body.errorCode], [404, 'FOLDER_NOT_FOUND']);
      assert.deepEqual([deleted.status, deleted.body.errorCode], [moved.status, moved.body.errorCode], 'DELETE is refused as PATCH is');
      assert.equal(await snapshot(db()), before, 'nothing moved, nothing recorded');

      const flagged = await api(app(), ole, 'PATCH', url, { flagged: true, read: false });
      assert.deepEqual([flagged.status, flagged.body.folderId, flagged.body.flagged], [200, mette.folders['Løn'], true]);
      assert.equal((await api(app(), mette, 'DELETE', `${base(mette)}/messages/${id}`)).status, 200, 'an administrator deletes it');
      const gone = await api(app(), ole, 'DELETE', url);
      assert.deepEqual([gone.status, gone.body.errorCode], [404, 'MESSAGE_NOT_FOUND'], 'nor may he purge it from Slettet');
    });

    it("answers 404 to Anne for Jens's message on every endpoint, and writes nothing", async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Kun til Jens', reply: true, text: 'Hemmelig' }));
      const paths: Array<[('GET' | 'PATCH' | 'DELETE' | 'POST'), string, unknown?]> = [
        ['GET', ''], ['PATCH', '', { read: true }], ['PATCH', '', { folderId: anne.folders.DELETED }], ['DELETE', ''],
        ['GET', '/files/m0'], ['GET', '/files/m0?download=1'], ['GET', '/actions/0/calendar.ics'], ['POST', '/reply', messageForm({ text: 'Hej' })],
      ];
      const before = await snapshot(db());
      for (const [method, suffix, payload] of paths) {
        const own = await api(app(), anne, method, `${base(anne)}/messages/${id}${suffix}`, payload);
        assert.equal(own.status, 404, `${method} ${suffix} in her own mailbox`);
        assert.equal(own.body.errorCode, 'MESSAGE_NOT_FOUND');
        const his = await api(app(), anne, method, `${base(jens)}/messages/${id}${suffix}`, payload);
        assert.equal(his.status, 404, `${method} ${suffix} in his mailbox`);
        assert.equal(his.body.errorCode, 'MAILBOX_NOT_FOUND');
      }
      for (const [method, path, payload] of [
        ['GET', '/folders'], ['GET', '/messages'], ['GET', '/messages?q=Hemmelig'], ['POST', '/folders', { name: 'Hack' }],
        ['POST', '/messages', messageForm({ contactPointId: '44444444-4444-4444-8444-444444444401', label: 'x', text: 'y' })],
      ] as const) {
        const his = await api(app(), anne, method, `${base(jens)}${path}`, payload);
        assert.equal(his.status, 404, `${method} ${path}`);
        assert.equal(his.body.errorCode, 'MAILBOX_NOT_FOUND');
      }
      assert.deepEqual((await api(app(), anne, 'GET', `${base(anne)}/messages?q=Hemmelig`)).body.messages, []);
      assert.equal(await snapshot(db()), before, 'nothing was written');
    });

    it('refuses changes without the CSRF token, and everything without a session', async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'CSRF' }));
      const cookieOnly = { cookie: jens.headers.cookie! };
      const before = await snapshot(db());
      for (const [method, url, payload] of [
        ['PATCH', `${base(jens)}/messages/${id}`, { flagged: true }],
        ['DELETE', `${base(jens)}/messages/${id}`, undefined],
        ['POST', `${base(jens)}/folders`, { name: 'Uden token' }],
        ['POST', `${base(jens)}/messages/${id}/reply`, messageForm({ text: 'Hej' })],
        ['POST', `${base(jens)}/messages`, messageForm({ contactPointId: '44444444-4444-4444-8444-444444444401', label: 'Uden token', text: 'Hej' })],
      ] as const) {
        const response = await app().inject({ method, url, headers: cookieOnly, ...(payload ? { payload } : {}) });
        assert.equal(response.statusCode, 403, `${method} ${url}`);
        assert.equal(response.json().errorCode, 'CSRF_TOKEN_INVALID');
        const forged = await app().inject({ method, url, headers: { ...cookieOnly, 'x-csrf-token': anne.csrfToken }, ...(payload ? { payload } : {}) });
        assert.equal(forged.statusCode, 403);
      }
      assert.equal((await api(app(), undefined, 'GET', `${base(jens)}/messages/${id}`)).status, 401);
      assert.equal((await api(app(), undefined, 'GET', `${base(jens)}/folders`)).status, 401);
      assert.equal(await snapshot(db()), before);
    });

    it('documents every portal route in the OpenAPI description', async () => {
      const doc = (await app().inject({ method: 'GET', url: '/docs/json' })).json();
      const routes = Object.entries<Record<string, { tags?: string[] }>>(doc.paths).filter(([path]) => path.startsWith('/api/'))
        .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.tags]));
      const documented = new Map(routes.map(([route, tags]) => [route as string, tags]));
      for (const route of [
        'DELETE /api/mailboxes/{mailboxId}/folders/{folderId}', 'DELETE /api/mailboxes/{mailboxId}/messages/{messageId}',
        'GET /api/contact-points', 'GET /api/mailboxes/{mailboxId}/folders', 'GET /api/mailboxes/{mailboxId}/messages',
        'GET /api/mailboxes/{mailboxId}/messages/{messageId}', 'GET /api/mailboxes/{mailboxId}/messages/{messageId}/actions/{n}/calendar.ics',
        'GET /api/mailboxes/{mailboxId}/messages/{messageId}/files/{fileId}', 'GET /api/session',
        'PATCH /api/mailboxes/{mailboxId}/folders/{folderId}', 'PATCH /api/mailboxes/{mailboxId}/messages/{messageId}',
        'POST /api/mailboxes/{mailboxId}/folders', 'POST /api/mailboxes/{mailboxId}/messages', 'POST /api/mailboxes/{mailboxId}/messages/{messageId}/reply',
      ]) assert.deepEqual(documented.get(route), ['portal'], route);
      for (const [path, fields] of [
        ['/api/mailboxes/{mailboxId}/messages', ['contactPointId', 'label', 'text']], ['/api/mailboxes/{mailboxId}/messages/{messageId}/reply', ['text']],
      ] as const) {
        const content = doc.paths[path].post.requestBody.content;
        assert.deepEqual(Object.keys(content), ['multipart/form-data'], path);
        assert.deepEqual(content['multipart/form-data'].schema.required, fields);
        assert.deepEqual(content['multipart/form-data'].schema.properties.attachments.items, { type: 'string', format: 'binary' });
      }
    });

    it('validates ids at the edge', async () => {
      for (const url of [`/api/mailboxes/not-a-uuid/folders`, `${base(jens)}/messages/123`, `${base(jens)}/messages?folderId=x`,
        `${base(jens)}/messages/${randomUUID()}/files/..%2f..`, `${base(jens)}/messages?limit=100000`]) {
        const response = await api(app(), jens, 'GET', url);
        assert.equal(response.status, 400, url);
        assert.equal(response.body.errorCode, 'REQUEST_INVALID');
      }
      const upper = await api(app(), jens, 'GET', `/api/mailboxes/${jens.mailboxId.toUpperCase()}/folders`);
      assert.equal(upper.status, 200, 'upper-case UUIDs are the same ids');
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/messages/${randomUUID()}`)).body.errorCode, 'MESSAGE_NOT_FOUND');
    });
  });
}
