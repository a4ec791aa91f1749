import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { releaseHandler } from '../../src/delivery/index.ts';
import { organisationIdByCvr, verifyEvents, type Job } from '../../src/store/index.ts';
import { call, send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, login, snapshot, type Person } from '../portal/helpers.ts';
import { eventsOf, memberOf, newOrganisation } from './organisation-helpers.ts';

type RuleInput = { name: string; enabled?: boolean; stopHere?: boolean; conditions: object[]; actions: object[] };

/**
 * A mailbox's rules end to end (docs/rules.md): the seed's examples sent through /apis/v1 land in the
 * folders and recipient systems the rules choose; drafts are tried on the last letters; rules are
 * re-applied and undone; invalid rules and other organisations' ids are refused and store nothing.
 */
for (const database of testDatabases()) {
  describe(`mailbox rules (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let karen: Person;
    let mette: Person;
    let company: string;
    let authority: string;
    let pension: string;
    const systems: Record<'esdh' | 'cms' | 'mail', string> = { esdh: DEMO.systems.companyRecipient.id, cms: '', mail: '' };
    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const rules = (id = company) => `/api/admin/organisations/${id}/rules`;
    const [hq, warehouse] = DEMO.company.pUnits.map((p) => p.pNumber) as [string, string];

    before(async () => {
      kuvert = await startTestKuvert(database);
      [karen, mette] = [await login(app(), db(), 'demo-employee-karen'), await login(app(), db(), 'demo-employee-mette')];
      company = (await organisationIdByCvr(db(), DEMO.company.cvr))!;
      authority = (await organisationIdByCvr(db(), DEMO.authority.cvr))!;
      // Kommunen sends with materials: "BBR-meddelelse" and "Pension" are its subscription groups
      for (const [group, code] of [['BBR-meddelelse', 'BBR'], ['Pension', 'PENSION'], ['Ejendomsskat', 'SKAT']]) {
        const made = await api(app(), karen, 'POST', `/api/admin/organisations/${authority}/subscription-groups`, { name: group });
        assert.equal(made.status, 201, made.text);
        const material = await api(app(), karen, 'POST', `/api/admin/organisations/${authority}/materials`, { code, name: group, subscriptionGroupId: made.body.id });
        assert.equal(material.status, 201, material.text);
      }
      const folder = await api(app(), mette, 'POST', `/api/mailboxes/${mette.mailboxId}/folders`, { name: 'Pension' });
      assert.equal(folder.status, 201, folder.text);
      pension = folder.body.id;
      for (const name of ['cms', 'mail'] as const) {
        const made = await api(app(), mette, 'POST', `/api/admin/organisations/${company}/systems`, { kind: 'recipient', name: name.toUpperCase() });
        assert.equal(made.status, 201, made.text);
        systems[name] = made.body.id;
      }
    });
    after(async () => { await kuvert.drop(); });

    const create = async (rule: RuleInput) => {
      const made = await api(app(), mette, 'POST', rules(), { enabled: true, stopHere: false, ...rule });
      assert.equal(made.status, 201, made.text);
      return made.body as { id: string; sentence: { da: string; en: string } };
    };
    /** Sends a letter from Kommunen to Demo ApS; where it landed: its folder and the systems it waits for. */
    const deliver = async (options: Parameters<typeof letter>[0]) => {
      const sent = letter(options);
      const answer = await send(app(), sent.xml);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const message = await db().selectFrom('message').select('id').where('message_uuid', '=', sent.uuid).executeTakeFirstOrThrow();
      const state = await db().selectFrom('message_state').select(['folder_id', 'flagged']).where('message_id', '=', message.id).where('mailbox_id', '=', mette.mailboxId).executeTakeFirstOrThrow();
      const queued = await db().selectFrom('system_queue').select('system_id').where('message_id', '=', message.id).execute();
      const name = Object.fromEntries(Object.entries(systems).map(([k, v]) => [v, k]));
      return { id: message.id, uuid: sent.uuid, folderId: state.folder_id, flagged: state.flagged, systems: queued.map((q) => name[q.system_id] ?? q.system_id).sort() };
    };

    it('without rules every letter lands in Indbakke and goes to every recipient system, as before', async () => {
      const landed = await deliver({ pNumber: hq, messageCode: 'BBR' });
      assert.deepEqual([landed.folderId, landed.systems], [mette.folders.INBOX, ['cms', 'esdh', 'mail']]);
    });

    it('the seed\'s examples: P-number → ESDH, attention person → CMS, e-mail → mail system, BBR → folder BBR, pension → folder Pension, group and P-number together', async () => {
      await create({ name: 'Hovedkontoret til ESDH', conditions: [{ field: 'pNumber', op: 'equals', value: hq }], actions: [{ kind: 'deliver', systemIds: [systems.esdh] }] });
      await create({ name: 'Personer til CMS', conditions: [{ field: 'attentionPerson', op: 'exists' }], actions: [{ kind: 'deliver', systemIds: [systems.cms] }] });
      await create({ name: 'E-mail til mailsystemet', conditions: [{ field: 'attentionEmail', op: 'contains', value: '@demoaps.example' }], actions: [{ kind: 'deliver', systemIds: [systems.mail] }] });
      const bbr = await create({ name: 'BBR', conditions: [{ field: 'subscriptionGroup', op: 'equals', value: 'bbr-meddelelse' }], actions: [{ kind: 'file', folderId: mette.folders.BBR }] });
      assert.match(bbr.sentence.da, /BBR/);
      await create({ name: 'Pension', conditions: [{ field: 'subscriptionGroup', op: 'contains', value: 'pension' }], actions: [{ kind: 'file', folderId: pension }] });
      await create({
        name: 'Ejendomsskat for lageret', stopHere: true,
        conditions: [{ field: 'subscriptionGroup', op: 'equals', value: 'Ejendomsskat' }, { field: 'pNumber', op: 'equals', value: warehouse }],
        actions: [{ kind: 'file', folderId: mette.folders.Løn }, { kind: 'mark' }],
      });

      const p = await deliver({ pNumber: hq });
      assert.deepEqual([p.folderId, p.systems], [mette.folders.INBOX, ['esdh']], 'the P-number gives the ESDH system only');
      const person = await deliver({ attentionPerson: 'Mette Nielsen' });
      assert.deepEqual([person.folderId, person.systems], [mette.folders.INBOX, ['cms']]);
      const mail = await deliver({ attentionEmail: 'bogholderi@demoaps.example' });
      assert.deepEqual(mail.systems, ['mail']);
      const nothing = await deliver({});
      assert.deepEqual([nothing.folderId, nothing.systems], [mette.folders.INBOX, []], 'systems that rules deliver to get only what rules give them');
      const bbrLetter = await deliver({ messageCode: 'BBR', pNumber: hq });
      assert.deepEqual([bbrLetter.folderId, bbrLetter.systems], [mette.folders.BBR, ['esdh']]);
      const pensionLetter = await deliver({ messageCode: 'PENSION', attentionPerson: 'Ole Pedersen' });
      assert.deepEqual([pensionLetter.folderId, pensionLetter.systems], [pension, ['cms']]);
      const both = await deliver({ messageCode: 'SKAT', pNumber: warehouse });
      assert.deepEqual([both.folderId, both.flagged], [mette.folders.Løn, true], 'a subscription group with a P-number');
      const groupOnly = await deliver({ messageCode: 'SKAT', pNumber: hq });
      assert.deepEqual([groupOnly.folderId, groupOnly.flagged], [mette.folders.INBOX, false]);

      // the ESDH system reads the letter's material, subscription group and folder beside the document
      const metadata = await call(app(), 'GET', `/memos/${bbrLetter.uuid}/metadata`, 'companyRecipient');
      assert.equal(metadata.statusCode, 200, metadata.body);
      assert.deepEqual({ ...(metadata.json() as object), receivedAt: undefined }, {
        messageUUID: bbrLetter.uuid, receivedAt: undefined, material: { code: 'BBR', name: 'BBR-meddelelse' }, subscriptionGroup: 'BBR-meddelelse', folder: 'BBR',
      });
      assert.equal((await call(app(), 'GET', `/memos/${nothing.uuid}/metadata`, 'companyRecipient')).statusCode, 404, 'not in its queue');

      const available = await eventsOf(db(), 'MEMO_AVAILABLE_TO_RECIPIENT');
      const forBbr = available.find((e) => e.messageId === bbrLetter.id);
      assert.deepEqual([forBbr?.actor, forBbr?.data.folderId, forBbr?.data.systems], ['kuvert', mette.folders.BBR, [systems.esdh]]);
      assert.equal((forBbr?.data.rules as string[]).length, 2, 'the P-number rule and the BBR rule');
      assert.deepEqual(available.find((e) => e.messageId === nothing.id)?.data, {}, 'nothing about rules when none matched');
    });

    it('a delayed letter meets the rules when it is released', async () => {
      const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
      const sent = letter({ messageCode: 'BBR', doNotDeliverUntilDate: tomorrow });
      assert.equal((await send(app(), sent.xml)).status, 201);
      const message = await db().selectFrom('message').select('id').where('message_uuid', '=', sent.uuid).executeTakeFirstOrThrow();
      assert.equal(await db().selectFrom('message_state').select('folder_id').where('message_id', '=', message.id).where('mailbox_id', '=', mette.mailboxId).executeTakeFirst(), undefined);
      await releaseHandler(kuvert.ctx.eventChains)({ payload: { messageId: message.id } } as unknown as Job, db());
      const state = await db().selectFrom('message_state').select('folder_id').where('message_id', '=', message.id).where('mailbox_id', '=', mette.mailboxId).executeTakeFirstOrThrow();
      assert.equal(state.folder_id, mette.folders.BBR);
    });

    it('lists the rules in order with sentences in Danish and English, and what they may name', async () => {
      const listed = await api(app(), mette, 'GET', rules());
      assert.equal(listed.status, 200, listed.text);
      assert.equal(listed.body.editable, true);
      assert.deepEqual(listed.body.rules.map((r: { name: string }) => r.name).slice(0, 3), ['Hovedkontoret til ESDH', 'Personer til CMS', 'E-mail til mailsystemet']);
      const bbr = listed.body.rules.find((r: { name: string }) => r.name === 'BBR');
      assert.match(bbr.sentence.da, /^Når tilmeldingsgruppen .*BBR/i);
      assert.match(bbr.sentence.en, /BBR/);
      assert.deepEqual(listed.body.choices.folders.map((f: { name: string }) => f.name), ['BBR', 'Løn', 'Pension']);
      assert.deepEqual(listed.body.choices.systems.map((s: { name: string }) => s.name).sort(), ['CMS', 'Demo ApS ESDH', 'MAIL']);
      assert.ok(listed.body.choices.subscriptionGroups.includes('BBR-meddelelse'));
      assert.equal(bbr.updatedBy.name, 'Mette Nielsen');
    });

    it('refuses invalid rules with the engine\'s code and all problems, and stores nothing', async () => {
      const other = await api(app(), karen, 'GET', `/api/admin/organisations/${authority}/systems`);
      const otherSystem = other.body.find((s: { kind: string }) => s.kind === 'recipient').id;
      const before = await snapshot(db());
      const events = (await eventsOf(db(), 'RULE_CREATED')).length;
      for (const [rule, code] of [
        [{ name: 'Ukendt mappe', conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'file', folderId: randomUUID() }] }, 'RULE_FOLDER_UNKNOWN'],
        [{ name: 'Andens mappe', conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'file', folderId: karen.folders.INBOX }] }, 'RULE_FOLDER_UNKNOWN'],
        [{ name: 'Andens system', conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'deliver', systemIds: [otherSystem] }] }, 'RULE_SYSTEM_UNKNOWN'],
        [{ name: 'Tom', conditions: [], actions: [{ kind: 'mark' }] }, 'RULE_CONDITIONS_EMPTY'],
        [{ name: 'Modsigende', conditions: [{ field: 'pNumber', op: 'equals', value: hq }, { field: 'pNumber', op: 'equals', value: warehouse }], actions: [{ kind: 'mark' }] }, 'RULE_CONDITIONS_CONTRADICTORY'],
        [{ name: 'To mapper', conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'file', folderId: pension }, { kind: 'file', folderId: mette.folders.BBR }] }, 'RULE_ACTIONS_CONTRADICTORY'],
        [{ name: 'Ikke bekræftet', conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'notify', to: [{ address: 'ukendt@demoaps.example' }] }] }, 'RULE_ADDRESS_UNCONFIRMED'],
        [{ name: 'Videresend', conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'forward' }] }, 'RULE_FORWARDING_NOT_SET_UP'],
      ] as const) {
        const refused = await api(app(), mette, 'POST', rules(), { enabled: true, stopHere: false, ...rule });
        assert.deepEqual([refused.status, refused.body.errorCode], [400, code], `${rule.name}: ${refused.text}`);
        assert.ok(Array.isArray(refused.body.details) && refused.body.details.length >= 1);
      }
      const cpr = await api(app(), mette, 'POST', rules(), { name: 'CPR', enabled: true, stopHere: false, conditions: [{ field: 'cpr', op: 'equals', value: '22117712' }], actions: [{ kind: 'mark' }] });
      assert.equal(cpr.status, 400);
      assert.equal(JSON.stringify(cpr.body).includes('22117712'), false, 'a refusal does not repeat what was given as a CPR number');
      assert.equal(await snapshot(db()), before);
      assert.equal((await eventsOf(db(), 'RULE_CREATED')).length, events);
    });

    it('tries a draft on the last letters: which it matches and what the rules would do, changing nothing', async () => {
      const before = await snapshot(db());
      const tried = await api(app(), mette, 'POST', `${rules()}/preview`, {
        rule: { name: 'Lageret', enabled: true, stopHere: false, conditions: [{ field: 'pNumber', op: 'equals', value: warehouse }], actions: [{ kind: 'file', folderId: pension }] },
      });
      assert.equal(tried.status, 200, tried.text);
      assert.ok(tried.body.tried >= 10);
      assert.equal(tried.body.matched, 1, 'the one letter to the warehouse');
      const [only] = tried.body.letters;
      assert.deepEqual([only.folderId, only.wouldFolderId, only.stoppedBefore, only.mark], [mette.folders.Løn, mette.folders.Løn, true, true],
        'the earlier rule with "stop here" takes it first');
      assert.equal(await snapshot(db()), before);
    });

    it('re-applies the rules to Indbakke as a run with a count, and undoes its moves', async () => {
      // three letters arrive before their rule exists
      const early = [await deliver({ messageCode: 'SKAT' }), await deliver({ messageCode: 'SKAT' }), await deliver({ messageCode: 'SKAT' })];
      assert.ok(early.every((l) => l.folderId === mette.folders.INBOX));
      await create({ name: 'Ejendomsskat', conditions: [{ field: 'subscriptionGroup', op: 'equals', value: 'Ejendomsskat' }], actions: [{ kind: 'file', folderId: pension }] });
      const count = await api(app(), mette, 'POST', `${rules()}/apply`, {});
      assert.equal(count.status, 200, count.text);
      assert.deepEqual([count.body.moved >= 3, count.body.runId], [true, null]);
      const run = await api(app(), mette, 'POST', `${rules()}/apply`, { confirm: true });
      assert.equal(run.body.moved, count.body.moved);
      const folderOf = async (id: string) => (await db().selectFrom('message_state').select('folder_id').where('message_id', '=', id).where('mailbox_id', '=', mette.mailboxId).executeTakeFirstOrThrow()).folder_id;
      for (const l of early) assert.equal(await folderOf(l.id), pension);
      // a reader moves one back meanwhile: undo leaves it where they put it
      assert.equal((await api(app(), mette, 'PATCH', `/api/mailboxes/${mette.mailboxId}/messages/${early[0]!.id}`, { folderId: mette.folders.BBR })).status, 200);
      const undone = await api(app(), mette, 'POST', `/api/admin/organisations/${company}/rule-runs/${run.body.runId}/undo`);
      assert.equal(undone.status, 200, undone.text);
      assert.equal(undone.body.movedBack, run.body.moved - 1);
      assert.deepEqual([await folderOf(early[0]!.id), await folderOf(early[1]!.id)], [mette.folders.BBR, mette.folders.INBOX]);
      const again = await api(app(), mette, 'POST', `/api/admin/organisations/${company}/rule-runs/${run.body.runId}/undo`);
      assert.deepEqual([again.status, again.body.errorCode], [409, 'RULE_RUN_UNDONE']);
      const moved = (await eventsOf(db(), 'MESSAGE_MOVED')).filter((e) => e.data.runId === run.body.runId);
      assert.equal(moved.length, run.body.moved * 2 - 1);
      assert.equal((await eventsOf(db(), 'RULES_REAPPLIED')).length, 1);
    });

    it('changes, reorders and deletes rules with an event each; a folder a rule files into cannot be deleted', async () => {
      const listed = (await api(app(), mette, 'GET', rules())).body.rules as Array<{ id: string; name: string; origin: string }>;
      const pensionRule = listed.find((r) => r.name === 'Pension')!;
      const refused = await api(app(), mette, 'DELETE', `/api/mailboxes/${mette.mailboxId}/folders/${pension}`);
      assert.deepEqual([refused.status, refused.body.errorCode], [409, 'FOLDER_USED_BY_RULES']);
      const changed = await api(app(), mette, 'PUT', `${rules()}/${pensionRule.id}`, {
        name: 'Pension (slået fra)', enabled: false, stopHere: false, conditions: [{ field: 'subscriptionGroup', op: 'contains', value: 'pension' }], actions: [{ kind: 'file', folderId: pension }],
      });
      assert.equal(changed.status, 200, changed.text);
      const [event] = (await eventsOf(db(), 'RULE_CHANGED')).slice(-1);
      assert.deepEqual(event?.data.changed, ['name', 'enabled']);
      const pensionLetter = await deliver({ messageCode: 'PENSION' });
      assert.equal(pensionLetter.folderId, mette.folders.INBOX, 'a disabled rule does not run');

      const ids = listed.map((r) => r.id).reverse();
      const ordered = await api(app(), mette, 'PUT', `/api/admin/organisations/${company}/rule-order`, { ruleIds: ids });
      assert.equal(ordered.status, 200, ordered.text);
      assert.deepEqual(ordered.body.rules.map((r: { id: string }) => r.id), ids);
      const partial = await api(app(), mette, 'PUT', `/api/admin/organisations/${company}/rule-order`, { ruleIds: ids.slice(1) });
      assert.deepEqual([partial.status, partial.body.errorCode], [400, 'RULE_ORDER_INVALID']);

      for (const r of listed.filter((r) => r.name.includes('Ejendomsskat') || r.id === pensionRule.id)) {
        assert.equal((await api(app(), mette, 'DELETE', `${rules()}/${r.id}`)).status, 204);
      }
      assert.equal((await api(app(), mette, 'DELETE', `${rules()}/${pensionRule.id}`)).body.errorCode, 'RULE_NOT_FOUND');
      assert.equal((await eventsOf(db(), 'RULE_DELETED')).length, 3);
      assert.equal((await verifyEvents(db())).ok, true);
    });

    it('answers 404 for another organisation, 403 below administrator and for writing rules in a standard mailbox, and needs CSRF', async () => {
      const plain = await newOrganisation(kuvert.ctx, { kind: 'company', activated: true, level: 'standard' });
      const plainAdmin = await memberOf(kuvert.ctx, plain.id, 'super-admin');
      const rule = { name: 'X', enabled: true, stopHere: false, conditions: [{ field: 'pNumber', op: 'exists' }], actions: [{ kind: 'mark' }] };
      assert.deepEqual((await api(app(), mette, 'GET', rules(authority))).body.errorCode, 'ORGANISATION_NOT_FOUND');
      assert.deepEqual((await api(app(), karen, 'POST', rules(company), rule)).status, 404);
      const before = await snapshot(db());
      const listed = (await api(app(), mette, 'GET', rules())).body.rules as Array<{ id: string }>;
      assert.equal((await api(app(), karen, 'PUT', `${rules(authority)}/${listed[0]!.id}`, rule)).body.errorCode, 'RULE_NOT_FOUND');
      const ole = await login(app(), db(), 'demo-employee-ole');
      assert.equal((await api(app(), ole, 'GET', rules())).body.errorCode, 'FORBIDDEN_ROLE');
      // in a standard mailbox administrators see the rules but do not write them
      const standardBefore = await snapshot(db());
      const standard = await api(app(), plainAdmin, 'GET', rules(plain.id));
      assert.deepEqual([standard.status, standard.body.editable], [200, false]);
      assert.deepEqual((await api(app(), plainAdmin, 'POST', rules(plain.id), rule)).body.errorCode, 'EXTENDED_REQUIRED');
      assert.equal(await snapshot(db()), standardBefore);
      const noCsrf = await app().inject({ method: 'POST', url: rules(), headers: { cookie: mette.headers.cookie! }, payload: rule });
      assert.deepEqual([noCsrf.statusCode, noCsrf.json().errorCode], [403, 'CSRF_TOKEN_INVALID']);
      assert.equal(await snapshot(db()), before);
    });

    it('switching the mailbox to standard stops its sorting rules, with an event each', async () => {
      const admin = await memberOf(kuvert.ctx, company, 'super-admin');
      const enabled = ((await api(app(), admin, 'GET', rules())).body.rules as Array<{ enabled: boolean }>).filter((r) => r.enabled).length;
      // Ole is limited to Løn, which blocks the switch: give him all folders first
      const ole = await db().selectFrom('app_user').select('id').where('name', '=', 'Ole Pedersen').executeTakeFirstOrThrow();
      assert.equal((await api(app(), admin, 'PUT', `/api/admin/organisations/${company}/people/${ole.id}`, { role: 'reader', folderIds: null })).status, 200);
      const switched = await api(app(), admin, 'PUT', `/api/admin/organisations/${company}/level`, { level: 'standard' });
      assert.equal(switched.status, 200, switched.text);
      const after = (await api(app(), admin, 'GET', rules())).body;
      assert.equal(after.editable, false);
      assert.ok(after.rules.length > 0 && after.rules.every((r: { enabled: boolean }) => !r.enabled));
      assert.equal((await eventsOf(db(), 'RULE_DISABLED')).length, enabled);
      const landed = await deliver({ messageCode: 'BBR', pNumber: hq });
      assert.deepEqual([landed.folderId, landed.systems], [(await db().selectFrom('folder').select('id').where('mailbox_id', '=', mette.mailboxId).where('kind', '=', 'INBOX').executeTakeFirstOrThrow()).id, ['cms', 'esdh', 'mail']]);
    });
  });
}
