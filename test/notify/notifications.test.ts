import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { runDigestRound } from '../../src/notify/index.ts';
import {
  confirmedNotificationAddresses, NOTIFY_DIGEST_JOB, organisationIdByCvr, queueArrivalNotifications, SEND_MAIL_JOB, type Arrival, type Db,
} from '../../src/store/index.ts';
import { eventsOf } from '../admin/organisation-helpers.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';
import { freePort } from '../helpers/process.ts';
import { api, deliver, login, richLetter, type Person } from '../portal/helpers.ts';

type TestKuvert = Awaited<ReturnType<typeof startTestKuvert>>;

const SECRET_TITLE = 'Afgørelse om sygedagpenge for Jens Hansen';
const JENS_CPR = '2211771212';
const MINUTE = 60_000;

/** A round of the digest job as if it ran `minutes` from now (the interval is 15 minutes). */
const digestAt = (kuvert: TestKuvert, minutes: number) =>
  runDigestRound(kuvert.store.db, { eventChains: kuvert.ctx.eventChains, publicUrl: 'http://kuvert.test', intervalMinutes: 15 }, () => new Date(Date.now() + minutes * MINUTE));

const mailsTo = (db: Db, to: string, kind = 'notification') =>
  db.selectFrom('outgoing_mail').selectAll().where('recipient', '=', to).where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();

/** The token of the newest link of this kind mailed to `to`. */
async function linkTo(db: Db, to: string, kind: 'notification-confirmation' | 'notification', path: string): Promise<string> {
  const mail = (await mailsTo(db, to, kind)).at(-1);
  assert.ok(mail, `a ${kind} mail to ${to}`);
  const match = new RegExp(`https?://[^\\s]+${path.replace('/', '\\/')}\\?token=([\\w-]+)`).exec(mail.text_body);
  assert.ok(match, `a ${path} link in ${mail.text_body}`);
  return match[1]!;
}

