import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { addContactPoint, addSystem, createOperatorKey, disableSystem } from '../../src/admin/index.ts';
import { doctorCommand } from '../../src/cli/doctor.ts';
import type { DoctorCheck, DoctorReport } from '../../src/contract/index.ts';
import { composeMemo } from '../../src/delivery/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { organisationIdByCvr, verifyEvents, type Db } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { testDatabases } from '../helpers/databases.ts';
import { api, login, type Person } from '../portal/helpers.ts';
import { eventsOf, memberOf, newOrganisation } from './organisation-helpers.ts';

type Kuvert = Awaited<ReturnType<typeof import('../helpers/databases.ts').startTestKuvert>>;

/** Rows of every table the rehearsal writes to: the self-test must leave them as they were. */
async function footprint(db: Db) {
  const tables = ['organisation', 'mailbox', 'message', 'message_state', 'system_queue', 'letter_count', 'job', 'notification_pending', 'blob', 'folder'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return counts;
}

const red = (report: DoctorReport) => report.checks.filter((c) => c.status === 'red');
const redCodes = (report: DoctorReport) => red(report).map((c) => c.code).sort();

/** "Test om det virker" (src/admin/doctor): the set-up checked and proved end to end, nothing stored; each pitfall of the seed named. */
for (const database of testDatabases()) {
  describe(`the self-test, "Test om det virker" (${database.name})`, () => {
    let kuvert: Kuvert;
    let karen: Person;
    let jens: Person;
    let operator: string;
    before(async () => {
      kuvert = await (await import('../helpers/databases.ts')).startTestKuvert(database);
      karen = await login(kuvert.app, kuvert.store.db, 'demo-employee-karen');
      jens = await login(kuvert.app, kuvert.store.db, 'demo-citizen-jens');
      const key = await createOperatorKey(kuvert.store.db, kuvert.ctx.eventChains, 'cli', 'doctor-test');
      operator = `Basic ${Buffer.from(`${key.name}:${key.secret}`).toString('base64')}`;
    });
    after(async () => { await kuvert.drop(); });

    const db = () => kuvert.store.db;
    const byOperator = async (cvr: string): Promise<DoctorReport> => {
      const response = await kuvert.app.inject({ method: 'POST', url: `/api/operator/organisations/${cvr}/doctor`, headers: { authorization: operator } });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    /** A new authority set up right: activated, a super-administrator, a sender and a recipient system, a contact point routed to the recipient system. */
    async function authority() {
      const org = await newOrganisation(kuvert.ctx, { kind: 'authority', activated: true });
      const admin = await memberOf(kuvert.ctx, org.id, 'super-admin');
      const made = await db().transaction().execute(async (trx) => {
        const sender = await addSystem(trx, kuvert.ctx.eventChains, 'cli', { organisationId: org.id, kind: 'sender', name: 'Fagsystem' });
        const recipient = await addSystem(trx, kuvert.ctx.eventChains, 'cli', { organisationId: org.id, kind: 'recipient', name: 'ESDH' });
        const point = await addContactPoint(trx, kuvert.ctx.eventChains, 'cli', org.id, { name: 'Teknik', recipientSystemId: recipient.id, mailName: `teknik${org.cvr}` });
        return { sender, recipient, point };
      });
      return { ...org, admin, ...made };
    }

    it('finds Kommunen\'s demo set-up green, proves a reply comes back to its ESDH in its thread, and stores nothing but its event', async () => {
      const before = await footprint(db());
      const runsBefore = (await eventsOf(db(), 'SELF_TEST_RUN')).length;
      const authorityId = (await organisationIdByCvr(db(), DEMO.authority.cvr))!;
      const response = await api(kuvert.app, karen, 'POST', `/api/admin/organisations/${authorityId}/doctor`);
      assert.equal(response.status, 200, response.text);
      const report = response.body as DoctorReport;
      assert.deepEqual(redCodes(report), [], JSON.stringify(red(report)));
      assert.equal(report.ok, true);
      const replies = report.checks.filter((c) => c.area === 'replies');
      assert.deepEqual(replies.map((c) => c.subject).sort(), ['Borgerservice', 'Byggesager']);
      for (const reply of replies) assert.match(reply.en, /reaches the recipient system Kommunen ESDH in the same thread/);
      assert.ok(report.checks.some((c) => c.area === 'systems' && /Kommunen afsendersystem can send/.test(c.en)));
      assert.ok(report.checks.some((c) => c.area === 'secure-mail' && /is delivered/.test(c.en)), 'the mail system is tried');
      assert.ok(report.checks.some((c) => c.area === 'certificates'));
      // in Danish too
      assert.ok(report.checks.every((c) => c.da.length > 0 && c.da !== c.en));

      assert.deepEqual(await footprint(db()), before, 'no letter, test recipient, queue entry, count, job or notification is left');
      const runs = await eventsOf(db(), 'SELF_TEST_RUN');
      assert.equal(runs.length, runsBefore + 1);
      assert.equal(runs.at(-1)!.actor, `user:${karen.userId}`);
      assert.deepEqual(runs.at(-1)!.data.red, []);
      assert.equal((await verifyEvents(db())).ok, true, 'the event chains are whole after the rolled-back events');
    });

    it('answers only the organisation\'s administrators', async () => {
      const authorityId = (await organisationIdByCvr(db(), DEMO.authority.cvr))!;
      const writer = await memberOf(kuvert.ctx, authorityId, 'writer');
      assert.equal((await api(kuvert.app, writer, 'POST', `/api/admin/organisations/${authorityId}/doctor`)).status, 403);
      assert.equal((await api(kuvert.app, jens, 'POST', `/api/admin/organisations/${authorityId}/doctor`)).status, 404);
      const other = await authority();
      assert.equal((await api(kuvert.app, karen, 'POST', `/api/admin/organisations/${other.id}/doctor`)).status, 404, 'another organisation\'s id');
      assert.equal((await api(kuvert.app, other.admin, 'POST', `/api/admin/organisations/${other.id}/doctor`)).status, 200);
      const noKey = await kuvert.app.inject({ method: 'POST', url: `/api/operator/organisations/${DEMO.authority.cvr}/doctor` });
      assert.equal(noKey.statusCode, 401);
    });

    it('a company that only receives is green: a letter from an authority reaches its recipient system; its mail system\'s letters go to an authority\'s contact point', async () => {
      const report = await byOperator(DEMO.company.cvr);
      assert.deepEqual(redCodes(report), [], JSON.stringify(red(report)));
      assert.equal(report.checks.some((c) => c.code === 'NO_DEFAULT_SENDER'), false, 'a company needs no sender system');
      const received = report.checks.find((c) => c.area === 'replies')!;
      assert.match(received.en, /^A letter from an authority to Demo ApS reaches the recipient system Demo ApS ESDH/);
      assert.ok(report.checks.some((c) => c.area === 'secure-mail' && /is delivered/.test(c.en)), 'its mail system writes to a test authority\'s contact point');
    });

    it('a new authority set up right is green', async () => {
      const org = await authority();
      const report = await byOperator(org.cvr);
      assert.deepEqual(redCodes(report), [], JSON.stringify(red(report)));
      const reply = report.checks.find((c) => c.area === 'replies')!;
      assert.equal(reply.subject, 'Teknik');
      assert.match(reply.en, /reaches the recipient system ESDH in the same thread/);
    });

    it('names a contact point whose recipient system was disabled', async () => {
      const org = await authority();
      await disableSystem(db(), kuvert.ctx.eventChains, 'cli', org.recipient.id);
      const report = await byOperator(org.cvr);
      assert.equal(report.ok, false);
      const check = red(report).find((c) => c.code === 'CONTACT_POINT_RECEIVER_DISABLED')!;
      assert.ok(check, JSON.stringify(red(report)));
      assert.equal(check.subject, 'Teknik');
      assert.match(check.en, /routes its mail to the recipient system ESDH, which is disabled/);
      assert.match(check.fixEn!, /Choose an active recipient system for Teknik under Contact points/);
      assert.equal(check.link, `/organisationer/${org.id}/administration/kontaktpunkter`);
      assert.equal(report.checks[0]!.status, 'red', 'red checks come first');
    });

    it('names an authority without a default sender system', async () => {
      const org = await authority();
      await disableSystem(db(), kuvert.ctx.eventChains, 'cli', org.sender.id);
      const report = await byOperator(org.cvr);
      assert.deepEqual(redCodes(report), ['NO_DEFAULT_SENDER', 'NO_DEFAULT_SENDER']);
      const check = red(report).find((c) => c.area === 'systems')!;
      assert.match(check.en, /no active sender system, so it has no default sender system/);
      assert.equal(check.link, `/organisationer/${org.id}/administration/systemer`);
    });

    it('names a deleted address that letters still point at', async () => {
      const org = await authority();
      // a letter from the contact point (replies go to it), then the contact point is deactivated
      const letter = composeMemo({
        author: { kind: 'organisation', cvr: org.cvr, name: 'Myndighed', contactPoint: { contactPointID: org.point.id } },
        recipient: { idType: 'CPR', id: DEMO.citizens[0].cpr, name: 'Jens' }, label: 'Afgørelse', text: 'Se afgørelsen.', attachments: [], replyAllowed: true,
      });
      const sent = await kuvert.app.inject({
        method: 'POST', url: '/apis/v1/memos', headers: { authorization: basic(org.sender), 'content-type': 'application/xml' }, payload: letter.raw,
      });
      assert.ok(sent.statusCode < 300, sent.body);
      const off = await api(kuvert.app, org.admin, 'POST', `/api/admin/organisations/${org.id}/contact-points/${org.point.id}/deactivate`, { confirm: true });
      assert.equal(off.status, 200, off.text);
      const report = await byOperator(org.cvr);
      const check = red(report).find((c) => c.code === 'DELETED_ADDRESS_IN_USE')!;
      assert.ok(check, JSON.stringify(red(report)));
      assert.equal(check.subject, `teknik${org.cvr}@kuvert.localhost`);
      assert.match(check.en, /The contact point Teknik is deactivated, but 1 conversation in the last 90 days refer to it/);
      assert.doesNotMatch(JSON.stringify(report), new RegExp(DEMO.citizens[0].cpr), 'no CPR number in the report');
    });

    it('names letters that would belong to no subscription group; a material without one cannot be made', async () => {
      const org = await authority();
      const group = await api(kuvert.app, org.admin, 'POST', `/api/admin/organisations/${org.id}/subscription-groups`, { name: 'Byggeri' });
      assert.equal(group.status, 201, group.text);
      const orphan = await api(kuvert.app, org.admin, 'POST', `/api/admin/organisations/${org.id}/materials`, { code: 'BYG', name: 'Byggetilladelser' });
      assert.equal(orphan.status, 400, 'a material needs a subscription group');
      const material = await api(kuvert.app, org.admin, 'POST', `/api/admin/organisations/${org.id}/materials`, { code: 'BYG', name: 'Byggetilladelser', subscriptionGroupId: group.body.id });
      assert.equal(material.status, 201, material.text);
      let report = await byOperator(org.cvr);
      assert.deepEqual(redCodes(report), ['SENDER_WITHOUT_DEFAULT_MATERIAL']);
      assert.equal(red(report)[0]!.subject, 'Fagsystem');

      // the material's subscription group is not the organisation's (as data moved between organisations would leave it)
      const foreign = await newOrganisation(kuvert.ctx, { kind: 'authority', activated: true });
      const foreignGroup = await db().insertInto('subscription_group').values({ organisation_id: foreign.id, name: 'Fremmed' }).returning('id').executeTakeFirstOrThrow();
      await db().updateTable('material').set({ subscription_group_id: foreignGroup.id }).where('id', '=', material.body.id).execute();
      const set = await api(kuvert.app, org.admin, 'PUT', `/api/admin/organisations/${org.id}/systems/${org.sender.id}/default-material`, { materialId: material.body.id });
      assert.ok(set.status < 300, set.text);
      report = await byOperator(org.cvr);
      assert.deepEqual(redCodes(report), ['MATERIAL_WITHOUT_SUBSCRIPTION_GROUP']);
      assert.equal(red(report)[0]!.subject, 'BYG');
    });

    it('`kuvert doctor <cvr>` asks a running server and exits 0 only when every check is green', async () => {
      await kuvert.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(kuvert.app.server.address() as AddressInfo).port}`;
      const key = await createOperatorKey(db(), kuvert.ctx.eventChains, 'cli', 'doctor-cli');
      const run = async (cvr: string, flags: Record<string, unknown> = {}) => {
        const out: string[] = [];
        const err: string[] = [];
        const write = process.stdout.write.bind(process.stdout);
        const writeErr = process.stderr.write.bind(process.stderr);
        process.stdout.write = ((chunk: string) => { out.push(String(chunk)); return true; }) as typeof process.stdout.write;
        process.stderr.write = ((chunk: string) => { err.push(String(chunk)); return true; }) as typeof process.stderr.write;
        try {
          return { code: await doctorCommand(cvr, { url, key: `${key.name}:${key.secret}`, ...flags }), out: out.join(''), err: err.join('') };
        } finally {
          process.stdout.write = write;
          process.stderr.write = writeErr;
        }
      };
      const green = await run(DEMO.authority.cvr, { lang: 'en' });
      assert.equal(green.code, 0, green.out + green.err);
      assert.match(green.out, /✓ \[replies\] A reply to a letter from Kommunen afsendersystem through Borgerservice reaches the recipient system Kommunen ESDH/);
      assert.match(green.out, /Everything works\./);

      const org = await authority();
      await disableSystem(db(), kuvert.ctx.eventChains, 'cli', org.recipient.id);
      const broken = await run(org.cvr);
      assert.equal(broken.code, 1);
      assert.match(broken.out, /✗ \[contact-points\] Kontaktpunktet Teknik sender sin post til modtagersystemet ESDH, som er deaktiveret/);
      assert.match(broken.out, new RegExp(`CONTACT_POINT_RECEIVER_DISABLED: .*\\n +${url}/organisationer/${org.id}/administration/kontaktpunkter`));
      const json = await run(org.cvr, { json: true });
      assert.equal((JSON.parse(json.out) as DoctorReport).checks.filter((c: DoctorCheck) => c.status === 'red').length > 0, true);

      const unknown = await run('99999999');
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /ORGANISATION_NOT_FOUND/);
      const wrongKey = await doctorCommand(DEMO.authority.cvr, { url, key: 'nobody:wrong' }).catch(() => -1);
      assert.equal(wrongKey, 2);
    });
  });
}
