import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { addUser, organisationIdByCvr, verifyEvents } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';
import { api } from '../portal/helpers.ts';
import { countRows, eventsOf, memberOf, newOrganisation } from './organisation-helpers.ts';

/** GET /api/admin/organisations/:id and the mailbox's activation (src/admin/organisation.ts). */
for (const database of testDatabases()) {
  describe(`the organisation's administration page and activation (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let mette: TestSession;
    let karen: TestSession;
    let ole: TestSession;
    let jens: TestSession;
    let company: string;
    let authority: string;
    before(async () => {
      kuvert = await startTestKuvert(database);
      const db = kuvert.store.db;
      [mette, karen, ole, jens] = await Promise.all([
        sessionFor(db, 'demo-employee-mette'), sessionFor(db, 'demo-employee-karen'), sessionFor(db, 'demo-employee-ole'), sessionFor(db, 'demo-citizen-jens'),
      ]);
      company = (await organisationIdByCvr(db, DEMO.company.cvr))!;
      authority = (await organisationIdByCvr(db, DEMO.authority.cvr))!;
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const page = (id: string) => `/api/admin/organisations/${id}`;

    it('shows a super-administrator the organisation, its mailbox, their role, what they may do and pending requests', async () => {
      const shown = await api(app(), mette, 'GET', page(company));
      assert.equal(shown.status, 200, shown.text);
      const view = shown.body;
      assert.deepEqual(view.organisation, { id: company, cvr: DEMO.company.cvr, name: DEMO.company.name, kind: 'company' });
      assert.equal(view.mailbox.level, 'extended');
      assert.ok(view.mailbox.activatedAt);
      assert.deepEqual(view.mailbox.activatedBy, { kind: 'system', name: 'demo' });
      assert.deepEqual(view.mailbox.folders.map((f: { name: string }) => f.name), ['BBR', 'Løn'], 'own folders only, by name');
      assert.deepEqual(view.you, { role: 'super-admin' });
      assert.deepEqual(view.may, { people: true, superAdmins: true, contactPoints: false, systems: true, level: true }, 'a company has no contact points');
      assert.equal(view.pendingRequests, 0);

      const asking = await addUser(db(), { subject: `test|${randomUUID()}`, name: 'Sofie Holm', citizenId: null });
      await db().insertInto('access_request').values([
        { user_id: asking, organisation_id: company, role: 'reader', folder_ids: null },
        { user_id: asking, organisation_id: company, role: 'writer', folder_ids: null, status: 'rejected' },
      ]).execute();
      assert.equal((await api(app(), mette, 'GET', page(company))).body.pendingRequests, 1, 'only pending requests count');

      const authorityView = (await api(app(), karen, 'GET', page(authority))).body;
      assert.equal(authorityView.organisation.kind, 'authority');
      assert.equal(authorityView.may.contactPoints, true);
    });

    it('shows an administrator what an administrator may do; writers and readers get 403, others 404', async () => {
      const admin = await memberOf(kuvert.ctx, company, 'admin');
      const view = (await api(app(), admin, 'GET', page(company))).body;
      assert.deepEqual(view.you, { role: 'admin' });
      assert.deepEqual(view.may, { people: true, superAdmins: false, contactPoints: false, systems: false, level: false });

      const writer = await memberOf(kuvert.ctx, company, 'writer');
      for (const who of [ole, writer]) {
        const refused = await api(app(), who, 'GET', page(company));
        assert.deepEqual([refused.status, refused.body.errorCode], [403, 'FORBIDDEN_ROLE']);
      }
      for (const [who, id] of [[karen, company], [jens, company], [mette, authority], [mette, randomUUID()]] as const) {
        const hidden = await api(app(), who, 'GET', page(id));
        assert.deepEqual([hidden.status, hidden.body.errorCode], [404, 'ORGANISATION_NOT_FOUND']);
      }
      assert.equal((await api(app(), mette, 'GET', page('not-a-uuid'))).status, 400);
      assert.equal((await api(app(), undefined, 'GET', page(company))).status, 401);
    });

    it('activates a mailbox once, at the level chosen, as a super-administrator', async () => {
      const fresh = await newOrganisation(kuvert.ctx);
      const superAdmin = await memberOf(kuvert.ctx, fresh.id, 'super-admin');
      const admin = await memberOf(kuvert.ctx, fresh.id, 'admin');
      const before = (await api(app(), superAdmin, 'GET', page(fresh.id))).body;
      assert.deepEqual([before.mailbox.activatedAt, before.mailbox.activatedBy], [null, null]);

      const events = await countRows(db(), 'event');
      const byAdmin = await api(app(), admin, 'POST', `${page(fresh.id)}/activation`, { level: 'extended' });
      assert.deepEqual([byAdmin.status, byAdmin.body.errorCode], [403, 'FORBIDDEN_ROLE']);
      const noCsrf = await app().inject({ method: 'POST', url: `${page(fresh.id)}/activation`, headers: { cookie: superAdmin.headers.cookie! }, payload: { level: 'extended' } });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().errorCode], [403, 'CSRF_TOKEN_INVALID']);
      assert.equal((await api(app(), superAdmin, 'POST', `${page(fresh.id)}/activation`, { level: 'premium' })).status, 400);
      assert.equal((await api(app(), superAdmin, 'PUT', `${page(fresh.id)}/level`, { level: 'extended' })).body.errorCode, 'MAILBOX_NOT_ACTIVATED');
      assert.equal(await countRows(db(), 'event'), events, 'nothing written on refusal');
      const row = await db().selectFrom('mailbox').select(['activated_at', 'level']).where('id', '=', fresh.mailboxId).executeTakeFirstOrThrow();
      assert.deepEqual([row.activated_at, row.level], [null, 'standard']);

      const activated = await api(app(), superAdmin, 'POST', `${page(fresh.id)}/activation`, { level: 'extended' });
      assert.equal(activated.status, 200, activated.text);
      assert.equal(activated.body.mailbox.level, 'extended');
      assert.ok(activated.body.mailbox.activatedAt);
      assert.deepEqual(activated.body.mailbox.activatedBy, { kind: 'user', name: superAdmin.name, userId: superAdmin.userId });
      // the demo seed activated the demo mailboxes the same way
      const made = (await eventsOf(db(), 'MAILBOX_ACTIVATED')).filter((e) => e.mailboxId === fresh.mailboxId);
      assert.equal(made.length, 1);
      assert.deepEqual([made[0]!.actor, made[0]!.mailboxId, made[0]!.data], [`user:${superAdmin.userId}`, fresh.mailboxId, { organisationId: fresh.id, level: 'extended' }]);

      const again = await api(app(), superAdmin, 'POST', `${page(fresh.id)}/activation`, { level: 'standard' });
      assert.deepEqual([again.status, again.body.errorCode], [409, 'ALREADY_ACTIVATED']);
      assert.equal((await eventsOf(db(), 'MAILBOX_ACTIVATED')).filter((e) => e.mailboxId === fresh.mailboxId).length, 1);
      assert.equal((await api(app(), superAdmin, 'GET', page(fresh.id))).body.mailbox.level, 'extended', 'a second activation changes nothing');

      // once activated, its members open the mailbox in the portal
      const session = (await api(app(), superAdmin, 'GET', '/api/session')).body;
      assert.ok(session.mailboxes.some((m: { id: string }) => m.id === fresh.mailboxId));
      assert.equal((await verifyEvents(db())).ok, true);
    });
  });
}
