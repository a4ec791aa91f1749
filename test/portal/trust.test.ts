import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sanitizeHtml } from '../../src/portal/sanitize.ts';
import { DEMO } from '../../src/demo/index.ts';
import { parseMemo } from '../../src/memo/index.ts';
import { eventsOfMessage, loadDocument } from '../../src/store/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { makeTestPki } from '../helpers/pki.ts';
import { sessionFor } from '../helpers/session.ts';
import { missing } from '../helpers/tools.ts';
import { api, deliver, login, messageForm, richLetter, type Person } from './helpers.ts';

const BYGGESAGER = DEMO.contactPoints[1].id;
const future = () => new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.[0-9]{3}Z$/, 'Z');

interface Listed { id: string; senderName: string; senderLabel: string | null; recipientName: string; sent: boolean; answered: boolean; replyId: string | null; threadId: string; read: boolean }

// the web app's texts run in the browser: what they touch of it at import, and only then (PGlite looks for `window` too)
Object.assign(globalThis, { window: { location: { search: '' }, localStorage: { getItem: () => null } }, document: { documentElement: {} } });
const { translate } = await import('../../web/src/i18n.ts');
const { shortDate } = await import('../../web/src/common/format.ts');
delete (globalThis as { window?: unknown }).window;
delete (globalThis as { document?: unknown }).document;

/**
 * Every error code the portal's and the administration's calls can answer: the codes written in the
 * code of those doors and of what they call (refusals, HTTP errors, verdicts, delivery refusals).
 * Left out: what only systems and operators meet (/apis/v1 sends, operator keys, the registry import)
 * and the self-test's check results.
 */
