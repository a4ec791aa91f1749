// Mutual TLS for systems (docs/certificates.md), with programs written elsewhere: a CA made with
// `openssl req`, client certificates issued with `openssl ca` (one expired, with -startdate/-enddate in
// the past), and `curl --cert/--key -k` as the system, against a Kuvert that listens on HTTP and on
// HTTPS with the certificate it generated itself. One server and database per storage kind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSystem, registerSystemCertificate, runDoctor } from '../../src/admin/index.ts';
import { loadSystemTlsKeys } from '../../src/api/index.ts';
import { systemTlsDir } from '../../src/api/tls.ts';
import type { Config } from '../../src/config.ts';
import { DEMO } from '../../src/demo/index.ts';
import { startKuvert, type Kuvert } from '../../src/server.ts';
import { organisationWithMailboxByCvr } from '../../src/store/index.ts';
import { testDatabases, type TestTarget } from '../helpers/databases.ts';
import { runCommand } from '../helpers/process.ts';
import { missing, which } from '../helpers/tools.ts';

const skip = missing('openssl') || missing('curl');

const CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

interface ClientCert { cert: string; key: string; pem: string }

/** A CA (openssl req -x509) and client certificates it issues (openssl ca), each with its own EC key. */
function makePki(dir: string): Record<'a' | 'b' | 'stranger' | 'old', ClientCert> {
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'openssl.cnf'), CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  const openssl = (args: string[]) => execFileSync(which('openssl')!, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ec = (name: string) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  ec('ca');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-config', 'openssl.cnf', '-extensions', 'ca_ext', '-subj', '/O=Kuvert Test/CN=Kuvert Test Client CA',
    '-days', '3650', '-out', 'ca.pem']);
  const issue = (name: string, subject: string, dates: string[]) => {
    ec(name);
    openssl(['req', '-new', '-key', `${name}.key`, '-config', 'openssl.cnf', '-subj', subject, '-out', `${name}.csr`]);
    openssl(['ca', '-batch', '-config', 'openssl.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`,
      '-extensions', 'client', '-notext', ...dates]);
    return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`), pem: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  // serials 1000, 1001, 1002, 1003 in this order
  return {
    a: issue('a', '/O=Kommunen/CN=Sagssystem A', ['-days', '365']),
    b: issue('b', '/O=Kommunen/CN=Sagssystem B', ['-days', '365']),
    stranger: issue('stranger', '/O=Elsewhere/CN=Stranger', ['-days', '365']),
    old: issue('old', '/O=Kommunen/CN=Gammelt system', ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']),
  };
}

interface Answer { status: number; body: { errorCode?: string; errorMessage?: string } & Record<string, unknown> }

describe('mutual TLS for systems (openssl, curl)', { skip }, () => {
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuvert-mtls-'));
    pki = makePki(dir);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const database of testDatabases()) {
    describe(database.name, () => {
      let kuvert: Kuvert;
      let target: TestTarget;
      let config: Config;
      const systems: Record<'a' | 'b' | 'c' | 'd', { id: string; secret: string }> = {} as never;
      let https = '';
      let http = '';

      before(async () => {
        // listening on both ports, as `kuvert serve` does (no SMTP)
        target = database.config({ host: '127.0.0.1', port: 0, systemTlsHost: '127.0.0.1', systemTlsPort: 0, smtpEnabled: false });
        config = target.config;
        kuvert = await startKuvert(config, { listen: true, smtp: false, logger: false, ...(target.schema ? { schema: target.schema } : {}) });
        const { db, eventChains } = kuvert.ctx;
        const make = async (name: string) => {
          const created = await createSystem(db, eventChains, 'cli', { cvr: DEMO.authority.cvr, kind: 'sender', name });
          return { id: created.id, secret: created.secret };
        };
        systems.a = await make('Sagssystem A');
        systems.b = await make('Sagssystem B');
        systems.c = await make('Uden certifikat');
        systems.d = await make('Gammelt system');
        await registerSystemCertificate(db, eventChains, 'cli', systems.a.id, pki.a.pem);
        await registerSystemCertificate(db, eventChains, 'cli', systems.b.id, pki.b.pem);
        // registered while it was valid; it has expired since
        await registerSystemCertificate(db, eventChains, 'cli', systems.d.id, pki.old.pem, {}, new Date('2020-06-01T00:00:00Z'));
        const address = kuvert.app.server.address();
        http = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        https = `https://127.0.0.1:${kuvert.systemTlsPort()}`;
      });
      after(async () => { await kuvert?.close(); await target?.drop(); });

      /** `curl -k` as the system, with a client certificate or none, to a path of the system API. */
      async function curl(base: string, who: { id: string; secret: string }, cert?: ClientCert, path = `/apis/v1/contact-points?organisationCvr=${DEMO.authority.cvr}`): Promise<Answer> {
        const run = await runCommand(which('curl')!, [
          '-sS', '-k', '-u', `${who.id}:${who.secret}`, ...(cert ? ['--cert', cert.cert, '--key', cert.key] : []), '-w', '\n%{http_code}', `${base}${path}`,
        ], {}, { timeoutMs: 30_000 });
        assert.equal(run.code, 0, `curl failed: ${run.stderr}`);
        const cut = run.stdout.lastIndexOf('\n');
        return { status: Number(run.stdout.slice(cut + 1)), body: JSON.parse(run.stdout.slice(0, cut) || '{}') };
      }

      it('serves HTTPS with the certificate it generated in DATA_DIR, valid for 127.0.0.1, and reuses it', async () => {
        const cert = join(systemTlsDir(config), 'cert.pem');
        const run = await runCommand(which('curl')!, ['-sS', '--cacert', cert, '-o', '/dev/null', '-w', '%{http_code}', `${https}/health`], {}, { timeoutMs: 30_000 });
        assert.equal(run.stdout, '200', `curl verifies the server against the generated certificate: ${run.stderr}`);
        const again = await loadSystemTlsKeys(config);
        assert.equal(again.cert, readFileSync(cert, 'utf8'), 'a second start uses the same certificate');
        assert.equal(again.source, 'generated');
      });

      it('lets a system in with its secret and its registered certificate', async () => {
        const answer = await curl(https, systems.a, pki.a);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.ok(Array.isArray(answer.body.contactPoints));
        assert.equal((await curl(https, systems.b, pki.b)).status, 200);
      });

      it('refuses a valid secret with another system\'s certificate, or a certificate no system has', async () => {
        const other = await curl(https, systems.a, pki.b);
        assert.equal(other.status, 403);
        assert.equal(other.body.errorCode, 'CLIENT_CERTIFICATE_MISMATCH');
        const stranger = await curl(https, systems.a, pki.stranger);
        assert.equal(stranger.status, 403);
        assert.equal(stranger.body.errorCode, 'CLIENT_CERTIFICATE_MISMATCH');
      });

      it('refuses a system with a registered certificate that presents none, over HTTPS or plain HTTP', async () => {
        const without = await curl(https, systems.a);
        assert.equal(without.status, 401);
        assert.equal(without.body.errorCode, 'CLIENT_CERTIFICATE_REQUIRED');
        const plain = await curl(http, systems.a);
        assert.equal(plain.status, 401);
        assert.equal(plain.body.errorCode, 'CLIENT_CERTIFICATE_REQUIRED');
        assert.match(plain.body.errorMessage ?? '', /plain HTTP/);
      });

      it('checks the secret first: the right certificate with a wrong secret is UNAUTHENTICATED', async () => {
        const wrong = await curl(https, { id: systems.a.id, secret: 'not-the-secret' }, pki.a);
        assert.equal(wrong.status, 401);
        assert.equal(wrong.body.errorCode, 'UNAUTHENTICATED');
      });

      it('lets a system without a registered certificate in with its secret alone, over HTTPS and HTTP', async () => {
        assert.equal((await curl(https, systems.c)).status, 200);
        assert.equal((await curl(http, systems.c)).status, 200);
      });

      it('refuses an expired registered certificate by name and serial, and nothing else stops', async () => {
        const expired = await curl(https, systems.d, pki.old);
        assert.equal(expired.status, 403, JSON.stringify(expired.body));
        assert.equal(expired.body.errorCode, 'CERTIFICATE_EXPIRED');
        assert.match(expired.body.errorMessage ?? '', /CN=Gammelt system/);
        assert.match(expired.body.errorMessage ?? '', /serial 1003\b/);
        assert.match(expired.body.errorMessage ?? '', /2021-01-01/);
        assert.equal((await curl(https, systems.a, pki.a)).status, 200, 'system A is not affected');
        assert.equal((await curl(https, systems.c)).status, 200, 'a system without a certificate is not affected');
      });

      it('the self-test names a system that presents the wrong certificate and one whose certificate expired, until they present the right one', async () => {
        const doctor = async () => {
          const organisation = await organisationWithMailboxByCvr(kuvert.store.db, DEMO.authority.cvr);
          return runDoctor({ ...kuvert.ctx, publicUrl: 'http://kuvert.test', mailDomain: 'kuvert.test' }, { ...organisation!, mailboxId: organisation!.mailboxId! }, 'cli');
        };
        assert.equal((await curl(https, systems.a, pki.b)).body.errorCode, 'CLIENT_CERTIFICATE_MISMATCH');
        let report = await doctor();
        const wrong = report.checks.find((c) => c.code === 'CLIENT_CERTIFICATE_MISMATCH' && c.subject === 'Sagssystem A');
        assert.ok(wrong, JSON.stringify(report.checks.filter((c) => c.status === 'red')));
        assert.equal(wrong.status, 'red');
        assert.match(wrong.en, /Sagssystem A presented a client certificate that is not registered for it \(SHA-256 [0-9a-f]{64}\)/);
        assert.match(wrong.fixEn!, /register the certificate it presents under Certificates/);
        const expired = report.checks.find((c) => c.code === 'CERTIFICATE_EXPIRED' && c.area === 'certificates');
        assert.ok(expired, 'the expired system certificate is named');
        assert.match(expired.subject!, /CN=Gammelt system.*\(serial 1003\)/);
        assert.match(expired.en, /The client certificate of the system Gammelt system .* expired on 2021-01-01: the system cannot log in/);
        assert.ok(report.checks.some((c) => c.code === 'CERTIFICATE_EXPIRED' && c.area === 'systems' && c.subject === 'Gammelt system'), 'and its refused log-in');

        assert.equal((await curl(https, systems.a, pki.a)).status, 200);
        report = await doctor();
        assert.equal(report.checks.some((c) => c.subject === 'Sagssystem A' && c.status === 'red'), false, 'presenting its own certificate clears it');
      });

      it('leaves an event for each refusal, naming the reason and the presented certificate, never a key', async () => {
        const rows = await kuvert.store.db.selectFrom('event').select('body').where('type', '=', 'SYSTEM_AUTHENTICATION_FAILED').execute();
        const events = rows.map((r) => JSON.parse(r.body) as { actor: string; data: Record<string, unknown> });
        const reasons = events.map((e) => e.data);
        for (const reason of ['CLIENT_CERTIFICATE_MISMATCH', 'CLIENT_CERTIFICATE_REQUIRED', 'CERTIFICATE_EXPIRED']) {
          assert.ok(reasons.some((r) => r.reason === reason && (r.systemId === systems.a.id || r.systemId === systems.d.id)), `an event for ${reason}`);
        }
        const mismatch = reasons.find((r) => r.reason === 'CLIENT_CERTIFICATE_MISMATCH');
        assert.match(String(mismatch?.certificate), /^[0-9a-f]{64}$/);
        assert.ok(events.every((e) => e.actor.startsWith('address:')));
        assert.doesNotMatch(JSON.stringify(reasons), /PRIVATE KEY|BEGIN CERTIFICATE/);
      });
    });
  }
});