const page = async (kuvert: TestKuvert, method: 'GET' | 'POST', path: string, token: string, form?: string) => {
  const response = await kuvert.app.inject({
    method, url: method === 'GET' || form === undefined ? `${path}?token=${token}` : path,
    ...(form !== undefined ? { payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return { status: response.statusCode, text: response.body };
};

const pendingRows = async (db: Db) => Number((await db.selectFrom('notification_pending').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const digestJobs = async (db: Db) => Number((await db.selectFrom('job').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', NOTIFY_DIGEST_JOB).executeTakeFirstOrThrow()).n);

/** Sends `n` letters from Kommunen to Jens (each with a title that must never be in a notice). */
async function lettersToJens(kuvert: TestKuvert, n: number): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < n; i++) ids.push(await deliver(kuvert.app, kuvert.store.db, richLetter({ label: SECRET_TITLE, text: `Brev nummer ${i}` })));
  return ids;
}

/** Notifications of new mail (src/store/notifications.ts, src/admin/notifications, src/notify/digest.ts) on PGlite and PostgreSQL. */
for (const database of testDatabases()) {
  describe(`notifications of new mail (${database.name})`, () => {
    let kuvert: TestKuvert;
    let db: Db;
    let jens: Person;
    before(async () => {
      kuvert = await startTestKuvert(database);
      db = kuvert.store.db;
      jens = await login(kuvert.app, db, 'demo-citizen-jens');
    });
    after(async () => { await kuvert.drop(); });

    it('a delivery into mailboxes without notifications writes nothing for them', async () => {
      await lettersToJens(kuvert, 2);
      assert.equal(await pendingRows(db), 0);
      assert.equal(await digestJobs(db), 0, 'no digest job either');
    });

    it('a citizen\'s address gets nothing until the single-use link mailed to it is opened', async () => {
      const added = await api(kuvert.app, jens, 'POST', '/api/notifications/addresses', { email: 'jens.privat@example.dk' });
      assert.equal(added.status, 201, added.text);
      assert.equal(added.body.status, 'pending');
      assert.equal(added.body.folders, null);
      const confirmation = (await mailsTo(db, 'jens.privat@example.dk', 'notification-confirmation'))[0]!;
      assert.doesNotMatch(confirmation.text_body, /Jens|Hansen|2211771212/, 'the confirmation names no citizen');
      assert.match(confirmation.text_body, /din digitale postkasse/);

      await lettersToJens(kuvert, 1);
      assert.equal(await pendingRows(db), 0, 'an unconfirmed address is told of nothing');
      await digestAt(kuvert, 60);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, 0);

      const token = await linkTo(db, 'jens.privat@example.dk', 'notification-confirmation', '/notifications/confirm');
      const shown = await page(kuvert, 'GET', '/notifications/confirm', token);
      assert.equal(shown.status, 200);
      assert.match(shown.text, /jens\.privat@example\.dk/);
      assert.match(shown.text, /Bekræft adressen/);
      assert.doesNotMatch(shown.text, /Jens Hansen/);
      const listed = await api(kuvert.app, jens, 'GET', '/api/notifications');
      assert.equal(listed.body.addresses[0].status, 'pending', 'opening the link (GET) confirms nothing');

      const confirmed = await page(kuvert, 'POST', '/notifications/confirm', token, `token=${token}`);
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.match(confirmed.text, /Adressen er bekræftet/);
      assert.equal((await api(kuvert.app, jens, 'GET', '/api/notifications')).body.addresses[0].status, 'confirmed');

      const again = await page(kuvert, 'POST', '/notifications/confirm', token, `token=${token}`);
      assert.equal(again.status, 409);
      assert.match(again.text, /NOTIFICATION_LINK_USED/);
      assert.equal((await page(kuvert, 'GET', '/notifications/confirm', token)).status, 409);
      const unknown = await page(kuvert, 'POST', '/notifications/confirm', 'x'.repeat(43), `token=${'x'.repeat(43)}`);
      assert.deepEqual([unknown.status, /NOTIFICATION_LINK_UNKNOWN/.test(unknown.text)], [404, true]);

      const events = await eventsOf(db, 'NOTIFICATION_ADDRESS_ADDED', 'NOTIFICATION_ADDRESS_CONFIRMED');
      assert.deepEqual(events.map((e) => [e.type, e.actor, e.mailboxId]), [
        ['NOTIFICATION_ADDRESS_ADDED', `user:${jens.userId}`, jens.mailboxId],
        ['NOTIFICATION_ADDRESS_CONFIRMED', 'notification-link', jens.mailboxId],
      ]);
      assert.doesNotMatch(JSON.stringify(events), /example\.dk/, 'events name ids, not addresses');
    });

    it('an expired link is refused with its own code, and a new one can be mailed', async () => {
      const added = await api(kuvert.app, jens, 'POST', '/api/notifications/addresses', { email: 'jens.arbejde@example.dk' });
      assert.equal(added.status, 201, added.text);
      const token = await linkTo(db, 'jens.arbejde@example.dk', 'notification-confirmation', '/notifications/confirm');
      await db.updateTable('notification_address').set({ token_expires_at: new Date(Date.now() - 1000) }).where('id', '=', added.body.id).execute();
      const expired = await page(kuvert, 'POST', '/notifications/confirm', token, `token=${token}`);
      assert.equal(expired.status, 409);
      assert.match(expired.text, /NOTIFICATION_LINK_EXPIRED/);

      // a new link at most once a minute
      const soon = await api(kuvert.app, jens, 'POST', `/api/notifications/addresses/${added.body.id}/resend`);
      assert.deepEqual([soon.status, soon.body.errorCode], [429, 'CONFIRMATION_RECENTLY_SENT']);
      await db.updateTable('notification_address').set({ token_sent_at: new Date(Date.now() - 2 * MINUTE) }).where('id', '=', added.body.id).execute();
      const resent = await api(kuvert.app, jens, 'POST', `/api/notifications/addresses/${added.body.id}/resend`);
      assert.equal(resent.status, 204, resent.text);
      assert.equal((await page(kuvert, 'POST', '/notifications/confirm', token, `token=${token}`)).status, 404, 'the old link stops working');
      assert.deepEqual((await eventsOf(db, 'NOTIFICATION_CONFIRMATION_SENT')).map((e) => [e.actor, e.data.addressId]), [[`user:${jens.userId}`, added.body.id]]);
      const removed = await api(kuvert.app, jens, 'DELETE', `/api/notifications/addresses/${added.body.id}`);
      assert.equal(removed.status, 204);
    });

    it('5 letters within one interval make one notice with the count; never the title, the CPR number or the name', async () => {
      const before = (await mailsTo(db, 'jens.privat@example.dk')).length;
      assert.equal(before, 0);
      await lettersToJens(kuvert, 5);
      assert.equal(await digestJobs(db), 1, 'the delivery wrote the one digest job');
      await digestAt(kuvert, 10);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before, 'not before the interval is up');
      await digestAt(kuvert, 16);
      const mails = await mailsTo(db, 'jens.privat@example.dk');
      assert.equal(mails.length, before + 1, 'one notice');
      const notice = mails.at(-1)!;
      assert.equal(notice.subject, 'Du har fået ny Digital Post / You have new Digital Post');
      assert.match(notice.text_body, /^ {2}5 nye breve i Indbakke$/m);
      assert.match(notice.text_body, /^ {2}5 new letters in Indbakke$/m);
      assert.match(notice.text_body, new RegExp(`http://kuvert\\.test/postkasse/${jens.mailboxId}`));
      for (const secret of [SECRET_TITLE, 'sygedagpenge', JENS_CPR, 'Jens', 'Hansen', 'Brev nummer']) {
        assert.ok(!notice.text_body.includes(secret) && !notice.subject.includes(secret), `the notice does not contain "${secret}"`);
      }
      assert.match(notice.list_unsubscribe ?? '', /^http:\/\/kuvert\.test\/notifications\/unsubscribe\?token=[\w-]{43}$/);
      assert.ok(notice.text_body.includes(notice.list_unsubscribe!), 'the unsubscribe link is in the text too');
      assert.equal(await pendingRows(db), 0);
      const sent = (await eventsOf(db, 'NOTIFICATION_SENT')).at(-1)!;
      assert.deepEqual([sent.actor, sent.mailboxId, sent.data.letters, sent.data.mailId], ['kuvert', jens.mailboxId, 5, notice.id]);

      // the next letter waits for the interval after this notice, not after its own arrival only
      await lettersToJens(kuvert, 1);
      await digestAt(kuvert, 30);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before + 1, 'at most one notice per interval');
      await digestAt(kuvert, 32);
      const next = (await mailsTo(db, 'jens.privat@example.dk')).at(-1)!;
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before + 2);
      assert.match(next.text_body, /^ {2}1 nyt brev i Indbakke$/m);
      // kept in the development outbox without SMTP_URL
      const deadline = Date.now() + 10_000;
      for (;;) {
        const outbox = (await kuvert.app.inject({ method: 'GET', url: '/dev/outbox.json' })).json().mails as Array<{ id: string; kind: string; text: string }>;
        const kept = outbox.find((m) => m.id === next.id);
        if (kept) {
          assert.equal(kept.kind, 'notification');
          break;
        }
        assert.ok(Date.now() < deadline, 'the notice reaches the development outbox');
        await new Promise((r) => setTimeout(r, 50));
      }
    });

    it('letters read or deleted before the notice are not counted; none left, no notice', async () => {
      await digestAt(kuvert, 200);
      const before = (await mailsTo(db, 'jens.privat@example.dk')).length;
      const [read, deleted, kept] = await lettersToJens(kuvert, 3);
      await db.updateTable('message_state').set({ read_at: new Date() }).where('mailbox_id', '=', jens.mailboxId).where('message_id', '=', read!).execute();
      const removed = await api(kuvert.app, jens, 'DELETE', `/api/mailboxes/${jens.mailboxId}/messages/${deleted}`);
      assert.equal(removed.status, 200, removed.text);
      await digestAt(kuvert, 300);
      const notice = (await mailsTo(db, 'jens.privat@example.dk')).at(-1)!;
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before + 1);
      assert.match(notice.text_body, /^ {2}1 nyt brev i Indbakke$/m);

      await db.updateTable('message_state').set({ read_at: new Date() }).where('mailbox_id', '=', jens.mailboxId).where('message_id', '=', kept!).execute();
      const [late] = await lettersToJens(kuvert, 1);
      await db.updateTable('message_state').set({ read_at: new Date() }).where('mailbox_id', '=', jens.mailboxId).where('message_id', '=', late!).execute();
      await digestAt(kuvert, 400);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before + 1, 'everything was read: no notice');
      assert.equal(await pendingRows(db), 0);
    });

    it('the unsubscribe link stops mail to that address for that mailbox and leaves an event', async () => {
      const token = await linkTo(db, 'jens.privat@example.dk', 'notification', '/notifications/unsubscribe');
      const shown = await page(kuvert, 'GET', '/notifications/unsubscribe', token);
      assert.equal(shown.status, 200);
      assert.match(shown.text, /Afmeld/);
      assert.equal((await api(kuvert.app, jens, 'GET', '/api/notifications')).body.addresses[0].status, 'confirmed', 'opening the link changes nothing');

      // a mail program's one-click unsubscribe (RFC 8058): POST to the List-Unsubscribe address
      const done = await kuvert.app.inject({
        method: 'POST', url: `/notifications/unsubscribe?token=${token}`, payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(done.statusCode, 200, done.body);
      assert.match(done.body, /Du er afmeldt/);
      const address = (await api(kuvert.app, jens, 'GET', '/api/notifications')).body.addresses.find((a: { email: string }) => a.email === 'jens.privat@example.dk');
      assert.equal(address.status, 'unsubscribed');
      const events = await eventsOf(db, 'NOTIFICATION_UNSUBSCRIBED');
      assert.equal(events.length, 1);
      assert.deepEqual([events[0]!.actor, events[0]!.mailboxId, events[0]!.data.addressIds], ['notification-link', jens.mailboxId, [address.id]]);
      assert.doesNotMatch(JSON.stringify(events), /example\.dk/);

      const before = (await mailsTo(db, 'jens.privat@example.dk')).length;
      await lettersToJens(kuvert, 2);
      await digestAt(kuvert, 600);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before, 'nothing more to that address');
      // the link again: says so, changes nothing
      assert.match((await page(kuvert, 'GET', '/notifications/unsubscribe', token)).text, /Du er afmeldt/);
      assert.equal((await page(kuvert, 'POST', '/notifications/unsubscribe', token, `token=${token}`)).status, 200);
      assert.equal((await eventsOf(db, 'NOTIFICATION_UNSUBSCRIBED')).length, 1);

      // added again, it is mailed a new link, and is told of new mail again only once that is opened
      const readded = await api(kuvert.app, jens, 'POST', '/api/notifications/addresses', { email: 'Jens.Privat@example.dk' });
      assert.equal(readded.status, 201, readded.text);
      assert.deepEqual([readded.body.id, readded.body.status], [address.id, 'pending'], 'the same address in another case is the same address');
      assert.deepEqual((await eventsOf(db, 'NOTIFICATION_ADDRESS_ADDED')).at(-1)!.data, { addressId: address.id, folderIds: null, again: true });
      await lettersToJens(kuvert, 1);
      await digestAt(kuvert, 700);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before, 'not until the new link is opened');
      const fresh = await linkTo(db, 'jens.privat@example.dk', 'notification-confirmation', '/notifications/confirm');
      assert.equal((await page(kuvert, 'POST', '/notifications/confirm', fresh, `token=${fresh}`)).status, 200);
      await lettersToJens(kuvert, 1);
      await digestAt(kuvert, 800);
      assert.equal((await mailsTo(db, 'jens.privat@example.dk')).length, before + 1);
      const again = await api(kuvert.app, jens, 'POST', '/api/notifications/addresses', { email: 'JENS.privat@example.dk' });
      assert.deepEqual([again.status, again.body.errorCode], [409, 'NOTIFICATION_ADDRESS_EXISTS']);
    });

    describe('an extended organisation: per folder, chosen people, and what rules name', () => {
      let mette: Person;
      let organisationId: string;
      let postId: string;
      const base = () => `/api/admin/organisations/${organisationId}/notifications`;
      /** A letter for Demo ApS that arrived in `folder` (as a rule would file it), told of as the delivery does. */
      async function letterIn(folder: string, notify: Arrival['notify'] = { userIds: [], addresses: [] }): Promise<string> {
        const id = await deliver(kuvert.app, db, richLetter({ label: SECRET_TITLE, recipient: { id: '29876543', type: 'CVR' } }));
        const folderId = mette.folders[folder]!;
        await db.updateTable('message_state').set({ folder_id: folderId }).where('mailbox_id', '=', mette.mailboxId).where('message_id', '=', id).execute();
        await db.deleteFrom('notification_pending').where('message_id', '=', id).execute();
        const arrival: Arrival = {
          messageId: id, mailboxId: mette.mailboxId, folderId, at: new Date(), senderMailboxId: mette.mailboxId, senderOrganisationId: null,
          materialId: null, subscriptionGroupId: null, notify,
        };
        await db.transaction().execute((trx) => queueArrivalNotifications(trx, [arrival]));
        return id;
      }
      const lastTo = async (to: string) => (await mailsTo(db, to)).at(-1)?.text_body ?? '';

      before(async () => {
        mette = await login(kuvert.app, db, 'demo-employee-mette');
        organisationId = (await organisationIdByCvr(db, '29876543'))!;
        const ole = await db.selectFrom('app_user').select('id').where('name', '=', 'Ole Pedersen').executeTakeFirstOrThrow();
        const post = await api(kuvert.app, mette, 'POST', `${base()}/addresses`, { email: 'post@demoaps.example', folderIds: [mette.folders.INBOX] });
        assert.equal(post.status, 201, post.text);
        postId = post.body.id;
        const token = await linkTo(db, 'post@demoaps.example', 'notification-confirmation', '/notifications/confirm');
        assert.equal((await page(kuvert, 'POST', '/notifications/confirm', token, `token=${token}`)).status, 200);
        const oleSet = await api(kuvert.app, mette, 'PUT', `${base()}/people/${ole.id}`, { folderIds: [mette.folders['Løn']] });
        assert.equal(oleSet.status, 200, oleSet.text);
        const metteSet = await api(kuvert.app, mette, 'PUT', `${base()}/people/${mette.userId}`, { folderIds: null });
        assert.equal(metteSet.status, 200, metteSet.text);
        await digestAt(kuvert, 1000);
      });

      it('each is told of the folders chosen for it, the organisation named, and people only of folders they may see', async () => {
        await letterIn('INBOX');
        await letterIn('INBOX');
        await letterIn('Løn');
        await digestAt(kuvert, 1100);
        assert.match(await lastTo('post@demoaps.example'), /^ {2}2 nye breve i Indbakke$/m);
        assert.doesNotMatch(await lastTo('post@demoaps.example'), /Løn/);
        assert.match(await lastTo('ole@demoaps.example'), /^ {2}1 nyt brev i Løn$/m);
        assert.doesNotMatch(await lastTo('ole@demoaps.example'), /Indbakke/);
        const toMette = await lastTo('mette@demoaps.example');
        assert.match(toMette, /^ {2}2 nye breve i Indbakke\n {2}1 nyt brev i Løn$/m);
        assert.match(toMette, /Der er kommet ny Digital Post til Demo ApS i Kuvert/);
        const notice = (await mailsTo(db, 'mette@demoaps.example')).at(-1)!;
        assert.equal(notice.subject, 'Ny Digital Post til Demo ApS / New Digital Post for Demo ApS');
        assert.equal(notice.organisation_id, organisationId, 'in the organisation\'s mail log');
        assert.ok(!notice.text_body.includes(SECRET_TITLE));
      });

      it('a person who loses access to the folder is told of it no more', async () => {
        const ole = await db.selectFrom('app_user').select('id').where('name', '=', 'Ole Pedersen').executeTakeFirstOrThrow();
        const before = (await mailsTo(db, 'ole@demoaps.example')).length;
        await letterIn('Løn');
        await db.updateTable('membership').set({ folder_ids: [mette.folders.INBOX!] }).where('user_id', '=', ole.id).execute();
        try {
          await digestAt(kuvert, 1200);
          assert.equal((await mailsTo(db, 'ole@demoaps.example')).length, before);
        } finally {
          await db.updateTable('membership').set({ folder_ids: [mette.folders['Løn']!] }).where('user_id', '=', ole.id).execute();
        }
      });

      it('rules name confirmed addresses (in any case) and people; an unconfirmed address or a stranger gets nothing', async () => {
        assert.deepEqual(await confirmedNotificationAddresses(db, organisationId), ['post@demoaps.example']);
        const anne = await db.selectFrom('app_user').select('id').where('name', '=', 'Anne Jensen').executeTakeFirstOrThrow();
        await db.updateTable('app_user').set({ email: 'anne@example.dk', email_confirmed_at: new Date() }).where('id', '=', anne.id).execute();
        const counts = async () => Promise.all(['post@demoaps.example', 'anne@example.dk', 'nobody@example.dk'].map(async (to) => (await mailsTo(db, to)).length));
        const before = await counts();
        await letterIn('Løn', { userIds: [anne.id], addresses: ['POST@demoaps.example', 'nobody@example.dk'] });
        await digestAt(kuvert, 1300);
        const after = await counts();
        assert.deepEqual(after, [before[0]! + 1, before[1], before[2]]);
        assert.match(await lastTo('post@demoaps.example'), /^ {2}1 nyt brev i Løn$/m, 'a rule tells it of a folder it was not chosen for');
        assert.equal(postId.length, 36);
      });

      it('another organisation\'s administrator, and a reader, are refused; another organisation\'s address ids answer 404', async () => {
        const karen = await login(kuvert.app, db, 'demo-employee-karen');
        const ole = await login(kuvert.app, db, 'demo-employee-ole');
        assert.deepEqual([(await api(kuvert.app, karen, 'GET', base())).status, (await api(kuvert.app, karen, 'GET', base())).body.errorCode], [404, 'ORGANISATION_NOT_FOUND']);
        const kommunen = (await organisationIdByCvr(db, '12345678'))!;
        const foreign = await api(kuvert.app, karen, 'DELETE', `/api/admin/organisations/${kommunen}/notifications/addresses/${postId}`);
        assert.deepEqual([foreign.status, foreign.body.errorCode], [404, 'NOTIFICATION_ADDRESS_NOT_FOUND']);
        const asCitizen = await api(kuvert.app, jens, 'DELETE', `/api/notifications/addresses/${postId}`);
        assert.deepEqual([asCitizen.status, asCitizen.body.errorCode], [404, 'NOTIFICATION_ADDRESS_NOT_FOUND']);
        const reader = await api(kuvert.app, ole, 'GET', base());
        assert.deepEqual([reader.status, reader.body.errorCode], [403, 'FORBIDDEN_ROLE']);
        assert.equal((await api(kuvert.app, mette, 'GET', base())).body.addresses.length, 1, 'still there');
      });
    });
  });

  describe(`notifications through SMTP_URL (${database.name})`, () => {
    let kuvert: TestKuvert;
    let sink: MailSink | undefined;
    let port: number;
    before(async () => {
      port = await freePort();
      kuvert = await startTestKuvert(database, { smtpUrl: `smtp://127.0.0.1:${port}`, mailDomain: 'kuvert.test', outbox: false });
    });
    after(async () => {
      await kuvert.drop();
      await sink?.close();
    });

    const dueNow = (db: Db) => db.updateTable('job').set({ run_at: new Date(Date.now() - 1000) }).where('kind', '=', SEND_MAIL_JOB).where('state', '=', 'pending').execute();

    it('while the relay is down the notice waits and is retried (the mail log says so), then it arrives with List-Unsubscribe', async () => {
      const db = kuvert.store.db;
      const mette = await login(kuvert.app, db, 'demo-employee-mette');
      const organisationId = (await organisationIdByCvr(db, '29876543'))!;
      const base = `/api/admin/organisations/${organisationId}/notifications`;
      const added = await api(kuvert.app, mette, 'POST', `${base}/addresses`, { email: 'post@demoaps.example' });
      assert.equal(added.status, 201, added.text);
      const token = await linkTo(db, 'post@demoaps.example', 'notification-confirmation', '/notifications/confirm');
      assert.equal((await page(kuvert, 'POST', '/notifications/confirm', token, `token=${token}`)).status, 200);
      await deliver(kuvert.app, db, richLetter({ label: SECRET_TITLE, recipient: { id: '29876543', type: 'CVR' } }));
      await digestAt(kuvert, 20);
      const notice = (await mailsTo(db, 'post@demoaps.example'))[0]!;
      assert.ok(notice);

      const log = async () => (await api(kuvert.app, mette, 'GET', `${base}/mails`)).body as Array<{ id: string; kind: string; state: string; reason: string | null; attempts: number }>;
      const deadline = Date.now() + 20_000;
      let entry;
      for (;;) {
        await dueNow(db);
        entry = (await log()).find((m) => m.id === notice.id)!;
        if (entry.attempts >= 2) break;
        assert.ok(Date.now() < deadline, `retried: ${JSON.stringify(entry)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(entry.kind, 'notification');
      assert.equal(entry.state, 'retrying');
      assert.match(entry.reason ?? '', /ECONNREFUSED|connect/i);
      assert.ok((await log()).some((m) => m.kind === 'confirmation'), 'the confirmation link is in the log too');

      sink = await startMailSink(port);
      await dueNow(db);
      const arrived = await sink.waitFor((m) => m.to.includes('post@demoaps.example') && m.raw.toString().includes('Ny Digital Post'));
      const parsed = await simpleParser(arrived.raw);
      assert.equal(parsed.subject, 'Ny Digital Post til Demo ApS / New Digital Post for Demo ApS');
      const head = arrived.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n\s+/g, ' ');
      assert.match(head, /^List-Unsubscribe: <http:\/\/[^>]+\/notifications\/unsubscribe\?token=[\w-]{43}>$/m);
      assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      assert.ok(!(parsed.text ?? '').includes(SECRET_TITLE));
      const until = Date.now() + 10_000;
      while ((await log()).find((m) => m.id === notice.id)!.state !== 'sent') {
        assert.ok(Date.now() < until, 'the log says sent');
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  });
}
