import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { makeTestPki, type TestPki } from '../helpers/pki.ts';
import { missing } from '../helpers/tools.ts';
import { api } from '../portal/helpers.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';

// /api/organisations/:id/secure-mail…: who may do what, and how bad certificates are refused.

const NO_OPENSSL = missing('openssl');
let pki: TestPki;
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kuvert-securemail-'));
  if (!NO_OPENSSL) pki = makeTestPki(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

for (const database of testDatabases()) {
  describe(`secure e-mail administration API (${database.name})`, { skip: NO_OPENSSL }, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let company: string;
    let authority: string;
    let mette: TestSession;
    let ole: TestSession;
    let karen: TestSession;
    const base = () => `/api/organisations/${company}/secure-mail`;

    before(async () => {
      kuvert = await startTestKuvert(database);
      const db = kuvert.store.db;
      company = (await db.selectFrom('organisation').select('id').where('cvr', '=', DEMO.company.cvr).executeTakeFirstOrThrow()).id;
      authority = (await db.selectFrom('organisation').select('id').where('cvr', '=', DEMO.authority.cvr).executeTakeFirstOrThrow()).id;
      mette = await sessionFor(db, 'demo-employee-mette');
      ole = await sessionFor(db, 'demo-employee-ole');
      karen = await sessionFor(db, 'demo-employee-karen');
    });
    after(async () => kuvert?.drop());

    test('only the organisation\'s administrators see it: members 403, others 404, no session 401', async () => {
      assert.equal((await api(kuvert.app, mette, 'GET', base())).status, 200);
      assert.equal((await api(kuvert.app, ole, 'GET', base())).body.errorCode, 'FORBIDDEN_ROLE');
      assert.equal((await api(kuvert.app, karen, 'GET', base())).status, 404);
      assert.equal((await api(kuvert.app, undefined, 'GET', base())).status, 401);
      const view = (await api(kuvert.app, mette, 'GET', base())).body;
      assert.equal(view.forwarding, null);
      assert.equal(view.signingCertificates.length, 1, 'the demo mail system certificate');
      assert.match(view.gatewayAddress, /^digitalpost@/);
    });

    test('a receiving certificate is shown before it is used; expired and signing-only ones are refused', async () => {
      const preview = await api(kuvert.app, mette, 'POST', `${base()}/certificate-preview`, { certificate: pki.company.certPem });
      assert.equal(preview.status, 200);
      assert.match(preview.body.subject, /Demo ApS sikker post/);
      assert.match(preview.body.issuer, /Kuvert Test CA/);
      assert.ok(preview.body.daysLeft > 800);
      assert.equal((await api(kuvert.app, mette, 'POST', `${base()}/certificate-preview`, { certificate: pki.expired.certPem })).body.errorCode, 'CERTIFICATE_EXPIRED');
      assert.equal((await api(kuvert.app, mette, 'POST', `${base()}/certificate-preview`, { certificate: pki.signOnly.certPem })).body.errorCode, 'CERTIFICATE_NOT_FOR_ENCRYPTION');
      assert.equal((await api(kuvert.app, mette, 'POST', `${base()}/certificate-preview`, { certificate: 'not a certificate' })).body.errorCode, 'CERTIFICATE_INVALID');
    });

    test('setting up forwarding needs CSRF, a matching address and valid rules; it waits for confirmation', async () => {
      const body = { address: 'sikker@demoaps.example', certificate: pki.company.certPem, scope: 'all' };
      const noCsrf = await kuvert.app.inject({ method: 'PUT', url: `${base()}/forwarding`, headers: { cookie: mette.headers.cookie! }, payload: body });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal((await api(kuvert.app, mette, 'PUT', `${base()}/forwarding`, { ...body, address: 'other@demoaps.example' })).body.errorCode, 'CERTIFICATE_ADDRESS_MISMATCH');
      assert.equal((await api(kuvert.app, mette, 'PUT', `${base()}/forwarding`, { ...body, scope: 'rules', rules: [] })).body.errorCode, 'RULES_INVALID');
      assert.equal((await api(kuvert.app, mette, 'PUT', `${base()}/forwarding`, { ...body, scope: 'rules', rules: [{ name: 'Lager', conditions: [{ field: 'pNumber', equals: '12' }] }] })).body.errorCode, 'RULES_INVALID');
      assert.equal((await api(kuvert.app, ole, 'PUT', `${base()}/forwarding`, body)).status, 403);
      const saved = await api(kuvert.app, mette, 'PUT', `${base()}/forwarding`, { ...body, scope: 'rules', rules: [{ name: 'Lager', conditions: [{ field: 'pNumber', equals: '1012345679' }] }] });
      assert.equal(saved.status, 204);
      const view = (await api(kuvert.app, mette, 'GET', base())).body;
      assert.equal(view.forwarding.status, 'pending');
      assert.equal(view.forwarding.scope, 'rules');
      assert.equal(view.forwarding.certificate.fingerprintSha256.length, 64);
      const jobs = await kuvert.store.db.selectFrom('job').select('kind').where('kind', '=', 'mail.confirm').execute();
      assert.equal(jobs.length, 1);
      assert.equal((await api(kuvert.app, mette, 'POST', `${base()}/forwarding/confirm`, { token: 'x'.repeat(43) })).body.errorCode, 'CONFIRMATION_INVALID');
      assert.equal((await api(kuvert.app, karen, 'POST', `/api/organisations/${authority}/secure-mail/forwarding/confirm`, { token: 'x'.repeat(43) })).body.errorCode, 'CONFIRMATION_INVALID');
    });

    test('signing certificates: registered once, listed, removed; another organisation cannot remove them', async () => {
      const added = await api(kuvert.app, mette, 'POST', `${base()}/signing-certificates`, { certificate: pki.company.certPem });
      assert.equal(added.status, 201);
      assert.equal((await api(kuvert.app, karen, 'POST', `/api/organisations/${authority}/secure-mail/signing-certificates`, { certificate: pki.company.certPem })).body.errorCode, 'CERTIFICATE_ALREADY_REGISTERED');
      assert.equal((await api(kuvert.app, karen, 'DELETE', `/api/organisations/${authority}/secure-mail/signing-certificates/${added.body.id}`)).status, 404);
      assert.equal((await api(kuvert.app, mette, 'GET', base())).body.signingCertificates.length, 2);
      assert.equal((await api(kuvert.app, mette, 'DELETE', `${base()}/signing-certificates/${added.body.id}`)).status, 204);
      assert.equal((await api(kuvert.app, mette, 'GET', base())).body.signingCertificates.length, 1);
      const events = await kuvert.store.db.selectFrom('event').select('type').where('type', 'in', ['MAIL_CERTIFICATE_REGISTERED', 'MAIL_CERTIFICATE_REMOVED']).execute();
      assert.equal(events.length, 2);
    });

    test('Kuvert\'s own certificate is public', async () => {
      const response = await kuvert.app.inject({ method: 'GET', url: '/gateway/certificate.pem' });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /^-----BEGIN CERTIFICATE-----/);
    });
  });
}
