// The registry import on both databases: parties from a file, then letters addressed to them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createSystem, importRegistry, type RegistryImportReport } from '../../src/admin/index.ts';
import { Refusal, type RegistryProblem } from '../../src/domain/index.ts';
import { findRecipient } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';

const EXAMPLE = readFileSync(new URL('../../docs/examples/registry.json', import.meta.url), 'utf8');
const AUTHORITY = '19283746';
const COMPANY = '37465829';
const [KAREN, OLE, INGER] = ['1503851234', '0707925678', '3112609876'];

type Example = {
  organisations: Array<{ cvr: string; name: string; kind: string; status?: string; pUnits: Array<{ pNumber: string; name: string }> }>;
  citizens: Array<{ cpr: string; name: string; registration: string; exemption?: unknown }>;
};

for (const database of testDatabases()) {
  describe(`registry import (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    const db = () => kuvert.store.db;
    const chains = () => kuvert.ctx.eventChains;

    /** the authority's sender system, made once the import has made the authority */
    let sender: { id: string; secret: string };

    before(async () => { kuvert = await startTestKuvert(database, { demoData: false }); });
    after(async () => { await kuvert?.drop(); });

    const send = async (to: { recipientType: 'CPR' | 'CVR'; recipientId: string; pNumber?: string }) => {
      const response = await kuvert.app.inject({
        method: 'POST', url: '/apis/v1/memos',
        headers: { authorization: basic(sender), 'content-type': 'application/xml' },
        payload: letter({ senderCvr: AUTHORITY, ...to }).xml,
      });
      return { status: response.statusCode, body: response.json() as Record<string, unknown> };
    };
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of ['organisation', 'production_unit', 'citizen', 'mailbox', 'folder', 'event'] as const) {
        const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        out[table] = Number(row.n);
      }
      return out;
    };
    const registryEvents = async () => (await db().selectFrom('event').select(['type', 'body']).where('type', 'like', 'REGISTRY_%').execute())
      .map((e) => ({ type: e.type, body: e.body }));
    const refusal = async (input: string): Promise<RegistryProblem[]> => {
      try {
        await importRegistry(db(), chains(), input, { actor: 'cli' });
      } catch (err) {
        assert.ok(err instanceof Refusal, String(err));
        assert.equal(err.code, 'REGISTRY_FILE_INVALID');
        return err.details as RegistryProblem[];
      }
      assert.fail('the import was not refused');
    };

    it('starts empty, imports the example, and a letter can then be addressed to each party', async () => {
      assert.equal((await counts()).organisation, 0);
      const dry = await importRegistry(db(), chains(), EXAMPLE, { actor: 'cli', dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.equal(dry.organisations.created, 2);
      assert.equal((await counts()).organisation, 0, 'a dry run writes nothing');

      const report = await importRegistry(db(), chains(), EXAMPLE, { actor: 'cli' });
      assert.deepEqual(report.organisations, { created: 2, changed: 0, closed: 0, unchanged: 0 });
      assert.deepEqual(report.citizens, { created: 3, changed: 0, closed: 0, unchanged: 0 });
      assert.deepEqual(report.parties.map((p) => p.label), [AUTHORITY, COMPANY, '150385-****', '070792-****', '311260-****']);
      assert.deepEqual((await counts()).mailbox, 5);

      const events = await registryEvents();
      assert.deepEqual(events.map((e) => e.type).sort(), [
        'REGISTRY_CITIZEN_CREATED', 'REGISTRY_CITIZEN_CREATED', 'REGISTRY_CITIZEN_CREATED', 'REGISTRY_ORGANISATION_CREATED', 'REGISTRY_ORGANISATION_CREATED']);
      for (const e of events) {
        for (const cpr of [KAREN, OLE, INGER]) assert.ok(!e.body.includes(cpr), 'no CPR number in an event');
        assert.equal(JSON.parse(e.body).actor, 'cli');
      }

      sender = await createSystem(db(), chains(), 'cli', { cvr: AUTHORITY, kind: 'sender', name: 'Sagssystem' });

      assert.equal((await send({ recipientType: 'CVR', recipientId: COMPANY, pNumber: '1023456790' })).status, 201);
      assert.equal((await send({ recipientType: 'CPR', recipientId: KAREN })).status, 201);
      const exempt = await send({ recipientType: 'CPR', recipientId: INGER });
      assert.equal(exempt.body.errorCode, 'RECIPIENT_EXEMPT', JSON.stringify(exempt.body));

      const again = await importRegistry(db(), chains(), EXAMPLE, { actor: 'cli' });
      assert.deepEqual(again.organisations, { created: 0, changed: 0, closed: 0, unchanged: 2 });
      assert.deepEqual(again.citizens, { created: 0, changed: 0, closed: 0, unchanged: 3 });
      assert.equal((await registryEvents()).length, 5, 'an unchanged party leaves no event');
    });

    it('re-imports changes: a new name, a removed P-unit, a closed company, an exempt citizen, an exemption that has ended', async () => {
      const file = JSON.parse(EXAMPLE) as Example;
      const company = file.organisations[1]!;
      company.name = 'Eksempel Handel A/S';
      company.status = 'closed';
      company.pUnits = company.pUnits.slice(0, 1);
      file.organisations = [company]; // the authority is absent: left alone
      file.citizens = [
        { ...file.citizens[0]!, registration: 'exempt', exemption: { reason: 'Efter ansøgning', from: '2024-01-01' } },
        { ...file.citizens[1]!, registration: 'exempt', exemption: { reason: 'Midlertidig', from: '2020-01-01', to: '2020-12-31' } },
      ];
      const before = await counts();
      const report: RegistryImportReport = await importRegistry(db(), chains(), JSON.stringify(file), { actor: 'cli' });
      assert.deepEqual(report.organisations, { created: 0, changed: 0, closed: 1, unchanged: 0 });
      assert.deepEqual(report.citizens, { created: 0, changed: 2, closed: 0, unchanged: 0 });
      assert.deepEqual(report.parties[0], {
        party: 'organisation', label: COMPANY, outcome: 'closed', changes: ['name', 'status', 'pUnit 1023456790 removed', 'mailbox closed'],
      });
      assert.deepEqual(report.parties[1]!.changes, ['registration', 'exemption']);
      assert.equal((await counts()).production_unit, before.production_unit! - 1);

      const entry = await findRecipient(db(), 'CVR', COMPANY);
      assert.equal(entry?.status, 'closed');
      assert.equal(entry?.name, 'Eksempel Handel A/S');
      const mailbox = await db().selectFrom('mailbox').select('status').where('id', '=', entry!.mailboxId!).executeTakeFirstOrThrow();
      assert.equal(mailbox.status, 'closed');
      const kept = await db().selectFrom('message').select('p_number').where('recipient_mailbox_id', '=', entry!.mailboxId!).execute();
      assert.deepEqual(kept.map((m) => m.p_number), ['1023456790'], 'the letter to the removed P-unit is kept, with its P-number');

      const closed = await send({ recipientType: 'CVR', recipientId: COMPANY });
      assert.equal(closed.body.errorCode, 'RECIPIENT_CLOSED', JSON.stringify(closed.body));
      const exempt = await send({ recipientType: 'CPR', recipientId: KAREN });
      assert.equal(exempt.body.errorCode, 'RECIPIENT_EXEMPT', JSON.stringify(exempt.body));
      // an exemption whose last day has passed counts as registered (decided in findRecipient, by Danish date)
      assert.equal((await send({ recipientType: 'CPR', recipientId: OLE })).status, 201);
      assert.equal((await findRecipient(db(), 'CPR', OLE, new Date('2020-06-01T12:00:00Z')))?.status, 'exempt');
      assert.equal((await findRecipient(db(), 'CPR', OLE, new Date('2020-12-31T22:30:00Z')))?.status, 'exempt', '23:30 on the last day in Denmark');
      assert.equal((await findRecipient(db(), 'CPR', OLE, new Date('2020-12-31T23:30:00Z')))?.status, 'registered', 'after midnight in Denmark');
      // the authority, absent from the file, is untouched
      assert.equal((await findRecipient(db(), 'CVR', AUTHORITY))?.status, 'active');

      const types = (await registryEvents()).map((e) => e.type);
      assert.ok(types.includes('REGISTRY_ORGANISATION_CLOSED'));
      assert.equal(types.filter((t) => t === 'REGISTRY_CITIZEN_CHANGED').length, 2);

      // reopened when the register says active again; a closed citizen's mailbox is closed
      company.status = 'active';
      const reopened = await importRegistry(db(), chains(), JSON.stringify({ organisations: [company], citizens: [{ cpr: INGER, name: 'Inger Eksempel', registration: 'closed' }] }), { actor: 'cli' });
      assert.deepEqual(reopened.parties.map((p) => p.outcome), ['changed', 'closed']);
      assert.equal((await send({ recipientType: 'CVR', recipientId: COMPANY })).status, 201);
      assert.equal((await send({ recipientType: 'CPR', recipientId: INGER })).body.errorCode, 'RECIPIENT_CLOSED');
    });

    it('refuses a malformed file whole and writes nothing', async () => {
      const before = await counts();
      const file = JSON.parse(EXAMPLE) as Example;
      file.organisations[0]!.name = 'Changed, but never written';
      file.organisations.push({ cvr: '11223344', name: 'Ny ApS', kind: 'company', pUnits: [{ pNumber: '12345', name: 'x' }] });
      file.citizens.push({ cpr: '9999999999', name: 'X', registration: 'registered' });
      const problems = await refusal(JSON.stringify(file));
      assert.deepEqual(problems.map((p) => `${p.path} ${p.code}`), ['organisations[2].pUnits[0].pNumber P_NUMBER_INVALID', 'citizens[3].cpr CPR_INVALID']);
      assert.deepEqual(await counts(), before);
      assert.equal((await findRecipient(db(), 'CVR', AUTHORITY))?.name, 'Eksempel Kommune');

      // a P-number of an organisation the file does not name: found in the database, still nothing written
      const taken = await refusal(JSON.stringify({
        organisations: [{ cvr: '11223344', name: 'Ny ApS', kind: 'company', pUnits: [{ pNumber: '1023456789', name: 'x' }] }],
        citizens: [{ cpr: '0202021234', name: 'Y', registration: 'registered' }],
      }));
      assert.deepEqual(taken.map((p) => `${p.path} ${p.code}`), ['organisations[0].pUnits[0].pNumber P_NUMBER_TAKEN']);
      assert.deepEqual(await counts(), before);

      const syntax = await refusal('{"organisations": [}');
      assert.equal(syntax[0]?.code, 'JSON_SYNTAX');
      assert.deepEqual(await counts(), before);
    });
  });
}
