// README.md, "Running Kuvert for real", walked end to end as an operator would: on PostgreSQL without
// demo data, from an empty schema — import the registry file, make the systems with the command line,
// start the server, then send and fetch a letter with curl (an HTTP client that is not ours).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { testDatabases, type TestTarget } from '../helpers/databases.ts';
import { loginThroughDevIdp, type LoggedIn } from '../helpers/login.ts';
import { letter } from '../helpers/memo.ts';
import { killAllServers, runCommand, startServer, type RunResult, type ServerProcess } from '../helpers/process.ts';

const EXAMPLE = 'docs/examples/registry.json';
const AUTHORITY = '19283746'; // Eksempel Kommune
const COMPANY = '37465829'; // Eksempel Handel ApS
const P_UNIT = '1023456790'; // Eksempel Handel ApS, Lager Odense
const EXEMPT = '3112609876'; // Inger Eksempel, exempt since 2024-01-01
const UNKNOWN = '0303031234'; // a well-formed CPR number nobody in the file has

const curlPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'curl')).find((p) => existsSync(p));
const postgres = testDatabases().find((d) => d.name === 'PostgreSQL');
const skip = !postgres
  ? 'PostgreSQL not reached: no server answered on 127.0.0.1:5432 (set TEST_DATABASE_URL)'
  : !curlPath ? 'curl not installed — apt-get install -y curl' : false;

interface Credentials { id: string; secret: string }

