import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { DEMO } from '../../src/demo/index.ts';
import { openStore, type EventBody } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import { killAllServers, runKuvert, startServer, type ServerProcess } from '../helpers/process.ts';

const EXAMPLE = 'docs/examples/registry.json';

/**
 * Operator commands while a server runs on the embedded database (docs/admin.md): they go through the
 * server's /api/operator with the credentials it left in DATA_DIR/operator.json — same output, same
 * exit codes — and directly on the database once it has stopped.
 */
describe('operator commands while a PGlite server runs', () => {
  let work: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  let system: { id: string; secret: string };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kuvert-cli-through-'));
    env = { DATA_DIR: join(work, 'data'), DEMO_DATA: 'true' };
    server = await startServer(env);
  });
  after(async () => {
    await killAllServers();
    rmSync(work, { recursive: true, force: true });
  });

  it('the server leaves DATA_DIR/operator.json (its own address, a key; readable by its user only)', async () => {
    const file = join(env.DATA_DIR!, 'operator.json');
    // written right after the server starts listening, so it may follow the first /health answer by a moment
    for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const local = JSON.parse(readFileSync(file, 'utf8')) as { url: string; name: string; secret: string };
    assert.equal(local.url, server.url);
    assert.match(local.name, /^local-[a-z0-9.-]+$/);
    const response = await fetch(`${local.url}/api/operator/systems`, { headers: { authorization: `Bearer ${local.secret}` } });
    assert.equal(response.status, 200);
  });

  it('system create --json, list, rotate and disable succeed through the server; refusals print their code and exit 1', async () => {
    const created = await runKuvert(['system', 'create', '--cvr', DEMO.authority.cvr, '--kind', 'sender', '--name', 'Sagssystem', '--json'], env);
    assert.equal(created.code, 0, created.stdout + created.stderr);
    assert.equal(created.stdout.trim().split('\n').length, 1, 'one line');
    const parsed = JSON.parse(created.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(parsed), ['id', 'secret', 'name', 'kind', 'organisationCvr']);
    system = { id: parsed.id!, secret: parsed.secret! };
    const sent = await fetch(`${server.url}/apis/v1/memos`, { method: 'POST', body: letter().xml, headers: { authorization: basic(system), 'content-type': 'application/xml' } });
    assert.equal(sent.status, 201, 'the new system sends a letter');

    const taken = await runKuvert(['system', 'create', '--cvr', DEMO.authority.cvr, '--kind', 'sender', '--name', 'sagssystem'], env);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /^kuvert: SYSTEM_NAME_TAKEN: The organisation already has a system named sagssystem\.$/m);
    const unknown = await runKuvert(['system', 'create', '--cvr', '99999999', '--kind', 'recipient', '--name', 'X'], env);
    assert.match(unknown.stderr, /^kuvert: ORGANISATION_NOT_FOUND: No organisation has CVR 99999999\.$/m);

    const table = await runKuvert(['system', 'list', '--cvr', DEMO.authority.cvr], env);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`^${system.id}\\s+sender\\s+active\\s+${DEMO.authority.cvr}\\s+Kommunen\\s+Sagssystem\\s`, 'm'));

    const badGrace = await runKuvert(['system', 'rotate', system.id, '--grace-hours', 'soon'], env);
    assert.equal(badGrace.code, 1);
    assert.match(badGrace.stderr, /^kuvert: GRACE_HOURS_INVALID: /m);
    const rotated = await runKuvert(['system', 'rotate', system.id, '--grace-hours', '0', '--json'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const { secret, previousSecretValidUntil } = JSON.parse(rotated.stdout) as { secret: string; previousSecretValidUntil: string | null };
    assert.equal(previousSecretValidUntil, null);
    system.secret = secret;

    const disabled = await runKuvert(['system', 'disable', system.id], env);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal(disabled.stdout, `disabled system ${system.id} (a running server refuses it within 10 seconds)\n`);
    const missing = await runKuvert(['system', 'disable', '00000000-0000-4000-8000-000000000000'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^kuvert: SYSTEM_NOT_FOUND: /m);
  });

  it('registry import (and --dry-run) succeeds through the server; a malformed file is refused with every problem', async () => {
    const dry = await runKuvert(['registry', 'import', EXAMPLE, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /^dry run: nothing was written$/m);
    const run = await runKuvert(['registry', 'import', EXAMPLE], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^imported$/m);
    assert.match(run.stdout, /^organisations: 2 created, 0 changed, 0 closed, 0 unchanged$/m);
    assert.match(run.stdout, /^ {2}created citizen 311260-\*\*\*\*$/m);
    const json = await runKuvert(['registry', 'import', EXAMPLE, '--json'], env);
    assert.deepEqual(JSON.parse(json.stdout).organisations, { created: 0, changed: 0, closed: 0, unchanged: 2 });

    const broken = join(work, 'broken.json');
    writeFileSync(broken, '{\n  "citizens": [\n    {"cpr": "1503851234",}\n  ]\n}\n');
    const syntax = await runKuvert(['registry', 'import', broken], env);
    assert.equal(syntax.code, 1);
    assert.match(syntax.stderr, /^kuvert: REGISTRY_FILE_INVALID: The registry file has 1 problem; nothing was imported\.$/m);
    assert.match(syntax.stderr, /JSON_SYNTAX: The file is not valid JSON: line 3, column 26\./);
  });

  it('org invite-admin prints the link through the server, and the mail is in the development outbox', async () => {
    const run = await runKuvert(['org', 'invite-admin', '37465829', 'lra@example.dk'], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const link = /^link: +(\S+)$/m.exec(run.stdout)?.[1];
    assert.ok(link?.includes('/invitation?token='), run.stdout);
    assert.match(run.stderr, /mailed to lra@example\.dk/);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { mails } = await (await fetch(`${server.url}/dev/outbox.json`)).json() as { mails: Array<{ to: string; text: string }> };
      if (mails.some((m) => m.to === 'lra@example.dk' && m.text.includes(link!))) break;
      if (Date.now() > deadline) assert.fail('the invitation mail did not reach the outbox');
      await new Promise((r) => setTimeout(r, 200));
    }
    const json = await runKuvert(['org', 'invite-admin', '37465829', 'lra2@example.dk', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(Object.keys(JSON.parse(json.stdout)), ['id', 'link', 'expiresAt', 'email', 'cvr']);
    const unknown = await runKuvert(['org', 'invite-admin', '99999999', 'x@example.dk'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^kuvert: ORGANISATION_NOT_FOUND: /m);
  });

  it('after the server stops: the credentials file is gone, the events name its local key, and the commands work directly', async () => {
    assert.equal((await server.stop()).code, 0);
    assert.equal(existsSync(join(env.DATA_DIR!, 'operator.json')), false);

    const invite = await runKuvert(['org', 'invite-admin', DEMO.company.cvr, 'direct@example.dk', '--json'], env);
    assert.equal(invite.code, 0, invite.stderr);
    const key = await runKuvert(['operator', 'key', 'create', '--name', 'ci', '--json'], env);
    assert.equal(key.code, 0, key.stderr);
    assert.deepEqual(Object.keys(JSON.parse(key.stdout)), ['name', 'secret']);
    const again = await runKuvert(['operator', 'key', 'create', '--name', 'ci'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^kuvert: OPERATOR_KEY_NAME_TAKEN: /m);
    assert.match((await runKuvert(['operator', 'key', 'list'], env)).stdout, /^ci\s+\S+\s+-\s+-$/m);
    assert.equal((await runKuvert(['operator', 'key', 'revoke', 'ci'], env)).stdout, 'revoked operator key ci\n');
    assert.match((await runKuvert(['operator', 'key', 'revoke', 'nope'], env)).stderr, /^kuvert: OPERATOR_KEY_NOT_FOUND: /m);

    const store = await openStore({ ...loadConfig({}), dataDir: env.DATA_DIR! });
    try {
      const actors = async (type: string) => (await store.db.selectFrom('event').select('body').where('type', '=', type).execute())
        .map((e) => (JSON.parse(e.body) as EventBody).actor);
      for (const type of ['SYSTEM_CREATED', 'SYSTEM_SECRET_ROTATED', 'SYSTEM_DISABLED', 'REGISTRY_ORGANISATION_CREATED']) {
        const names = (await actors(type)).filter((a) => a !== 'demo');
        assert.ok(names.length > 0 && names.every((a) => /^operator:local-/.test(a)), `${type}: ${names.join(', ')}`);
      }
      assert.deepEqual((await actors('INVITATION_CREATED')).map((a) => a.replace(/^operator:local-.*/, 'operator:local')), ['operator:local', 'operator:local', 'cli']);
      const mail = await store.db.selectFrom('outgoing_mail').select(['status']).where('recipient', '=', 'direct@example.dk').executeTakeFirstOrThrow();
      assert.equal(mail.status, 'pending', 'queued: the next server start sends it (or keeps it in the outbox)');
    } finally {
      await store.close();
    }
  });
});
