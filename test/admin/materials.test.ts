import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { serializeMemo } from '../../src/memo/index.ts';
import { insertMaterial, insertSubscriptionGroup, organisationIdByCvr, verifyEvents } from '../../src/store/index.ts';
import { send } from '../helpers/api.ts';
import { testDatabases } from '../helpers/databases.ts';
import { fullExample } from '../helpers/full-example.ts';
import { sessionFor } from '../helpers/session.ts';
import { api, messageForm, snapshot, type Person } from '../portal/helpers.ts';
import { authorityAdministration, countRows, eventsOf, memberOf } from './organisation-helpers.ts';

type Material = { id: string; code: string; name: string; subscriptionGroup: { id: string; name: string }; active: boolean; defaultOfSystems: string[] };

/** An authority's materials and subscription groups (src/admin/materials.ts), and how delivery names a letter's material. */
for (const database of testDatabases()) {
  describe(`materials and subscription groups (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof authorityAdministration>>['kuvert'];
    let karen: Person;
    let jens: Person;
    let mette: Person;
    let authority: string;
    let other: { id: string; groupId: string; materialId: string };
    let bbr: { id: string; name: string };
    let skat: { id: string; name: string };
    let bbrLetter: Material;
    let skatLetter: Material;
    before(async () => {
      let otherAuthority: string;
      ({ kuvert, karen, jens, mette, authority, otherAuthority } = await authorityAdministration(database));
      const db = kuvert.store.db;
      const group = await insertSubscriptionGroup(db, otherAuthority, 'Fremmed gruppe');
      const materialId = await insertMaterial(db, otherAuthority, {
        code: 'FREMMED', name: 'Fremmed materiale', subscriptionGroupId: group.id, mandatory: false, replyAllowed: false, labelPrefix: null, active: true,
      });
      other = { id: otherAuthority, groupId: group.id, materialId };
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (id = authority) => `/api/admin/organisations/${id}`;
    const groups = (id = authority) => `${base(id)}/subscription-groups`;
    const materials = (id = authority) => `${base(id)}/materials`;
    const defaultMaterial = (systemId: string = DEMO.systems.authoritySender.id, id = authority) => `${base(id)}/systems/${systemId}/default-material`;

    /** The MeMo full example from Kommunen to Jens, with its messageCode (none when null). */
    const letter = (messageCode: string | null) => {
      const memo = fullExample();
      memo.header.messageUUID = randomUUID();
      memo.header.replyByDateTime = new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
      memo.header.sender.contactPoint!.contactPointID = DEMO.contactPoints[0].id;
      if (messageCode === null) delete memo.header.messageCode;
      else memo.header.messageCode = messageCode;
      return { uuid: memo.header.messageUUID.toLowerCase(), xml: serializeMemo(memo) };
    };
    const stored = (uuid: string) => db().selectFrom('message').select(['id', 'material_id', 'subscription_group_id']).where('message_uuid', '=', uuid).executeTakeFirst();

    it('an authority without materials sends as before: its messageCode is not checked and the letter has no material', async () => {
      const sent = letter('Pladsanvisning');
      const answer = await send(app(), sent.xml);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const row = await stored(sent.uuid);
      assert.deepEqual([row?.material_id, row?.subscription_group_id], [null, null]);
    });

    it('creates subscription groups, unique by name ignoring case, and renames them', async () => {
      const made = await api(app(), karen, 'POST', groups(), { name: ' BBR ' });
      assert.equal(made.status, 201, made.text);
      bbr = made.body;
      assert.equal(bbr.name, 'BBR');
      skat = (await api(app(), karen, 'POST', groups(), { name: 'Skat' })).body;
      const taken = await api(app(), karen, 'POST', groups(), { name: 'bbr' });
      assert.deepEqual([taken.status, taken.body.errorCode], [409, 'SUBSCRIPTION_GROUP_NAME_TAKEN']);
      const renamed = await api(app(), karen, 'PATCH', `${groups()}/${skat.id}`, { name: 'Ejendomsskat' });
      assert.deepEqual([renamed.status, renamed.body.name], [200, 'Ejendomsskat']);
      skat = renamed.body;
      const clash = await api(app(), karen, 'PATCH', `${groups()}/${skat.id}`, { name: 'Bbr' });
      assert.deepEqual([clash.status, clash.body.errorCode], [409, 'SUBSCRIPTION_GROUP_NAME_TAKEN']);
      const listed = await api(app(), karen, 'GET', groups());
      assert.deepEqual(listed.body.map((g: { name: string }) => g.name), ['BBR', 'Ejendomsskat']);
      const events = await eventsOf(db(), 'SUBSCRIPTION_GROUP_CREATED', 'SUBSCRIPTION_GROUP_CHANGED');
      assert.deepEqual(events.map((e) => [e.type, e.actor, e.data.subscriptionGroupId]), [
        ['SUBSCRIPTION_GROUP_CREATED', `user:${karen.userId}`, bbr.id],
        ['SUBSCRIPTION_GROUP_CREATED', `user:${karen.userId}`, skat.id],
        ['SUBSCRIPTION_GROUP_CHANGED', `user:${karen.userId}`, skat.id],
      ]);
    });

    it('creates materials in a subscription group of its own, with unique codes', async () => {
      const made = await api(app(), karen, 'POST', materials(), {
        code: 'BBR-MEDDELELSE', name: 'BBR-meddelelse', subscriptionGroupId: bbr.id, mandatory: true, labelPrefix: 'BBR:',
      });
      assert.equal(made.status, 201, made.text);
      bbrLetter = made.body;
      assert.deepEqual({ ...made.body, id: undefined, createdAt: undefined }, {
        id: undefined, createdAt: undefined, code: 'BBR-MEDDELELSE', name: 'BBR-meddelelse', subscriptionGroup: { id: bbr.id, name: 'BBR' },
        mandatory: true, replyAllowed: false, labelPrefix: 'BBR:', active: true, defaultOfSystems: [],
      });
      skatLetter = (await api(app(), karen, 'POST', materials(), { code: 'SKAT', name: 'Ejendomsskattebillet', subscriptionGroupId: skat.id, replyAllowed: true })).body;
      assert.equal(skatLetter.subscriptionGroup.name, 'Ejendomsskat');

      const before = await snapshot(db());
      const rows = await countRows(db(), 'event');
      const cases: Array<[string, 'POST' | 'PATCH', object, number, string]> = [
        [materials(), 'POST', { code: 'BBR-MEDDELELSE', name: 'Igen', subscriptionGroupId: bbr.id }, 409, 'MATERIAL_CODE_TAKEN'],
        [`${materials()}/${skatLetter.id}`, 'PATCH', { code: 'BBR-MEDDELELSE' }, 409, 'MATERIAL_CODE_TAKEN'],
        [materials(), 'POST', { code: 'X', name: 'X', subscriptionGroupId: other.groupId }, 422, 'SUBSCRIPTION_GROUP_UNKNOWN'],
        [materials(), 'POST', { code: 'X', name: 'X', subscriptionGroupId: randomUUID() }, 422, 'SUBSCRIPTION_GROUP_UNKNOWN'],
        [`${materials()}/${skatLetter.id}`, 'PATCH', { subscriptionGroupId: other.groupId }, 422, 'SUBSCRIPTION_GROUP_UNKNOWN'],
        [materials(), 'POST', { code: '   ', name: 'X', subscriptionGroupId: bbr.id }, 400, 'MATERIAL_CODE_INVALID'],
        [materials(), 'POST', { code: 'X', name: 'X' }, 400, 'REQUEST_INVALID'],
        [groups(), 'POST', { name: '\t' }, 400, 'SUBSCRIPTION_GROUP_NAME_INVALID'],
      ];
      for (const [url, method, body, status, code] of cases) {
        const refused = await api(app(), karen, method, url, body);
        assert.deepEqual([refused.status, refused.body.errorCode], [status, code], `${method} ${url} ${JSON.stringify(body)}`);
      }
      assert.equal(await snapshot(db()), before);
      assert.equal(await countRows(db(), 'event'), rows);
      const created = await eventsOf(db(), 'MATERIAL_CREATED');
      assert.deepEqual(created.map((e) => [e.actor, e.data.materialId, e.data.code]), [
        [`user:${karen.userId}`, bbrLetter.id, 'BBR-MEDDELELSE'], [`user:${karen.userId}`, skatLetter.id, 'SKAT'],
      ]);
    });

    it('changes the settings given and names them in MATERIAL_CHANGED', async () => {
      const changed = await api(app(), karen, 'PATCH', `${materials()}/${skatLetter.id}`, { name: 'Ejendomsskattebillet 2026', replyAllowed: true, labelPrefix: '' });
      assert.equal(changed.status, 200, changed.text);
      assert.deepEqual([changed.body.name, changed.body.replyAllowed, changed.body.labelPrefix], ['Ejendomsskattebillet 2026', true, null]);
      assert.deepEqual((await eventsOf(db(), 'MATERIAL_CHANGED')).map((e) => e.data.changed), [['name']], 'replyAllowed and labelPrefix were already so');
      const listed = await api(app(), karen, 'GET', materials());
      assert.deepEqual(listed.body.map((m: Material) => m.code), ['BBR-MEDDELELSE', 'SKAT']);
    });

    it('a letter naming a material by messageCode is stored with it and its subscription group, and the recipient sees them', async () => {
      const sent = letter('BBR-MEDDELELSE');
      const answer = await send(app(), sent.xml);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const row = (await stored(sent.uuid))!;
      assert.deepEqual([row.material_id, row.subscription_group_id], [bbrLetter.id, bbr.id]);
      const opened = await api(app(), jens, 'GET', `/api/mailboxes/${jens.mailboxId}/messages/${row.id}`);
      assert.equal(opened.status, 200, opened.text);
      assert.deepEqual(opened.body.material, { code: 'BBR-MEDDELELSE', name: 'BBR-meddelelse' });
      assert.deepEqual(opened.body.subscriptionGroup, { name: 'BBR' });

      // Jens's reply from the portal names no material: it has none
      const reply = await api(app(), jens, 'POST', `/api/mailboxes/${jens.mailboxId}/messages/${row.id}/reply`, messageForm({ text: 'Tak.' }));
      assert.equal(reply.status, 201, reply.text);
      const replied = await db().selectFrom('message').select(['material_id', 'subscription_group_id']).where('id', '=', reply.body.messageId).executeTakeFirstOrThrow();
      assert.deepEqual(replied, { material_id: null, subscription_group_id: null });
    });

    it('refuses an unknown, another organisation\'s or an inactive material with 422 MATERIAL_UNKNOWN, storing nothing but the refusal\'s event', async () => {
      const inactive = await api(app(), karen, 'POST', materials(), { code: 'GAMMEL', name: 'Gammelt materiale', subscriptionGroupId: bbr.id });
      const off = await api(app(), karen, 'PATCH', `${materials()}/${inactive.body.id}`, { active: false });
      assert.deepEqual([off.status, off.body.active], [200, false]);
      for (const code of ['UKENDT', 'FREMMED', 'GAMMEL', 'bbr-meddelelse']) {
        const before = await countRows(db(), 'message');
        const sent = letter(code);
        const answer = await send(app(), sent.xml);
        assert.deepEqual([answer.status, answer.body.errorCode], [422, 'MATERIAL_UNKNOWN'], code);
        assert.equal(await stored(sent.uuid), undefined);
        assert.equal(await countRows(db(), 'message'), before);
      }
      const refusals = (await eventsOf(db(), 'MEMO_SEND_NOT_ALLOWED')).filter((e) => e.data.errorCode === 'MATERIAL_UNKNOWN');
      assert.equal(refusals.length, 4);
    });

    it('the sending system\'s default material applies to letters that name none; messageCode wins; null clears it', async () => {
      const set = await api(app(), karen, 'PUT', defaultMaterial(), { materialId: skatLetter.id });
      assert.deepEqual([set.status, set.body], [200, { systemId: DEMO.systems.authoritySender.id, materialId: skatLetter.id }]);
      const listed = (await api(app(), karen, 'GET', materials())).body as Material[];
      assert.deepEqual(listed.find((m) => m.id === skatLetter.id)?.defaultOfSystems, [DEMO.systems.authoritySender.id]);

      const plain = letter(null);
      assert.equal((await send(app(), plain.xml)).status, 201);
      assert.deepEqual(await stored(plain.uuid).then((r) => [r?.material_id, r?.subscription_group_id]), [skatLetter.id, skat.id]);
      const named = letter('BBR-MEDDELELSE');
      assert.equal((await send(app(), named.xml)).status, 201);
      assert.equal((await stored(named.uuid))?.material_id, bbrLetter.id);

      const cleared = await api(app(), karen, 'PUT', defaultMaterial(), { materialId: null });
      assert.deepEqual([cleared.status, cleared.body.materialId], [200, null]);
      const none = letter(null);
      assert.equal((await send(app(), none.xml)).status, 201);
      assert.equal((await stored(none.uuid))?.material_id, null);
      const events = await eventsOf(db(), 'SYSTEM_DEFAULT_MATERIAL_SET');
      assert.deepEqual(events.map((e) => [e.actor, e.data.systemId, e.data.materialId]), [
        [`user:${karen.userId}`, DEMO.systems.authoritySender.id, skatLetter.id], [`user:${karen.userId}`, DEMO.systems.authoritySender.id, null],
      ]);

      const before = await snapshot(db());
      for (const [url, body, status, code] of [
        [defaultMaterial(), { materialId: other.materialId }, 422, 'MATERIAL_UNKNOWN'],
        [defaultMaterial(), { materialId: (await api(app(), karen, 'GET', materials())).body.find((m: Material) => !m.active).id }, 422, 'MATERIAL_UNKNOWN'],
        [defaultMaterial(DEMO.systems.authorityRecipient.id), { materialId: bbrLetter.id }, 422, 'SENDER_SYSTEM_REQUIRED'],
        [defaultMaterial(DEMO.systems.companyRecipient.id), { materialId: bbrLetter.id }, 404, 'SYSTEM_NOT_FOUND'],
      ] as const) {
        const refused = await api(app(), karen, 'PUT', url, body);
        assert.deepEqual([refused.status, refused.body.errorCode], [status, code], `${url} ${JSON.stringify(body)}`);
      }
      assert.equal(await snapshot(db()), before);
    });

    it('answers 404 for another organisation\'s ids, 403 for companies and roles below administrator, and needs CSRF', async () => {
      const admin = await memberOf(kuvert.ctx, authority, 'admin');
      const writer = await memberOf(kuvert.ctx, authority, 'writer');
      const before = await snapshot(db());
      for (const [method, url, body, code] of [
        ['PATCH', `${groups()}/${other.groupId}`, { name: 'Overtaget' }, 'SUBSCRIPTION_GROUP_NOT_FOUND'],
        ['PATCH', `${materials()}/${other.materialId}`, { name: 'Overtaget' }, 'MATERIAL_NOT_FOUND'],
        ['PATCH', `${materials()}/${other.materialId}`, { active: false }, 'MATERIAL_NOT_FOUND'],
        ['GET', materials(other.id), undefined, 'ORGANISATION_NOT_FOUND'],
        ['GET', groups(other.id), undefined, 'ORGANISATION_NOT_FOUND'],
        ['POST', materials(other.id), { code: 'X', name: 'X', subscriptionGroupId: other.groupId }, 'ORGANISATION_NOT_FOUND'],
      ] as const) {
        const refused = await api(app(), karen, method, url, body);
        assert.deepEqual([refused.status, refused.body.errorCode], [404, code], `${method} ${url}`);
      }
      const company = (await organisationIdByCvr(db(), DEMO.company.cvr))!;
      assert.deepEqual((await api(app(), mette, 'GET', materials(company))).body.errorCode, 'AUTHORITY_REQUIRED');
      assert.deepEqual((await api(app(), mette, 'POST', groups(company), { name: 'BBR' })).status, 403);
      const ole = await sessionFor(db(), 'demo-employee-ole');
      assert.deepEqual((await api(app(), ole, 'GET', materials(company))).body.errorCode, 'FORBIDDEN_ROLE');

      assert.equal((await api(app(), admin, 'GET', materials())).status, 200, 'an administrator manages materials');
      const adminDefault = await api(app(), admin, 'PUT', defaultMaterial(), { materialId: bbrLetter.id });
      assert.deepEqual([adminDefault.status, adminDefault.body.errorCode], [403, 'FORBIDDEN_ROLE'], 'a system\'s default is for super-administrators');
      const writerPost = await api(app(), writer, 'POST', groups(), { name: 'Skriverens' });
      assert.deepEqual([writerPost.status, writerPost.body.errorCode], [403, 'FORBIDDEN_ROLE']);

      const noCsrf = await app().inject({ method: 'POST', url: groups(), headers: { cookie: karen.headers.cookie! }, payload: { name: 'Uden CSRF' } });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().errorCode], [403, 'CSRF_TOKEN_INVALID']);
      assert.equal(await snapshot(db()), before);
      assert.equal((await verifyEvents(db())).ok, true);
    });
  });
}
