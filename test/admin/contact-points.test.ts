import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addContactPoint } from '../../src/admin/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { organisationIdByCvr, verifyEvents } from '../../src/store/index.ts';
import { call } from '../helpers/api.ts';
import { testDatabases } from '../helpers/databases.ts';
import { sessionFor } from '../helpers/session.ts';
import { api, deliver, messageForm, richLetter, snapshot, type Person } from '../portal/helpers.ts';
import { authorityAdministration, countRows, eventsOf } from './organisation-helpers.ts';

const PDF = Buffer.from('%PDF-1.4\nbilag\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const future = () => new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');

type ContactPoint = { id: string; name: string; parentId: string | null; active: boolean; visible: boolean; mailName: string | null };

/** An authority's contact points (src/admin/contact-points.ts), and their settings as delivery applies them. */
for (const database of testDatabases()) {
  describe(`contact points administered by an authority (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof authorityAdministration>>['kuvert'];
    let karen: Person;
    let jens: Person;
    let mette: Person;
    let authority: string;
    let other: { id: string; contactPointId: string };
    let teknik: ContactPoint;
    let vejpark: ContactPoint;
    before(async () => {
      let otherAuthority: string;
      ({ kuvert, karen, jens, mette, authority, otherAuthority } = await authorityAdministration(database));
      const made = await kuvert.store.db.transaction().execute((trx) => addContactPoint(trx, kuvert.ctx.eventChains, 'demo', otherAuthority, { name: 'Fremmed kontaktpunkt' }));
      other = { id: otherAuthority, contactPointId: made.id };
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const points = (id = authority) => `/api/admin/organisations/${id}/contact-points`;
    const write = (who: Person, contactPointId: string, files: Parameters<typeof messageForm>[1] = []) =>
      api(app(), who, 'POST', `/api/mailboxes/${who.mailboxId}/messages`, messageForm({ contactPointId, label: 'Henvendelse', text: 'Hej.' }, files));
    const queuedFor = async (messageId: string) => (await db().selectFrom('system_queue').select('system_id').where('message_id', '=', messageId).execute())
      .map((q) => q.system_id).sort();
    const directory = async () => (await call(app(), 'GET', '/contact-points?size=100', 'companyRecipient')).json().contactPoints as Array<{ id: string; parentId: string | null }>;
    const picker = async () => (await api(app(), jens, 'GET', '/api/contact-points')).body.contactPoints.map((c: { id: string }) => c.id) as string[];

    it('lists the authority\'s contact points with their settings', async () => {
      const listed = await api(app(), karen, 'GET', points());
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.body.map((c: ContactPoint) => c.name), ['Borgerservice', 'Byggesager']);
      assert.deepEqual(listed.body[0], {
        id: DEMO.contactPoints[0].id, name: 'Borgerservice', description: 'Generelle henvendelser til kommunen', parentId: null, active: true, visible: true,
        whoMayWrite: ['citizen', 'company', 'authority'], maxSizeMb: 50, maxAttachments: 10, fileTypes: null, recipientSystemId: null,
        mailName: 'borgerservice', deactivatedAt: null,
      });
    });

    it('creates contact points in a hierarchy, with who may write, limits, a recipient system and a mail name', async () => {
      const made = await api(app(), karen, 'POST', points(), { name: 'Teknik og Miljø', description: 'Alt om teknik' });
      assert.equal(made.status, 201, made.text);
      teknik = made.body;
      const child = await api(app(), karen, 'POST', points(), {
        name: 'Vej og park', parentId: teknik.id, whoMayWrite: ['citizen'], maxSizeMb: 5, maxAttachments: 2, fileTypes: ['pdf'],
        recipientSystemId: DEMO.systems.authorityRecipient.id, mailName: 'VejPark',
      });
      assert.equal(child.status, 201, child.text);
      vejpark = child.body;
      assert.deepEqual({ ...child.body, id: undefined }, {
        id: undefined, name: 'Vej og park', description: '', parentId: teknik.id, active: true, visible: true, whoMayWrite: ['citizen'], maxSizeMb: 5,
        maxAttachments: 2, fileTypes: ['pdf'], recipientSystemId: DEMO.systems.authorityRecipient.id, mailName: 'vejpark', deactivatedAt: null,
      });
      const created = (await eventsOf(db(), 'CONTACT_POINT_CREATED')).filter((e) => e.data.organisationId === authority && e.actor !== 'demo');
      assert.deepEqual(created.map((e) => [e.actor, e.data.contactPointId]), [[`user:${karen.userId}`, teknik.id], [`user:${karen.userId}`, vejpark.id]]);

      // the hierarchy is shown in the directory's search
      const found = await directory();
      assert.equal(found.find((c) => c.id === vejpark.id)?.parentId, teknik.id);
      assert.equal(found.find((c) => c.id === teknik.id)?.parentId, null);
    });

    it('refuses a parent of another organisation, a cycle, a taken or bad mail name, another organisation\'s system; writes nothing', async () => {
      const before = await snapshot(db());
      const rows = await countRows(db(), 'contact_point');
      const cases: Array<[string, 'POST' | 'PATCH', object, number, string]> = [
        [points(), 'POST', { name: 'X', parentId: other.contactPointId }, 422, 'CONTACT_POINT_PARENT_INVALID'],
        [`${points()}/${teknik.id}`, 'PATCH', { parentId: vejpark.id }, 422, 'CONTACT_POINT_PARENT_CYCLE'],
        [`${points()}/${teknik.id}`, 'PATCH', { parentId: teknik.id }, 422, 'CONTACT_POINT_PARENT_CYCLE'],
        [points(), 'POST', { name: 'X', mailName: 'borgerservice' }, 409, 'MAIL_NAME_TAKEN'],
        [`${points()}/${teknik.id}`, 'PATCH', { mailName: 'VEJPARK' }, 409, 'MAIL_NAME_TAKEN'],
        [points(), 'POST', { name: 'X', mailName: 'ikke gyldig' }, 400, 'MAIL_NAME_INVALID'],
        [points(), 'POST', { name: 'X', mailName: '12345678' }, 400, 'MAIL_NAME_INVALID'],
        [points(), 'POST', { name: 'X', recipientSystemId: DEMO.systems.companyRecipient.id }, 422, 'RECIPIENT_SYSTEM_INVALID'],
        [points(), 'POST', { name: 'X', recipientSystemId: DEMO.systems.authoritySender.id }, 422, 'RECIPIENT_SYSTEM_INVALID'],
        [points(), 'POST', { name: 'X', fileTypes: [] }, 400, 'FILE_TYPES_EMPTY'],
        [points(), 'POST', { name: '  ' }, 400, 'CONTACT_POINT_NAME_INVALID'],
        [points(), 'POST', { name: 'X', whoMayWrite: ['robots'] }, 400, 'REQUEST_INVALID'],
      ];
      for (const [url, method, body, status, code] of cases) {
        const refused = await api(app(), karen, method, url, body);
        assert.deepEqual([refused.status, refused.body.errorCode], [status, code], `${method} ${JSON.stringify(body)}`);
      }
      assert.equal(await countRows(db(), 'contact_point'), rows);
      assert.equal(await snapshot(db()), before);
    });

    it('changes the settings given and names them in CONTACT_POINT_CHANGED', async () => {
      const changed = await api(app(), karen, 'PATCH', `${points()}/${teknik.id}`, { description: 'Veje, parker og byggeri', visible: false, maxSizeMb: 50 });
      assert.equal(changed.status, 200, changed.text);
      assert.deepEqual([changed.body.description, changed.body.visible, changed.body.name], ['Veje, parker og byggeri', false, 'Teknik og Miljø']);
      const events = (await eventsOf(db(), 'CONTACT_POINT_CHANGED')).map((e) => e.data.changed);
      assert.deepEqual(events, [['description', 'visible']], 'maxSizeMb was already 50');
      teknik = changed.body;
    });

    it('keeps a hidden contact point out of search, but it can be written to by its id', async () => {
      assert.ok(!(await directory()).some((c) => c.id === teknik.id), 'not in /apis/v1/contact-points');
      assert.ok(!(await picker()).includes(teknik.id), 'not in the portal\'s picker');
      assert.equal((await directory()).find((c) => c.id === vejpark.id)?.parentId, null, 'a child of a hidden one shows at the top');
      const sent = await write(jens, teknik.id);
      assert.equal(sent.status, 201, sent.text);
    });

    it('applies who may write, the limits and the recipient system', async () => {
      const company = await write(mette, vejpark.id);
      assert.deepEqual([company.status, company.body.errorCode], [403, 'CONTACT_POINT_WRITER_NOT_ALLOWED']);
      const png = await write(jens, vejpark.id, [{ filename: 'kort.png', contentType: 'image/png', content: PNG }]);
      assert.deepEqual([png.status, png.body.errorCode], [422, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
      const three = await write(jens, vejpark.id, [1, 2, 3].map((i) => ({ filename: `bilag${i}.pdf`, contentType: 'application/pdf', content: PDF })));
      assert.deepEqual([three.status, three.body.errorCode], [400, 'TOO_MANY_ATTACHMENTS']);

      // a second recipient system: letters to Vej og park go to the one it names only, others to both
      const second = await api(app(), karen, 'POST', `/api/admin/organisations/${authority}/systems`, { kind: 'recipient', name: 'Andet ESDH' });
      assert.equal(second.status, 201, second.text);
      const ok = await write(jens, vejpark.id, [{ filename: 'bilag.pdf', contentType: 'application/pdf', content: PDF }]);
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual(await queuedFor(ok.body.messageId), [DEMO.systems.authorityRecipient.id]);
      const general = await write(jens, DEMO.contactPoints[0].id);
      assert.deepEqual(await queuedFor(general.body.messageId), [DEMO.systems.authorityRecipient.id, second.body.id].sort());
      const row = await db().selectFrom('message').select('recipient_contact_point_id').where('id', '=', ok.body.messageId).executeTakeFirstOrThrow();
      assert.equal(row.recipient_contact_point_id, vejpark.id);
    });

    it('asks before deactivating a contact point that mail still points to, listing the uses', async () => {
      // a letter from Vej og park that Jens may answer
      const letterId = await deliver(app(), db(), richLetter({ label: 'Om din vej', reply: true, replyBy: future(), senderContactPoint: vejpark.id }));
      const before = await snapshot(db());
      const asked = await api(app(), karen, 'POST', `${points()}/${vejpark.id}/deactivate`);
      assert.deepEqual([asked.status, asked.body.errorCode], [409, 'CONTACT_POINT_IN_USE']);
      assert.deepEqual(asked.body.details.map((u: { kind: string; count: number }) => [u.kind, u.count]), [['gateway-address', 1], ['open-threads', 2]]);
      const parent = await api(app(), karen, 'POST', `${points()}/${teknik.id}/deactivate`, { confirm: false });
      assert.deepEqual(parent.body.details.map((u: { kind: string }) => u.kind), ['open-threads', 'child-contact-points']);
      assert.match(parent.body.details[1].description, /Vej og park/);
      assert.equal(await snapshot(db()), before, 'nothing changes without confirmation');

      const done = await api(app(), karen, 'POST', `${points()}/${vejpark.id}/deactivate`, { confirm: true });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.active, false);
      assert.ok(done.body.deactivatedAt);
      const events = await eventsOf(db(), 'CONTACT_POINT_DEACTIVATED');
      assert.deepEqual(events.map((e) => [e.actor, e.data.contactPointId, e.data.uses]), [[`user:${karen.userId}`, vejpark.id, { 'gateway-address': 1, 'open-threads': 2 }]]);

      const unused = (await api(app(), karen, 'POST', points(), { name: 'Ubrugt' })).body;
      assert.equal((await api(app(), karen, 'POST', `${points()}/${unused.id}/deactivate`)).status, 200, 'nothing points to it: no question');

      // no new mail; not in search
      const refused = await write(jens, vejpark.id);
      assert.deepEqual([refused.status, refused.body.errorCode], [404, 'CONTACT_POINT_NOT_FOUND']);
      assert.ok(!(await directory()).some((c) => c.id === vejpark.id));
      assert.ok(!(await picker()).includes(vejpark.id));

      // a reply to the old thread still arrives, at the contact point and its recipient system
      const reply = await api(app(), jens, 'POST', `/api/mailboxes/${jens.mailboxId}/messages/${letterId}/reply`, messageForm({ text: 'Tak for brevet.' }));
      assert.equal(reply.status, 201, reply.text);
      const arrived = await db().selectFrom('message').select(['thread_id', 'recipient_contact_point_id']).where('id', '=', reply.body.messageId).executeTakeFirstOrThrow();
      assert.deepEqual(arrived, { thread_id: letterId, recipient_contact_point_id: vejpark.id });
      assert.deepEqual(await queuedFor(reply.body.messageId), [DEMO.systems.authorityRecipient.id]);
      const inbox = (await api(app(), karen, 'GET', `/api/mailboxes/${karen.mailboxId}/messages?folderId=${karen.folders.INBOX}`)).body.messages;
      assert.ok(inbox.some((m: { id: string }) => m.id === reply.body.messageId));

      const back = await api(app(), karen, 'POST', `${points()}/${vejpark.id}/reactivate`);
      assert.deepEqual([back.status, back.body.active, back.body.deactivatedAt], [200, true, null]);
      assert.equal((await write(jens, vejpark.id)).status, 201, 'reactivated, it takes new mail again');
      assert.equal((await eventsOf(db(), 'CONTACT_POINT_REACTIVATED')).length, 1);
    });

    it('answers 404 for another organisation\'s contact points, 403 for companies and roles below administrator, and needs CSRF', async () => {
      const before = await snapshot(db());
      for (const [method, url, body] of [
        ['PATCH', `${points()}/${other.contactPointId}`, { name: 'Overtaget' }],
        ['POST', `${points()}/${other.contactPointId}/deactivate`, { confirm: true }],
        ['POST', `${points()}/${other.contactPointId}/reactivate`, undefined],
      ] as const) {
        const refused = await api(app(), karen, method, url, body);
        assert.deepEqual([refused.status, refused.body.errorCode], [404, 'CONTACT_POINT_NOT_FOUND'], `${method} ${url}`);
      }
      const theirs = await api(app(), karen, 'GET', points(other.id));
      assert.deepEqual([theirs.status, theirs.body.errorCode], [404, 'ORGANISATION_NOT_FOUND']);
      const company = (await organisationIdByCvr(db(), DEMO.company.cvr))!;
      const companies = await api(app(), mette, 'GET', points(company));
      assert.deepEqual([companies.status, companies.body.errorCode], [403, 'AUTHORITY_REQUIRED']);
      const ole = await sessionFor(db(), 'demo-employee-ole');
      assert.deepEqual((await api(app(), ole, 'GET', points(company))).body.errorCode, 'FORBIDDEN_ROLE');
      const noCsrf = await app().inject({ method: 'POST', url: points(), headers: { cookie: karen.headers.cookie! }, payload: { name: 'Uden CSRF' } });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().errorCode], [403, 'CSRF_TOKEN_INVALID']);
      assert.equal(await snapshot(db()), before);
      assert.equal((await verifyEvents(db())).ok, true);
    });
  });
}
