import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { organisationIdByCvr } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { api, login, snapshot, type Person } from '../portal/helpers.ts';
import { countRows, eventsOf, memberOf, newOrganisation } from './organisation-helpers.ts';

type TestKuvert = Awaited<ReturnType<typeof startTestKuvert>>;

/** The notifications API (`/api/admin/organisations/:id/notifications…`, `/api/notifications…`): who may do what, and what it answers. */
for (const database of testDatabases()) {
  describe(`notifications API (${database.name})`, () => {
    let kuvert: TestKuvert;
    let mette: Person;
    let ole: Person;
    let jens: Person;
    let organisationId: string;
    let oleId: string;
    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (id = organisationId) => `/api/admin/organisations/${id}/notifications`;

    before(async () => {
      kuvert = await startTestKuvert(database);
      mette = await login(app(), db(), 'demo-employee-mette');
      ole = await login(app(), db(), 'demo-employee-ole');
      jens = await login(app(), db(), 'demo-citizen-jens');
      organisationId = (await organisationIdByCvr(db(), '29876543'))!;
      oleId = ole.userId;
    });
    after(async () => { await kuvert.drop(); });

    it('shows an extended mailbox\'s folders letters arrive in, and nobody told yet', async () => {
      const got = await api(app(), mette, 'GET', base());
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.body.mailbox, { id: mette.mailboxId, owner: 'organisation', level: 'extended' });
      assert.equal(got.body.folders[0].name, 'Indbakke', 'Indbakke first');
      assert.ok(got.body.folders.some((f: { name: string }) => f.name === 'Løn'));
      assert.ok(!got.body.folders.some((f: { name: string }) => ['Sendt', 'Kladder', 'Slettet'].includes(f.name)), 'no letter arrives in Sendt');
      assert.deepEqual([got.body.addresses, got.body.people], [[], []]);
    });

    it('adds an address for chosen folders; its confirmation is in the mail log, kept in the development outbox', async () => {
      const added = await api(app(), mette, 'POST', `${base()}/addresses`, { email: ' Post@DemoAps.Example ', folderIds: [mette.folders['Løn']] });
      assert.equal(added.status, 201, added.text);
      assert.equal(added.body.email, 'Post@demoaps.example', 'trimmed, the domain in lower case');
      assert.equal(added.body.status, 'pending');
      assert.deepEqual(added.body.folders, [{ id: mette.folders['Løn'], name: 'Løn' }]);
      assert.ok(new Date(added.body.linkExpiresAt).getTime() > Date.now() + 71 * 3600_000, 'the link works 72 hours');

      const deadline = Date.now() + 10_000;
      let log;
      for (;;) {
        log = await api(app(), mette, 'GET', `${base()}/mails`);
        if (log.body[0]?.state === 'outbox') break;
        assert.ok(Date.now() < deadline, JSON.stringify(log.body));
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(log.status, 200);
      assert.deepEqual({ ...log.body[0], id: undefined, createdAt: undefined }, {
        id: undefined, createdAt: undefined, kind: 'confirmation', to: 'Post@demoaps.example', state: 'outbox', attempts: 0, reason: null, sentAt: null,
        subject: 'Bekræft din e-mailadresse til beskeder om ny Digital Post / Confirm your address for notices of new Digital Post',
      });
      const [event] = await eventsOf(db(), 'NOTIFICATION_ADDRESS_ADDED');
      assert.deepEqual(event!.data, { addressId: added.body.id, folderIds: [mette.folders['Løn']] });
    });

    it('refuses what is not allowed and writes nothing for it', async () => {
      const other = await newOrganisation(kuvert.ctx, { activated: true, level: 'extended' });
      const foreignFolder = (await db().selectFrom('folder').select('id').where('mailbox_id', '=', other.mailboxId).where('kind', '=', 'INBOX').executeTakeFirstOrThrow()).id;
      const address = (await api(app(), mette, 'GET', base())).body.addresses[0].id as string;
      const before = await snapshot(db());
      const events = await countRows(db(), 'event');
      const mails = (await api(app(), mette, 'GET', `${base()}/mails`)).body.length;
      const cases: Array<[string, 'POST' | 'PUT' | 'DELETE', string, object | undefined, number, string]> = [
        ['invalid address', 'POST', `${base()}/addresses`, { email: 'ikke en adresse' }, 422, 'EMAIL_INVALID'],
        ['the same address', 'POST', `${base()}/addresses`, { email: 'post@DEMOAPS.example' }, 409, 'NOTIFICATION_ADDRESS_EXISTS'],
        ['another mailbox\'s folder', 'POST', `${base()}/addresses`, { email: 'x@demoaps.example', folderIds: [foreignFolder] }, 422, 'FOLDER_NOT_FOUND'],
        ['Sendt', 'POST', `${base()}/addresses`, { email: 'x@demoaps.example', folderIds: [mette.folders.SENT] }, 422, 'FOLDER_NOT_FOUND'],
        ['no folders', 'PUT', `${base()}/addresses/${address}/folders`, { folderIds: [] }, 400, 'REQUEST_INVALID'],
        ['a new link at once', 'POST', `${base()}/addresses/${address}/resend`, undefined, 429, 'CONFIRMATION_RECENTLY_SENT'],
        ['an unknown address', 'DELETE', `${base()}/addresses/${randomUUID()}`, undefined, 404, 'NOTIFICATION_ADDRESS_NOT_FOUND'],
        ['Ole for Indbakke, which he may not see', 'PUT', `${base()}/people/${oleId}`, { folderIds: [mette.folders.INBOX] }, 422, 'FOLDER_NOT_VISIBLE'],
        ['a person of another organisation', 'PUT', `${base()}/people/${jens.userId}`, { folderIds: null }, 404, 'PERSON_NOT_FOUND'],
        ['a person told of nothing', 'DELETE', `${base()}/people/${oleId}`, undefined, 404, 'PERSON_NOT_FOUND'],
        ['another organisation', 'GET', base(other.id), undefined, 404, 'ORGANISATION_NOT_FOUND'],
      ] as never;
      for (const [what, method, url, body, status, code] of cases) {
        const refused = await api(app(), mette, method, url, body);
        assert.deepEqual([refused.status, refused.body?.errorCode], [status, code], what);
      }
      assert.equal(await snapshot(db()), before);
      assert.equal(await countRows(db(), 'event'), events);
      assert.equal((await api(app(), mette, 'GET', `${base()}/mails`)).body.length, mails, 'no mail for a refusal');
    });

    it('a change without the session\'s CSRF token is refused; a reader may not, a citizen has only their own', async () => {
      const noCsrf = await app().inject({ method: 'POST', url: `${base()}/addresses`, headers: { cookie: mette.headers.cookie! }, payload: { email: 'csrf@demoaps.example' } });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().errorCode], [403, 'CSRF_TOKEN_INVALID']);
      const reader = await api(app(), ole, 'POST', `${base()}/addresses`, { email: 'ole.privat@example.dk' });
      assert.deepEqual([reader.status, reader.body.errorCode], [403, 'FORBIDDEN_ROLE']);
      const citizen = await api(app(), jens, 'GET', base());
      assert.deepEqual([citizen.status, citizen.body.errorCode], [404, 'ORGANISATION_NOT_FOUND']);
      const employee = await api(app(), mette, 'GET', '/api/notifications');
      assert.deepEqual([employee.status, employee.body.errorCode], [404, 'MAILBOX_NOT_FOUND']);
      const own = await api(app(), jens, 'GET', '/api/notifications');
      assert.equal(own.status, 200);
      assert.deepEqual(own.body.mailbox, { id: jens.mailboxId, owner: 'citizen', level: 'standard' });
      const folders = await api(app(), jens, 'POST', '/api/notifications/addresses', { email: 'jens@example.dk', folderIds: [jens.folders.INBOX] });
      assert.deepEqual([folders.status, folders.body.errorCode], [422, 'EXTENDED_REQUIRED'], 'a citizen\'s addresses are told of every letter');
    });

    it('tells chosen people of chosen folders, and changes and ends it', async () => {
      const set = await api(app(), mette, 'PUT', `${base()}/people/${oleId}`, { folderIds: [mette.folders['Løn']] });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body, {
        userId: oleId, name: 'Ole Pedersen', email: 'ole@demoaps.example', folders: [{ id: mette.folders['Løn'], name: 'Løn' }], member: true, unsubscribed: false,
      });
      const all = await api(app(), mette, 'PUT', `${base()}/people/${mette.userId}`, { folderIds: null });
      assert.deepEqual([all.status, all.body.folders], [200, null]);
      const address = (await api(app(), mette, 'GET', base())).body.addresses[0].id as string;
      const moved = await api(app(), mette, 'PUT', `${base()}/addresses/${address}/folders`, { folderIds: null });
      assert.deepEqual([moved.status, moved.body.folders], [200, null]);
      const listed = (await api(app(), mette, 'GET', base())).body;
      assert.deepEqual(listed.people.map((p: { name: string }) => p.name), ['Mette Nielsen', 'Ole Pedersen']);
      const removed = await api(app(), mette, 'DELETE', `${base()}/people/${oleId}`);
      assert.equal(removed.status, 204);
      assert.deepEqual((await api(app(), mette, 'GET', base())).body.people.map((p: { name: string }) => p.name), ['Mette Nielsen']);
      const changes = await eventsOf(db(), 'NOTIFICATION_RECIPIENTS_CHANGED');
      assert.deepEqual(changes.map((e) => [e.actor, e.data.userId ?? e.data.addressId, e.data.folderIds]), [
        [`user:${mette.userId}`, oleId, [mette.folders['Løn']]],
        [`user:${mette.userId}`, mette.userId, null],
        [`user:${mette.userId}`, address, null],
        [`user:${mette.userId}`, oleId, []],
      ]);
      const gone = await api(app(), mette, 'DELETE', `${base()}/addresses/${address}`);
      assert.equal(gone.status, 204);
      assert.deepEqual((await api(app(), mette, 'GET', base())).body.addresses, []);
      assert.equal((await eventsOf(db(), 'NOTIFICATION_ADDRESS_REMOVED')).length, 1);
    });

    it('a standard mailbox tells its addresses of every letter: no folders, no people', async () => {
      const standard = await newOrganisation(kuvert.ctx, { activated: true, level: 'standard' });
      const admin = await memberOf(kuvert.ctx, standard.id, 'admin');
      const writer = await memberOf(kuvert.ctx, standard.id, 'writer');
      const inbox = (await db().selectFrom('folder').select('id').where('mailbox_id', '=', standard.mailboxId).where('kind', '=', 'INBOX').executeTakeFirstOrThrow()).id;
      const url = base(standard.id);
      const view = await api(app(), admin, 'GET', url);
      assert.deepEqual([view.status, view.body.mailbox.level], [200, 'standard']);
      const folders = await api(app(), admin, 'POST', `${url}/addresses`, { email: 'kontor@example.dk', folderIds: [inbox] });
      assert.deepEqual([folders.status, folders.body.errorCode], [422, 'EXTENDED_REQUIRED']);
      const person = await api(app(), admin, 'PUT', `${url}/people/${writer.userId}`, { folderIds: null });
      assert.deepEqual([person.status, person.body.errorCode], [422, 'EXTENDED_REQUIRED']);
      const added = await api(app(), admin, 'POST', `${url}/addresses`, { email: 'kontor@example.dk' });
      assert.deepEqual([added.status, added.body.folders], [201, null]);
      const foreign = await api(app(), mette, 'DELETE', `${base()}/addresses/${added.body.id}`);
      assert.deepEqual([foreign.status, foreign.body.errorCode], [404, 'NOTIFICATION_ADDRESS_NOT_FOUND'], 'another organisation\'s address id');
    });
  });
}