function portalErrorCodes(): Map<string, string> {
  const roots = ['src/portal', 'src/admin', 'src/auth', 'src/notify', 'src/api/portal', 'src/api/admin', 'src/api/auth', 'src/api/errors.ts',
    'src/api/app.ts', 'src/api/json-body.ts', 'src/api/notifications.ts', 'src/domain', 'src/delivery'];
  const notForPeople = new Set(['src/admin/operator-keys.ts', 'src/admin/registry.ts', 'src/domain/registry-file.ts', 'src/admin/doctor/report.ts', 'src/delivery/send.ts']);
  const files = (path: string): string[] => statSync(path).isDirectory()
    ? readdirSync(path).flatMap((f) => files(join(path, f))) : path.endsWith('.ts') && !notForPeople.has(path) ? [path] : [];
  const patterns = [
    /\(\s*'(?:invalid|forbidden|not-found|conflict|too-large|not-allowed|unauthenticated|too-many-attempts)',\s*'([A-Z][A-Z0-9_]+)'/g,
    /new Refusal\(\s*[^,]+,\s*'([A-Z][A-Z0-9_]+)'/g, /new (?:Http|Api)Error\(\s*\d+,\s*'([A-Z][A-Z0-9_]+)'/g,
    /errorCode:\s*'([A-Z][A-Z0-9_]+)'/g, /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g, /\bno\([^,]+,\s*'([A-Z][A-Z0-9_]+)'/g, /:\s*\[\s*'([A-Z][A-Z0-9_]+)',\s*'/g,
  ];
  const codes = new Map<string, string>();
  for (const file of roots.flatMap(files)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) if (!codes.has(m[1]!)) codes.set(m[1]!, file);
  }
  return codes;
}

describe('trust what you see: texts and letters', () => {
  it('has a Danish and an English text for every error code the portal and administration can answer', () => {
    const codes = portalErrorCodes();
    assert.ok(codes.size > 100, `found ${codes.size} codes`);
    for (const code of ['REPLY_DEADLINE_PASSED', 'ATTACHMENT_TYPE_NOT_ALLOWED', 'CSRF_TOKEN_INVALID', 'BODY_TOO_LARGE', 'FOLDER_NOT_FOUND']) assert.ok(codes.has(code), code);
    const missing = [...codes].filter(([code]) => (['da', 'en'] as const).some((lang) => translate(lang, `error.${code}` as never) === `error.${code}`));
    assert.deepEqual(missing.map(([code, file]) => `${code} (${file})`), []);
  });

  it('shows today\'s mail by the time and older mail by the date', () => {
    const now = new Date('2026-12-02T21:30:00Z');
    assert.equal(shortDate('da', '2026-12-02T21:03:00Z', now), 'kl. 22.03');
    assert.equal(shortDate('en', '2026-12-02T21:03:00Z', now), '22:03');
    assert.equal(shortDate('da', '2026-11-30T09:00:00Z', now), '30. nov. 2026');
    // Danish days: 23:30 UTC on the 2nd is already the 3rd in Copenhagen
    assert.equal(shortDate('da', '2026-12-01T23:30:00Z', new Date('2026-12-02T10:00:00Z')), 'kl. 00.30');
  });

  it('keeps a link\'s address visible as text in a sanitised letter, never as a target', () => {
    const body = (html: string) => sanitizeHtml(html).split('\n')[2] ?? '';
    assert.equal(body('<p>Se <a href="https://example.dk/x?a=1&amp;b=2">Læs mere</a>.</p>'),
      '<p>Se <a>Læs mere</a> <span class="kuvert-link-address">(https://example.dk/x?a=1&amp;b=2)</span>.</p>');
    assert.equal(body('<a href="https://example.dk/">example.dk</a>'), '<a>example.dk</a>', 'not twice when the text is the address');
    assert.equal(body('<a href="mailto:post@kommunen.dk">Skriv til os</a>'), '<a>Skriv til os</a> <span class="kuvert-link-address">(mailto:post@kommunen.dk)</span>');
    assert.equal(body('<a href="javascript:alert(1)">klik</a>'), '<a>klik</a>', 'what is not an address is not shown');
    assert.equal(body('<a href="#bilag">bilag</a>'), '<a href="#bilag">bilag</a>');
    assert.doesNotMatch(body('<a href="https://x.dk/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</a>'), /<script/);
  });
});

for (const database of testDatabases()) {
  describe(`trust what you see (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let jens: Person;
    let karen: Person;
    before(async () => {
      kuvert = await startTestKuvert(database);
      jens = await login(kuvert.app, kuvert.store.db, 'demo-citizen-jens');
      karen = await login(kuvert.app, kuvert.store.db, 'demo-employee-karen');
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (p: Person) => `/api/mailboxes/${p.mailboxId}`;
    const list = async (p: Person, folder: string): Promise<Listed[]> => (await api(app(), p, 'GET', `${base(p)}/messages?folderId=${p.folders[folder]}`)).body.messages;

    /** A letter from Kommunen's sender system whose own Sender/label claims to be someone else. */
    async function disguised(label: string) {
      const letter = richLetter({ label, reply: true, replyBy: future(), senderContactPoint: BYGGESAGER });
      const xml = letter.xml.replace(/(<memo:Sender>[\s\S]*?<memo:label>)Kommunen(<\/memo:label>)/, '$1Skattestyrelsen$2');
      assert.notEqual(xml, letter.xml, 'the label was replaced');
      return deliver(app(), db(), { uuid: letter.uuid, xml });
    }

    it('names the verified sender from the registry, never the letter\'s own label, in the list and the message', async () => {
      const id = await disguised('Din årsopgørelse');
      const listed = (await list(jens, 'INBOX')).find((m) => m.id === id)!;
      assert.deepEqual([listed.senderName, listed.senderLabel, listed.recipientName, listed.sent, listed.answered], ['Kommunen', 'Skattestyrelsen', 'Jens Hansen', false, false]);
      const opened = (await api(app(), jens, 'GET', `${base(jens)}/messages/${id}`)).body;
      assert.deepEqual([opened.senderName, opened.senderLabel, opened.recipientName], ['Kommunen', 'Skattestyrelsen', 'Jens Hansen']);
      assert.deepEqual(opened.replyTo, { organisationName: 'Kommunen', contactPointId: BYGGESAGER });
      // a search hit is named the same way
      const found: Listed[] = (await api(app(), jens, 'GET', `${base(jens)}/messages?q=årsopgørelse`)).body.messages;
      assert.deepEqual(found.map((m) => [m.id, m.senderName]), [[id, 'Kommunen']]);
      // the label is not shown twice when it says what the registry says
      const plain = await deliver(app(), db(), richLetter({ label: 'Ærligt brev' }));
      assert.equal((await list(jens, 'INBOX')).find((m) => m.id === plain)!.senderLabel, null);
    });

    it('shows a reply as sent, marks the letter answered with a link to it, and reads the thread together', async () => {
      const letterId = await disguised('Høring om carport');
      const reply = await api(app(), jens, 'POST', `${base(jens)}/messages/${letterId}/reply`, messageForm({ text: 'Jeg er enig.' }));
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const replyId: string = reply.body.messageId;

      const sent = (await list(jens, 'SENT')).find((m) => m.id === replyId)!;
      assert.deepEqual([sent.sent, sent.senderName, sent.recipientName, sent.read, sent.answered], [true, 'Jens Hansen', 'Kommunen', true, false]);
      const letter = (await list(jens, 'INBOX')).find((m) => m.id === letterId)!;
      assert.deepEqual([letter.answered, letter.replyId], [true, replyId]);

      const opened = (await api(app(), jens, 'GET', `${base(jens)}/messages/${replyId}`)).body;
      assert.equal(opened.sent, true);
      assert.equal(opened.canReply, false, 'one\'s own sent message is not answered');
      assert.deepEqual(opened.recipientContactPoint, { id: BYGGESAGER, name: 'Byggesager' });
      assert.deepEqual(opened.thread.map((m: { id: string; sent: boolean; senderName: string }) => [m.id, m.sent, m.senderName]),
        [[letterId, false, 'Kommunen'], [replyId, true, 'Jens Hansen']]);
      const events = (await eventsOfMessage(db(), replyId)).filter((e) => e.type === 'MESSAGE_READ');
      assert.equal(events.length, 1, 'opening it is recorded');
    });

    it('lets an authority\'s case worker see the contact point and answer a citizen in the same thread', async () => {
      const letterId = await disguised('Byggetilladelse');
      const question = await api(app(), jens, 'POST', `${base(jens)}/messages/${letterId}/reply`, messageForm({ text: 'Hvornår kan jeg bygge?' }));
      const questionId: string = question.body.messageId;

      const received = (await list(karen, 'INBOX')).find((m) => m.id === questionId)!;
      assert.deepEqual([received.senderName, received.sent, received.answered], ['Jens Hansen', false, false]);
      const opened = (await api(app(), karen, 'GET', `${base(karen)}/messages/${questionId}`)).body;
      assert.deepEqual(opened.recipientContactPoint, { id: BYGGESAGER, name: 'Byggesager' });
      assert.equal(opened.canReply, true);
      assert.deepEqual(opened.replyTo, { organisationName: 'Jens Hansen', contactPointId: null });
      // the letter Kommunen's system sent is in Kommunen's Sendt: the case worker reads what Jens answers
      assert.deepEqual(opened.thread.map((m: { id: string; sent: boolean }) => [m.id, m.sent]), [[letterId, true], [questionId, false]]);

      const answer = await api(app(), karen, 'POST', `${base(karen)}/messages/${questionId}/reply`, messageForm({ text: 'Du kan bygge fra 1. marts.' }));
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const answerId: string = answer.body.messageId;
      assert.equal(answer.body.folderId, karen.folders.SENT);

      const inKommunen = (await list(karen, 'INBOX')).find((m) => m.id === questionId)!;
      assert.deepEqual([inKommunen.answered, inKommunen.replyId], [true, answerId]);
      const sentByKommunen = (await list(karen, 'SENT')).find((m) => m.id === answerId)!;
      assert.deepEqual([sentByKommunen.recipientName, sentByKommunen.threadId], ['Jens Hansen', letterId]);

      // Jens gets it in the same thread, from Kommunen, and may answer it in turn
      const got = (await list(jens, 'INBOX')).find((m) => m.id === answerId)!;
      assert.deepEqual([got.senderName, got.threadId, got.read], ['Kommunen', letterId, false]);
      const read = (await api(app(), jens, 'GET', `${base(jens)}/messages/${answerId}`)).body;
      assert.equal(read.canReply, true);
      assert.deepEqual(read.thread.map((m: { id: string }) => m.id), [letterId, questionId, answerId]);
      assert.equal((await list(jens, 'INBOX')).find((m) => m.id === letterId)!.replyId, questionId);

      // as MeMo: from Kommunen's contact point, with ReplyData naming Jens's question
      const row = await db().selectFrom('message').select(['document_text', 'blob_refs']).where('id', '=', answerId).executeTakeFirstOrThrow();
      const parsed = parseMemo(await loadDocument(db(), row), { policy: false });
      assert.ok(parsed.ok);
      const header = parsed.message.header;
      assert.equal(header.sender.contactPoint?.contactPointID, BYGGESAGER);
      assert.equal(header.recipient.idType, 'CPR');
      assert.equal(header.replyData?.[0]?.messageUUID, question.body.messageUUID);
    });

    it('names the refused file in the error body, so the person is told which one', async () => {
      const letterId = await disguised('Send dokumentation');
      const refused = await api(app(), jens, 'POST', `${base(jens)}/messages/${letterId}/reply`,
        messageForm({ text: 'Her er den.' }, [{ filename: 'Lønseddel.exe', contentType: 'application/octet-stream', content: 'MZ' }]));
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errorCode, 'ATTACHMENT_TYPE_NOT_ALLOWED');
      assert.deepEqual([refused.body.details[0].path, refused.body.details[0].filename], ['/attachments/0', 'Lønseddel.exe']);
      const many = messageForm({ text: 'Mange' }, Array.from({ length: 11 }, (_, i) => ({ filename: `bilag-${i}.txt`, contentType: 'text/plain', content: 'x' })));
      const tooMany = await api(app(), jens, 'POST', `${base(jens)}/messages/${letterId}/reply`, many);
      assert.equal(tooMany.body.errorCode, 'TOO_MANY_ATTACHMENTS');
      assert.equal(tooMany.body.details[0].filename, 'bilag-10.txt', 'the first file beyond the limit');
    });

    it('lets a writer answer but not a reader, nor anyone answer what they sent themselves', async () => {
      const letterId = await disguised('Til læseren');
      const question = await api(app(), jens, 'POST', `${base(jens)}/messages/${letterId}/reply`, messageForm({ text: 'Et spørgsmål' }));
      const own = await api(app(), jens, 'POST', `${base(jens)}/messages/${question.body.messageId}/reply`, messageForm({ text: 'Til mig selv' }));
      assert.equal(own.status, 403);
      assert.equal(own.body.errorCode, 'REPLY_NOT_ALLOWED');
      await db().updateTable('membership').set({ role: 'reader' }).where('user_id', '=', karen.userId).execute();
      try {
        const reader = await login(app(), db(), 'demo-employee-karen');
        const refused = await api(app(), reader, 'POST', `${base(reader)}/messages/${question.body.messageId}/reply`, messageForm({ text: 'Nej' }));
        assert.equal(refused.status, 403);
        assert.equal(refused.body.errorCode, 'FORBIDDEN_ROLE');
        // a case worker who is a writer (no administrator) answers
        await db().updateTable('membership').set({ role: 'writer' }).where('user_id', '=', karen.userId).execute();
        const writer = await login(app(), db(), 'demo-employee-karen');
        const answered = await api(app(), writer, 'POST', `${base(writer)}/messages/${question.body.messageId}/reply`, messageForm({ text: 'Svar fra sagsbehandleren' }));
        assert.equal(answered.status, 201, JSON.stringify(answered.body));
      } finally {
        await db().updateTable('membership').set({ role: 'super-admin' }).where('user_id', '=', karen.userId).execute();
      }
    });

    it('says the forwarding confirmation was sent only when the mail server took it, and sends it again', { skip: missing('openssl') }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kuvert-trust-'));
      try {
        const pki = makeTestPki(dir);
        const company = (await db().selectFrom('organisation').select('id').where('cvr', '=', DEMO.company.cvr).executeTakeFirstOrThrow()).id;
        const mette = await sessionFor(db(), 'demo-employee-mette');
        const url = `/api/organisations/${company}/secure-mail`;
        const confirmation = async () => (await api(app(), mette, 'GET', url)).body.forwarding.confirmation;
        assert.equal((await api(app(), mette, 'POST', `${url}/forwarding/confirmation`)).body.errorCode, 'FORWARDING_NOT_PENDING', 'nothing to send before forwarding is set up');
        const saved = await api(app(), mette, 'PUT', `${url}/forwarding`, { address: 'sikker@demoaps.example', certificate: pki.company.certPem, scope: 'all' });
        assert.equal(saved.status, 204);
        // this test server has no SMTP_URL: the mail cannot go, and the page must not say it went
        let mail = await confirmation();
        for (let i = 0; i < 100 && mail.state === 'queued'; i++) {
          kuvert.worker.wake();
          await new Promise((resolve) => setTimeout(resolve, 100));
          mail = await confirmation();
        }
        assert.equal(mail.state, 'retrying');
        assert.match(mail.lastError, /SMTP_URL is not set/);
        assert.ok(Date.parse(mail.nextAttemptAt) > Date.now());

        const job = () => db().selectFrom('job').select(['id', 'state', 'run_at']).where('kind', '=', 'mail.confirm').orderBy('id', 'desc').executeTakeFirstOrThrow();
        const waiting = await job();
        assert.equal((await api(app(), mette, 'POST', `${url}/forwarding/confirmation`)).status, 204);
        const hurried = await job();
        assert.equal(hurried.id, waiting.id, 'a waiting attempt is made due now, not doubled');
        assert.ok(new Date(hurried.run_at).getTime() <= Date.now());
        // from here the queue's states are set by hand: no worker may run the job meanwhile
        await kuvert.worker.stop();

        await db().updateTable('job').set({ state: 'dead' }).where('id', '=', waiting.id).execute();
        assert.equal((await confirmation()).state, 'failed');
        assert.equal((await api(app(), mette, 'POST', `${url}/forwarding/confirmation`)).status, 204);
        assert.notEqual((await job()).id, waiting.id, 'after giving up, a new link is mailed');

        await db().updateTable('job').set({ state: 'done', last_error: null }).where('kind', '=', 'mail.confirm').execute();
        assert.equal((await confirmation()).state, 'sent');
        const events = await db().selectFrom('event').select('type').where('type', '=', 'FORWARDING_CONFIRMATION_REQUESTED').execute();
        assert.equal(events.length, 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
