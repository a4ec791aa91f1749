import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createSystem, importRegistry, ISSUE_EXPLANATIONS, REFUSAL_EXPLANATIONS, UNREACHABLE_EXPLANATIONS } from '../../src/admin/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { SEND_REFUSAL_CODES } from '../../src/delivery/index.ts';
import { danishDate } from '../../src/domain/index.ts';
import { MEMO_ISSUE_CODES } from '../../src/memo/index.ts';
import { compactAllSendCounts, countAcceptedSends, organisationIdByCvr, pruneSendMonitoring, recordSendRefusal, sendCounts } from '../../src/store/index.ts';
import { basic, call, send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, login, type Person } from '../portal/helpers.ts';
import { memberOf, newOrganisation } from './organisation-helpers.ts';

const SENDER = DEMO.systems.authoritySender.id;
const ESDH = DEMO.systems.companyRecipient.id;
const JENS = DEMO.citizens[0]!.cpr;
const PETER_EXEMPT = DEMO.citizens[2]!.cpr;
/** a new citizen and company, Kommunen writes to them, then the registry makes her exempt and it closed */
const LATER_EXEMPT = '0202021234';
const LATER_CLOSED = '31313131';
const UNKNOWN_CPR = '0101011111';

const registry = (state: 'before' | 'after') => JSON.stringify({
  organisations: [{ cvr: LATER_CLOSED, name: 'Lukket ApS', kind: 'company', status: state === 'before' ? 'active' : 'closed', pUnits: [] }],
  citizens: [state === 'before'
    ? { cpr: LATER_EXEMPT, name: 'Birgit Senere', registration: 'registered' }
    : { cpr: LATER_EXEMPT, name: 'Birgit Senere', registration: 'exempt', exemption: { reason: 'Fritaget efter ansøgning', from: danishDate(new Date()) } }],
});

/** What the error view of a system says in a form that is easy to compare. */
type View = { systems: Array<{ id: string; name: string; kind: string; sends: any; queue: any }> };

