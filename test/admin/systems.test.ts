import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createSystem, disableSystem, listSystems, rotateSecret } from '../../src/admin/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { Refusal } from '../../src/domain/index.ts';
import { hashSecret, verifyEvents } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';

const AUTHORITY = DEMO.authority.cvr;
const COMPANY = DEMO.company.cvr;

/** Systems made, rotated and disabled by an operator (src/admin/systems.ts), then used at /apis/v1. */
for (const database of testDatabases()) {
  describe(`systems administered by an operator (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    before(async () => { kuvert = await startTestKuvert(database); });
    after(async () => { await kuvert.drop(); });

    const db = () => kuvert.store.db;
    const chains = () => kuvert.ctx.eventChains;
    const count = async (table: 'system' | 'event') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    /** sends a fresh letter from the authority to the company as this system; the HTTP status */
    const sendAs = async (system: { id: string; secret: string }) => {
      const response = await kuvert.app.inject({
        method: 'POST', url: '/apis/v1/memos', payload: letter().xml,
        headers: { authorization: basic(system), 'content-type': 'application/xml' },
      });
      return response.statusCode;
    };
    const refusal = (kind: string, code: string) => (err: unknown) => {
      assert.ok(err instanceof Refusal, String(err));
      assert.equal(err.kind, kind);
      assert.equal(err.code, code);
      return true;
    };

    it('creates a sender system whose secret is shown once, authenticates at /apis/v1 and sends a letter', async () => {
      const created = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: '  Sagssystem  ' });
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.match(created.secret, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
      assert.deepEqual({ ...created, id: undefined, secret: undefined }, { id: undefined, secret: undefined, name: 'Sagssystem', kind: 'sender', organisationCvr: AUTHORITY });

      assert.equal(await sendAs(created), 201);

      const row = await db().selectFrom('system').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(row.secret_sha256, hashSecret(created.secret));
      assert.ok(!JSON.stringify(row).includes(created.secret), 'the system row holds no secret');
      assert.equal(row.is_default, false);
      assert.ok(row.last_authenticated_at, 'the authentication is recorded');

      const events = await db().selectFrom('event').select(['type', 'body']).execute();
      for (const event of events) {
        assert.ok(!event.body.includes(created.secret) && !event.body.includes(row.secret_sha256), `${event.type} holds neither the secret nor its hash`);
      }
      // (the demo seed made the demo systems the same way, as actor `demo`)
      const made = events.filter((e) => e.type === 'SYSTEM_CREATED').map((e) => JSON.parse(e.body) as { actor: string; data: Record<string, unknown> })
        .filter((e) => e.actor !== 'demo');
      assert.equal(made.length, 1);
      assert.equal(made[0]!.actor, 'cli');
      assert.deepEqual({ ...made[0]!.data, organisationId: undefined }, { systemId: created.id, organisationId: undefined, cvr: AUTHORITY, kind: 'sender', name: 'Sagssystem' });

      const listed = (await listSystems(db(), { cvr: AUTHORITY })).find((s) => s.id === created.id);
      assert.equal(listed?.status, 'active');
      assert.equal(listed?.organisationName, DEMO.authority.name);
      assert.ok(listed?.lastAuthenticatedAt);
      assert.equal((await verifyEvents(db())).ok, true);
    });

    it('creates a recipient system that fetches its organisation\'s queue', async () => {
      const created = await createSystem(db(), chains(), 'cli', { cvr: COMPANY, kind: 'recipient', name: 'Nyt ESDH' });
      const response = await kuvert.app.inject({ method: 'GET', url: '/apis/v1/memos?size=10', headers: { authorization: basic(created) } });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual((await listSystems(db(), { cvr: COMPANY })).map((s) => s.name), ['Demo ApS ESDH', 'Nyt ESDH']);
    });

    it('refuses an unknown CVR, a name the organisation has (ignoring case), a bad kind or name, and writes nothing', async () => {
      const systems = await count('system');
      const events = await count('event');
      await assert.rejects(createSystem(db(), chains(), 'cli', { cvr: '99999999', kind: 'sender', name: 'X' }), refusal('not-found', 'ORGANISATION_NOT_FOUND'));
      await assert.rejects(createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: DEMO.systems.authoritySender.name.toUpperCase() }),
        refusal('conflict', 'SYSTEM_NAME_TAKEN'));
      await assert.rejects(createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'both', name: 'Y' }), refusal('invalid', 'SYSTEM_KIND_INVALID'));
      await assert.rejects(createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: '   ' }), refusal('invalid', 'SYSTEM_NAME_INVALID'));
      assert.equal(await count('system'), systems);
      assert.equal(await count('event'), events);
      // the same name in another organisation is fine
      await createSystem(db(), chains(), 'cli', { cvr: COMPANY, kind: 'sender', name: DEMO.systems.authoritySender.name });
    });

    it('rotates with a grace period: the old and the new secret both work until it ends', async () => {
      const created = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: 'Rotation med frist' });
      const rotated = await rotateSecret(db(), chains(), 'cli', created.id, { graceHours: 24 });
      assert.notEqual(rotated.secret, created.secret);
      const until = new Date(rotated.previousSecretValidUntil!).getTime();
      assert.ok(Math.abs(until - (Date.now() + 24 * 3600_000)) < 60_000, `old secret valid for 24 hours (${rotated.previousSecretValidUntil})`);
      assert.equal(await sendAs({ id: created.id, secret: created.secret }), 201, 'the old secret still works');
      assert.equal(await sendAs({ id: created.id, secret: rotated.secret }), 201, 'the new secret works');

      const row = await db().selectFrom('system').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(row.secret_sha256, hashSecret(rotated.secret));
      assert.equal(row.previous_secret_sha256, hashSecret(created.secret));
      const event = await db().selectFrom('event').select('body').where('type', '=', 'SYSTEM_SECRET_ROTATED').executeTakeFirstOrThrow();
      assert.ok(!event.body.includes(rotated.secret) && !event.body.includes(row.secret_sha256) && !event.body.includes(created.secret));
      assert.equal((await listSystems(db())).find((s) => s.id === created.id)?.previousSecretValidUntil, rotated.previousSecretValidUntil);
    });

    it('refuses the old secret once its grace period has ended (401), and at once with grace 0', async () => {
      const expiring = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: 'Udløbet frist' });
      const next = await rotateSecret(db(), chains(), 'cli', expiring.id, { graceHours: 1 });
      await db().updateTable('system').set({ previous_secret_valid_until: sql<Date>`now() - interval '1 second'` }).where('id', '=', expiring.id).execute();
      assert.equal(await sendAs(expiring), 401);
      assert.equal(await sendAs({ id: expiring.id, secret: next.secret }), 201);

      const immediate = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: 'Ingen frist' });
      const replaced = await rotateSecret(db(), chains(), 'cli', immediate.id, { graceHours: 0 });
      assert.equal(replaced.previousSecretValidUntil, null);
      assert.equal(await sendAs(immediate), 401);
      assert.equal(await sendAs({ id: immediate.id, secret: replaced.secret }), 201);
    });

    it('refuses a bad grace period, an unknown system and rotating a disabled one', async () => {
      const created = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: 'Forkert frist' });
      await assert.rejects(rotateSecret(db(), chains(), 'cli', created.id, { graceHours: -1 }), refusal('invalid', 'GRACE_HOURS_INVALID'));
      await assert.rejects(rotateSecret(db(), chains(), 'cli', created.id, { graceHours: Number.NaN }), refusal('invalid', 'GRACE_HOURS_INVALID'));
      await assert.rejects(rotateSecret(db(), chains(), 'cli', '00000000-0000-4000-8000-000000000000'), refusal('not-found', 'SYSTEM_NOT_FOUND'));
      await assert.rejects(rotateSecret(db(), chains(), 'cli', 'not-a-uuid'), refusal('not-found', 'SYSTEM_NOT_FOUND'));
      await assert.rejects(disableSystem(db(), chains(), 'cli', 'not-a-uuid'), refusal('not-found', 'SYSTEM_NOT_FOUND'));
      await disableSystem(db(), chains(), 'cli', created.id);
      await assert.rejects(rotateSecret(db(), chains(), 'cli', created.id), refusal('conflict', 'SYSTEM_DISABLED'));
    });

    it('disables a system: it is refused with 401, and disabling it again changes nothing', async () => {
      const created = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: 'Udfaset' });
      await rotateSecret(db(), chains(), 'cli', created.id, { graceHours: 24 });
      assert.deepEqual(await disableSystem(db(), chains(), 'cli', created.id), { id: created.id, disabled: true });
      assert.equal(await sendAs(created), 401, 'not even the old secret in its grace period');
      const events = await count('event');
      assert.deepEqual(await disableSystem(db(), chains(), 'cli', created.id), { id: created.id, disabled: false });
      assert.equal(await count('event'), events);
      const listed = (await listSystems(db(), { cvr: AUTHORITY })).find((s) => s.id === created.id);
      assert.equal(listed?.status, 'disabled');
      assert.equal(listed?.previousSecretValidUntil, null);
      const disabled = await db().selectFrom('event').select('body').where('type', '=', 'SYSTEM_DISABLED').execute();
      assert.equal(disabled.filter((e) => e.body.includes(created.id)).length, 1);
      assert.equal((await verifyEvents(db())).ok, true);
    });
  });
}
