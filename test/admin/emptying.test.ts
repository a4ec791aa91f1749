import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { checkEmptying, type AdminContext } from '../../src/admin/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { organisationIdByCvr, type Db } from '../../src/store/index.ts';
import { call } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, login, type Person } from '../portal/helpers.ts';
import { eventsOf, memberOf } from './organisation-helpers.ts';

type Folder = {
  id: string; kind: string; name: string; unhandled: number; oldestUnhandledAt: string | null; overdue: number; openAlerts: number;
  watch: null | { responsible: null | { userId: string; name: string; hasAccess: boolean }; responsibleUnit: string | null; thresholdHours: number; updatedBy: { name: string } };
};
type System = { id: string; name: string; waiting: number; fetchAlertHours: number; ownFetchAlertHours: number | null; alerts: Array<{ kind: string; waiting?: number; failed?: number }> };

const HOUR = 3600_000;
/** `hours` from now: the check is run as of then (time is passed, not waited for). */
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);
const PUBLIC_URL = 'https://kuvert.example';
const ESDH = DEMO.systems.companyRecipient.id;

/** Everything the administration calls of this page could write. */
async function watchSnapshot(db: Db): Promise<string> {
  const [events, folders, systems] = await Promise.all([
    db.selectFrom('event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('folder_watch').selectAll().orderBy('folder_id').execute(),
    db.selectFrom('system_watch').selectAll().orderBy('system_id').execute(),
  ]);
  return JSON.stringify({ events: Number(events.n), folders, systems });
}

/**
 * Is the mailbox emptied? (src/admin/emptying.ts, docs/emptying.md): folders' responsible people and
 * thresholds, alerts for unhandled letters once per letter and threshold, alerts for recipient systems
 * that stop fetching or answer FAILED once per episode, and the mail each run sends.
 */
for (const database of testDatabases()) {
  describe(`emptying the mailbox (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let ctx: AdminContext;
    let mette: Person;
    let ole: Person;
    let karen: Person;
    let jens: Person;
    let writer: Awaited<ReturnType<typeof memberOf>>;
    let demoAps: string;
    let kommunen: string;
    let salary: string;
    const salaryLabel = 'Sag 2211771212: Lønsedler for Jens Hansen';
    before(async () => {
      // no timer: every check below is run by the test, as of the time it names
      kuvert = await startTestKuvert(database, { emptyingCheckMinutes: 0 });
      const { app, store } = kuvert;
      ctx = { db: store.db, eventChains: kuvert.ctx.eventChains, publicUrl: PUBLIC_URL };
      [mette, ole, karen, jens] = [
        await login(app, store.db, 'demo-employee-mette'), await login(app, store.db, 'demo-employee-ole'),
        await login(app, store.db, 'demo-employee-karen'), await login(app, store.db, 'demo-citizen-jens'),
      ];
      demoAps = (await organisationIdByCvr(store.db, DEMO.company.cvr))!;
      kommunen = (await organisationIdByCvr(store.db, DEMO.authority.cvr))!;
      writer = await memberOf(kuvert.ctx, demoAps, 'writer');
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const page = (organisationId = demoAps) => `/api/admin/organisations/${organisationId}/emptying`;
    const folderWatch = (folderId: string, organisationId = demoAps) => `${page(organisationId)}/folders/${folderId}`;
    const systemWatch = (systemId: string, organisationId = demoAps) => `${page(organisationId)}/systems/${systemId}`;
    const folderOf = (view: { folders: Folder[] }, id: string) => view.folders.find((f) => f.id === id)!;
    const systemOf = (view: { systems: System[] }, id: string) => view.systems.find((s) => s.id === id)!;
    const mails = () => db().selectFrom('outgoing_mail').select(['recipient', 'subject', 'text_body', 'created_at'])
      .where('kind', '=', 'emptying-alert').orderBy('created_at').orderBy('recipient').execute();
    const newMails = async (before: number) => (await mails()).slice(before);

    it('an administrator gives folders a responsible person or unit and a threshold; each change is an event', async () => {
      const set = await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUserId: ole.userId, responsibleUnit: ' Løn ', thresholdHours: 24 });
      assert.equal(set.status, 200, set.text);
      const loen = folderOf(set.body, mette.folders.Løn!);
      assert.deepEqual({ ...loen.watch, updatedAt: undefined }, {
        responsible: { userId: ole.userId, name: 'Ole Pedersen', hasAccess: true }, responsibleUnit: 'Løn', thresholdHours: 24,
        updatedAt: undefined, updatedBy: { kind: 'user', name: 'Mette Nielsen', userId: mette.userId },
      });
      const inbox = await api(app(), mette, 'PUT', folderWatch(mette.folders.INBOX!), { thresholdHours: 48 });
      assert.equal(inbox.status, 200, inbox.text);
      assert.deepEqual(inbox.body.folders.map((f: Folder) => [f.kind, f.name, f.watch?.thresholdHours ?? null]), [
        ['INBOX', 'Indbakke', 48], ['USER', 'BBR', null], ['USER', 'Løn', 24],
      ], 'Indbakke and the own folders, not Sendt, Kladder, Slettet');

      const events = await eventsOf(db(), 'FOLDER_WATCH_SET', 'FOLDER_WATCH_REMOVED');
      assert.deepEqual(events.map((e) => [e.type, e.actor, e.data.folderId, e.data.responsibleUserId, e.data.thresholdHours, e.data.changed]), [
        ['FOLDER_WATCH_SET', `user:${mette.userId}`, mette.folders.Løn, ole.userId, 24, ['created']],
        ['FOLDER_WATCH_SET', `user:${mette.userId}`, mette.folders.INBOX, null, 48, ['created']],
      ]);
      const same = await watchSnapshot(db());
      assert.equal((await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUserId: ole.userId, responsibleUnit: 'Løn', thresholdHours: 24 })).status, 200);
      assert.equal(await watchSnapshot(db()), same, 'the same again writes nothing');

      // a watch is removed, and set again
      assert.equal((await api(app(), mette, 'DELETE', folderWatch(mette.folders.BBR!))).status, 200);
      assert.equal(await watchSnapshot(db()), same, 'removing none writes nothing');
      await api(app(), mette, 'PUT', folderWatch(mette.folders.BBR!), { responsibleUnit: 'Byg', thresholdHours: 72 });
      const removed = await api(app(), mette, 'DELETE', folderWatch(mette.folders.BBR!));
      assert.equal(folderOf(removed.body, mette.folders.BBR!).watch, null);
      assert.deepEqual((await eventsOf(db(), 'FOLDER_WATCH_SET', 'FOLDER_WATCH_REMOVED')).slice(2).map((e) => e.type), ['FOLDER_WATCH_SET', 'FOLDER_WATCH_REMOVED']);

      // the recipient system is alerted after 40 hours without a fetch instead of 24
      const system = await api(app(), mette, 'PUT', systemWatch(ESDH), { fetchAlertHours: 40 });
      assert.equal(system.status, 200, system.text);
      assert.deepEqual([systemOf(system.body, ESDH).fetchAlertHours, systemOf(system.body, ESDH).ownFetchAlertHours], [40, 40]);
    });

    it('refuses what cannot be, with stable codes, writing nothing; writers, readers and other organisations get nothing', async () => {
      const kommunenInbox = karen.folders.INBOX!;
      const before = await watchSnapshot(db());
      const cases: Array<[string, { status: number; body: { errorCode?: string } }, number, string]> = [
        ['an unknown folder', await api(app(), mette, 'PUT', folderWatch(randomUUID()), { thresholdHours: 24 }), 404, 'FOLDER_NOT_FOUND'],
        ['another organisation\'s folder', await api(app(), mette, 'PUT', folderWatch(kommunenInbox), { thresholdHours: 24 }), 404, 'FOLDER_NOT_FOUND'],
        ['removing another organisation\'s folder\'s watch', await api(app(), mette, 'DELETE', folderWatch(kommunenInbox)), 404, 'FOLDER_NOT_FOUND'],
        ['Sendt', await api(app(), mette, 'PUT', folderWatch(mette.folders.SENT!), { thresholdHours: 24 }), 422, 'FOLDER_NOT_WATCHABLE'],
        ['a person of another organisation', await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUserId: karen.userId, thresholdHours: 24 }), 422, 'RESPONSIBLE_PERSON_UNKNOWN'],
        ['an unknown person', await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUserId: randomUUID(), thresholdHours: 24 }), 422, 'RESPONSIBLE_PERSON_UNKNOWN'],
        ['Ole for BBR, which he cannot see', await api(app(), mette, 'PUT', folderWatch(mette.folders.BBR!), { responsibleUserId: ole.userId, thresholdHours: 24 }), 422, 'RESPONSIBLE_PERSON_NO_ACCESS'],
        ['no threshold', await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUserId: ole.userId }), 400, 'REQUEST_INVALID'],
        ['0 hours', await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { thresholdHours: 0 }), 400, 'THRESHOLD_INVALID'],
        ['more than 90 days', await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { thresholdHours: 90 * 24 + 1 }), 400, 'THRESHOLD_INVALID'],
        ['a unit on two lines', await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUnit: 'Løn\nHR', thresholdHours: 24 }), 400, 'RESPONSIBLE_UNIT_INVALID'],
        ['a reader', await api(app(), ole, 'PUT', folderWatch(mette.folders.Løn!), { thresholdHours: 24 }), 403, 'FORBIDDEN_ROLE'],
        ['a writer', await api(app(), writer, 'GET', page()), 403, 'FORBIDDEN_ROLE'],
        ['a reader\'s look', await api(app(), ole, 'GET', page()), 403, 'FORBIDDEN_ROLE'],
        ['another organisation\'s administrator', await api(app(), karen, 'GET', page()), 404, 'ORGANISATION_NOT_FOUND'],
        ['another organisation\'s administrator\'s change', await api(app(), karen, 'PUT', folderWatch(mette.folders.Løn!), { thresholdHours: 24 }), 404, 'ORGANISATION_NOT_FOUND'],
        ['a citizen', await api(app(), jens, 'GET', page()), 404, 'ORGANISATION_NOT_FOUND'],
        ['Mette on Kommunen', await api(app(), mette, 'GET', page(kommunen)), 404, 'ORGANISATION_NOT_FOUND'],
        ['Kommunen\'s system', await api(app(), mette, 'PUT', systemWatch(DEMO.systems.authorityRecipient.id), { fetchAlertHours: 12 }), 404, 'SYSTEM_NOT_FOUND'],
        ['an unknown system', await api(app(), mette, 'PUT', systemWatch(randomUUID()), { fetchAlertHours: 12 }), 404, 'SYSTEM_NOT_FOUND'],
        ['0 hours without a fetch', await api(app(), mette, 'PUT', systemWatch(ESDH), { fetchAlertHours: 0 }), 400, 'FETCH_ALERT_HOURS_INVALID'],
        ['without the CSRF token', await api(app(), { headers: { cookie: mette.headers.cookie! } } as unknown as Person, 'PUT', folderWatch(mette.folders.Løn!), { thresholdHours: 1 }), 403, 'CSRF_TOKEN_INVALID'],
      ];
      for (const [what, answer, status, code] of cases) assert.deepEqual([answer.status, answer.body.errorCode], [status, code], what);
      const notice = await api(app(), karen, 'GET', `/api/mailboxes/${mette.mailboxId}/emptying`);
      assert.deepEqual([notice.status, notice.body.errorCode], [404, 'MAILBOX_NOT_FOUND']);
      assert.equal(await watchSnapshot(db()), before);
      // the largest threshold is 90 days
      const longest = await api(app(), mette, 'PUT', folderWatch(mette.folders.BBR!), { thresholdHours: 90 * 24 });
      assert.equal(folderOf(longest.body, mette.folders.BBR!).watch?.thresholdHours, 2160);
      await api(app(), mette, 'DELETE', folderWatch(mette.folders.BBR!));
    });

    it('an unhandled letter older than its folder\'s threshold alerts once, mailed to the responsible person — no title, no CPR number', async () => {
      salary = await deliver(app(), db(), letter({ pNumber: '1012345678', label: salaryLabel }));
      assert.equal((await api(app(), mette, 'PATCH', `/api/mailboxes/${mette.mailboxId}/messages/${salary}`, { folderId: mette.folders.Løn })).status, 200);
      const before = (await mails()).length;

      assert.equal((await checkEmptying(ctx, inHours(1))).letterAlerts, 0, 'not yet older than 24 hours');
      const first = await checkEmptying(ctx, inHours(25));
      assert.equal(first.letterAlerts, 1);
      const sent = await newMails(before);
      assert.deepEqual(sent.map((m) => m.recipient), ['ole@demoaps.example'], 'the responsible person, and only them');
      const text = sent[0]!.text_body;
      assert.match(text, /- Løn \(Løn\): 1 brev ældre end 1 døgn/);
      assert.match(text, /- Løn \(Løn\): 1 letter older than 1 day/);
      assert.ok(text.includes(`${PUBLIC_URL}/postkasse/${mette.mailboxId}/${mette.folders.Løn}?vis=ikke-behandlet`), text);
      for (const secret of ['2211771212', 'Lønsedler', 'Jens Hansen', salary]) {
        assert.ok(!text.includes(secret) && !sent[0]!.subject.includes(secret), `the mail does not contain "${secret}"`);
      }
      assert.deepEqual((await eventsOf(db(), 'EMPTYING_ALERTS_RAISED')).map((e) => [e.actor, e.mailboxId, e.data]), [
        ['kuvert', mette.mailboxId, { organisationId: demoAps, folderId: mette.folders.Løn, thresholdHours: 24, letters: 1, mailed: 1 }],
      ]);

      // the next run: nothing new, nothing mailed
      const again = await checkEmptying(ctx, inHours(26));
      assert.deepEqual([again.letterAlerts, again.mails], [0, 0]);
      assert.equal((await newMails(before)).length, 1);

      // the page and the responsible person's notice
      const view = (await api(app(), mette, 'GET', page())).body;
      const loen = folderOf(view, mette.folders.Løn!);
      assert.deepEqual([loen.unhandled, loen.openAlerts, loen.overdue], [1, 1, 0], 'overdue is counted now, the alert stays open until handled');
      assert.ok(loen.oldestUnhandledAt);
      assert.deepEqual((await api(app(), ole, 'GET', `/api/mailboxes/${ole.mailboxId}/emptying`)).body, {
        folders: [{ id: mette.folders.Løn, kind: 'USER', name: 'Løn', thresholdHours: 24, openAlerts: 1 }],
      });
      assert.deepEqual((await api(app(), mette, 'GET', `/api/mailboxes/${mette.mailboxId}/emptying`)).body, { folders: [] }, 'Mette is not responsible');
      assert.deepEqual((await api(app(), jens, 'GET', `/api/mailboxes/${jens.mailboxId}/emptying`)).body, { folders: [] });
    });

    it('a new threshold alerts again; once handled the alert is closed, and unhandling it does not alert at the same threshold', async () => {
      const before = (await mails()).length;
      await api(app(), mette, 'PUT', folderWatch(mette.folders.Løn!), { responsibleUserId: ole.userId, responsibleUnit: 'Løn', thresholdHours: 12 });
      const changed = await checkEmptying(ctx, inHours(26));
      assert.equal(changed.letterAlerts, 1, 'a new threshold is a new alert');
      assert.deepEqual((await newMails(before)).map((m) => m.recipient), ['ole@demoaps.example']);
      assert.match((await newMails(before))[0]!.text_body, /1 brev ældre end 12 timer/);

      assert.equal((await api(app(), ole, 'PATCH', `/api/mailboxes/${ole.mailboxId}/messages/${salary}`, { handled: true })).status, 200);
      assert.equal(folderOf((await api(app(), mette, 'GET', page())).body, mette.folders.Løn!).openAlerts, 0);
      assert.deepEqual((await api(app(), ole, 'GET', `/api/mailboxes/${ole.mailboxId}/emptying`)).body, { folders: [] });
      assert.equal((await checkEmptying(ctx, inHours(27))).letterAlerts, 0);

      assert.equal((await api(app(), ole, 'PATCH', `/api/mailboxes/${ole.mailboxId}/messages/${salary}`, { handled: false })).status, 200);
      assert.equal((await checkEmptying(ctx, inHours(27))).letterAlerts, 0, 'once per letter and threshold');
      assert.equal(folderOf((await api(app(), mette, 'GET', page())).body, mette.folders.Løn!).openAlerts, 1);
      assert.equal((await newMails(before)).length, 1);
      assert.equal((await api(app(), ole, 'PATCH', `/api/mailboxes/${ole.mailboxId}/messages/${salary}`, { handled: true })).status, 200);
    });

    it('without a responsible person the administrators get ONE mail per run, with the recipient system that stopped fetching', async () => {
      const before = (await mails()).length;
      const letterInInbox = await deliver(app(), db(), letter({ pNumber: '1012345678', label: 'Momsangivelse 2211771212' }));
      const run = await checkEmptying(ctx, inHours(49));
      assert.ok(run.letterAlerts >= 1, 'the letter in Indbakke is older than 48 hours');
      assert.equal(run.systemAlertsRaised, 1, 'Demo ApS ESDH has had letters waiting for 40 hours and has never fetched');
      const sent = await newMails(before);
      assert.deepEqual(sent.map((m) => m.recipient), ['mette@demoaps.example'], 'the administrators with a confirmed address, once each');
      const text = sent[0]!.text_body;
      assert.match(text, new RegExp(`- Indbakke: ${run.letterAlerts === 1 ? '1 brev' : `${run.letterAlerts} breve`} ældre end 2 døgn`));
      assert.match(text, /- Demo ApS ESDH: har ikke hentet post i over 40 timer; \d+ breve? venter/);
      assert.match(text, /- Demo ApS ESDH: has not fetched mail for over 40 hours; \d+ letters? waiting/);
      assert.ok(text.includes(`${PUBLIC_URL}/organisationer/${demoAps}/administration/toemning`));
      assert.ok(!text.includes('Momsangivelse') && !text.includes('2211771212') && !text.includes(letterInInbox));
      const raised = await eventsOf(db(), 'SYSTEM_ALERT_RAISED');
      assert.deepEqual(raised.map((e) => [e.actor, e.data.systemId, e.data.kind]), [['kuvert', ESDH, 'not-fetching']]);

      const view = (await api(app(), mette, 'GET', page())).body;
      const esdh = systemOf(view, ESDH);
      assert.deepEqual([esdh.fetchAlertHours, esdh.ownFetchAlertHours, esdh.alerts.map((a) => a.kind)], [40, 40, ['not-fetching']]);
      assert.ok(esdh.waiting >= 1);
    });

    it('a system alert is raised once per episode and cleared when the system fetches again; its time can be set per system', async () => {
      const before = (await mails()).length;
      const again = await checkEmptying(ctx, inHours(50));
      assert.deepEqual([again.systemAlertsRaised, again.systemAlertsCleared], [0, 0]);

      // the system fetches what waits
      const listed = await call(app(), 'GET', '/memos?page=0&size=100', 'companyRecipient');
      for (const uuid of listed.json().content as string[]) assert.equal((await call(app(), 'GET', `/memos/${uuid}`, 'companyRecipient')).statusCode, 200);
      const fetched = await checkEmptying(ctx, inHours(51));
      assert.deepEqual([fetched.systemAlertsRaised, fetched.systemAlertsCleared], [0, 1]);
      assert.deepEqual((await eventsOf(db(), 'SYSTEM_ALERT_CLEARED')).map((e) => [e.data.systemId, e.data.kind]), [[ESDH, 'not-fetching']]);
      assert.deepEqual(systemOf((await api(app(), mette, 'GET', page())).body, ESDH).alerts, []);

      // 72 hours for this system: a letter waiting 50 hours is not alerted, at 73 it is
      const set = await api(app(), mette, 'PUT', systemWatch(ESDH), { fetchAlertHours: 72 });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual([systemOf(set.body, ESDH).fetchAlertHours, systemOf(set.body, ESDH).ownFetchAlertHours], [72, 72]);
      assert.deepEqual((await eventsOf(db(), 'SYSTEM_WATCH_SET')).map((e) => [e.actor, e.data]), [
        [`user:${mette.userId}`, { organisationId: demoAps, systemId: ESDH, fetchAlertHours: 40 }],
        [`user:${mette.userId}`, { organisationId: demoAps, systemId: ESDH, fetchAlertHours: 72 }],
      ]);
      const waiting = await deliver(app(), db(), letter({ pNumber: '1012345679', label: 'Faktura' }));
      await api(app(), mette, 'PATCH', `/api/mailboxes/${mette.mailboxId}/messages/${waiting}`, { handled: true });
      assert.equal((await checkEmptying(ctx, inHours(50))).systemAlertsRaised, 0);
      assert.equal((await checkEmptying(ctx, inHours(73))).systemAlertsRaised, 1);
      const sent = await newMails(before);
      assert.deepEqual(sent.map((m) => m.recipient), ['mette@demoaps.example']);
      assert.match(sent[0]!.text_body, /Demo ApS ESDH: har ikke hentet post i over 3 døgn; 1 brev venter/);
      assert.doesNotMatch(sent[0]!.text_body, /Faktura/);
      // back to the default
      const reset = await api(app(), mette, 'PUT', systemWatch(ESDH), { fetchAlertHours: null });
      assert.deepEqual([systemOf(reset.body, ESDH).fetchAlertHours, systemOf(reset.body, ESDH).ownFetchAlertHours], [24, null]);
    });

    it('FAILED business receipts alert the administrators once, until a receipt that is not FAILED', async () => {
      const listed = (await call(app(), 'GET', '/memos?page=0&size=100', 'companyRecipient')).json().content as string[];
      for (const uuid of listed) await call(app(), 'GET', `/memos/${uuid}`, 'companyRecipient');
      const before = (await mails()).length;
      const [first, second] = listed;
      assert.ok(first && second, 'two letters in the queue');
      for (const uuid of [first, second]) {
        const receipt = await call(app(), 'POST', `/memos/${uuid}/receipt`, 'companyRecipient', { receiptStatus: 'FAILED', errorCode: 'CASE_CLOSED' });
        assert.equal(receipt.statusCode, 201, receipt.body);
      }
      const failed = await checkEmptying(ctx, inHours(1));
      assert.deepEqual([failed.systemAlertsRaised, failed.systemAlertsCleared], [1, 1], 'raised; the not-fetching one is over (it fetched)');
      const sent = await newMails(before);
      assert.deepEqual(sent.map((m) => m.recipient), ['mette@demoaps.example']);
      assert.match(sent[0]!.text_body, /- Demo ApS ESDH: de seneste 2 kvitteringer er FAILED/);
      assert.match(sent[0]!.text_body, /the latest 2 business receipts are FAILED/);
      assert.deepEqual(systemOf((await api(app(), mette, 'GET', page())).body, ESDH).alerts.map((a) => [a.kind, a.failed]), [['failed-receipts', 2]]);
      assert.equal((await checkEmptying(ctx, inHours(1))).systemAlertsRaised, 0, 'once per episode');

      assert.equal((await call(app(), 'POST', `/memos/${first}/receipt`, 'companyRecipient', { receiptStatus: 'COMPLETED' })).statusCode, 201);
      const ok = await checkEmptying(ctx, inHours(1));
      assert.deepEqual([ok.systemAlertsRaised, ok.systemAlertsCleared], [0, 1]);
      assert.deepEqual(systemOf((await api(app(), mette, 'GET', page())).body, ESDH).alerts, []);
      assert.equal((await newMails(before)).length, 1);
      assert.deepEqual((await eventsOf(db(), 'SYSTEM_ALERT_RAISED', 'SYSTEM_ALERT_CLEARED')).map((e) => [e.type, e.data.kind]), [
        ['SYSTEM_ALERT_RAISED', 'not-fetching'], ['SYSTEM_ALERT_CLEARED', 'not-fetching'], ['SYSTEM_ALERT_RAISED', 'not-fetching'],
        ['SYSTEM_ALERT_CLEARED', 'not-fetching'], ['SYSTEM_ALERT_RAISED', 'failed-receipts'], ['SYSTEM_ALERT_CLEARED', 'failed-receipts'],
      ]);
    });

    it('a responsible person who can no longer see the folder is not told: the administrators are', async () => {
      const moved = await api(app(), mette, 'PUT', `/api/admin/organisations/${demoAps}/people/${ole.userId}`, { role: 'reader', folderIds: [mette.folders.BBR] });
      assert.equal(moved.status, 200, moved.text);
      try {
        const watch = folderOf((await api(app(), mette, 'GET', page())).body, mette.folders.Løn!).watch;
        assert.deepEqual(watch?.responsible, { userId: ole.userId, name: 'Ole Pedersen', hasAccess: false });
        const before = (await mails()).length;
        const late = await deliver(app(), db(), letter({ pNumber: '1012345678', label: 'Lønseddel' }));
        assert.equal((await api(app(), mette, 'PATCH', `/api/mailboxes/${mette.mailboxId}/messages/${late}`, { folderId: mette.folders.Løn })).status, 200);
        assert.equal((await checkEmptying(ctx, inHours(13))).letterAlerts, 1);
        assert.deepEqual((await newMails(before)).map((m) => m.recipient), ['mette@demoaps.example']);
      } finally {
        await api(app(), mette, 'PUT', `/api/admin/organisations/${demoAps}/people/${ole.userId}`, { role: 'reader', folderIds: [mette.folders.Løn] });
      }
    });

    it('only recipient systems have a time without a fetch', async () => {
      const sender = await api(app(), mette, 'POST', `/api/admin/organisations/${demoAps}/systems`, { kind: 'sender', name: 'Fakturering' });
      assert.equal(sender.status, 201, sender.text);
      const refused = await api(app(), mette, 'PUT', systemWatch(sender.body.id), { fetchAlertHours: 12 });
      assert.deepEqual([refused.status, refused.body.errorCode], [422, 'RECIPIENT_SYSTEM_REQUIRED']);
    });
  });
}
