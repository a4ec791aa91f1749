import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import * as migration008 from '../../src/store/migrations/008_default_sender.ts';
import { hashSecret, organisationIdByCvr, verifyEvents } from '../../src/store/index.ts';
import { basic, call, send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { opensslCms } from '../helpers/pki.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';
import { sendSmtp } from '../helpers/smtp-client.ts';
import { missing } from '../helpers/tools.ts';
import { api } from '../portal/helpers.ts';
import { countRows, eventsOf, memberOf } from './organisation-helpers.ts';

type View = { id: string; name: string; kind: string; status: string; isDefault: boolean; waiting?: { count: number; oldestAt: string | null } };

/** Systems in the portal (src/admin/systems.ts): a super-administrator's `kuvert system …`, and the default sender system. */
for (const database of testDatabases()) {
  describe(`systems in the portal (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let mette: TestSession;
    let karen: TestSession;
    let company: string;
    let authority: string;
    before(async () => {
      kuvert = await startTestKuvert(database);
      const db = kuvert.store.db;
      [mette, karen] = await Promise.all([sessionFor(db, 'demo-employee-mette'), sessionFor(db, 'demo-employee-karen')]);
      company = (await organisationIdByCvr(db, DEMO.company.cvr))!;
      authority = (await organisationIdByCvr(db, DEMO.authority.cvr))!;
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const systems = (id: string) => `/api/admin/organisations/${id}/systems`;
    const list = async (who: TestSession, id: string): Promise<View[]> => {
      const listed = await api(app(), who, 'GET', systems(id));
      assert.equal(listed.status, 200, listed.text);
      return listed.body;
    };
    const defaults = async (id: string) => (await list(id === company ? mette : karen, id)).filter((s) => s.isDefault).map((s) => s.name);
    /** sends a fresh letter to the company as this system; the HTTP status */
    const sendAs = async (system: { id: string; secret: string }) => (await app().inject({
      method: 'POST', url: '/apis/v1/memos', payload: letter().xml, headers: { authorization: basic(system), 'content-type': 'application/xml' },
    })).statusCode;

    it('lists the systems with the default sender and, for recipient systems, the letters waiting and the oldest one', async () => {
      const before = (await list(mette, company)).find((s) => s.id === DEMO.systems.companyRecipient.id)!;
      assert.deepEqual([before.kind, before.status, before.isDefault], ['recipient', 'active', false]);
      const uuids = [];
      for (let i = 0; i < 2; i++) {
        const made = letter();
        assert.equal((await send(app(), made.xml)).status, 201);
        uuids.push(made.uuid);
      }
      const waiting = (await list(mette, company)).find((s) => s.id === DEMO.systems.companyRecipient.id)!;
      assert.equal(waiting.waiting!.count, before.waiting!.count + 2);
      assert.ok(waiting.waiting!.oldestAt && Date.parse(waiting.waiting!.oldestAt) <= Date.now());
      assert.equal((await call(app(), 'GET', `/memos/${uuids[0]}`, 'companyRecipient')).statusCode, 200);
      const fetched = (await list(mette, company)).find((s) => s.id === DEMO.systems.companyRecipient.id)!;
      assert.equal(fetched.waiting!.count, before.waiting!.count + 1, 'a fetched letter no longer waits');

      const theirs = await list(karen, authority);
      assert.deepEqual(theirs.map((s) => [s.name, s.kind, s.isDefault, s.waiting === undefined]),
        [['Kommunen afsendersystem', 'sender', true, true], ['Kommunen ESDH', 'recipient', false, false]]);
      assert.ok(theirs.every((s) => 'lastAuthenticatedAt' in s && 'createdAt' in s));
    });

    it('registers a system whose secret is shown once and works at /apis/v1', async () => {
      const events = await countRows(db(), 'event');
      const made = await api(app(), mette, 'POST', systems(company), { kind: 'recipient', name: ' Nyt ESDH ' });
      assert.equal(made.status, 201, made.text);
      assert.deepEqual({ ...made.body, id: undefined, secret: undefined }, { id: undefined, secret: undefined, name: 'Nyt ESDH', kind: 'recipient', previousSecretValidUntil: null });
      const { id, secret } = made.body as { id: string; secret: string };
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
      const listed = await api(app(), mette, 'GET', systems(company));
      assert.ok(!listed.text.includes(secret), 'the list never shows a secret');
      assert.ok(listed.body.some((s: View) => s.id === id && s.status === 'active'));
      const row = await db().selectFrom('system').select(['secret_sha256', 'organisation_id']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { secret_sha256: hashSecret(secret), organisation_id: company });
      const fetched = await app().inject({ method: 'GET', url: '/apis/v1/memos?size=10', headers: { authorization: basic({ id, secret }) } });
      assert.equal(fetched.statusCode, 200);

      const created = await eventsOf(db(), 'SYSTEM_CREATED');
      assert.deepEqual([created.at(-1)!.actor, created.at(-1)!.data.systemId, created.at(-1)!.data.organisationId], [`user:${mette.userId}`, id, company]);
      const bodies = await db().selectFrom('event').select('body').execute();
      assert.ok(bodies.every((e) => !e.body.includes(secret)), 'no event holds the secret');
      assert.ok(await countRows(db(), 'event') > events);

      const twice = await api(app(), mette, 'POST', systems(company), { kind: 'sender', name: 'nyt esdh' });
      assert.deepEqual([twice.status, twice.body.errorCode], [409, 'SYSTEM_NAME_TAKEN']);
      assert.equal((await api(app(), mette, 'POST', systems(company), { kind: 'other', name: 'X' })).status, 400);
      assert.equal((await api(app(), mette, 'POST', systems(company), { kind: 'sender', name: 'a\u0007b' })).body.errorCode, 'SYSTEM_NAME_INVALID');
    });

    it('keeps exactly one default sender: the first becomes it, it can be moved, disabling hands it on', async () => {
      assert.deepEqual(await defaults(company), [], 'a company with no sender system has no default');
      const first = (await api(app(), mette, 'POST', systems(company), { kind: 'sender', name: 'Afsender A' })).body;
      assert.deepEqual(await defaults(company), ['Afsender A'], 'the first active sender becomes the default');
      const second = (await api(app(), mette, 'POST', systems(company), { kind: 'sender', name: 'Afsender B' })).body;
      assert.deepEqual(await defaults(company), ['Afsender A']);

      const moved = await api(app(), mette, 'PUT', `${systems(company)}/${second.id}/default`);
      assert.equal(moved.status, 200, moved.text);
      assert.deepEqual(moved.body.filter((s: View) => s.isDefault).map((s: View) => s.id), [second.id]);

      const recipient = await api(app(), mette, 'PUT', `${systems(company)}/${DEMO.systems.companyRecipient.id}/default`);
      assert.deepEqual([recipient.status, recipient.body.errorCode], [422, 'SYSTEM_NOT_SENDER']);

      const disabled = await api(app(), mette, 'POST', `${systems(company)}/${second.id}/disable`);
      assert.equal(disabled.status, 200, disabled.text);
      assert.deepEqual(disabled.body.filter((s: View) => s.isDefault).map((s: View) => s.name), ['Afsender A'], 'the default moves to another active sender');
      assert.equal(await sendAs({ id: second.id, secret: second.secret }), 401, 'a disabled system is refused');
      await api(app(), mette, 'POST', `${systems(company)}/${first.id}/disable`);
      assert.deepEqual(await defaults(company), [], 'no active sender left: no default');
      const again = await api(app(), mette, 'PUT', `${systems(company)}/${first.id}/default`);
      assert.deepEqual([again.status, again.body.errorCode], [409, 'SYSTEM_DISABLED']);
      const third = (await api(app(), mette, 'POST', systems(company), { kind: 'sender', name: 'Afsender C' })).body;
      assert.deepEqual(await defaults(company), ['Afsender C']);

      const changes = (await eventsOf(db(), 'SYSTEM_DEFAULT_CHANGED')).filter((e) => e.data.organisationId === company).map((e) => [e.data.systemId, e.data.previousSystemId]);
      assert.deepEqual(changes, [[first.id, null], [second.id, first.id], [first.id, second.id], [null, first.id], [third.id, null]]);
      const rows = await db().selectFrom('system').select('id').where('organisation_id', '=', company).where('is_default', '=', true).execute();
      assert.deepEqual(rows.map((r) => r.id), [third.id]);
    });

    it('rotates a secret: the old one works during the grace period, not after it', async () => {
      const graced = (await api(app(), karen, 'POST', systems(authority), { kind: 'sender', name: 'Sagssystem' })).body;
      const rotated = await api(app(), karen, 'POST', `${systems(authority)}/${graced.id}/rotate`, { graceHours: 24 });
      assert.equal(rotated.status, 200, rotated.text);
      assert.notEqual(rotated.body.secret, graced.secret);
      assert.deepEqual([rotated.body.id, rotated.body.name, rotated.body.kind], [graced.id, 'Sagssystem', 'sender']);
      assert.ok(Math.abs(Date.parse(rotated.body.previousSecretValidUntil) - (Date.now() + 24 * 3600_000)) < 60_000);
      assert.equal(await sendAs(graced), 201, 'the old secret works during the grace period');
      assert.equal(await sendAs({ id: graced.id, secret: rotated.body.secret }), 201, 'the new one works');
      const shown = (await list(karen, authority)).find((s) => s.id === graced.id) as View & { previousSecretValidUntil: string };
      assert.equal(shown.previousSecretValidUntil, rotated.body.previousSecretValidUntil);

      const expiring = (await api(app(), karen, 'POST', systems(authority), { kind: 'sender', name: 'Udløber' })).body;
      const next = (await api(app(), karen, 'POST', `${systems(authority)}/${expiring.id}/rotate`)).body;
      assert.ok(Math.abs(Date.parse(next.previousSecretValidUntil) - (Date.now() + 24 * 3600_000)) < 60_000, 'without a body: 24 hours');
      await db().updateTable('system').set({ previous_secret_valid_until: new Date(Date.now() - 1000) }).where('id', '=', expiring.id).execute();
      assert.equal(await sendAs(expiring), 401, 'the old secret is refused once the grace period has ended');
      assert.equal(await sendAs({ id: expiring.id, secret: next.secret }), 201);

      const rotations = (await eventsOf(db(), 'SYSTEM_SECRET_ROTATED')).map((e) => e.actor);
      assert.deepEqual(rotations, [`user:${karen.userId}`, `user:${karen.userId}`]);
      assert.equal((await api(app(), karen, 'POST', `${systems(authority)}/${expiring.id}/rotate`, { graceHours: 1000 })).status, 400);
    });

    it('answers 404 for another organisation\'s systems, 403 below super-administrator, and needs the CSRF token', async () => {
      const admin = await memberOf(kuvert.ctx, company, 'admin');
      const events = await countRows(db(), 'event');
      const theirs = DEMO.systems.authoritySender.id;
      for (const [method, path] of [['POST', 'rotate'], ['POST', 'disable'], ['PUT', 'default']] as const) {
        const refused = await api(app(), mette, method, `${systems(company)}/${theirs}/${path}`);
        assert.deepEqual([refused.status, refused.body.errorCode], [404, 'SYSTEM_NOT_FOUND'], `${method} ${path}`);
      }
      const hidden = await api(app(), mette, 'GET', systems(authority));
      assert.deepEqual([hidden.status, hidden.body.errorCode], [404, 'ORGANISATION_NOT_FOUND']);
      const ole = await sessionFor(db(), 'demo-employee-ole');
      for (const who of [admin, ole]) {
        assert.deepEqual([(await api(app(), who, 'GET', systems(company))).body.errorCode, (await api(app(), who, 'POST', systems(company), { kind: 'sender', name: 'X' })).status],
          ['FORBIDDEN_ROLE', 403]);
      }
      const noCsrf = await app().inject({ method: 'POST', url: systems(company), headers: { cookie: mette.headers.cookie! }, payload: { kind: 'sender', name: 'Uden CSRF' } });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().errorCode], [403, 'CSRF_TOKEN_INVALID']);
      assert.equal(await countRows(db(), 'event'), events, 'nothing written');
      const system = await db().selectFrom('system').select(['status', 'is_default']).where('id', '=', theirs).executeTakeFirstOrThrow();
      assert.deepEqual(system, { status: 'active', is_default: true });
      assert.equal((await verifyEvents(db())).ok, true);
    });

    it('migration 008 gives an organisation without a default its oldest active sender, and takes it from a disabled one', async () => {
      const senders = await db().selectFrom('system').select(['id', 'organisation_id', 'status']).where('kind', '=', 'sender')
        .where('organisation_id', 'in', [company, authority]).orderBy('created_at').orderBy('id').execute();
      await db().updateTable('system').set({ is_default: false }).where('organisation_id', 'in', [company, authority]).execute();
      const disabled = senders.find((s) => s.organisation_id === company && s.status === 'disabled')!;
      await db().updateTable('system').set({ is_default: true }).where('id', '=', disabled.id).execute();
      await migration008.up(db());
      const oldestActive = (organisationId: string) => senders.find((s) => s.organisation_id === organisationId && s.status === 'active')!.id;
      const now = await db().selectFrom('system').select(['id', 'organisation_id']).where('is_default', '=', true).where('organisation_id', 'in', [company, authority]).execute();
      assert.deepEqual(new Set(now.map((r) => r.id)), new Set([oldestActive(company), oldestActive(authority)]));
    });
  });
}

const DOMAIN = 'kuvert.test';
const DEMO_MAIL = fileURLToPath(new URL('../../src/demo/mail/', import.meta.url));

/** Mail from an authority's mail system goes out as its default sender system (src/gateway/inbound/trust.ts). */
describe('mail from a mail system is sent as the default sender system', { skip: missing('openssl') }, () => {
  const database = testDatabases()[0]!;
  let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kuvert-default-sender-'));
    kuvert = await startTestKuvert(database, { smtpPort: 0, smtpHost: '127.0.0.1', mailDomain: DOMAIN }, { smtp: true });
  });
  after(async () => {
    await kuvert?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A letter signed with the demo authority's mail certificate, encrypted to the gateway, sent over SMTP; the message's sender system. */
  async function mailLetter(subject: string): Promise<string | null> {
    const gatewayCert = join(dir, 'gateway.pem');
    writeFileSync(gatewayCert, (await kuvert.gateway.keys()).smimeCertPem);
    const to = `2211771212@borgerservice.${DOMAIN}`;
    const entity = Buffer.from(`Content-Type: text/plain; charset=utf-8\r\n\r\n${subject}\r\n`);
    const headers = ['-from', 'post@kommunen.example', '-to', to, '-subject', subject];
    const signed = opensslCms(['-sign', '-signer', join(DEMO_MAIL, 'kommunen-mail.pem'), '-inkey', join(DEMO_MAIL, 'kommunen-mail.key')], entity);
    const mail = opensslCms(['-encrypt', '-aes256', ...headers, '-recip', gatewayCert], signed);
    const sent = await sendSmtp({ port: kuvert.gateway.smtpPort()!, from: 'post@kommunen.example', to, mail, helo: 'mail.kommunen.example', tls: 'optional' });
    assert.ok(sent.ok, sent.output);
    for (let i = 0; i < 400; i++) {
      const message = await kuvert.store.db.selectFrom('message').select('sender_system_id').where('label', '=', subject).executeTakeFirst();
      if (message) return message.sender_system_id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the mail "${subject}" was not delivered`);
  }

  it('names the default sender system, and the new one once the default moves', async () => {
    assert.equal(await mailLetter('Før skiftet'), DEMO.systems.authoritySender.id);
    const karen = await sessionFor(kuvert.store.db, 'demo-employee-karen');
    const authority = (await organisationIdByCvr(kuvert.store.db, DEMO.authority.cvr))!;
    const base = `/api/admin/organisations/${authority}/systems`;
    const made = (await api(kuvert.app, karen, 'POST', base, { kind: 'sender', name: 'Postsystem' })).body;
    assert.equal(await mailLetter('Stadig den gamle'), DEMO.systems.authoritySender.id, 'a new sender is not the default');
    assert.equal((await api(kuvert.app, karen, 'PUT', `${base}/${made.id}/default`)).status, 200);
    assert.equal(await mailLetter('Efter skiftet'), made.id);
  });
});
