// The operator API, /api/operator: its own keys, throttled like the system API; the registry import,
// systems and first administrators; every action in the event log as `operator:<key name>`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createOperatorKey, revokeOperatorKeyNamed } from '../../src/admin/index.ts';
import { verifyEvents, type EventBody } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';

const EXAMPLE = readFileSync(new URL('../../docs/examples/registry.json', import.meta.url), 'utf8');
const AUTHORITY = '19283746';
const COMPANY = '37465829';

for (const database of testDatabases()) {
  describe(`the operator API (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let key: { name: string; secret: string };
    const db = () => kuvert.store.db;
    before(async () => {
      kuvert = await startTestKuvert(database, { demoData: false, outbox: true });
      key = await createOperatorKey(db(), kuvert.ctx.eventChains, 'cli', 'automation');
    });
    after(async () => {
      assert.equal((await verifyEvents(db())).ok, true, 'the events are in intact hash chains');
      await kuvert.drop();
    });

    const asOperator = (credentials: { name: string; secret: string } = key) => `Basic ${Buffer.from(`${credentials.name}:${credentials.secret}`).toString('base64')}`;
    const call = (method: 'GET' | 'POST', url: string, options: { payload?: unknown; authorization?: string | null; remoteAddress?: string; contentType?: string } = {}) =>
      kuvert.app.inject({
        method, url: `/api/operator${url}`, remoteAddress: options.remoteAddress ?? '198.51.100.1',
        headers: {
          ...(options.authorization === null ? {} : { authorization: options.authorization ?? asOperator() }),
          ...(options.payload !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
        },
        ...(options.payload !== undefined ? { payload: typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload) } : {}),
      });
    const events = async (type: string) => (await db().selectFrom('event').select('body').where('type', '=', type).orderBy('at').orderBy('seq').execute())
      .map((e) => JSON.parse(e.body) as EventBody);
    const count = async (table: 'organisation' | 'citizen' | 'system' | 'invitation' | 'outgoing_mail') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    it('answers 401 without a key, with a wrong one and with a revoked one; Basic and Bearer both work', async () => {
      const address = '198.51.100.10';
      const none = await call('GET', '/systems', { authorization: null, remoteAddress: address });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().errorCode, 'UNAUTHENTICATED');
      for (const authorization of [asOperator({ name: key.name, secret: 'wrong' }), asOperator({ name: 'nobody', secret: key.secret }), 'Bearer wrong', 'Digest x']) {
        const response = await call('GET', '/systems', { authorization, remoteAddress: address });
        assert.equal(response.statusCode, 401, authorization);
        assert.equal(response.json().errorCode, 'UNAUTHENTICATED');
      }
      const failed = (await events('OPERATOR_AUTHENTICATION_FAILED')).filter((e) => e.actor === `address:${address}`);
      assert.equal(failed.length, 4, 'each failed attempt is an event; a request without credentials is not an attempt');
      assert.deepEqual(failed[0]!.data, { scope: 'operator-api', name: key.name });
      assert.ok(!JSON.stringify(failed).includes(key.secret));

      assert.equal((await call('GET', '/systems', { remoteAddress: address })).statusCode, 200, 'Basic name:secret');
      assert.equal((await call('GET', '/systems', { authorization: `Bearer ${key.secret}`, remoteAddress: address })).statusCode, 200, 'Bearer secret');
      const row = await db().selectFrom('operator_key').selectAll().where('name', '=', key.name).executeTakeFirstOrThrow();
      assert.ok(row.last_used_at, 'the use is recorded');
      assert.ok(!JSON.stringify(row).includes(key.secret), 'only a hash is stored');

      const spare = await createOperatorKey(db(), kuvert.ctx.eventChains, 'cli', 'spare');
      assert.equal((await call('GET', '/systems', { authorization: asOperator(spare) })).statusCode, 200);
      assert.deepEqual(await revokeOperatorKeyNamed(db(), kuvert.ctx.eventChains, 'cli', 'spare'), { name: 'spare', revoked: true });
      assert.equal((await call('GET', '/systems', { authorization: asOperator(spare) })).statusCode, 401, 'revoked');
      assert.equal((await call('GET', '/systems', { authorization: `Bearer ${spare.secret}` })).statusCode, 401, 'revoked (Bearer)');
      assert.deepEqual((await events('OPERATOR_KEY_REVOKED')).map((e) => [e.actor, e.data]), [['cli', { name: 'spare' }]]);
      assert.deepEqual((await events('OPERATOR_KEY_CREATED')).map((e) => [e.actor, (e.data as { name: string }).name]), [['cli', 'automation'], ['cli', 'spare']]);
    });

    it('throttles a key name that failed too often: 429 with Retry-After, its credentials unchecked', async () => {
      const address = '198.51.100.20';
      const victim = await createOperatorKey(db(), kuvert.ctx.eventChains, 'cli', 'throttled');
      for (let i = 0; i < 10; i++) {
        assert.equal((await call('GET', '/systems', { authorization: asOperator({ name: victim.name, secret: `guess-${i}` }), remoteAddress: address })).statusCode, 401);
      }
      const locked = await call('GET', '/systems', { authorization: asOperator(victim), remoteAddress: '198.51.100.21' });
      assert.equal(locked.statusCode, 429, 'even the right secret, from elsewhere');
      assert.equal(locked.json().errorCode, 'TOO_MANY_ATTEMPTS');
      assert.ok(Number(locked.headers['retry-after']) >= 1);
      assert.equal((await call('GET', '/systems', { remoteAddress: '198.51.100.21' })).statusCode, 200, 'another key is not affected');
      const throttled = (await events('AUTHENTICATION_THROTTLED')).filter((e) => (e.data as { scope: string }).scope === 'operator-api');
      assert.ok(throttled.length >= 1);
    });

    it('imports a registry file: a dry run writes nothing, the import writes and names the key; a bad file is refused whole', async () => {
      const before = { organisation: await count('organisation'), citizen: await count('citizen') };
      const dry = await call('POST', '/registry?dryRun=true', { payload: EXAMPLE });
      assert.equal(dry.statusCode, 200, dry.body);
      assert.equal(dry.json().dryRun, true);
      assert.equal(dry.json().organisations.created, 2);
      assert.deepEqual({ organisation: await count('organisation'), citizen: await count('citizen') }, before, 'nothing written');

      const real = await call('POST', '/registry', { payload: EXAMPLE });
      assert.equal(real.statusCode, 200, real.body);
      const report = real.json() as { dryRun: boolean; organisations: { created: number }; citizens: { created: number }; parties: Array<{ label: string }> };
      assert.equal(report.dryRun, false);
      assert.equal(report.organisations.created, 2);
      assert.equal(report.citizens.created, 3);
      assert.ok(report.parties.every((p) => !/^\d{10}$/.test(p.label)), 'CPR numbers only masked');
      assert.equal(await count('organisation'), before.organisation + 2);
      const created = await events('REGISTRY_ORGANISATION_CREATED');
      assert.deepEqual([...new Set(created.map((e) => e.actor))], ['operator:automation']);

      const organisationsNow = await count('organisation');
      const broken = await call('POST', '/registry', { payload: '{"organisations": [\n  {"cvr": "12"}\n' });
      assert.equal(broken.statusCode, 400);
      assert.equal(broken.json().errorCode, 'REGISTRY_FILE_INVALID');
      assert.match(JSON.stringify(broken.json().details), /JSON_SYNTAX.*line 3/);
      const invalid = await call('POST', '/registry', { payload: { organisations: [{ cvr: '12', name: 'X', kind: 'shop', pUnits: [] }], citizens: [] } });
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual((invalid.json().details as Array<{ path: string; code: string }>).map((p) => p.code).sort(), ['CVR_INVALID', 'KIND_UNKNOWN']);
      assert.equal(await count('organisation'), organisationsNow, 'nothing written');
      assert.equal((await call('POST', '/registry', { payload: EXAMPLE, authorization: null })).statusCode, 401);
    });

    it('creates, lists, rotates and disables systems; refusals carry the same codes as the command line', async () => {
      const created = await call('POST', '/systems', { payload: { cvr: COMPANY, kind: 'recipient', name: 'Bogholderi' } });
      assert.equal(created.statusCode, 200, created.body);
      const system = created.json() as { id: string; secret: string; name: string; kind: string; organisationCvr: string };
      assert.deepEqual(Object.keys(system), ['id', 'secret', 'name', 'kind', 'organisationCvr']);
      assert.equal(system.organisationCvr, COMPANY);
      const fetchAs = async (secret: string) => (await kuvert.app.inject({ method: 'GET', url: '/apis/v1/memos', headers: { authorization: basic({ id: system.id, secret }) } })).statusCode;
      assert.equal(await fetchAs(system.secret), 200, 'the system fetches with its secret');

      const taken = await call('POST', '/systems', { payload: { cvr: COMPANY, kind: 'recipient', name: 'bogholderi' } });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().errorCode, 'SYSTEM_NAME_TAKEN');
      assert.equal((await call('POST', '/systems', { payload: { cvr: '99999999', kind: 'sender', name: 'X' } })).json().errorCode, 'ORGANISATION_NOT_FOUND');
      assert.equal((await call('POST', '/systems', { payload: { cvr: COMPANY, kind: 'printer', name: 'X' } })).json().errorCode, 'SYSTEM_KIND_INVALID');

      const listed = await call('GET', `/systems?cvr=${COMPANY}`);
      assert.equal(listed.statusCode, 200);
      assert.deepEqual((listed.json() as Array<{ name: string }>).map((s) => s.name), ['Bogholderi']);
      assert.ok(!listed.body.includes(system.secret));

      const rotated = await call('POST', `/systems/${system.id}/rotate`, { payload: { graceHours: 0 } });
      assert.equal(rotated.statusCode, 200, rotated.body);
      const { secret, previousSecretValidUntil } = rotated.json() as { secret: string; previousSecretValidUntil: string | null };
      assert.equal(previousSecretValidUntil, null);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await fetchAs(secret), 200, 'the new secret works');
      assert.equal((await call('POST', `/systems/${system.id}/rotate`, { payload: { graceHours: -1 } })).json().errorCode, 'GRACE_HOURS_INVALID');
      assert.equal((await call('POST', `/systems/${system.id}/rotate`, { payload: {} })).json().previousSecretValidUntil !== null, true, 'default grace: 24 hours');

      const disabled = await call('POST', `/systems/${system.id}/disable`);
      assert.equal(disabled.statusCode, 200, disabled.body);
      assert.deepEqual(disabled.json(), { id: system.id, disabled: true });
      assert.deepEqual((await call('POST', `/systems/${system.id}/disable`)).json(), { id: system.id, disabled: false });
      const unknown = await call('POST', '/systems/00000000-0000-4000-8000-000000000000/disable');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().errorCode, 'SYSTEM_NOT_FOUND');
      assert.equal((await call('POST', '/systems/not-an-id/rotate', { payload: {} })).json().errorCode, 'SYSTEM_NOT_FOUND');

      for (const type of ['SYSTEM_CREATED', 'SYSTEM_SECRET_ROTATED', 'SYSTEM_DISABLED']) {
        const found = await events(type);
        assert.ok(found.length >= 1, type);
        assert.ok(found.every((e) => e.actor === 'operator:automation'), type);
        assert.ok(!JSON.stringify(found).includes(system.secret) && !JSON.stringify(found).includes(secret), `${type} holds no secret`);
      }
    });

    it('invites an organisation\'s first administrator: the link is answered and mailed', async () => {
      const mailsBefore = await count('outgoing_mail');
      const response = await call('POST', `/organisations/${COMPANY}/invitations`, { payload: { email: 'lra@example.dk' } });
      assert.equal(response.statusCode, 200, response.body);
      const invitation = response.json() as { id: string; link: string; expiresAt: string };
      assert.deepEqual(Object.keys(invitation).sort(), ['expiresAt', 'id', 'link']);
      assert.match(invitation.link, /^http:\/\/127\.0\.0\.1:8080\/invitation\?token=[\w-]+$/, 'a link to PUBLIC_URL');
      assert.ok(new Date(invitation.expiresAt).getTime() > Date.now());

      assert.equal(await count('outgoing_mail'), mailsBefore + 1);
      const mail = await db().selectFrom('outgoing_mail').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.equal(mail.recipient, 'lra@example.dk');
      assert.ok(mail.text_body.includes(invitation.link), 'the mail holds the link');
      const row = await db().selectFrom('invitation').selectAll().where('id', '=', invitation.id).executeTakeFirstOrThrow();
      assert.equal(row.role, 'super-admin');
      assert.equal(row.created_by, 'operator:automation');
      const made = (await events('INVITATION_CREATED')).filter((e) => (e.data as { invitationId: string }).invitationId === invitation.id);
      assert.deepEqual(made.map((e) => e.actor), ['operator:automation']);
      assert.ok(!JSON.stringify(made).includes('lra@example.dk') && !JSON.stringify(made).includes(invitation.link.split('token=')[1]!), 'no address or token in the event');

      const invitations = await count('invitation');
      const unknown = await call('POST', '/organisations/99999999/invitations', { payload: { email: 'x@example.dk' } });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().errorCode, 'ORGANISATION_NOT_FOUND');
      const badAddress = await call('POST', `/organisations/${AUTHORITY}/invitations`, { payload: { email: 'not an address' } });
      assert.equal(badAddress.json().errorCode, 'EMAIL_INVALID');
      assert.equal(await count('invitation'), invitations, 'nothing written on refusal');
      assert.equal((await call('POST', `/organisations/${COMPANY}/invitations`, { payload: { email: 'x@example.dk' }, authorization: null })).statusCode, 401);
    });
  });
}
