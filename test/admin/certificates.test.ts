// Certificates in one place (docs/certificates.md): the overview of every certificate of an
// organisation sorted by expiry with what depends on each; systems' client certificates registered
// through the portal's API (check first, then register) and the operator API; expiry warnings at
// 30/14/7/1 days mailed to the organisation's administrators once per threshold, for every kind; the
// access checks. One Kuvert and database per storage kind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOperatorKey, organisationCertificates, registerMailCertificate } from '../../src/admin/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { checkCertificates } from '../../src/gateway/index.ts';
import { organisationIdByCvr, setConfirmedEmail, verifyEvents } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';
import { api } from '../portal/helpers.ts';
import { daysFromNow, makeCertificate, type TestCertificate } from './certificates-helpers.ts';
import { eventsOf, memberOf } from './organisation-helpers.ts';
import { mails } from './people-helpers.ts';

const DAY = 86_400_000;

for (const database of testDatabases()) {
  describe(`certificates in one place (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let mette: TestSession;
    let karen: TestSession;
    let ole: TestSession;
    let admin: TestSession & { name: string };
    let company: string;
    let authority: string;
    // Demo ApS's certificates: a system's that expires in 40 days, another's in 300, the forwarding's in 100
    let soon: TestCertificate;
    let later: TestCertificate;
    let receiving: TestCertificate;
    let soonId: string;
    const esdh = DEMO.systems.companyRecipient;
    const now = new Date();

    before(async () => {
      kuvert = await startTestKuvert(database, { publicUrl: 'https://kuvert.test' });
      const { db } = kuvert.ctx;
      [mette, karen, ole] = await Promise.all([sessionFor(db, 'demo-employee-mette'), sessionFor(db, 'demo-employee-karen'), sessionFor(db, 'demo-employee-ole')]);
      company = (await organisationIdByCvr(db, DEMO.company.cvr))!;
      authority = (await organisationIdByCvr(db, DEMO.authority.cvr))!;
      admin = await memberOf(kuvert.ctx, company, 'admin');
      await setConfirmedEmail(db, admin.userId, 'admin@demoaps.example');
      await memberOf(kuvert.ctx, company, 'admin'); // an administrator without an address: no mail
      [soon, later, receiving] = await Promise.all([
        makeCertificate({ cn: 'Demo ApS ESDH', organisation: 'Demo ApS', purpose: 'client', notAfter: daysFromNow(40, now) }),
        makeCertificate({ cn: 'Demo ApS ESDH 2', organisation: 'Demo ApS', purpose: 'client', notAfter: daysFromNow(300, now) }),
        makeCertificate({ cn: 'Demo ApS sikker post', email: 'sikker@demoaps.example', purpose: 'email', notAfter: daysFromNow(100, now) }),
      ]);
    });
    after(async () => {
      assert.equal((await verifyEvents(kuvert.store.db)).ok, true, 'the events are in intact hash chains');
      await kuvert.drop();
    });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (organisationId: string) => `/api/admin/organisations/${organisationId}`;
    const systemCertificates = (organisationId: string, systemId: string) => `${base(organisationId)}/systems/${systemId}/certificates`;
    const countCertificates = async () => Number((await db().selectFrom('system_certificate').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    it('checks a client certificate first — subject, issuer, serial, validity — and stores nothing', async () => {
      const before = await countCertificates();
      const checked = await api(app(), mette, 'POST', `${systemCertificates(company, esdh.id)}/check`, { certificate: soon.pem });
      assert.equal(checked.status, 200, checked.text);
      assert.equal(checked.body.subject, 'CN=Demo ApS ESDH, O=Demo ApS');
      assert.equal(checked.body.issuer, 'CN=Demo ApS ESDH, O=Demo ApS');
      assert.equal(checked.body.serialNumber, soon.serial);
      assert.equal(checked.body.notAfter.slice(0, 10), daysFromNow(40, now).toISOString().slice(0, 10));
      assert.equal(checked.body.systemName, esdh.name);
      assert.match(checked.body.fingerprintSha256, /^[0-9a-f]{64}$/);
      assert.equal(await countCertificates(), before, 'the check stores nothing');
    });

    it('registers it for the system, with an event naming fingerprint, subject and serial', async () => {
      const made = await api(app(), mette, 'POST', systemCertificates(company, esdh.id), { certificate: soon.pem });
      assert.equal(made.status, 201, made.text);
      assert.equal(made.body.systemId, esdh.id);
      assert.equal(made.body.state, 'valid');
      assert.equal(made.body.daysLeft, 39);
      soonId = made.body.id;
      const events = await eventsOf(db(), 'SYSTEM_CERTIFICATE_REGISTERED');
      const event = events.at(-1)!;
      assert.equal(event.actor, `user:${mette.userId}`);
      assert.deepEqual({ ...event.data, notAfter: undefined }, {
        systemId: esdh.id, organisationId: company, certificate: made.body.fingerprintSha256, subject: 'CN=Demo ApS ESDH, O=Demo ApS',
        serialNumber: soon.serial, notAfter: undefined,
      });
      assert.doesNotMatch(JSON.stringify(events), /BEGIN|PRIVATE/);
    });

    it('refuses what is not a usable client certificate, with a code, storing nothing', async () => {
      const before = await countCertificates();
      const expired = await makeCertificate({ cn: 'Old', purpose: 'client', notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
      const server = await makeCertificate({ cn: 'Web server', purpose: 'server', notAfter: daysFromNow(100) });
      const cases: Array<[unknown, number, string]> = [
        [{ certificate: 'not a certificate' }, 400, 'CERTIFICATE_INVALID'],
        [{ certificate: expired.pem }, 422, 'CERTIFICATE_EXPIRED'],
        [{ certificate: server.pem }, 422, 'CERTIFICATE_NOT_FOR_CLIENT_AUTH'],
        [{ certificate: soon.pem }, 409, 'CERTIFICATE_ALREADY_REGISTERED'],
      ];
      for (const [body, status, code] of cases) {
        for (const path of [`${systemCertificates(company, esdh.id)}/check`, systemCertificates(company, esdh.id)]) {
          const refused = await api(app(), mette, 'POST', path, body);
          assert.equal(refused.status, status, `${code}: ${refused.text}`);
          assert.equal(refused.body.errorCode, code);
        }
      }
      assert.equal(await countCertificates(), before);
    });

    it('lets only the organisation\'s administrators see its certificates, and only super-administrators change them', async () => {
      const other = await api(app(), mette, 'GET', `${base(authority)}/certificates`);
      assert.equal(other.status, 404);
      assert.equal(other.body.errorCode, 'ORGANISATION_NOT_FOUND');
      const reader = await api(app(), ole, 'GET', `${base(company)}/certificates`);
      assert.equal(reader.status, 403);
      assert.equal(reader.body.errorCode, 'FORBIDDEN_ROLE');
      const seen = await api(app(), admin, 'GET', `${base(company)}/certificates`);
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.body.mayRegister, false);
      const byAdmin = await api(app(), admin, 'POST', systemCertificates(company, esdh.id), { certificate: later.pem });
      assert.equal(byAdmin.status, 403);
      assert.equal(byAdmin.body.errorCode, 'FORBIDDEN_ROLE');
      // another organisation's system through one's own organisation: not found
      const theirs = await api(app(), mette, 'POST', systemCertificates(company, DEMO.systems.authoritySender.id), { certificate: later.pem });
      assert.equal(theirs.status, 404);
      assert.equal(theirs.body.errorCode, 'SYSTEM_NOT_FOUND');
      const removeTheirs = await api(app(), karen, 'DELETE', `${systemCertificates(authority, esdh.id)}/${soonId}`);
      assert.equal(removeTheirs.status, 404);
    });

    it('registers through the operator API too (actor operator:<key>)', async () => {
      const key = await createOperatorKey(db(), kuvert.ctx.eventChains, 'cli', 'certificates');
      const authorization = `Basic ${Buffer.from(`${key.name}:${key.secret}`).toString('base64')}`;
      const made = await app().inject({
        method: 'POST', url: `/api/operator/systems/${DEMO.systems.companyRecipient.id}/certificates`,
        headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify({ certificate: later.pem }),
      });
      assert.equal(made.statusCode, 201, made.body);
      const listed = await app().inject({ method: 'GET', url: `/api/operator/systems/${esdh.id}/certificates`, headers: { authorization } });
      assert.deepEqual(listed.json().map((c: { serialNumber: string }) => c.serialNumber), [soon.serial, later.serial], 'soonest expiry first');
      assert.equal((await eventsOf(db(), 'SYSTEM_CERTIFICATE_REGISTERED')).at(-1)!.actor, 'operator:certificates');
    });

    it('lists every certificate of the organisation by expiry, with what depends on each and where it is renewed', async () => {
      const forwarding = await api(app(), mette, 'PUT', `/api/organisations/${company}/secure-mail/forwarding`, {
        address: 'sikker@demoaps.example', certificate: receiving.pem, scope: 'all',
      });
      assert.ok(forwarding.status < 300, forwarding.text);
      const overview = await api(app(), mette, 'GET', `${base(company)}/certificates`);
      assert.equal(overview.status, 200, overview.text);
      assert.equal(overview.body.mayRegister, true);
      assert.deepEqual(overview.body.warningDays, [30, 14, 7, 1]);
      const list = overview.body.certificates as Array<{ kind: string; subject: string; notAfter: string; state: string; dependents: Array<{ kind: string; name: string | null }>; renewPath: string }>;
      assert.deepEqual(list.map((c) => [c.kind, c.subject]), [
        ['system-client', 'CN=Demo ApS ESDH, O=Demo ApS'],
        ['forwarding-receiving', 'CN=Demo ApS sikker post, E=sikker@demoaps.example'],
        ['system-client', 'CN=Demo ApS ESDH 2, O=Demo ApS'],
        ['mail-signing', list[3]!.subject],
      ]);
      assert.deepEqual([...list.map((c) => c.notAfter)].sort(), list.map((c) => c.notAfter), 'sorted by expiry');
      assert.deepEqual(list[0]!.dependents, [{ kind: 'system', name: esdh.name, id: esdh.id, status: 'active' }]);
      assert.equal(list[1]!.dependents[0]!.kind, 'forwarding');
      assert.equal(list[1]!.dependents[0]!.name, 'sikker@demoaps.example');
      assert.deepEqual(list[3]!.dependents.map((d) => d.kind), ['mail-system']);
      assert.equal(list[0]!.renewPath, `/organisationer/${company}/administration/certifikater`);
      assert.equal(list[1]!.renewPath, `/organisationer/${company}/sikker-email`);
      assert.deepEqual(list.map((c) => c.state), ['valid', 'valid', 'valid', 'valid']);
      // the self-test's plain function gives the same, without an access check
      assert.deepEqual((await organisationCertificates(db(), company)).map((c) => c.fingerprintSha256), overview.body.certificates.map((c: { fingerprintSha256: string }) => c.fingerprintSha256));
    });

    it('warns the administrators by mail at 30, 14, 7 and 1 days, once per threshold, and shows it in the overview', async () => {
      const deps = { keys: () => kuvert.gateway.keys(), transport: kuvert.gateway.transport, domain: 'kuvert.test', publicUrl: 'https://kuvert.test', eventChains: kuvert.ctx.eventChains };
      const expiry = new Date((await api(app(), mette, 'GET', `${base(company)}/certificates`)).body.certificates[0].notAfter);
      const warnings = async () => (await mails(db(), { kind: 'certificate-expiry' })).filter((m) => m.text.includes(`serienummer ${soon.serial}`));
      const at = (daysLeft: number) => new Date(expiry.getTime() - daysLeft * DAY);
      await checkCertificates(deps, db(), at(31));
      assert.equal((await warnings()).length, 0, 'nothing before 30 days');
      let expected = 0;
      for (const [daysLeft, threshold] of [[29.5, 30], [13.5, 14], [6.5, 7], [0.5, 1]] as const) {
        await checkCertificates(deps, db(), at(daysLeft));
        await checkCertificates(deps, db(), at(daysLeft - 0.1));
        expected += 2;
        const sent = await warnings();
        assert.equal(sent.length, expected, `one mail per administrator at ${threshold} days, not one per run`);
        assert.deepEqual(sent.slice(-2).map((m) => m.recipient).sort(), ['admin@demoaps.example', 'mette@demoaps.example']);
        const overview = await api(app(), mette, 'GET', `${base(company)}/certificates`);
        assert.ok(overview.body.certificates[0].warned.includes(threshold), `the overview shows the ${threshold}-day warning`);
      }
      const last = (await warnings()).at(-1)!;
      assert.match(last.subject, /1 dag\(e\)/);
      assert.match(last.text, new RegExp(`serienummer ${soon.serial}`));
      assert.match(last.text, new RegExp(`systemet ${esdh.name}`));
      assert.match(last.text, new RegExp(`https://kuvert\\.test/organisationer/${company}/administration/certifikater`));
      assert.equal(last.organisationId, company);
      const event = (await eventsOf(db(), 'CERTIFICATE_EXPIRY_WARNING')).at(-1)!;
      assert.equal(event.data.kind, 'system');
      assert.equal(event.data.systemId, esdh.id);
    });

    it('mails the warning of a signing certificate to an organisation that does not forward', async () => {
      const signing = await makeCertificate({ cn: 'Kommunen mail 2', email: 'post@kommunen.example', purpose: 'email', notAfter: daysFromNow(20) });
      await registerMailCertificate(db(), kuvert.ctx.eventChains, { system: 'cli', organisationId: authority }, signing.pem);
      const deps = { keys: () => kuvert.gateway.keys(), transport: kuvert.gateway.transport, domain: 'kuvert.test', publicUrl: 'https://kuvert.test', eventChains: kuvert.ctx.eventChains };
      await checkCertificates(deps, db());
      const sent = (await mails(db(), { kind: 'certificate-expiry', to: 'karen@kommunen.example' })).filter((m) => m.text.includes('Kommunen mail 2'));
      assert.equal(sent.length, 1);
      assert.match(sent[0]!.text, /signeringscertifikat/);
      const overview = await api(app(), karen, 'GET', `${base(authority)}/certificates`);
      const entry = overview.body.certificates.find((c: { subject: string }) => c.subject.includes('Kommunen mail 2'));
      assert.equal(entry.state, 'expiring');
      assert.deepEqual(entry.warned, [30]);
    });

    it('removes a system\'s certificate, with an event', async () => {
      const removed = await api(app(), mette, 'DELETE', `${systemCertificates(company, esdh.id)}/${soonId}`);
      assert.equal(removed.status, 204, removed.text);
      const again = await api(app(), mette, 'DELETE', `${systemCertificates(company, esdh.id)}/${soonId}`);
      assert.equal(again.status, 404);
      assert.equal(again.body.errorCode, 'CERTIFICATE_NOT_FOUND');
      const event = (await eventsOf(db(), 'SYSTEM_CERTIFICATE_REMOVED')).at(-1)!;
      assert.equal(event.data.serialNumber, soon.serial);
      const overview = await api(app(), mette, 'GET', `${base(company)}/certificates`);
      assert.ok(!overview.body.certificates.some((c: { id: string }) => c.id === soonId));
    });
  });
}
