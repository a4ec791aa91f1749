import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import { killAllServers, runKuvert, startServer, type ServerProcess } from '../helpers/process.ts';

/** `kuvert system …` run as processes on an embedded database, which a running server locks. */
describe('kuvert system (command line)', () => {
  let work: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kuvert-cli-systems-'));
    env = { DATA_DIR: join(work, 'data'), DEMO_DATA: 'true' };
  });
  after(async () => {
    await killAllServers();
    rmSync(work, { recursive: true, force: true });
  });

  const sendAs = async (system: { id: string; secret: string }) => (await fetch(`${server!.url}/apis/v1/memos`, {
    method: 'POST', body: letter().xml, headers: { authorization: basic(system), 'content-type': 'application/xml' },
  })).status;

  it('while a server runs on the data folder, goes through it; a command without that path says the folder is locked', async () => {
    server = await startServer(env);
    const listed = await runKuvert(['system', 'list', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok((JSON.parse(listed.stdout) as Array<{ id: string }>).some((s) => s.id === DEMO.systems.authoritySender.id), 'the demo systems, through the server (test/cli/through-server.test.ts)');
    const result = await runKuvert(['operator', 'key', 'list'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^kuvert: DATA_DIR_LOCKED: .*in use by another Kuvert process.*server is stopped/m);
    assert.equal((await server.stop()).code, 0);
  });

  it('system create --json prints the id and secret once; the system sends with them; list, rotate, disable', async () => {
    const created = await runKuvert(['system', 'create', '--cvr', DEMO.authority.cvr, '--kind', 'sender', '--name', 'Sagssystem', '--json'], env);
    assert.equal(created.code, 0, created.stdout + created.stderr);
    assert.equal(created.stdout.trim().split('\n').length, 1, 'one line');
    const system = JSON.parse(created.stdout) as Record<string, string>;
    assert.deepEqual(Object.keys(system), ['id', 'secret', 'name', 'kind', 'organisationCvr']);
    assert.equal(system.organisationCvr, DEMO.authority.cvr);
    const credentials = { id: system.id!, secret: system.secret! };

    const taken = await runKuvert(['system', 'create', '--cvr', DEMO.authority.cvr, '--kind', 'sender', '--name', 'sagssystem'], env);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /^kuvert: SYSTEM_NAME_TAKEN: /m);
    const unknown = await runKuvert(['system', 'create', '--cvr', '99999999', '--kind', 'recipient', '--name', 'X'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^kuvert: ORGANISATION_NOT_FOUND: No organisation has CVR 99999999\.$/m);

    const listed = await runKuvert(['system', 'list', '--cvr', DEMO.authority.cvr, '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as Array<{ name: string }>).map((s) => s.name).sort(),
      [DEMO.systems.authorityRecipient.name, DEMO.systems.authoritySender.name, 'Sagssystem'].sort());
    const table = await runKuvert(['system', 'list'], env);
    assert.match(table.stdout, new RegExp(`^${system.id}\\s+sender\\s+active\\s+${DEMO.authority.cvr}\\s+Kommunen\\s+Sagssystem\\s`, 'm'));
    assert.doesNotMatch(table.stdout + listed.stdout, new RegExp(system.secret!));

    server = await startServer(env);
    assert.equal(await sendAs(credentials), 201, 'the new system sends a letter');
    assert.equal(await sendAs({ id: credentials.id, secret: 'wrong' }), 401);
    await server.stop();

    const rotated = await runKuvert(['system', 'rotate', credentials.id, '--grace-hours', '0', '--json'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const { secret, previousSecretValidUntil } = JSON.parse(rotated.stdout) as { secret: string; previousSecretValidUntil: string | null };
    assert.equal(previousSecretValidUntil, null);
    const badGrace = await runKuvert(['system', 'rotate', credentials.id, '--grace-hours', 'soon'], env);
    assert.match(badGrace.stderr, /^kuvert: GRACE_HOURS_INVALID: /m);

    server = await startServer(env);
    assert.equal(await sendAs(credentials), 401, 'the old secret no longer works');
    assert.equal(await sendAs({ id: credentials.id, secret }), 201);
    await server.stop();

    // (that a disabled system is refused at /apis/v1 is shown in test/admin/systems.test.ts)
    const disabled = await runKuvert(['system', 'disable', credentials.id], env);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stdout, /^disabled system /);
    const after = JSON.parse((await runKuvert(['system', 'list', '--json'], env)).stdout) as Array<{ id: string; status: string }>;
    assert.equal(after.find((s) => s.id === credentials.id)?.status, 'disabled');
  });
});
