// One way into a mailbox: the same addressing, writing and reply rules whichever door a message comes
// through — /apis/v1 (systems), the portal (people). The mail gateway's door is in test/gateway.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { parseMemo, serializeMemo, type MemoMessage } from '../../src/memo/index.ts';
import { hashSecret } from '../../src/store/index.ts';
import { basic, call, send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { fullExample } from '../helpers/full-example.ts';
import { example, SHARED } from '../helpers/memo.ts';
import { api, login, messageForm, richLetter, snapshot, type Person } from '../portal/helpers.ts';

const COMPANY_SENDER = { id: '55555555-5555-4555-8555-555555555555', secret: 'test-sender-secret-demoaps-00005' };
const [BORGERSERVICE] = DEMO.contactPoints.map((c) => c.id) as [string];
const future = () => new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
const past = () => new Date(Date.now() - 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');

/** A MeMo message from Demo ApS (CVR 29876543), as its own sender system writes it. */
function fromCompany(options: { to: { id: string; idType: 'CPR' | 'CVR' }; contactPointID?: string; replyTo?: string }): { uuid: string; xml: string } {
  const uuid = randomUUID();
  const memo: MemoMessage = {
    version: '1.2',
    header: {
      messageType: 'DIGITALPOST', messageUUID: uuid, label: 'Fra Demo ApS',
      sender: { senderID: DEMO.company.cvr, idType: 'CVR', label: DEMO.company.name },
      recipient: {
        recipientID: options.to.id, idType: options.to.idType,
        ...(options.contactPointID ? { contactPoint: { contactPointID: options.contactPointID } } : {}),
      },
      ...(options.replyTo ? { replyData: [{ messageUUID: options.replyTo }] } : {}),
    },
    body: {
      createdDateTime: '2026-12-01T10:00:00Z',
      mainDocument: { file: [{ encodingFormat: 'text/plain', filename: 'svar.txt', language: 'da', content: Buffer.from('Svar fra Demo ApS').toString('base64') }] },
    },
  };
  return { uuid, xml: serializeMemo(memo) };
}

for (const database of testDatabases()) {
  describe(`one way into a mailbox (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let jens: Person;
    before(async () => {
      kuvert = await startTestKuvert(database);
      const db = kuvert.store.db;
      const company = await db.selectFrom('organisation').select('id').where('cvr', '=', DEMO.company.cvr).executeTakeFirstOrThrow();
      await db.insertInto('system').values({
        id: COMPANY_SENDER.id, organisation_id: company.id, kind: 'sender', name: 'Demo ApS afsendersystem', secret_sha256: hashSecret(COMPANY_SENDER.secret),
      }).execute();
      jens = await login(kuvert.app, db, 'demo-citizen-jens');
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const sendAsCompany = async (xml: string) => {
      const response = await app().inject({
        method: 'POST', url: '/apis/v1/memos', payload: xml,
        headers: { authorization: basic(COMPANY_SENDER), 'content-type': 'application/xml' },
      });
      return { status: response.statusCode, body: response.json() as Record<string, any> };
    };
    const stored = (uuid: string) => db().selectFrom('message').selectAll().where('message_uuid', '=', uuid.toLowerCase()).executeTakeFirst();

    describe('the official examples', () => {
      const names = readdirSync(`${SHARED}/memo/examples`).filter((f) => f.endsWith('.xml')).sort();
      for (const name of names) {
        it(`${name} is accepted through /apis/v1 and lands in the citizen's Indbakke`, async () => {
          // two examples carry placeholders where the ids go ("Sender ID", "Recipient ID"): the demo ids take their place
          const xml = example(name).replace(/>Sender ID</g, `>${DEMO.authority.cvr}<`).replace(/>Recipient ID</g, '>2211771212<');
          const sent = await send(app(), xml);
          assert.ok(sent.status === 201 || sent.status === 200, `${name}: ${JSON.stringify(sent.body)}`);
          const uuid = parseMemo(xml).ok ? sent.body.messageUUID as string : '';
          const list = await api(app(), jens, 'GET', `/api/mailboxes/${jens.mailboxId}/messages?folderId=${jens.folders.INBOX}`);
          assert.ok(list.body.messages.some((m: { messageUUID: string }) => m.messageUUID === uuid), `${name} in Indbakke`);
        });
      }

      it('the full example (CPR recipient, AttentionData with every field, a ProductionUnit among them) is accepted, its attention data kept and shown', async () => {
        const memo = fullExample();
        memo.header.messageUUID = randomUUID();
        const sent = await send(app(), serializeMemo(memo));
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        const row = await stored(memo.header.messageUUID);
        assert.equal(row?.p_number, null, 'a P-number does not route a letter to a citizen');
        assert.deepEqual(row?.attention, { productionUnit: '1234567890', person: 'Mette Hansen', email: 'm.hansen@gmail.com' });
        assert.equal(row?.memo_message_id, 'MSG-12345');
        assert.equal(row?.case_id, 'SAG-12345');
        const opened = await api(app(), jens, 'GET', `/api/mailboxes/${jens.mailboxId}/messages/${row!.id}`);
        assert.equal(opened.status, 200);
        assert.equal(opened.body.label, 'Besked fra Børneforvaltningen');
        assert.equal(opened.body.attention?.productionUnit, '1234567890');
      });

      it('a P-number that is not a unit of the company recipient is still refused, and nothing is stored', async () => {
        const memo = fullExample();
        memo.header.messageUUID = randomUUID();
        memo.header.recipient.recipientID = DEMO.company.cvr;
        memo.header.recipient.idType = 'CVR';
        const before = await snapshot(db());
        const sent = await send(app(), serializeMemo(memo));
        assert.equal(sent.status, 422);
        assert.equal(sent.body.errorCode, 'P_NUMBER_NOT_OF_RECIPIENT');
        assert.equal(await stored(memo.header.messageUUID), undefined);
        assert.equal(JSON.parse(await snapshot(db())).messages, JSON.parse(before).messages);
      });
    });

    describe('replies through /apis/v1 land in the thread of the letter they answer', () => {
      it("a company system's reply (ReplyData) joins the authority letter's thread and reaches the authority's system with its ReplyData", async () => {
        const letter = richLetter({ recipient: { id: DEMO.company.cvr, type: 'CVR' }, reply: true, replyBy: future(), messageID: 'SAG-1/BREV-1' });
        assert.equal((await send(app(), letter.xml)).status, 201);
        const original = await stored(letter.uuid);
        const reply = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' }, replyTo: letter.uuid });
        const sent = await sendAsCompany(reply.xml);
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        const answer = await stored(reply.uuid);
        assert.equal(answer?.thread_id, original?.thread_id);
        assert.ok(answer?.recipient_contact_point_id, 'an answer to an authority lands at one of its contact points');
        const fetched = await call(app(), 'GET', `/memos/${reply.uuid}`, 'authorityRecipient');
        assert.equal(fetched.statusCode, 200);
        const parsed = parseMemo(fetched.body);
        assert.ok(parsed.ok);
        assert.equal(parsed.message.header.replyData?.[0]?.messageUUID.toLowerCase(), letter.uuid.toLowerCase());
      });

      it('the reply rules apply as in the portal: no replies wanted → REPLY_NOT_ALLOWED, deadline passed → REPLY_DEADLINE_PASSED; nothing stored', async () => {
        for (const [options, code] of [[{ reply: false }, 'REPLY_NOT_ALLOWED'], [{ reply: true, replyBy: past() }, 'REPLY_DEADLINE_PASSED']] as const) {
          const letter = richLetter({ recipient: { id: DEMO.company.cvr, type: 'CVR' }, ...options });
          assert.equal((await send(app(), letter.xml)).status, 201);
          const reply = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' }, replyTo: letter.uuid });
          const sent = await sendAsCompany(reply.xml);
          assert.equal(sent.status, 403, code);
          assert.equal(sent.body.receiptStatus, 'NOT_ALLOWED');
          assert.equal(sent.body.errorCode, code);
          assert.equal(await stored(reply.uuid), undefined);
        }
      });

      it("an authority system answers a citizen's portal message in its thread", async () => {
        const written = await api(app(), jens, 'POST', `/api/mailboxes/${jens.mailboxId}/messages`,
          messageForm({ contactPointId: BORGERSERVICE, label: 'Spørgsmål om affald', text: 'Hvornår hentes storskrald?' }));
        assert.equal(written.status, 201, JSON.stringify(written.body));
        const question = await db().selectFrom('message').selectAll().where('id', '=', written.body.messageId).executeTakeFirstOrThrow();
        const answer = richLetter({ label: 'Svar om storskrald' });
        const memo = parseMemo(answer.xml);
        assert.ok(memo.ok);
        memo.message.header.replyData = [{ messageUUID: question.message_uuid }];
        const sent = await send(app(), serializeMemo(memo.message));
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        assert.equal((await stored(answer.uuid))?.thread_id, question.thread_id);
      });

      it('ReplyData naming a letter the sender never received starts a new thread (and a company still needs a contact point)', async () => {
        const stray = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' }, replyTo: randomUUID() });
        const refused = await sendAsCompany(stray.xml);
        assert.equal(refused.status, 403);
        assert.equal(refused.body.errorCode, 'SENDER_KIND_NOT_ALLOWED');
        const atContactPoint = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' }, contactPointID: BORGERSERVICE, replyTo: randomUUID() });
        assert.equal((await sendAsCompany(atContactPoint.xml)).status, 201);
        const row = await stored(atContactPoint.uuid);
        assert.equal(row?.thread_id, row?.id);
        assert.equal(row?.recipient_contact_point_id, BORGERSERVICE);
      });
    });

    describe('who may write to whom, at the system door', () => {
      it('a company system may not write to a citizen (SENDER_KIND_NOT_ALLOWED), nor to itself; nothing is stored', async () => {
        for (const to of [{ id: '2211771212', idType: 'CPR' as const }, { id: DEMO.company.cvr, idType: 'CVR' as const }]) {
          const message = fromCompany({ to });
          const sent = await sendAsCompany(message.xml);
          if (to.idType === 'CVR') {
            assert.equal(sent.body.errorCode, 'RECIPIENT_IS_SENDER');
            continue;
          }
          assert.equal(sent.status, 403);
          assert.equal(sent.body.receiptStatus, 'NOT_ALLOWED');
          assert.equal(sent.body.errorCode, 'SENDER_KIND_NOT_ALLOWED');
          assert.equal(await stored(message.uuid), undefined);
        }
      });

      it("a company system writes to an authority's contact point, not to the authority at large", async () => {
        const bare = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' } });
        assert.equal((await sendAsCompany(bare.xml)).body.errorCode, 'SENDER_KIND_NOT_ALLOWED');
        const unknown = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' }, contactPointID: randomUUID() });
        assert.equal((await sendAsCompany(unknown.xml)).body.errorCode, 'CONTACT_POINT_UNKNOWN');
        const good = fromCompany({ to: { id: DEMO.authority.cvr, idType: 'CVR' }, contactPointID: BORGERSERVICE });
        assert.equal((await sendAsCompany(good.xml)).status, 201);
      });
    });

    describe('portal replies carry what the sender needs to find the case, from columns', () => {
      it("the citizen's reply to the full example names its messageID and caseID in ReplyData, in its thread", async () => {
        const memo = fullExample();
        memo.header.messageUUID = randomUUID();
        memo.header.replyByDateTime = future();
        memo.header.sender.contactPoint!.contactPointID = BORGERSERVICE;
        assert.equal((await send(app(), serializeMemo(memo))).status, 201);
        const original = (await stored(memo.header.messageUUID))!;
        const replied = await api(app(), jens, 'POST', `/api/mailboxes/${jens.mailboxId}/messages/${original.id}/reply`, messageForm({ text: 'Tak, vi tager imod pladsen.' }));
        assert.equal(replied.status, 201, JSON.stringify(replied.body));
        const answer = await db().selectFrom('message').selectAll().where('id', '=', replied.body.messageId).executeTakeFirstOrThrow();
        assert.equal(answer.thread_id, original.thread_id);
        const fetched = await call(app(), 'GET', `/memos/${answer.message_uuid}`, 'authorityRecipient');
        const parsed = parseMemo(fetched.body);
        assert.ok(parsed.ok);
        assert.deepEqual(parsed.message.header.replyData, [{
          messageUUID: memo.header.messageUUID.toLowerCase(), messageID: 'MSG-12345', caseID: 'SAG-12345', contactPointID: BORGERSERVICE,
        }]);
      });
    });
  });
}
