import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { sessionFor } from '../helpers/session.ts';
import { api } from '../portal/helpers.ts';
import { employeeLogin, eventsOfType, mails, peopleSnapshot, PUBLIC_URL, tokenFromMail, type Employee } from './people-helpers.ts';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** An employee's own profile (docs/admin.md, "People and roles"): name, an e-mail address confirmed by a link. */
for (const database of testDatabases()) {
  describe(`the profile and its e-mail confirmation (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let sofie: Employee;
    let other: Employee;
    const app = () => kuvert.app;
    const db = () => kuvert.store.db;

    before(async () => {
      kuvert = await startTestKuvert(database, { publicUrl: PUBLIC_URL });
      const ctx = { db: db(), eventChains: kuvert.ctx.eventChains };
      sofie = await employeeLogin(ctx, DEMO.company.cvr, 'Sofie Holm');
      other = await employeeLogin(ctx, DEMO.company.cvr, 'Anden Person');
    });
    after(async () => { await kuvert.drop(); });

    it('shows a new employee their organisation (by the CVR of their login) with its own folders, and no address yet', async () => {
      const profile = await api(app(), sofie, 'GET', '/api/profile');
      assert.equal(profile.status, 200);
      assert.equal(profile.body.name, 'Sofie Holm');
      assert.equal(profile.body.email, null);
      assert.equal(profile.body.emailPending, null);
      assert.deepEqual(profile.body.requests, []);
      const { organisation } = profile.body;
      assert.deepEqual([organisation.cvr, organisation.name, organisation.kind, organisation.level], [DEMO.company.cvr, 'Demo ApS', 'company', 'extended']);
      assert.deepEqual(organisation.folders.map((f: { name: string }) => f.name), ['BBR', 'Løn']);

      const citizen = await api(app(), await sessionFor(db(), 'demo-citizen-jens'), 'GET', '/api/profile');
      assert.equal(citizen.status, 200);
      assert.equal(citizen.body.organisation, undefined);
    });

    it('keeps a new address pending until the link mailed to it is opened by the same person', async () => {
      const saved = await api(app(), sofie, 'PUT', '/api/profile', { name: '  Sofie K. Holm ', email: 'Sofie@Demo.Example' });
      assert.equal(saved.status, 200, saved.text);
      assert.equal(saved.body.name, 'Sofie K. Holm');
      assert.equal(saved.body.email, null);
      assert.equal(saved.body.emailPending, 'Sofie@demo.example');

      const mail = (await mails(db(), { kind: 'email-confirmation' })).at(-1)!;
      assert.equal(mail.recipient, 'Sofie@demo.example');
      assert.ok(mail.text.includes('Sofie K. Holm'));
      const token = await tokenFromMail(db(), 'email-confirmation', 'Sofie@demo.example', '/profil/bekraeft');
      const row = await db().selectFrom('app_user').select(['email_token_sha256', 'email_token_expires_at']).where('id', '=', sofie.userId).executeTakeFirstOrThrow();
      assert.equal(row.email_token_sha256, sha256(token), 'only the token\'s hash is kept');
      const hours = (new Date(row.email_token_expires_at!).getTime() - Date.now()) / 3600_000;
      assert.ok(hours > 23.9 && hours <= 24, `24 hours, not ${hours}`);

      const before = await peopleSnapshot(db());
      const byOther = await api(app(), other, 'POST', '/api/profile/email-confirmation', { token });
      assert.equal(byOther.status, 404);
      assert.equal(byOther.body.errorCode, 'EMAIL_TOKEN_UNKNOWN');
      const wrong = await api(app(), sofie, 'POST', '/api/profile/email-confirmation', { token: `${token.slice(0, -2)}xx` });
      assert.equal(wrong.body.errorCode, 'EMAIL_TOKEN_UNKNOWN');
      assert.equal(await peopleSnapshot(db()), before);

      const confirmed = await api(app(), sofie, 'POST', '/api/profile/email-confirmation', { token });
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.equal(confirmed.body.email, 'Sofie@demo.example');
      assert.equal(confirmed.body.emailPending, null);
      const usedAgain = await api(app(), sofie, 'POST', '/api/profile/email-confirmation', { token });
      assert.equal(usedAgain.status, 404, 'a link works once');

      const events = await eventsOfType(db(), 'EMAIL_CONFIRMED');
      assert.deepEqual(events.map((e) => [e.actor, e.data.userId]), [[`user:${sofie.userId}`, sofie.userId]]);
      const bodies = (await db().selectFrom('event').select('body').execute()).map((e) => e.body).join('\n');
      assert.ok(!bodies.toLowerCase().includes('sofie@demo.example') && !bodies.includes(token), 'neither the address nor the token in events');
    });

    it('keeps the confirmed address while a new one waits; a resent link replaces the old one; an expired link is refused', async () => {
      const mailsBefore = (await mails(db())).length;
      const same = await api(app(), sofie, 'PUT', '/api/profile', { name: 'Sofie K. Holm', email: 'sofie@demo.example' });
      assert.equal(same.body.emailPending, null);
      assert.equal((await mails(db())).length, mailsBefore, 'the confirmed address again: no mail');

      const changed = await api(app(), sofie, 'PUT', '/api/profile', { name: 'Sofie K. Holm', email: 'sofie.holm@demo.example' });
      assert.deepEqual([changed.body.email, changed.body.emailPending], ['Sofie@demo.example', 'sofie.holm@demo.example']);
      const first = await tokenFromMail(db(), 'email-confirmation', 'sofie.holm@demo.example', '/profil/bekraeft');
      const resent = await api(app(), sofie, 'POST', '/api/profile/email-confirmation/resend');
      assert.equal(resent.status, 204);
      const second = await tokenFromMail(db(), 'email-confirmation', 'sofie.holm@demo.example', '/profil/bekraeft');
      assert.notEqual(first, second);
      assert.equal((await api(app(), sofie, 'POST', '/api/profile/email-confirmation', { token: first })).body.errorCode, 'EMAIL_TOKEN_UNKNOWN');

      await db().updateTable('app_user').set({ email_token_expires_at: new Date(Date.now() - 1000) }).where('id', '=', sofie.userId).execute();
      const expired = await api(app(), sofie, 'POST', '/api/profile/email-confirmation', { token: second });
      assert.equal(expired.status, 409);
      assert.equal(expired.body.errorCode, 'EMAIL_TOKEN_EXPIRED');
      assert.equal((await api(app(), sofie, 'GET', '/api/profile')).body.email, 'Sofie@demo.example', 'the confirmed address stays');

      await api(app(), sofie, 'POST', '/api/profile/email-confirmation/resend');
      const third = await tokenFromMail(db(), 'email-confirmation', 'sofie.holm@demo.example', '/profil/bekraeft');
      const confirmed = await api(app(), sofie, 'POST', '/api/profile/email-confirmation', { token: third });
      assert.equal(confirmed.body.email, 'sofie.holm@demo.example');

      const nothingPending = await api(app(), sofie, 'POST', '/api/profile/email-confirmation/resend');
      assert.equal(nothingPending.status, 409);
      assert.equal(nothingPending.body.errorCode, 'NO_PENDING_EMAIL');
    });

    it('refuses an address that is not name@domain and a blank name, and writes nothing', async () => {
      const before = await peopleSnapshot(db());
      for (const email of ['sofie', 'sofie@', '@demo.example', 'sofie@demo', 'sofie holm@demo.example', 'a@b@demo.example']) {
        const response = await api(app(), other, 'PUT', '/api/profile', { name: 'Anden', email });
        assert.equal(response.status, 422, email);
        assert.equal(response.body.errorCode, 'EMAIL_INVALID', email);
      }
      const blank = await api(app(), other, 'PUT', '/api/profile', { name: '   ', email: 'anden@demo.example' });
      assert.equal(blank.status, 400);
      assert.equal(blank.body.errorCode, 'NAME_INVALID');
      const noCsrf = await api(app(), { ...other, headers: { cookie: other.headers.cookie! } }, 'PUT', '/api/profile', { name: 'Anden', email: 'anden@demo.example' });
      assert.equal(noCsrf.status, 403);
      assert.equal(await peopleSnapshot(db()), before);
    });
  });
}
