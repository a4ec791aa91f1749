import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { loadIdentity, signMime } from '../../src/gateway/smime/index.ts';
import { openStore, verifyEvents } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { testDatabases, type TestTarget } from '../helpers/databases.ts';
import { freePort, killAllServers, startServer, type ServerProcess } from '../helpers/process.ts';

/**
 * Crash safety of the mail gateway: `kuvert serve` is SIGKILLed while a mail system sends over four
 * pooled SMTP connections, then restarted on the same data. Every mail answered with 250 must end up
 * delivered as a letter (the stored mail's job runs after the restart); none is delivered twice.
 */

const MAILS = 60;
const KILL_AFTER_ACCEPTED = 15;
const TO = '29876543@borgerservice.kuvert.localhost';

async function queued(url: string): Promise<number> {
  const response = await fetch(`${url}/apis/v1/memos?size=1`, { headers: { authorization: basic('companyRecipient') }, signal: AbortSignal.timeout(20_000) });
  return ((await response.json()) as { totalElements: number }).totalElements;
}

for (const database of testDatabases()) {
  describe(`a mail gateway killed while mail arrives (${database.name})`, () => {
    let target: TestTarget | undefined;
    after(async () => {
      await killAllServers();
      await target?.drop();
    });

    it('delivers every mail it answered with 250, once', { timeout: 180_000 }, async () => {
      target = database.config();
      const smtpPort = await freePort();
      const env: Record<string, string> = {
        ...(target.schema
          ? { DATABASE_URL: target.config.databaseUrl!, DATABASE_SCHEMA: target.schema, DATA_DIR: target.config.dataDir }
          : { DATA_DIR: target.config.dataDir }),
        DEMO_DATA: 'true', SMTP_PORT: String(smtpPort), JOB_POLL_MS: '100', JOB_LEASE_SECONDS: '3',
      };
      const identity = loadIdentity(readFileSync(new URL('../../src/demo/mail/kommunen-mail.pem', import.meta.url), 'utf8'),
        readFileSync(new URL('../../src/demo/mail/kommunen-mail.key', import.meta.url), 'utf8'));
      const mails = await Promise.all(Array.from({ length: MAILS }, async (_, i) => {
        const entity = Buffer.from(`Content-Type: text/plain; charset=utf-8\r\n\r\nBrev nummer ${i}\r\n`);
        const signed = await signMime(entity, identity);
        return Buffer.concat([Buffer.from(`From: post@kommunen.example\r\nTo: ${TO}\r\nSubject: Brev ${i}\r\nMIME-Version: 1.0\r\n`), signed]);
      }));

      let server: ServerProcess = await startServer(env);
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, pool: true, maxConnections: 4, ignoreTLS: true, connectionTimeout: 5000, socketTimeout: 10_000 });
      const accepted: string[] = [];
      let killed: Promise<unknown> | undefined;
      await Promise.all(mails.map(async (raw) => {
        try {
          const info = await transport.sendMail({ envelope: { from: 'post@kommunen.example', to: [TO] }, raw });
          const id = /Queued as ([0-9a-f-]{36})/.exec(String(info.response))?.[1];
          if (id) accepted.push(id);
          if (accepted.length >= KILL_AFTER_ACCEPTED && !killed) killed = server.kill('SIGKILL');
        } catch { /* cut off by the kill: the sender would retry */ }
      }));
      transport.close();
      await killed;
      assert.ok(accepted.length >= KILL_AFTER_ACCEPTED, `only ${accepted.length} mails were accepted`);

      server = await startServer(env);
      const deadline = Date.now() + 90_000;
      while ((await queued(server.url)) < accepted.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await server.stop();

      const store = await openStore({ ...target.config, ...(target.schema ? { schema: target.schema } : {}) });
      try {
        const rows = await store.db.selectFrom('inbound_mail').select(['id', 'status', 'message_ids']).execute();
        for (const id of accepted) {
          const row = rows.find((r) => r.id === id);
          assert.ok(row, `accepted mail ${id} was lost`);
          assert.equal(row.status, 'delivered', `accepted mail ${id} is ${row.status}`);
          assert.equal(row.message_ids?.length, 1);
        }
        const letters = await store.db.selectFrom('message').select((eb) => eb.fn.countAll<number>().as('n'))
          .where('recipient_mailbox_id', '=', (eb) => eb.selectFrom('mailbox').innerJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
            .select('mailbox.id').where('organisation.cvr', '=', '29876543')).executeTakeFirstOrThrow();
        const delivered = rows.filter((r) => r.status === 'delivered').length;
        assert.equal(Number(letters.n), delivered, 'one letter per delivered mail, no duplicates');
        assert.ok((await verifyEvents(store.db)).ok);
      } finally {
        await store.close();
      }
    });
  });
}