/** Every code a refused send is given in the source (`refuse(…, 'CODE'`, `no('kind', 'CODE'`, verdicts' `code: 'CODE'`). */
function codesInSource(): Set<string> {
  const files = [
    ...readdirSync(new URL('../../src/delivery/', import.meta.url)).filter((f) => f.endsWith('.ts')).map((f) => `src/delivery/${f}`),
    'src/domain/addressing.ts', 'src/domain/writing.ts', 'src/domain/replying.ts',
  ];
  const codes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    for (const pattern of [/refuse\(ctx, [a-z]+, '[a-z-]+', '([A-Z_]+)'/g, /no\('[a-z-]+', '([A-Z_]+)'/g, /code: '([A-Z_]+)'/g]) {
      for (const match of text.matchAll(pattern)) codes.add(match[1]!);
    }
  }
  return codes;
}

describe('plain words for every refusal', () => {
  it('every code a refused send can have is explained in Danish and English, with what to change', () => {
    const found = codesInSource();
    assert.ok(found.size >= 15, `the source scan finds the codes (${found.size})`);
    for (const code of found) assert.ok((SEND_REFUSAL_CODES as readonly string[]).includes(code), `${code} is a send refusal code`);
    for (const code of SEND_REFUSAL_CODES) {
      const explanation = REFUSAL_EXPLANATIONS[code];
      assert.ok(explanation, `${code} has an explanation`);
      for (const text of [explanation.reason.da, explanation.reason.en, explanation.change.da, explanation.change.en]) {
        assert.ok(text.length > 10 && !/\d{10}/.test(text), `${code}: "${text}"`);
      }
      assert.notEqual(explanation.reason.da, explanation.reason.en, `${code} is translated`);
    }
    for (const code of [...MEMO_ISSUE_CODES, 'NOT_UTF8']) assert.ok(ISSUE_EXPLANATIONS[code], `the MeMo problem ${code} is explained`);
    assert.ok(UNREACHABLE_EXPLANATIONS.exempt && UNREACHABLE_EXPLANATIONS.closed);
  });
});

/**
 * The sender's error view (docs/monitoring.md) through the real /apis/v1: sends counted by day, status
 * and code, refusals in plain words without a CPR number, letters to recipients who became exempt or
 * closed, a recipient system's waiting letters and FAILED receipts; each organisation and each system
 * sees only its own.
 */
for (const database of testDatabases()) {
  describe(`the sender's error view (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let karen: Person;
    let mette: Person;
    let ole: Person;
    let kommunen: string;
    let demoAps: string;
    let other: { id: string; cvr: string; system: { id: string; secret: string } };
    const uuids: Record<string, string> = {};
    const today = danishDate(new Date());

    before(async () => {
      kuvert = await startTestKuvert(database);
      const { app, store } = kuvert;
      [karen, mette, ole] = [
        await login(app, store.db, 'demo-employee-karen'), await login(app, store.db, 'demo-employee-mette'), await login(app, store.db, 'demo-employee-ole'),
      ];
      kommunen = (await organisationIdByCvr(store.db, DEMO.authority.cvr))!;
      demoAps = (await organisationIdByCvr(store.db, DEMO.company.cvr))!;
      await importRegistry(store.db, kuvert.ctx.eventChains, registry('before'), { actor: 'cli' });
      // another authority with a sender system of its own
      const organisation = await newOrganisation(kuvert.ctx, { kind: 'authority', activated: true });
      const created = await createSystem(store.db, kuvert.ctx.eventChains, 'cli', { cvr: organisation.cvr, kind: 'sender', name: 'Anden afsender' });
      other = { ...organisation, system: { id: created.id, secret: created.secret } };
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const view = async (who: Person, organisationId: string, query = '') => api(app(), who, 'GET', `/api/admin/organisations/${organisationId}/monitoring${query}`);
    const systemIn = (body: View, id: string) => body.systems.find((s) => s.id === id)!;
    const own = async (system: 'authoritySender' | 'companyRecipient' | { id: string; secret: string }, query = '') => {
      const response = await app().inject({ method: 'GET', url: `/apis/v1/monitoring${query}`, headers: { authorization: basic(system) } });
      return { status: response.statusCode, body: response.json(), text: response.body };
    };

    it('counts what a sender system sent by day, status and code, and lists the refusals in plain words without the CPR number', async () => {
      const accepted = [
        letter({ recipientId: JENS, recipientType: 'CPR' }),
        letter({ recipientId: LATER_EXEMPT, recipientType: 'CPR' }),
        letter({ recipientId: LATER_CLOSED, recipientType: 'CVR' }),
        letter({ recipientId: DEMO.company.cvr, recipientType: 'CVR' }),
      ];
      for (const l of accepted) assert.equal((await send(app(), l.xml)).status, 201);
      for (const [key, l] of ['jens', 'laterExempt', 'laterClosed', 'demoAps'].map((k, i) => [k, accepted[i]!] as const)) uuids[key] = l.uuid;

      const invalid = letter({ recipientId: JENS, recipientType: 'CPR' });
      const refusedInvalid = await send(app(), invalid.xml.replace('<memo:messageType>DIGITALPOST</memo:messageType>', '<memo:messageType>NOPE</memo:messageType>'));
      assert.equal(refusedInvalid.status, 400);
      assert.equal(refusedInvalid.body.errorCode, 'MEMO_INVALID');
      const unknown = letter({ recipientId: UNKNOWN_CPR, recipientType: 'CPR' });
      assert.equal((await send(app(), unknown.xml)).body.errorCode, 'RECIPIENT_UNKNOWN');
      const exempt = letter({ recipientId: PETER_EXEMPT, recipientType: 'CPR' });
      const refusedExempt = await send(app(), exempt.xml);
      assert.deepEqual([refusedExempt.body.receiptStatus, refusedExempt.body.errorCode], ['NOT_ALLOWED', 'RECIPIENT_EXEMPT']);
      // a recipient system that tries to send: counted for it
      assert.equal((await send(app(), letter().xml, { system: 'companyRecipient' })).body.errorCode, 'SYSTEM_NOT_SENDER');
      // the other authority's system sends too
      assert.equal((await app().inject({
        method: 'POST', url: '/apis/v1/memos', headers: { authorization: basic(other.system), 'content-type': 'application/xml' },
        payload: letter({ senderCvr: other.cvr, recipientId: JENS, recipientType: 'CPR' }).xml,
      })).statusCode, 201);
      assert.equal((await app().inject({
        method: 'POST', url: '/apis/v1/memos', headers: { authorization: basic(other.system), 'content-type': 'application/xml' },
        payload: letter({ senderCvr: other.cvr, recipientId: '0303031111', recipientType: 'CPR' }).xml,
      })).json().errorCode, 'RECIPIENT_UNKNOWN');

      const response = await view(karen, kommunen);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body.to, today);
      const sender = systemIn(response.body, SENDER);
      assert.deepEqual(response.body.systems.map((s: { id: string }) => s.id).sort(), [SENDER, DEMO.systems.authorityRecipient.id].sort(), 'Kommunen\'s own systems only');
      assert.equal(sender.sends.days.length, 30, 'every day of the period, default 30');
      assert.deepEqual(sender.sends.days[0], {
        day: today, received: 4, invalid: 1, notAllowed: 2,
        codes: [
          { status: 'INVALID', errorCode: 'MEMO_INVALID', count: 1 },
          { status: 'NOT_ALLOWED', errorCode: 'RECIPIENT_EXEMPT', count: 1 },
          { status: 'NOT_ALLOWED', errorCode: 'RECIPIENT_UNKNOWN', count: 1 },
        ],
      });
      assert.deepEqual(sender.sends.totals.map((t: any) => [t.status, t.errorCode, t.count]), [
        ['RECEIVED', null, 4], ['INVALID', 'MEMO_INVALID', 1], ['NOT_ALLOWED', 'RECIPIENT_EXEMPT', 1], ['NOT_ALLOWED', 'RECIPIENT_UNKNOWN', 1],
      ]);
      assert.deepEqual(sender.sends.refusals.map((r: any) => [r.status, r.errorCode, r.messageUUID]), [
        ['NOT_ALLOWED', 'RECIPIENT_EXEMPT', exempt.uuid], ['NOT_ALLOWED', 'RECIPIENT_UNKNOWN', unknown.uuid], ['INVALID', 'MEMO_INVALID', null],
      ], 'newest first; an invalid document has no UUID that can be trusted');
      const [toExempt, toUnknown, notMemo] = sender.sends.refusals;
      assert.deepEqual(toUnknown.explanation, REFUSAL_EXPLANATIONS.RECIPIENT_UNKNOWN);
      assert.match(toUnknown.explanation.change.da, /Tjek CPR- eller CVR-nummeret/);
      assert.match(toExempt.explanation.change.en, /physical post/);
      assert.deepEqual({ ...notMemo.firstIssue, explanation: undefined }, { code: 'ENUMERATION', path: 'MessageHeader/messageType', explanation: undefined });
      assert.deepEqual(notMemo.firstIssue.explanation, ISSUE_EXPLANATIONS.ENUMERATION);
      assert.ok(notMemo.issues >= 1);
      for (const cpr of [JENS, PETER_EXEMPT, UNKNOWN_CPR]) {
        assert.ok(!response.text.includes(cpr), 'no CPR number in the view');
        assert.ok(!response.text.includes(`${cpr.slice(0, 6)}-${cpr.slice(6)}`), 'not even with a dash');
      }
      const stored = JSON.stringify(await db().selectFrom('send_refusal').selectAll().execute());
      for (const cpr of [JENS, PETER_EXEMPT, UNKNOWN_CPR, '0303031111']) assert.ok(!stored.includes(cpr), 'no CPR number stored with the refusals');
      assert.ok(!/No Digital Post mailbox|exempt from Digital Post/.test(stored), 'nor the error messages');

      // the refusal's row and its event: one of each per refusal
      const events = await db().selectFrom('event').select('type').where('type', 'in', ['MEMO_SEND_VALIDATION_FAILED', 'MEMO_SEND_NOT_ALLOWED']).execute();
      assert.equal(events.length, (await db().selectFrom('send_refusal').select('id').execute()).length);

      // the recipient system that tried to send has its refusal, and its queue
      const kommunenEsdh = systemIn(response.body, DEMO.systems.authorityRecipient.id);
      assert.equal(kommunenEsdh.sends, null, 'a recipient system that never sent has no sends');
      assert.equal(kommunenEsdh.queue.waiting, 0);
      const demoView = await view(mette, demoAps);
      const esdh = systemIn(demoView.body, ESDH);
      assert.deepEqual(esdh.sends.totals.map((t: any) => [t.status, t.errorCode, t.count]), [['NOT_ALLOWED', 'SYSTEM_NOT_SENDER', 1]]);
      assert.match(esdh.sends.refusals[0].explanation.change.da, /afsendersystem/);
    });

    it('shows letters sent to recipients who became exempt or closed, masked, and no others', async () => {
      const before = systemIn((await view(karen, kommunen)).body, SENDER);
      assert.deepEqual(before.sends.unreachable, [], 'nobody is exempt or closed yet');
      await importRegistry(db(), kuvert.ctx.eventChains, registry('after'), { actor: 'cli' });

      const response = await view(karen, kommunen);
      const sender = systemIn(response.body, SENDER);
      assert.equal(sender.sends.unreachableTotal, 2);
      const byUuid = new Map(sender.sends.unreachable.map((u: any) => [u.messageUUID, u]));
      assert.deepEqual(new Set(byUuid.keys()), new Set([uuids.laterExempt, uuids.laterClosed]), 'not the letters to Jens or to Demo ApS');
      const exempt: any = byUuid.get(uuids.laterExempt);
      assert.deepEqual({ ...exempt, receivedAt: undefined, explanation: undefined }, {
        messageUUID: uuids.laterExempt, messageId: null, receivedAt: undefined, explanation: undefined,
        recipient: { idType: 'CPR', id: '020202-****', name: null }, reason: 'exempt', since: today,
      });
      assert.deepEqual(exempt.explanation, UNREACHABLE_EXPLANATIONS.exempt);
      const closed: any = byUuid.get(uuids.laterClosed);
      assert.deepEqual([closed.recipient, closed.reason, closed.since], [{ idType: 'CVR', id: LATER_CLOSED, name: 'Lukket ApS' }, 'closed', today]);
      assert.ok(!response.text.includes(LATER_EXEMPT), 'the CPR number only masked');
      assert.ok(!response.text.includes('Birgit'), 'no citizen\'s name');

      // the other authority's letter to a recipient of its own does not show here, and Kommunen's not there
      const theirs = await own(other.system);
      assert.deepEqual(theirs.body.system.sends.unreachable, []);
    });

    it('shows a recipient system\'s waiting letters with their age and its FAILED business receipts', async () => {
      const waiting = systemIn((await view(mette, demoAps)).body, ESDH).queue;
      assert.ok(waiting.waiting >= 1, 'the letter to Demo ApS waits');
      assert.ok(waiting.oldestWaitingAt && waiting.oldestWaitingMinutes >= 0);
      assert.deepEqual([waiting.failedTotal, waiting.failed], [0, []]);

      assert.equal((await call(app(), 'GET', `/memos/${uuids.demoAps}`, 'companyRecipient')).statusCode, 200);
      const receipt = await call(app(), 'POST', `/memos/${uuids.demoAps}/receipt`, 'companyRecipient', {
        receiptStatus: 'FAILED', errorCode: 'CASE_NOT_CREATED', errorMessage: `Sagen for ${JENS} kunne ikke oprettes`,
      });
      assert.equal(receipt.statusCode, 201, receipt.body);

      const response = await view(mette, demoAps);
      const queue = systemIn(response.body, ESDH).queue;
      assert.equal(queue.failedTotal, 1);
      assert.equal(queue.failedInARow, 1);
      assert.deepEqual({ ...queue.failed[0], at: undefined }, {
        at: undefined, messageUUID: uuids.demoAps, errorCode: 'CASE_NOT_CREATED', errorMessage: 'Sagen for ******-**** kunne ikke oprettes',
      });
      assert.equal(queue.waiting, waiting.waiting - 1, 'fetched: no longer waiting');
      assert.ok(!response.text.includes(JENS));

      const mine = await own('companyRecipient');
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.body.system.id, ESDH);
      assert.deepEqual(mine.body.system.queue.failed.map((f: any) => f.messageUUID), [uuids.demoAps]);
    });

    it('gives each system only its own view at /apis/v1/monitoring', async () => {
      const mine = await own('authoritySender', '?days=7');
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual([mine.body.system.id, mine.body.system.kind, mine.body.system.queue, mine.body.system.sends.days.length], [SENDER, 'sender', null, 7]);
      assert.deepEqual(mine.body.system.sends.totals.map((t: any) => t.count), [4, 1, 1, 1]);
      assert.ok(!mine.text.includes(ESDH) && !mine.text.includes(other.system.id) && !mine.text.includes('SYSTEM_NOT_SENDER') && !mine.text.includes('CASE_NOT_CREATED'));

      const theirs = await own(other.system);
      assert.deepEqual(theirs.body.system.sends.totals.map((t: any) => [t.status, t.errorCode, t.count]), [['RECEIVED', null, 1], ['NOT_ALLOWED', 'RECIPIENT_UNKNOWN', 1]]);
      assert.ok(!theirs.text.includes(SENDER) && !theirs.text.includes('MEMO_INVALID'));

      const recipient = await own('companyRecipient');
      assert.ok(!recipient.text.includes(SENDER) && !recipient.text.includes('RECIPIENT_EXEMPT'));

      assert.equal((await app().inject({ method: 'GET', url: '/apis/v1/monitoring' })).statusCode, 401);
      const tooLong = await own('authoritySender', '?days=91');
      assert.deepEqual([tooLong.status, tooLong.body.errorCode], [400, 'MONITORING_DAYS_INVALID']);
    });

    it('shows an organisation\'s view to its administrators only', async () => {
      const writer = await memberOf(kuvert.ctx, demoAps, 'writer');
      const cases: Array<[string, { status: number; body: { errorCode?: string } }, number, string]> = [
        ['Kommunen\'s administrator on Demo ApS', await view(karen, demoAps), 404, 'ORGANISATION_NOT_FOUND'],
        ['Demo ApS\'s administrator on Kommunen', await view(mette, kommunen), 404, 'ORGANISATION_NOT_FOUND'],
        ['Kommunen\'s administrator on the other authority', await view(karen, other.id), 404, 'ORGANISATION_NOT_FOUND'],
        ['a reader', await view(ole, demoAps), 403, 'FORBIDDEN_ROLE'],
        ['a writer', await api(app(), writer, 'GET', `/api/admin/organisations/${demoAps}/monitoring`), 403, 'FORBIDDEN_ROLE'],
        ['no session', await api(app(), undefined, 'GET', `/api/admin/organisations/${demoAps}/monitoring`), 401, 'UNAUTHENTICATED'],
        ['0 days', await view(karen, kommunen, '?days=0'), 400, 'MONITORING_DAYS_INVALID'],
      ];
      for (const [what, response, status, code] of cases) assert.deepEqual([what, response.status, response.body?.errorCode], [what, status, code]);
      const week = await view(karen, kommunen, '?days=7');
      assert.equal(systemIn(week.body, SENDER).sends.days.length, 7);
    });

    it('counts a send on its Danish day: 00:30 in Denmark on 1 February is still 31 January in UTC', async () => {
      const systemId = randomUUID();
      await db().transaction().execute((trx) => countAcceptedSends(trx, [
        { systemId, at: new Date('2026-01-31T23:30:00Z') }, { systemId, at: new Date('2026-01-31T22:59:00Z') }, { systemId, at: new Date('2026-07-31T22:30:00Z') },
      ]));
      await db().transaction().execute((trx) => recordSendRefusal(trx, {
        systemId, organisationId: kommunen, at: new Date('2026-01-31T23:10:00Z'), status: 'NOT_ALLOWED', errorCode: 'RECIPIENT_UNKNOWN',
        messageUuid: null, issueCode: null, issuePath: null, issues: 0,
      }));
      const rows = await sendCounts(db(), [systemId], '2026-01-01', '2026-12-31');
      assert.deepEqual(rows.map((r) => [r.day, r.status, r.error_code, r.sends]).sort(), [
        ['2026-01-31', 'RECEIVED', '', 1], ['2026-02-01', 'NOT_ALLOWED', 'RECIPIENT_UNKNOWN', 1], ['2026-02-01', 'RECEIVED', '', 1], ['2026-08-01', 'RECEIVED', '', 1],
      ]);
      await db().deleteFrom('send_count').where('system_id', '=', systemId).execute();
      await db().deleteFrom('send_refusal').where('system_id', '=', systemId).execute();
    });

    it('keeps the figures when the counts are compacted, and removes what is older than the retention', async () => {
      const before = systemIn((await view(karen, kommunen)).body, SENDER).sends;
      await compactAllSendCounts(db());
      const unmerged = await db().selectFrom('send_count').select('system_id').where('merged', '=', false).execute();
      assert.equal(unmerged.length, 0);
      const after = systemIn((await view(karen, kommunen)).body, SENDER).sends;
      assert.deepEqual([after.days, after.totals], [before.days, before.totals]);

      const old = new Date(Date.now() - 100 * 86_400_000);
      await recordSendRefusal(db(), {
        systemId: SENDER, organisationId: kommunen, at: old, status: 'INVALID', errorCode: 'MEMO_INVALID', messageUuid: null, issueCode: null, issuePath: null, issues: 0,
      });
      const cutoff = new Date(Date.now() - 91 * 86_400_000);
      assert.equal(await pruneSendMonitoring(db(), cutoff, danishDate(cutoff)), 2, 'the old refusal and its count');
      const left = systemIn((await view(karen, kommunen)).body, SENDER).sends;
      assert.deepEqual(left.totals, before.totals);
    });
  });
}
