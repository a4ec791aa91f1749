// `kuvert system certificate add | list | remove` (docs/certificates.md) through the running server that
// holds the embedded database (its operator API). On the database itself the commands call the same
// services (src/admin/certificates), which test/admin/certificates.test.ts covers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { killAllServers, runKuvert, startServer, type ServerProcess } from '../helpers/process.ts';
import { daysFromNow, makeCertificate, type TestCertificate } from './certificates-helpers.ts';

describe('kuvert system certificate (PGlite, through the server)', () => {
  let work: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  let certificate: TestCertificate;
  let file: string;
  const system = DEMO.systems.authoritySender;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kuvert-cli-certificates-'));
    env = { DATA_DIR: join(work, 'data'), DEMO_DATA: 'true' };
    certificate = await makeCertificate({ cn: 'Kommunen afsendersystem', organisation: 'Kommunen', purpose: 'client', notAfter: daysFromNow(200) });
    file = join(work, 'client.der');
    writeFileSync(file, certificate.der);
    server = await startServer(env);
  });
  after(async () => {
    await killAllServers();
    rmSync(work, { recursive: true, force: true });
  });

  it('the server says where the system API listens with client certificates', async () => {
    // the banner follows the first /health answer by a moment
    for (let i = 0; i < 100 && !server.output().includes('API (mTLS)'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(server.output(), /API \(mTLS\) {4}https:\/\/127\.0\.0\.1:\d+\/apis\/v1/);
  });

  it('add registers a certificate (DER or PEM) through the server; from then on the system needs it', async () => {
    const added = await runKuvert(['system', 'certificate', 'add', system.id, file], env);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    assert.match(added.stdout, /^subject: {5}CN=Kommunen afsendersystem, O=Kommunen$/m);
    assert.match(added.stdout, new RegExp(`^serial: {6}${certificate.serial}$`, 'm'));
    const response = await fetch(`${server.url}/apis/v1/contact-points?organisationCvr=${DEMO.authority.cvr}`, { headers: { authorization: basic('authoritySender') } });
    assert.equal(response.status, 401);
    assert.equal((await response.json() as { errorCode: string }).errorCode, 'CLIENT_CERTIFICATE_REQUIRED');

    const again = await runKuvert(['system', 'certificate', 'add', system.id, file], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^kuvert: CERTIFICATE_ALREADY_REGISTERED: /m);
  });

  it('list shows it; remove takes it away by its fingerprint', async () => {
    const listed = await runKuvert(['system', 'certificate', 'list', system.id, '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    const [only] = JSON.parse(listed.stdout) as Array<{ fingerprintSha256: string; serialNumber: string; state: string }>;
    assert.equal(only?.serialNumber, certificate.serial);
    assert.equal(only?.state, 'valid');
    const removed = await runKuvert(['system', 'certificate', 'remove', system.id, only!.fingerprintSha256], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /removed the client certificate "CN=Kommunen afsendersystem, O=Kommunen"/);
  });
});