describe('running Kuvert for real (README): registry import, systems, a letter through curl (PostgreSQL)', { skip }, () => {
  let target: TestTarget | undefined;
  let server: ServerProcess | undefined;
  let work: string | undefined;
  after(async () => {
    await killAllServers();
    await target?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('imports the example file, creates the systems, and the systems send and fetch; demo credentials do not exist', { timeout: 90_000 }, async () => {
    target = postgres!.config({ demoData: false });
    work = mkdtempSync(join(tmpdir(), 'kuvert-operator-'));
    const env = { DATABASE_URL: target.config.databaseUrl!, DATABASE_SCHEMA: target.schema!, DATA_DIR: target.config.dataDir, DEMO_DATA: 'false' };
    // the commands as README.md gives them: `npx kuvert …` in the checkout (--no: never fetch a package)
    const kuvert = (args: string[]): Promise<RunResult> => runCommand('npx', ['--no', 'kuvert', ...args], env);

    // 1. load organisations and citizens
    const imported = await kuvert(['registry', 'import', EXAMPLE]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /^organisations: 2 created, 0 changed, 0 closed, 0 unchanged$/m);
    assert.match(imported.stdout, /^citizens: 3 created, 0 changed, 0 closed, 0 unchanged$/m);

    // 2. make the systems; the secret is printed once, as one line of JSON with --json
    const create = async (cvr: string, kind: 'sender' | 'recipient', name: string): Promise<Credentials> => {
      const run = await kuvert(['system', 'create', '--cvr', cvr, '--kind', kind, '--name', name, '--json']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.stdout.trim().split('\n').length, 1, 'one line of JSON');
      const system = JSON.parse(run.stdout) as Record<string, string>;
      assert.equal(system.organisationCvr, cvr);
      assert.equal(system.kind, kind);
      assert.match(system.id!, /^[0-9a-f-]{36}$/);
      assert.ok(system.secret && system.secret.length >= 16, 'a secret is printed');
      return { id: system.id!, secret: system.secret! };
    };
    const sender = await create(AUTHORITY, 'sender', 'Sagssystem');
    const recipient = await create(COMPANY, 'recipient', 'ESDH');

    // 3. the server on that database, without demo data
    server = await startServer(env);
    assert.doesNotMatch(server.output(), /Demo systems/, 'no demo credentials printed');

    let n = 0;
    const curl = async (method: 'GET' | 'POST', path: string, who: Credentials, body?: string): Promise<{ status: number; bytes: Buffer }> => {
      const out = join(work!, `response-${++n}`);
      const args = ['--silent', '--show-error', '--request', method, '--user', `${who.id}:${who.secret}`, '--output', out, '--write-out', '%{http_code}'];
      if (body !== undefined) {
        const file = join(work!, `request-${n}.xml`);
        writeFileSync(file, body, 'utf8');
        args.push('--header', 'Content-Type: application/xml', '--data-binary', `@${file}`);
      }
      const run = await runCommand(curlPath!, [...args, `${server!.url}${path}`], {}, { timeoutMs: 30_000 });
      assert.equal(run.code, 0, `curl ${method} ${path}: ${run.stderr}`);
      return { status: Number(run.stdout), bytes: existsSync(out) ? readFileSync(out) : Buffer.alloc(0) };
    };
    const json = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Record<string, any>;

    const { uuid, xml } = letter({ senderCvr: AUTHORITY, recipientType: 'CVR', recipientId: COMPANY, pNumber: P_UNIT, label: 'Operatørens første brev' });
    const sent = await curl('POST', '/apis/v1/memos', sender, xml);
    assert.equal(sent.status, 201, sent.bytes.toString());
    assert.equal(json(sent.bytes).receiptStatus, 'RECEIVED');
    assert.equal(json(sent.bytes).messageUUID, uuid);

    const list = await curl('GET', '/apis/v1/memos', recipient);
    assert.equal(list.status, 200, list.bytes.toString());
    assert.deepEqual(json(list.bytes).content, [uuid], 'the company system sees exactly this letter');
    const fetched = await curl('GET', `/apis/v1/memos/${uuid}`, recipient);
    assert.equal(fetched.status, 200, fetched.bytes.toString());
    assert.ok(fetched.bytes.equals(Buffer.from(xml, 'utf8')), 'the fetched document is the sent document, byte for byte');

    // 4. the demo systems do not exist here
    const demo = { id: DEMO.systems.authoritySender.id, secret: DEMO.systems.authoritySender.secret };
    const demoSend = await curl('POST', '/apis/v1/memos', demo, letter({ senderCvr: AUTHORITY, recipientId: COMPANY }).xml);
    assert.equal(demoSend.status, 401, demoSend.bytes.toString());

    // 5. the exempt citizen of the file and an unknown CPR number are refused
    for (const [cpr, code] of [[EXEMPT, 'RECIPIENT_EXEMPT'], [UNKNOWN, 'RECIPIENT_UNKNOWN']] as const) {
      const refused = await curl('POST', '/apis/v1/memos', sender, letter({ senderCvr: AUTHORITY, recipientType: 'CPR', recipientId: cpr }).xml);
      assert.equal(refused.status, 422, refused.bytes.toString());
      assert.equal(json(refused.bytes).errorCode, code, refused.bytes.toString());
    }

    assert.equal((await server.stop()).code, 0, server.output());
  });

  // README step 3 and 4: the organisation's first administrator, by the operator's invitation and by the
  // identity provider's lead-administrator claim; the administrator activates the mailbox in the portal.
  // The development provider's people belong to Demo ApS (CVR 29876543), so the operator imports it.
  it('gives an organisation its first administrator (invitation and LRA claim), who activates the mailbox', { timeout: 120_000 }, async () => {
    assert.ok(target && work, 'the first test made the database');
    const env = { DATABASE_URL: target.config.databaseUrl!, DATABASE_SCHEMA: target.schema!, DATA_DIR: target.config.dataDir, DEMO_DATA: 'false' };
    const kuvert = (args: string[]): Promise<RunResult> => runCommand('npx', ['--no', 'kuvert', ...args], env);
    const file = join(work, 'demo-aps.json');
    writeFileSync(file, JSON.stringify({ organisations: [{ cvr: DEMO.company.cvr, name: DEMO.company.name, kind: 'company', pUnits: DEMO.company.pUnits }], citizens: [] }));
    const imported = await kuvert(['registry', 'import', file]);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);

    server = await startServer(env);
    const invite = await kuvert(['org', 'invite-admin', DEMO.company.cvr, 'mette@demoaps.example', '--json']);
    assert.equal(invite.code, 0, invite.stdout + invite.stderr);
    const invitation = JSON.parse(invite.stdout) as { link: string };
    const token = new URL(invitation.link).searchParams.get('token');
    assert.ok(token, invitation.link);

    const call = async (who: LoggedIn, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server!.url}${path}`, {
        method, headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: await response.json() as Record<string, any> };
    };

    // Mette logs in with the company's CVR: known organisation, no access yet
    const mette = await loginThroughDevIdp(server.url, 'demo-employee-mette');
    assert.deepEqual((await call(mette, 'GET', '/api/session')).body.mailboxes, []);
    const accepted = await call(mette, 'POST', '/api/invitations/accept', { token });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.role, 'super-admin');
    assert.deepEqual((await call(mette, 'POST', '/api/invitations/accept', { token })).body.errorCode, 'INVITATION_USED');

    // the mailbox opens for its people once she activates it
    const organisationId = accepted.body.organisationId as string;
    const page = `/api/admin/organisations/${organisationId}`;
    assert.equal((await call(mette, 'GET', page)).body.mailbox.activatedAt, null);
    assert.deepEqual((await call(mette, 'GET', '/api/session')).body.mailboxes, []);
    const activated = await call(mette, 'POST', `${page}/activation`, { level: 'extended' });
    assert.equal(activated.status, 200, JSON.stringify(activated.body));
    const mailboxes = (await call(mette, 'GET', '/api/session')).body.mailboxes as Array<{ cvr: string; role: string; level: string }>;
    assert.deepEqual(mailboxes.map((m) => [m.cvr, m.role, m.level]), [[DEMO.company.cvr, 'super-admin', 'extended']]);

    // Lars carries the lead-administrator claim: super-administrator at his first login
    const lars = await loginThroughDevIdp(server.url, 'demo-employee-lars');
    assert.deepEqual(((await call(lars, 'GET', '/api/session')).body.mailboxes as Array<{ role: string }>).map((m) => m.role), ['super-admin']);
    const people = (await call(mette, 'GET', `${page}/people`)).body as unknown as Array<{ name: string; role: string; grantedBy: { kind: string } }>;
    assert.deepEqual(people.map((p) => [p.name, p.role, p.grantedBy.kind]).sort(), [['Lars Ravn', 'super-admin', 'idp'], ['Mette Nielsen', 'super-admin', 'operator']]);

    assert.equal((await server.stop()).code, 0, server.output());
  });
});
