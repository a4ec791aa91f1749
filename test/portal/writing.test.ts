import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { parseMemo } from '../../src/memo/index.ts';
import { eventsOfMessage, verifyEvents } from '../../src/store/index.ts';
import { call } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, login, messageForm, richLetter, snapshot, type FormFile, type Person } from './helpers.ts';

const [BORGERSERVICE, BYGGESAGER] = DEMO.contactPoints.map((c) => c.id) as [string, string];
const PDF = Buffer.from('%PDF-1.4\nmin ansøgning\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const future = () => new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
const past = () => new Date(Date.now() - 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');

for (const database of testDatabases()) {
  describe(`portal replies and new messages (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let jens: Person;
    let mette: Person;
    let ole: Person;
    let karen: Person;
    before(async () => {
      kuvert = await startTestKuvert(database);
      const { app, store } = kuvert;
      [jens, mette, ole, karen] = [
        await login(app, store.db, 'demo-citizen-jens'), await login(app, store.db, 'demo-employee-mette'),
        await login(app, store.db, 'demo-employee-ole'), await login(app, store.db, 'demo-employee-karen'),
      ];
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (p: Person) => `/api/mailboxes/${p.mailboxId}`;

    async function queued(uuid: string) {
      const list = await call(app(), 'GET', '/memos?size=1000', 'authorityRecipient');
      return (list.json().content as string[]).includes(uuid);
    }

    it('delivers a reply to the authority\'s Indbakke and its recipient system, with ReplyData, in the same thread', async () => {
      const original = richLetter({ label: 'Høring om lokalplan', reply: true, replyBy: future(), messageID: 'SAG-2026-17', senderContactPoint: BYGGESAGER });
      const originalId = await deliver(app(), db(), original);
      const detail = (await api(app(), jens, 'GET', `${base(jens)}/messages/${originalId}`)).body;
      assert.equal(detail.canReply, true);
      assert.deepEqual(detail.replyTo, { organisationName: 'Kommunen', contactPointId: BYGGESAGER });

      const reply = await api(app(), jens, 'POST', `${base(jens)}/messages/${originalId}/reply`, messageForm(
        { text: 'Jeg har ingen indsigelser.\nMvh Jens' },
        [{ filename: 'Bemærkninger.pdf', contentType: 'application/pdf', content: PDF }],
      ));
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const { messageId, messageUUID, folderId } = reply.body;
      assert.equal(folderId, jens.folders.SENT);

      // in Jens's Sendt, read, same thread
      const sent = (await api(app(), jens, 'GET', `${base(jens)}/messages?folderId=${jens.folders.SENT}`)).body.messages;
      const mine = sent.find((m: { id: string }) => m.id === messageId);
      assert.ok(mine, 'in Sendt');
      assert.deepEqual([mine.label, mine.read, mine.threadId, mine.attachmentCount], ['Re: Høring om lokalplan', true, originalId, 1]);

      // in Kommunen's Indbakke, unread, from Jens
      const inbox = (await api(app(), karen, 'GET', `${base(karen)}/messages?folderId=${karen.folders.INBOX}`)).body.messages;
      const received = inbox.find((m: { id: string }) => m.id === messageId);
      assert.ok(received, "in the authority's Indbakke");
      assert.deepEqual([received.senderName, received.read, received.threadId], ['Jens Hansen', false, originalId]);
      const opened = (await api(app(), karen, 'GET', `${base(karen)}/messages/${messageId}`)).body;
      // it came to a contact point of Kommunen: its case workers answer it in the portal (test/portal/trust.test.ts)
      assert.equal(opened.canReply, true);
      assert.deepEqual(opened.documents.map((d: { id: string; filename: string; encodingFormat: string }) => [d.id, d.filename, d.encodingFormat]),
        [['m0', 'besked.txt', 'text/plain'], ['a0.0', 'Bemærkninger.pdf', 'application/pdf']]);
      assert.equal((await api(app(), karen, 'GET', `${base(karen)}/messages/${messageId}/files/m0`)).text, 'Jeg har ingen indsigelser.\nMvh Jens');
      const found = (await api(app(), karen, 'GET', `${base(karen)}/messages?q=indsigelser`)).body.messages.map((m: { id: string }) => m.id);
      assert.deepEqual(found, [messageId], 'the reply text is searchable by the authority');

      // in the authority recipient system's queue, as valid MeMo with ReplyData
      assert.ok(await queued(messageUUID));
      const fetched = await call(app(), 'GET', `/memos/${messageUUID}`, 'authorityRecipient');
      assert.equal(fetched.statusCode, 200);
      const parsed = parseMemo(fetched.body);
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
      const header = parsed.message.header;
      assert.equal(parsed.message.version, '1.2');
      assert.equal(header.messageUUID, messageUUID);
      assert.equal(header.label, 'Re: Høring om lokalplan');
      assert.deepEqual({ ...header.sender }, { senderID: '2211771212', idType: 'CPR', label: 'Jens Hansen' });
      assert.equal(header.recipient.recipientID, '12345678');
      assert.equal(header.recipient.idType, 'CVR');
      assert.equal(header.recipient.contactPoint?.contactPointID, BYGGESAGER);
      assert.deepEqual(header.replyData, [{ messageUUID: original.uuid, messageID: 'SAG-2026-17', contactPointID: BYGGESAGER }]);
      const main = parsed.message.body!.mainDocument.file[0]!;
      assert.deepEqual([main.filename, main.encodingFormat], ['besked.txt', 'text/plain']);
      assert.equal(Buffer.from(main.content, 'base64').toString('utf8'), 'Jeg har ingen indsigelser.\nMvh Jens');
      assert.ok(Buffer.from(parsed.message.body!.additionalDocument![0]!.file[0]!.content, 'base64').equals(PDF));

      const row = await db().selectFrom('message').select(['thread_id', 'sender_user_id', 'sender_organisation_id', 'sender_system_id', 'recipient_contact_point_id'])
        .where('id', '=', messageId).executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { thread_id: originalId, sender_user_id: jens.userId, sender_organisation_id: null, sender_system_id: null, recipient_contact_point_id: BYGGESAGER });
      const events = await eventsOfMessage(db(), messageId);
      assert.deepEqual(events.map((e) => e.type), ['MEMO_SEND_RECEIVED', 'MEMO_SEND_VALIDATED', 'MEMO_AVAILABLE_TO_RECIPIENT', 'MEMO_SEND_READY_FOR_FETCH', 'MESSAGE_SENT', 'MESSAGE_READ', 'MEMO_SEND_FETCHED_BY_RECIPIENT_SYSTEM']);
      assert.equal(events[0]!.actor, `user:${jens.userId}`);
      assert.deepEqual(events[4]!.data, { contactPointId: BYGGESAGER, attachments: 1, inReplyTo: originalId });
      assert.equal((await verifyEvents(db())).ok, true);
    });

    it("replies for a company as the company (CVR), to the authority's first contact point when none was named", async () => {
      const originalId = await deliver(app(), db(), richLetter({ recipient: { id: '29876543', type: 'CVR' }, label: 'Spørgsmål om moms', reply: true }));
      const reply = await api(app(), mette, 'POST', `${base(mette)}/messages/${originalId}/reply`, messageForm({ text: 'Svar fra Demo ApS' }));
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const fetched = parseMemo((await call(app(), 'GET', `/memos/${reply.body.messageUUID}`, 'authorityRecipient')).body);
      assert.ok(fetched.ok);
      const header = fetched.message.header;
      assert.equal(header.sender.senderID, '29876543');
      assert.equal(header.sender.idType, 'CVR');
      assert.equal(header.sender.label, 'Demo ApS');
      assert.equal(header.sender.attentionData?.attentionPerson?.label, 'Mette Nielsen');
      assert.equal(header.recipient.contactPoint?.contactPointID, BORGERSERVICE);
      assert.equal(header.replyData?.[0]?.contactPointID, BORGERSERVICE);
      const row = await db().selectFrom('message').select(['sender_organisation_id', 'sender_mailbox_id']).where('id', '=', reply.body.messageId).executeTakeFirstOrThrow();
      assert.equal(row.sender_mailbox_id, mette.mailboxId);
      assert.ok(row.sender_organisation_id);
    });

    it("keeps a contact point id of the sender's own in the reply, under the authority's first contact point's limits", async () => {
      const originalId = await deliver(app(), db(), richLetter({ label: 'Sag 7', reply: true, senderContactPoint: 'ESDH-SAG-7' }));
      const reply = await api(app(), jens, 'POST', `${base(jens)}/messages/${originalId}/reply`, messageForm({ text: 'Svar til sag 7' }));
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const fetched = parseMemo((await call(app(), 'GET', `/memos/${reply.body.messageUUID}`, 'authorityRecipient')).body);
      assert.ok(fetched.ok);
      assert.deepEqual({ ...fetched.message.header.recipient.contactPoint }, { contactPointID: 'ESDH-SAG-7' });
      assert.equal(fetched.message.header.replyData?.[0]?.contactPointID, 'ESDH-SAG-7');
      const row = await db().selectFrom('message').select('recipient_contact_point_id').where('id', '=', reply.body.messageId).executeTakeFirstOrThrow();
      assert.equal(row.recipient_contact_point_id, BORGERSERVICE);
    });

    it('refuses a reply the sender did not ask for, after the deadline, or from a limited member — writing nothing', async () => {
      const noReply = await deliver(app(), db(), richLetter({ label: 'Orientering' }));
      const expired = await deliver(app(), db(), richLetter({ label: 'Frist udløbet', reply: true, replyBy: past() }));
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/messages/${noReply}`)).body.canReply, false);
      assert.equal((await api(app(), jens, 'GET', `${base(jens)}/messages/${expired}`)).body.canReply, false);
      const before = await snapshot(db());
      const refused = await api(app(), jens, 'POST', `${base(jens)}/messages/${noReply}/reply`, messageForm({ text: 'Hej' }));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.errorCode, 'REPLY_NOT_ALLOWED');
      const late = await api(app(), jens, 'POST', `${base(jens)}/messages/${expired}/reply`, messageForm({ text: 'Hej' }));
      assert.equal(late.status, 409);
      assert.equal(late.body.errorCode, 'REPLY_DEADLINE_PASSED');

      const lon = await deliver(app(), db(), letter({ label: 'Løn' }));
      await db().updateTable('message').set({ reply_allowed: true }).where('id', '=', lon).execute();
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${lon}`, { folderId: mette.folders['Løn'] });
      const snap = await snapshot(db());
      assert.equal((await api(app(), ole, 'GET', `${base(ole)}/messages/${lon}`)).body.canReply, false);
      const limited = await api(app(), ole, 'POST', `${base(ole)}/messages/${lon}/reply`, messageForm({ text: 'Hej' }));
      assert.equal(limited.status, 403);
      assert.equal(limited.body.errorCode, 'FORBIDDEN_ROLE');
      assert.notEqual(before, snap);
      // Ole's GET wrote MESSAGE_READ; the refused reply wrote nothing beyond that
      const after = JSON.parse(await snapshot(db()));
      assert.equal(after.messages, JSON.parse(snap).messages);

      // a reply to one's own sent message is no reply
      const sentId = (await api(app(), jens, 'GET', `${base(jens)}/messages?folderId=${jens.folders.SENT}`)).body.messages[0].id;
      assert.equal((await api(app(), jens, 'POST', `${base(jens)}/messages/${sentId}/reply`, messageForm({ text: 'Hej' }))).body.errorCode, 'REPLY_NOT_ALLOWED');
    });

    it('checks attachments against the contact point', async () => {
      const originalId = await deliver(app(), db(), richLetter({ label: 'Send dokumentation', reply: true }));
      const url = `${base(jens)}/messages/${originalId}/reply`;
      const attach = (filename: string, contentType: string, content: Buffer): FormFile => ({ filename, contentType, content });
      const cases: Array<[FormFile[], number, string]> = [
        [[attach('virus.exe', 'application/octet-stream', Buffer.from('MZ'))], 400, 'ATTACHMENT_TYPE_NOT_ALLOWED'],
        [[attach('billede.png', 'application/pdf', PNG)], 400, 'ATTACHMENT_TYPE_NOT_ALLOWED'],
        [[attach('falsk.pdf', 'application/pdf', Buffer.from('<html><script>'))], 400, 'ATTACHMENT_CONTENT_MISMATCH'],
        [[attach('tom.pdf', 'application/pdf', Buffer.alloc(0))], 400, 'ATTACHMENT_INVALID'],
        [[attach('../../etc/passwd.pdf', 'application/pdf', PDF)], 400, 'ATTACHMENT_FILENAME_INVALID'],
      ];
      const before = await snapshot(db());
      for (const [attachments, status, code] of cases) {
        const response = await api(app(), jens, 'POST', url, messageForm({ text: 'Se vedhæftet' }, attachments));
        assert.equal(response.status, status, code);
        assert.equal(response.body.errorCode, code);
      }
      assert.equal((await api(app(), jens, 'POST', url, messageForm({ text: '   ' }))).body.errorCode, 'TEXT_REQUIRED');
      assert.equal(await snapshot(db()), before);

      await db().updateTable('contact_point').set({ allowed_attachments: 1, memo_size_threshold_mb: 1 }).where('id', '=', BORGERSERVICE).execute();
      try {
        const two = await api(app(), jens, 'POST', url, messageForm({ text: 'To' }, [attach('a.pdf', 'application/pdf', PDF), attach('b.png', 'image/png', PNG)]));
        assert.equal(two.status, 400);
        assert.equal(two.body.errorCode, 'TOO_MANY_ATTACHMENTS');
        const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]);
        const large = await api(app(), jens, 'POST', url, messageForm({ text: 'Stor' }, [attach('stor.pdf', 'application/pdf', big)]));
        assert.equal(large.status, 413);
        assert.equal(large.body.errorCode, 'MESSAGE_TOO_LARGE');
        assert.equal(await snapshot(db()), before, 'nothing stored for the refused ones');
        const ok = await api(app(), jens, 'POST', url, messageForm({ text: 'Et billede' }, [attach('foto.PNG', 'image/png', PNG)]));
        assert.equal(ok.status, 201, JSON.stringify(ok.body));
      } finally {
        await db().updateTable('contact_point').set({ allowed_attachments: 10, memo_size_threshold_mb: 50 }).where('id', '=', BORGERSERVICE).execute();
      }
    });

    it('lists contact points and sends a new message to one, which appears in Sendt', async () => {
      const all = await api(app(), jens, 'GET', '/api/contact-points');
      assert.equal(all.status, 200);
      assert.deepEqual(all.body.contactPoints.map((c: { name: string }) => c.name), ['Borgerservice', 'Byggesager']);
      assert.equal(all.body.contactPoints[0].organisationName, 'Kommunen');
      assert.equal(all.body.contactPoints[0].memoSizeThresholdMB, 50);
      assert.ok(all.body.contactPoints[0].allowedContentTypes.includes('application/pdf'));
      const byg = await api(app(), jens, 'GET', '/api/contact-points?q=BBR');
      assert.deepEqual(byg.body.contactPoints.map((c: { id: string }) => c.id), [BYGGESAGER]);
      assert.deepEqual((await api(app(), jens, 'GET', '/api/contact-points?q=%25')).body.contactPoints, []);

      const sent = await api(app(), jens, 'POST', `${base(jens)}/messages`, messageForm(
        { contactPointId: BYGGESAGER, label: 'Spørgsmål om carport', text: 'Må jeg bygge en carport på 40 m²?' },
        [{ filename: 'skitse.png', contentType: 'image/png', content: PNG }],
      ));
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const inSent = (await api(app(), jens, 'GET', `${base(jens)}/messages?folderId=${jens.folders.SENT}`)).body.messages;
      const mine = inSent.find((m: { id: string }) => m.id === sent.body.messageId);
      assert.ok(mine);
      assert.deepEqual([mine.label, mine.threadId, mine.attachmentCount], ['Spørgsmål om carport', sent.body.messageId, 1]);
      const fetched = parseMemo((await call(app(), 'GET', `/memos/${sent.body.messageUUID}`, 'authorityRecipient')).body);
      assert.ok(fetched.ok);
      assert.equal(fetched.message.header.replyData, undefined);
      assert.equal(fetched.message.header.recipient.contactPoint?.contactPointID, BYGGESAGER);
      assert.ok((await api(app(), karen, 'GET', `${base(karen)}/messages?q=carport`)).body.messages.some((m: { id: string }) => m.id === sent.body.messageId));

      const unknown = await api(app(), jens, 'POST', `${base(jens)}/messages`, messageForm({ contactPointId: '44444444-4444-4444-8444-444444444499', label: 'x', text: 'y' }));
      assert.equal(unknown.body.errorCode, 'CONTACT_POINT_NOT_FOUND');
      const own = await api(app(), karen, 'POST', `${base(karen)}/messages`, messageForm({ contactPointId: BORGERSERVICE, label: 'Til os selv', text: 'y' }));
      assert.equal(own.status, 422);
      assert.equal(own.body.errorCode, 'RECIPIENT_IS_SENDER');
      const limited = await api(app(), ole, 'POST', `${base(ole)}/messages`, messageForm({ contactPointId: BORGERSERVICE, label: 'x', text: 'y' }));
      assert.equal(limited.status, 403);
      assert.equal(limited.body.errorCode, 'FORBIDDEN_ROLE');
      assert.equal((await api(app(), jens, 'POST', `${base(jens)}/messages`, messageForm({ contactPointId: BYGGESAGER, label: 'a\u0007b', text: 'y' }))).body.errorCode, 'LABEL_INVALID');
    });
  });
}
