import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { queueMail, SEND_MAIL_JOB, type Db } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';
import { freePort } from '../helpers/process.ts';

const DOMAIN = 'kuvert.test';
const LINK = 'https://kuvert.test/invitation?token=a-b_c&next=%2F';
const TEXT = `Du er inviteret til at administrere Demo ApS' digitale post.\n\n${LINK}\n\nYou are invited: ${LINK}.`;

type TestKuvert = Awaited<ReturnType<typeof startTestKuvert>>;

const queue = (db: Db, to = 'mette@example.dk', subject = 'Invitation til Kuvert – æøå') =>
  db.transaction().execute((trx) => queueMail(trx, { kind: 'invitation', to, subject, text: TEXT }));

const mailRow = (db: Db, id: string) => db.selectFrom('outgoing_mail').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const jobOf = (db: Db, id: string) => db.selectFrom('job').selectAll().where('kind', '=', SEND_MAIL_JOB)
  .where(sql<string>`payload->>'id'`, '=', id).executeTakeFirstOrThrow();

/** Skips the backoff: the mail's job is due now. */
const dueNow = (db: Db, id: string) => db.updateTable('job').set({ run_at: new Date(Date.now() - 1000) })
  .where('kind', '=', SEND_MAIL_JOB).where(sql<string>`payload->>'id'`, '=', id).where('state', '=', 'pending').execute();

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Mail Kuvert sends to people (src/notify): through the relay, retried while it is down, or kept in the development outbox. */
for (const database of testDatabases()) {
  describe(`mail to people (${database.name})`, () => {
    describe('through SMTP_URL', () => {
      let kuvert: TestKuvert;
      let port: number;
      let sink: MailSink | undefined;
      before(async () => {
        port = await freePort();
        kuvert = await startTestKuvert(database, { smtpUrl: `smtp://127.0.0.1:${port}`, mailDomain: DOMAIN, outbox: false, mailFrom: `Kuvert <no-reply@${DOMAIN}>` });
      });
      after(async () => {
        await kuvert.drop();
        await sink?.close();
      });
      // (the relay's address is free at first: nothing listens on it until the first test starts a sink there)

      it('keeps a mail while the relay is down (attempts grow, nothing lost) and delivers it once the relay is back', async () => {
        const db = kuvert.store.db;
        const id = await queue(db);
        const waiting = await until('two failed attempts', async () => {
          await dueNow(db, id);
          const row = await mailRow(db, id);
          return row.attempts >= 2 && row;
        });
        assert.equal(waiting.status, 'pending');
        assert.match(waiting.last_error ?? '', /ECONNREFUSED|connect/i);
        assert.equal(waiting.sent_at, null);
        assert.ok(['pending', 'running'].includes((await jobOf(db, id)).state), 'the job is retried, not given up');

        sink = await startMailSink(port);
        await dueNow(db, id);
        const mail = await sink.waitFor((m) => m.to.includes('mette@example.dk'));
        const parsed = await simpleParser(mail.raw);
        assert.equal(parsed.subject, 'Invitation til Kuvert – æøå');
        assert.equal(parsed.text?.trim(), TEXT);
        assert.deepEqual(parsed.from?.value.map((a) => [a.name, a.address]), [['Kuvert', `no-reply@${DOMAIN}`]]);
        assert.equal(mail.from, `no-reply@${DOMAIN}`, 'the envelope sender');
        assert.equal(parsed.headers.get('auto-submitted'), 'auto-generated');
        assert.equal(parsed.messageId, `<${id}@${DOMAIN}>`);
        assert.ok(parsed.date instanceof Date);
        assert.match(String(parsed.headers.get('content-type') && (parsed.headers.get('content-type') as { value: string }).value), /text\/plain/);

        const sent = await until('the row marked sent', async () => { const row = await mailRow(db, id); return row.status === 'sent' && row; });
        assert.ok(sent.attempts >= 3);
        assert.equal(sent.last_error, null);
        assert.ok(sent.sent_at);
        assert.equal((await until('the job done', async () => { const job = await jobOf(db, id); return job.state === 'done' && job; })).state, 'done');
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(sink.mails.filter((m) => m.to.includes('mette@example.dk')).length, 1, 'sent once');
      });

      it('a mail the relay refuses for good (5xx) fails at once', async () => {
        const db = kuvert.store.db;
        sink!.reject = '550 no such mailbox';
        try {
          const id = await queue(db, 'nobody@example.dk');
          const row = await until('the refusal', async () => { const r = await mailRow(db, id); return r.status !== 'pending' && r; });
          assert.equal(row.status, 'failed');
          assert.equal(row.attempts, 1);
          assert.match(row.last_error ?? '', /550|no such mailbox|rejected/i);
        } finally {
          sink!.reject = undefined;
        }
      });

      it('after the last attempt the mail counts as failed', async () => {
        const db = kuvert.store.db;
        kuvert.gateway.transport.close();
        await sink!.close();
        sink = undefined;
        const id = await queue(db, 'late@example.dk');
        await db.updateTable('job').set({ max_attempts: 2 }).where(sql<string>`payload->>'id'`, '=', id).execute();
        const row = await until('two attempts', async () => {
          await dueNow(db, id);
          const r = await mailRow(db, id);
          return r.status !== 'pending' && r;
        });
        assert.equal(row.status, 'failed');
        assert.equal(row.attempts, 2);
        await until('the job dead', async () => (await jobOf(db, id)).state === 'dead');
      });
    });

    describe('without SMTP_URL', () => {
      let withOutbox: TestKuvert;
      let withoutOutbox: TestKuvert;
      before(async () => {
        withOutbox = await startTestKuvert(database, { smtpUrl: undefined, outbox: true });
        withoutOutbox = await startTestKuvert(database, { smtpUrl: undefined, outbox: false, demoData: false });
      });
      after(async () => {
        await withOutbox.drop();
        await withoutOutbox.drop();
      });

      it('keeps the mail in the development outbox, which /dev/outbox shows (escaped, links clickable) and /dev/outbox.json lists', async () => {
        const db = withOutbox.store.db;
        const id = await queue(db, 'karen@example.dk', 'Adgang <anmodet> & godkendt');
        const row = await until('the outbox', async () => { const r = await mailRow(db, id); return r.status === 'outbox' && r; });
        assert.equal(row.attempts, 0);
        assert.equal(row.sent_at, null);

        const page = await withOutbox.app.inject({ method: 'GET', url: '/dev/outbox', headers: { accept: 'text/html' } });
        assert.equal(page.statusCode, 200);
        assert.match(String(page.headers['content-type']), /text\/html/);
        assert.match(page.body, /<html lang="da">/);
        assert.ok(page.body.includes('Adgang &lt;anmodet&gt; &amp; godkendt'), 'the subject, escaped');
        assert.ok(!page.body.includes('<anmodet>'));
        assert.ok(page.body.includes('karen@example.dk'));
        const escapedLink = LINK.replace(/&/g, '&amp;');
        assert.equal(page.body.split(`<a href="${escapedLink}">${escapedLink}</a>`).length - 1, 2, 'both links clickable and escaped, the full stop after one left out');

        const json = await withOutbox.app.inject({ method: 'GET', url: '/dev/outbox.json' });
        assert.equal(json.statusCode, 200);
        const { mails } = json.json() as { mails: Array<{ id: string; to: string; subject: string; text: string; status: string }> };
        assert.deepEqual(mails[0], { ...mails[0], id, to: 'karen@example.dk', subject: 'Adgang <anmodet> & godkendt', text: TEXT, status: 'outbox' });

        const newer = await queue(db, 'ole@example.dk', 'Nyere');
        await until('the second mail', async () => (await mailRow(db, newer)).status === 'outbox');
        const again = (await withOutbox.app.inject({ method: 'GET', url: '/dev/outbox.json' })).json() as { mails: Array<{ id: string }> };
        assert.deepEqual(again.mails.slice(0, 2).map((m) => m.id), [newer, id], 'newest first');
      });

      it('with the outbox off the mail waits with the reason, and /dev/outbox is not there', async () => {
        const db = withoutOutbox.store.db;
        const id = await queue(db);
        const row = await until('the reason', async () => { const r = await mailRow(db, id); return r.last_error !== null && r; });
        assert.equal(row.status, 'pending');
        assert.equal(row.last_error, 'SMTP_URL is not set');
        assert.equal(row.attempts, 0, 'no attempt was made');
        const job = await jobOf(db, id);
        assert.equal(job.state, 'pending');
        assert.ok(new Date(job.run_at).getTime() > Date.now() + 30 * 60_000, 'it waits, not spinning');

        for (const url of ['/dev/outbox', '/dev/outbox.json']) {
          const response = await withoutOutbox.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
          assert.equal(response.statusCode, 404, url);
          assert.doesNotMatch(response.body, /Udviklingspostkasse/);
        }
      });
    });
  });
}
