import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { verifyEvents, eventsOfMessage } from '../../src/store/index.ts';
import { basic, call, send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { example, letter } from '../helpers/memo.ts';

for (const database of testDatabases()) {
  describe(`sending and fetching through /apis/v1 (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    before(async () => { kuvert = await startTestKuvert(database, { bodyLimitBytes: 2 * 1024 * 1024 }); });
    after(async () => { await kuvert.drop(); });

    const messageCount = async () => Number((await kuvert.store.db.selectFrom('message').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const app = () => kuvert.app;

    it('accepts the official minimum example unchanged and delivers it to the citizen', async () => {
      const { status, body } = await send(app(), example('MeMo_Minimum_Example.xml'));
      assert.equal(status, 201, JSON.stringify(body));
      assert.equal(body.receiptStatus, 'RECEIVED');
      assert.equal(body.messageUUID, '8c2ea15d-61fb-4ba9-9366-42f8b194c114');
      assert.match(body.transmissionId, /^[0-9a-f-]{36}$/);
      const row = await kuvert.store.db.selectFrom('message_state')
        .innerJoin('mailbox', 'mailbox.id', 'message_state.mailbox_id').innerJoin('citizen', 'citizen.id', 'mailbox.citizen_id')
        .innerJoin('message', 'message.id', 'message_state.message_id').innerJoin('folder', 'folder.id', 'message_state.folder_id')
        .select(['citizen.cpr', 'folder.kind', 'message.label', 'message_state.read_at'])
        .where('message.message_uuid', '=', body.messageUUID).executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { cpr: '2211771212', kind: 'INBOX', label: 'Pladsanvisning', read_at: null });
    });

    it('lets the company recipient system list, fetch byte for byte, acknowledge and remove a letter', async () => {
      const pdf = randomBytes(40_000);
      const { uuid, xml } = letter({ pNumber: '1012345679', content: pdf });
      assert.equal((await send(app(), xml, { uuid })).status, 201);

      const list = await call(app(), 'GET', '/memos?size=1000', 'companyRecipient');
      assert.equal(list.statusCode, 200);
      assert.ok(list.json().content.includes(uuid));

      const fetched = await call(app(), 'GET', `/memos/${uuid}`, 'companyRecipient');
      assert.equal(fetched.statusCode, 200);
      assert.match(fetched.headers['content-type'] as string, /application\/xml/);
      assert.ok(fetched.rawPayload.equals(Buffer.from(xml, 'utf8')), 'the fetched document is the sent document, byte for byte');

      const receipt = await call(app(), 'POST', `/memos/${uuid}/receipt`, 'companyRecipient', { receiptStatus: 'COMPLETED' });
      assert.equal(receipt.statusCode, 201, receipt.body);
      const removed = await call(app(), 'DELETE', `/memos/${uuid}`, 'companyRecipient');
      assert.equal(removed.statusCode, 204);
      assert.ok(!(await call(app(), 'GET', '/memos?size=1000', 'companyRecipient')).json().content.includes(uuid));
      assert.equal((await call(app(), 'GET', `/memos/${uuid}`, 'companyRecipient')).statusCode, 404);

      const state = await kuvert.store.db.selectFrom('message').innerJoin('message_state', 'message_state.message_id', 'message.id')
        .innerJoin('folder', 'folder.id', 'message_state.folder_id').select(['folder.kind', 'message.p_number'])
        .where('message.message_uuid', '=', uuid).where('folder.kind', '=', 'INBOX').executeTakeFirstOrThrow();
      assert.deepEqual({ ...state }, { kind: 'INBOX', p_number: '1012345679' }, 'removal from the queue leaves the mailbox copy');

      const message = await kuvert.store.db.selectFrom('message').select('id').where('message_uuid', '=', uuid).executeTakeFirstOrThrow();
      const types = (await eventsOfMessage(kuvert.store.db, message.id)).map((e) => e.type);
      assert.deepEqual(types, [
        'MEMO_SEND_RECEIVED', 'MEMO_SEND_VALIDATED', 'MEMO_AVAILABLE_TO_RECIPIENT', 'MEMO_SEND_READY_FOR_FETCH',
        'MEMO_SEND_FETCHED_BY_RECIPIENT_SYSTEM', 'BUSINESS_RECEIPT_RECEIVED', 'MEMO_SEND_REMOVED_FROM_SYSTEM_QUEUE',
      ]);
      assert.equal((await verifyEvents(kuvert.store.db)).ok, true);
    });

    it('answers a resend of the same message with the original receipt and stores nothing new', async () => {
      const { uuid, xml } = letter();
      const first = await send(app(), xml);
      const before = await messageCount();
      const again = await send(app(), xml);
      assert.equal(again.status, 200);
      assert.equal(again.body.transmissionId, first.body.transmissionId);
      assert.equal(again.body.receiptStatus, 'RECEIVED');
      assert.equal(await messageCount(), before);
      const conflict = await send(app(), letter({ uuid, label: 'Et andet brev' }).xml);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.errorCode, 'MESSAGE_UUID_CONFLICT');
      assert.equal(await messageCount(), before);
    });

    it('handles concurrent resends of one message as one message', async () => {
      const { xml } = letter();
      const before = await messageCount();
      const results = await Promise.all(Array.from({ length: 5 }, () => send(app(), xml)));
      assert.ok(results.every((r) => r.body.receiptStatus === 'RECEIVED'), JSON.stringify(results));
      assert.equal(new Set(results.map((r) => r.body.transmissionId)).size, 1);
      assert.equal(await messageCount(), before + 1);
    });

    it('refuses requests without valid system credentials (401) and hides other organisations\' mail (404)', async () => {
      const { uuid, xml } = letter();
      const anonymous = await app().inject({ method: 'POST', url: '/apis/v1/memos', headers: { 'content-type': 'application/xml' }, payload: xml });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().errorCode, 'UNAUTHENTICATED');
      const wrong = await app().inject({ method: 'GET', url: '/apis/v1/memos', headers: { authorization: basic({ id: randomUUID(), secret: 'x' }) } });
      assert.equal(wrong.statusCode, 401);
      const badSecret = await app().inject({ method: 'GET', url: '/apis/v1/memos', headers: { authorization: basic({ id: '22222222-2222-4222-8222-222222222222', secret: 'guess' }) } });
      assert.equal(badSecret.statusCode, 401);
      await send(app(), xml);
      assert.equal((await call(app(), 'GET', `/memos/${uuid}`, 'authorityRecipient')).statusCode, 404);
      assert.equal((await call(app(), 'DELETE', `/memos/${uuid}`, 'authorityRecipient')).statusCode, 404);
      assert.equal((await call(app(), 'POST', `/memos/${uuid}/receipt`, 'authorityRecipient', {})).statusCode, 404);
      assert.equal((await call(app(), 'GET', `/memos/${uuid}`, 'companyRecipient')).statusCode, 200);
    });

    it('refuses bad input with a stable code and stores nothing', async () => {
      const before = await messageCount();
      const { uuid, xml } = letter();
      const cases: Array<[string, Awaited<ReturnType<typeof send>>, number, string]> = [
        ['JSON body', await send(app(), JSON.stringify({ xml }), { contentType: 'application/json' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['text/plain body', await send(app(), xml, { contentType: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['too large', await send(app(), letter({ content: randomBytes(3 * 1024 * 1024) }).xml), 413, 'BODY_TOO_LARGE'],
        ['malformed XML', await send(app(), xml.replace('</memo:label>', '')), 400, 'MEMO_INVALID'],
        ['not UTF-8', await send(app(), Buffer.concat([Buffer.from(xml.slice(0, 100)), Buffer.from([0xff, 0xfe]), Buffer.from(xml.slice(100))])), 400, 'MEMO_INVALID'],
        ['billion laughs', await send(app(), `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>${xml.slice(xml.indexOf('<memo:Message')).replace('Afgørelse', '&lol2;')}`), 400, 'MEMO_INVALID'],
        ['external entity', await send(app(), `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${xml.slice(xml.indexOf('<memo:Message')).replace('Afgørelse', '&xxe;')}`), 400, 'MEMO_INVALID'],
        ['uuid parameter differs', await send(app(), xml, { uuid: randomUUID() }), 400, 'MESSAGE_UUID_MISMATCH'],
        ['not a v4 uuid', await send(app(), xml.replace(uuid, '8c2ea15d-61fb-1ba9-9366-42f8b194c114')), 400, 'MEMO_INVALID'],
        ['sent as another authority', await send(app(), letter({ senderCvr: '87654321' }).xml), 403, 'SENDER_NOT_ALLOWED'],
        ['unknown citizen', await send(app(), letter({ recipientType: 'CPR', recipientId: '0303031234' }).xml), 422, 'RECIPIENT_UNKNOWN'],
        ['exempt citizen', await send(app(), letter({ recipientType: 'CPR', recipientId: '0505805555' }).xml), 422, 'RECIPIENT_EXEMPT'],
        ['malformed CPR', await send(app(), letter({ recipientType: 'CPR', recipientId: '9999999999' }).xml), 422, 'RECIPIENT_ID_INVALID'],
        ['P-number of another company', await send(app(), letter({ pNumber: '1999999999' }).xml), 422, 'P_NUMBER_NOT_OF_RECIPIENT'],
        ['recipient system sending', await send(app(), letter().xml, { system: 'companyRecipient' }), 403, 'SYSTEM_NOT_SENDER'],
      ];
      for (const [name, result, status, code] of cases) {
        assert.equal(result.status, status, `${name}: ${JSON.stringify(result.body)}`);
        assert.equal(result.body.errorCode, code, `${name}: ${JSON.stringify(result.body)}`);
        assert.ok(typeof result.body.errorMessage === 'string' && result.body.errorMessage.length > 0, name);
      }
      const invalid = cases.find(([name]) => name === 'malformed XML')![1].body;
      assert.equal(invalid.receiptStatus, 'INVALID');
      assert.ok(Array.isArray(invalid.details) && invalid.details.length > 0);
      assert.equal(cases.find(([name]) => name === 'exempt citizen')![1].body.receiptStatus, 'NOT_ALLOWED');
      assert.equal(await messageCount(), before);
    });

    it('stores an attachment sent to many recipients once', async () => {
      const pdf = randomBytes(100_000);
      for (const recipientId of ['2211771212', '0101904321']) {
        assert.equal((await send(app(), letter({ recipientType: 'CPR', recipientId, content: pdf }).xml)).status, 201);
      }
      assert.equal((await send(app(), letter({ content: pdf }).xml)).status, 201);
      const { createHash } = await import('node:crypto');
      const sha = createHash('sha256').update(pdf).digest('hex');
      const blobs = await kuvert.store.db.selectFrom('blob').select(['sha256', 'size']).where('sha256', '=', sha).execute();
      assert.equal(blobs.length, 1);
      assert.equal(Number(blobs[0]!.size), 100_000);
      const uses = await kuvert.store.db.selectFrom('message_blob').select('message_id').where('sha256', '=', sha).execute();
      assert.equal(uses.length, 3);
    });

    it('keeps a letter with doNotDeliverUntilDate invisible until that Danish date, then releases it', async () => {
      const future = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
      const { uuid, xml } = letter({ doNotDeliverUntilDate: future });
      assert.equal((await send(app(), xml)).status, 201);
      assert.ok(!(await call(app(), 'GET', '/memos?size=1000', 'companyRecipient')).json().content.includes(uuid));
      assert.equal((await call(app(), 'GET', `/memos/${uuid}`, 'companyRecipient')).statusCode, 404);
      const message = await kuvert.store.db.selectFrom('message').select(['id', 'available_at']).where('message_uuid', '=', uuid).executeTakeFirstOrThrow();
      assert.equal(message.available_at, null);
      const job = await kuvert.store.db.selectFrom('job').select(['id', 'run_at']).where('kind', '=', 'memo.release')
        .where('payload', '@>', JSON.stringify({ messageId: message.id }) as any).executeTakeFirstOrThrow();
      assert.equal(new Date(job.run_at).toISOString(), new Date(`${future}T00:00:00+01:00`).toISOString());

      // the date arrives: move the job's time instead of the clock
      await kuvert.store.db.updateTable('job').set({ run_at: new Date() }).where('id', '=', job.id).execute();
      kuvert.worker.wake();
      for (let i = 0; i < 100 && !(await call(app(), 'GET', '/memos?size=1000', 'companyRecipient')).json().content.includes(uuid); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok((await call(app(), 'GET', '/memos?size=1000', 'companyRecipient')).json().content.includes(uuid));
      const types = (await eventsOfMessage(kuvert.store.db, message.id)).map((e) => e.type);
      assert.ok(types.includes('DELAYED_MEMO_SEND_VALIDATED_AWAITING_DELAY') && types.includes('MEMO_AVAILABLE_TO_RECIPIENT'), types.join());

      const past = letter({ doNotDeliverUntilDate: '2020-01-01' });
      await send(app(), past.xml);
      assert.ok((await call(app(), 'GET', '/memos?size=1000', 'companyRecipient')).json().content.includes(past.uuid));
    });

    it('pages the queue', async () => {
      for (let i = 0; i < 3; i++) await send(app(), letter().xml);
      const all = (await call(app(), 'GET', '/memos?size=1000', 'companyRecipient')).json();
      const page = (await call(app(), 'GET', '/memos?page=1&size=2', 'companyRecipient')).json();
      assert.equal(page.totalElements, all.totalElements);
      assert.deepEqual(page.content, all.content.slice(2, 4));
      assert.deepEqual(page.previous, { page: 0, size: 2 });
      assert.equal((await call(app(), 'GET', '/memos?size=5000', 'companyRecipient')).statusCode, 400);
    });

    it('looks recipients up and lists contact points', async () => {
      const lookup = async (query: string) => (await call(app(), 'GET', `/contacts?${query}`, 'authoritySender')).json();
      assert.equal((await lookup('cprNumber=2211771212')).contacts[0].mailboxSubscription.publicRegistrationStatus, 'REGISTERED');
      assert.equal((await lookup('cprNumber=0505805555')).contacts[0].mailboxSubscription.publicRegistrationStatus, 'EXEMPT');
      assert.equal((await lookup('cprNumber=0303031234')).totalElements, 0);
      const company = (await lookup('cvrNumber=29876543')).contacts[0];
      assert.deepEqual(company.productionUnits, ['1012345678', '1012345679']);
      const searched = await call(app(), 'POST', '/contacts/search', 'authoritySender', { cprNumber: '0101904321' });
      assert.equal(searched.json().contacts[0].type, 'CITIZEN');
      assert.equal((await call(app(), 'GET', '/contacts?cprNumber=12', 'authoritySender')).statusCode, 400);
      const points = (await call(app(), 'GET', '/contact-points', 'companyRecipient')).json();
      assert.deepEqual(points.contactPoints.map((c: { name: string }) => c.name), ['Borgerservice', 'Byggesager']);
      assert.equal(points.contactPoints[0].organisationCvr, '12345678');
      const found = (await call(app(), 'GET', '/contact-points?q=bbr', 'companyRecipient')).json();
      assert.deepEqual(found.contactPoints.map((c: { name: string }) => c.name), ['Byggesager']);
    });

    it('counts receipts in /metrics', async () => {
      const text = (await app().inject({ method: 'GET', url: '/metrics' })).body;
      assert.match(text, /kuvert_memos_sent_total\{receipt_status="RECEIVED",error_code=""\} [1-9]/);
      assert.match(text, /kuvert_memos_sent_total\{receipt_status="NOT_ALLOWED",error_code="RECIPIENT_EXEMPT"\} 1/);
    });

    it('serves the OpenAPI description', async () => {
      const spec = (await app().inject({ method: 'GET', url: '/docs/json' })).json();
      assert.ok(spec.paths['/apis/v1/memos']);
      assert.ok(spec.paths['/apis/v1/memos/{uuid}/receipt']);
      assert.ok(spec.paths['/apis/v1/contacts']);
    });
  });
}
