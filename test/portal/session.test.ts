import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { sessionFor } from '../helpers/session.ts';

for (const database of testDatabases()) {
  describe(`portal sessions (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    before(async () => { kuvert = await startTestKuvert(database); });
    after(async () => { await kuvert.drop(); });

    it('refuses /api without a session', async () => {
      const response = await kuvert.app.inject({ method: 'GET', url: '/api/session' });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().errorCode, 'UNAUTHENTICATED');
      const forged = await kuvert.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: 'kuvert_session=forged' } });
      assert.equal(forged.statusCode, 401);
    });

    it('gives a citizen their own mailbox and an employee their organisation\'s', async () => {
      const jens = await sessionFor(kuvert.store.db, 'demo-citizen-jens');
      const me = (await kuvert.app.inject({ method: 'GET', url: '/api/session', headers: jens.headers })).json();
      assert.equal(me.user.kind, 'citizen');
      assert.equal(me.csrfToken, jens.csrfToken);
      assert.deepEqual(me.mailboxes.map((m: { ownerName: string }) => m.ownerName), ['Jens Hansen']);
      const ole = await sessionFor(kuvert.store.db, 'demo-employee-ole');
      const employee = (await kuvert.app.inject({ method: 'GET', url: '/api/session', headers: ole.headers })).json();
      assert.equal(employee.user.kind, 'employee');
      assert.deepEqual(employee.mailboxes.map((m: { ownerName: string; role: string; cvr: string }) => [m.ownerName, m.role, m.cvr]), [['Demo ApS', 'reader', '29876543']]);
    });
  });
}
